extension SecretDetector {
    static let pemBegin = ascii("-----BEGIN "), pemEnd = ascii("-----END "), dashes = ascii("-----")
    static let privateKey = ascii("PRIVATE KEY")

    /// PEM private keys (RFC 7468 §10–11, OpenSSH, PGP): the whole block from `-----BEGIN …
    /// PRIVATE KEY…-----` through the matching `-----END …-----`. A block cut off before its
    /// END line (a truncated paste) runs to the next blank line or the end of the text.
    static func pemBlocks(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = 0
        while i + pemBegin.count < s.count {
            guard s[i].value == 0x2D, s.hasExact(pemBegin, at: i) else { i += 1; continue }
            var h = i + pemBegin.count
            var isPrivate = false
            while h < s.count, h - i < 80, s[h].value != 0x0A, !s.hasExact(dashes, at: h) {
                if s.hasExact(privateKey, at: h) { isPrivate = true }
                h += 1
            }
            guard isPrivate, s.hasExact(dashes, at: h) else { i += 1; continue }
            let body = h + dashes.count
            let end = blockEnd(s, from: body)
            out.append(i..<end)
            i = end
        }
        return out
    }

    static func blockEnd(_ s: [Unicode.Scalar], from body: Int) -> Int {
        var k = body
        while k < s.count {
            if s[k].value == 0x2D, s.hasExact(pemEnd, at: k) {
                var e = k + pemEnd.count
                while e < s.count, s[e].value != 0x0A, !s.hasExact(dashes, at: e) { e += 1 }
                return s.hasExact(dashes, at: e) ? e + dashes.count : e
            }
            // A blank line ends a truncated block (real or `\n\n` escaped in JSON).
            if s[k].value == 0x0A, s.at(k + 1)?.value == 0x0A { return k }
            if s[k].value == 0x5C, s.hasExact(ascii("\\n\\n"), at: k) { return k }
            k += 1
        }
        var e = s.count
        while e > body, s[e - 1].isSpaceLike { e -= 1 }
        return e
    }
}
