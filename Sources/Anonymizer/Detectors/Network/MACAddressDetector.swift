/// IEEE 802 MAC addresses: six hex pairs joined by `:` or `-` (one kind throughout), or
/// Cisco's three dotted quads `aabb.ccdd.eeff`.
///
/// Decision: the all-zero address and broadcast `ff:ff:ff:ff:ff:ff` identify no device and
/// are left alone.
public struct MACAddressDetector: PatternDetector {
    public let name = "mac_address"
    public var supportedLabels: Set<EntityLabel> { [.macAddress] }

    public init() {}

    public func spans(in input: DetectionInput) -> [Span] {
        guard input.wants(.macAddress) else { return [] }
        let s = input.scalars
        var out: [Span] = []
        var i = 0
        while i + 14 <= s.count {
            guard s[i].isHexDigit, s[i + 1].isHexDigit, Self.isStart(s, i) else { i += 1; continue }
            if let end = Self.pairs(s, i) ?? Self.cisco(s, i), Self.isEnd(s, end), Self.isIdentifying(s, i..<end) {
                out.append(Span(start: i, end: end, label: .macAddress, detector: name, validated: true))
                i = end
            } else {
                i += 1
            }
        }
        return out
    }

    static func isStart(_ s: [Unicode.Scalar], _ i: Int) -> Bool {
        guard let p = s.at(i - 1) else { return true }
        return !p.isWordLike && p.value != 0x3A && p.value != 0x2D && p.value != 0x2E
    }

    static func isEnd(_ s: [Unicode.Scalar], _ i: Int) -> Bool {
        guard let n = s.at(i) else { return true }
        if n.isWordLike { return false }
        if n.value == 0x3A || n.value == 0x2D || n.value == 0x2E { return !(s.at(i + 1)?.isHexDigit ?? false) }
        return true
    }

    /// `aa:bb:cc:dd:ee:ff` or `aa-bb-…`: end index or nil.
    static func pairs(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        guard i + 17 <= s.count else { return nil }
        let sep = s[i + 2].value
        guard sep == 0x3A || sep == 0x2D else { return nil }
        for g in 0..<6 {
            let k = i + g * 3
            guard s[k].isHexDigit, s[k + 1].isHexDigit else { return nil }
            if g < 5, s[k + 2].value != sep { return nil }
        }
        return i + 17
    }

    /// `aabb.ccdd.eeff`: end index or nil.
    static func cisco(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        for g in 0..<3 {
            let k = i + g * 5
            for d in 0..<4 where !s[k + d].isHexDigit { return nil }
            if g < 2, s[k + 4].value != 0x2E { return nil }
        }
        return i + 14
    }

    static func isIdentifying(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Bool {
        let hex = r.filter { s[$0].isHexDigit }.map { s[$0].asciiLowered }
        return !hex.allSatisfy { $0 == 0x30 } && !hex.allSatisfy { $0 == 0x66 }
    }
}
