/// IPv4 (dotted quad, octets 0–255) and IPv6 (RFC 4291 §2.2 text forms: full, `::`
/// compressed, IPv4-embedded, with an RFC 4007 `%zone`) addresses.
///
/// Decisions: a trailing `/prefix` or `:port` stays outside the span (it describes the
/// network, not the host); `0.0.0.0`, `255.255.255.255`, `127.0.0.1`, `::` and `::1` name no
/// host and are skipped; quads inside longer dotted numbers (`1.2.3.4.5`) or after a
/// version word (`version 1.2.3.4`) are versions, not addresses.
public struct IPAddressDetector: PatternDetector {
    public let name = "ip_address"
    public var supportedLabels: Set<EntityLabel> { [.ipAddress] }

    static let versionWords = ContextWords(["version", "ver ", "ver.", "build", "release", "firmware", "v."])
    static let nonHosts: Set<String> = ["0.0.0.0", "255.255.255.255", "127.0.0.1", "::", "::1"]

    public init() {}

    public func spans(in input: DetectionInput) -> [Span] {
        guard input.wants(.ipAddress) else { return [] }
        let s = input.scalars
        let v6Ranges = Self.ipv6(s)
        var out = v6Ranges.map { Span(start: $0.lowerBound, end: $0.upperBound, label: .ipAddress, detector: name, validated: true) }
        var v6 = 0
        var i = 0
        while i < s.count {
            guard s[i].isASCIIDigit else { i += 1; continue }
            while v6 < v6Ranges.count, v6Ranges[v6].upperBound <= i { v6 += 1 }
            let insideV6 = v6 < v6Ranges.count && v6Ranges[v6].lowerBound <= i
            if !insideV6, s.isNumberStart(i), let end = Self.ipv4(s, at: i) {
                if !Self.nonHosts.contains(s.string(i..<end)), !Self.versionWords.occur(in: s, around: i..<end, before: 12) {
                    out.append(Span(start: i, end: end, label: .ipAddress, detector: name, validated: true))
                }
                i = end
            } else {
                while i < s.count, s[i].isASCIIDigit || s[i].value == 0x2E { i += 1 }
            }
        }
        out.sort { $0.start < $1.start }
        return out
    }

    /// End of a dotted quad at `i` (not glued to more dotted digits), or nil.
    static func ipv4(_ s: [Unicode.Scalar], at i: Int) -> Int? {
        var j = i
        for octet in 0..<4 {
            let os = j
            var v = 0
            while j < s.count, s[j].isASCIIDigit, j - os < 3 { v = v * 10 + s[j].digitValue; j += 1 }
            guard j > os, v <= 255, !(s.at(j)?.isASCIIDigit ?? false) else { return nil }
            if octet < 3 {
                guard s.at(j)?.value == 0x2E else { return nil }
                j += 1
            }
        }
        if let n = s.at(j) {
            if n.isWordLike { return nil }
            if n.value == 0x2E, s.at(j + 1)?.isASCIIDigit ?? false { return nil }
        }
        return j
    }
}
