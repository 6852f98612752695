import Foundation

/// The 256-bit key that seals vault values (`vault_key`: 64 hex digits or base64 of 32 bytes).
///
/// Its `id` — the first 8 bytes of SHA-256 over a domain label and the key — travels in every
/// sealed value and is bound as associated data, so a replica with another key reports
/// `wrongKey` instead of a generic authentication failure. The id reveals nothing usable about
/// the key; the key itself is never printed (`description` shows only the id).
public struct VaultKey: Sendable, Equatable, CustomStringConvertible {
    let bytes: [UInt8]
    public let id: [UInt8]

    public init(bytes: [UInt8]) throws(VaultConfigError) {
        guard bytes.count == AESGCM.keySize else {
            throw VaultConfigError("setting 'vault_key' must be 32 bytes (64 hex digits or 44 base64 characters), got \(bytes.count) bytes")
        }
        self.bytes = bytes
        id = Array(AESGCM.sha256(Array("veil.vault.key-id".utf8) + bytes).prefix(8))
    }

    /// Hex (64 digits) or standard/URL-safe base64 of 32 bytes.
    public init(parsing text: String) throws(VaultConfigError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.count == 64, let hex = Self.hex(trimmed) {
            try self.init(bytes: hex)
            return
        }
        var base64 = trimmed.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64) else {
            throw VaultConfigError("setting 'vault_key' must be 64 hex digits or base64 of 32 bytes")
        }
        try self.init(bytes: Array(data))
    }

    /// A fresh random key (memory vault without a configured key: valid for this process only).
    public static func random() throws(SealError) -> VaultKey {
        let bytes = try AESGCM.randomBytes(AESGCM.keySize)
        do {
            return try VaultKey(bytes: bytes)
        } catch {
            throw .cryptoFailure("key size")
        }
    }

    public var idHex: String { id.map { String(format: "%02x", $0) }.joined() }

    public var description: String { "VaultKey(id: \(idHex))" }

    private static func hex(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.count / 2)
        var high: UInt8?
        for c in text.utf8 {
            let nibble: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = c - UInt8(ascii: "A") + 10
            default: return nil
            }
            if let h = high {
                out.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return high == nil ? out : nil
    }
}
