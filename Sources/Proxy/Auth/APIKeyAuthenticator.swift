/// Checks a client's key against Veil's own keys (`VEIL_API_KEYS`) in constant time, so the
/// time a comparison takes tells an attacker nothing about how much of a key matched.
public struct APIKeyAuthenticator: Sendable {
    private let keys: [[UInt8]]

    public init(keys: [String]) {
        self.keys = keys.filter { !$0.isEmpty }.map { Array($0.utf8) }
    }

    public var isEnabled: Bool { !keys.isEmpty }

    /// Accepts `Authorization: Bearer <key>`.
    public func authorize(authorizationHeader: String?) -> Bool {
        guard isEnabled else { return true }
        guard let header = authorizationHeader else { return false }
        let prefix = "bearer "
        guard header.count > prefix.count, header.lowercased().hasPrefix(prefix) else { return false }
        return matches(Array(header.utf8.dropFirst(prefix.utf8.count)))
    }

    /// Accepts `x-api-key: <key>` (how the Anthropic SDKs send their key).
    public func authorize(apiKeyHeader: String?) -> Bool {
        guard isEnabled else { return true }
        guard let key = apiKeyHeader, !key.isEmpty else { return false }
        return matches(Array(key.utf8))
    }

    /// The configured key a request authenticates with — `Authorization: Bearer` first, then
    /// `x-api-key`, as `ProxyHandler.authorize` checks them — or nil when none matches (or no
    /// keys are configured). The conversation vault keys maps by it (a keyed hash, never the key).
    public func matchedKey(authorizationHeader: String?, apiKeyHeader: String?) -> [UInt8]? {
        guard isEnabled else { return nil }
        if let header = authorizationHeader {
            let prefix = "bearer "
            if header.count > prefix.count, header.lowercased().hasPrefix(prefix),
               let key = match(Array(header.utf8.dropFirst(prefix.utf8.count))) {
                return key
            }
        }
        if let key = apiKeyHeader, !key.isEmpty { return match(Array(key.utf8)) }
        return nil
    }

    /// The configured key equal to `presented`; every key is compared, whatever matched.
    private func match(_ presented: [UInt8]) -> [UInt8]? {
        var matched: [UInt8]?
        for key in keys where Self.constantTimeEquals(key, presented) {
            matched = key
        }
        return matched
    }

    /// Every configured key is compared, whatever matched.
    private func matches(_ presented: [UInt8]) -> Bool {
        var matched = false
        for key in keys where Self.constantTimeEquals(key, presented) {
            matched = true
        }
        return matched
    }

    /// Compares without an early exit; the length difference folds into the result.
    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        let n = max(a.count, b.count)
        for i in 0..<n {
            let x = i < a.count ? a[i] : 0
            let y = i < b.count ? b[i] : 0
            difference |= x ^ y
        }
        return difference == 0 && a.count == b.count
    }
}
