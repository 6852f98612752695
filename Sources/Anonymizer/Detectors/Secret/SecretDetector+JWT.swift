extension SecretDetector {
    /// JSON Web Token (RFC 7519, compact JWS serialisation): three base64url segments; the
    /// header segment must decode to JSON naming an `"alg"` (RFC 7515 §4.1.1).
    static func jwt(_ s: [Unicode.Scalar], at i: Int) -> Range<Int>? {
        guard s.at(i + 1)?.value == 0x79, s.at(i + 2)?.value == 0x4A else { return nil }  // "eyJ" = base64 of `{"`
        var bounds: [Range<Int>] = []
        var e = i
        for segment in 0..<3 {
            let b = e
            while e < s.count, isBody(s[e], .base64url) { e += 1 }
            bounds.append(b..<e)
            if segment < 2 {
                guard s.at(e)?.value == 0x2E else { return nil }
                e += 1
            }
        }
        guard bounds[0].count >= 10, bounds[1].count >= 2, bounds[2].count >= 16,
              let header = base64Decode(s, bounds[0], url: true),
              header.first == 0x7B, containsASCII(header, "\"alg\"") else { return nil }
        return i..<e
    }

    static func containsASCII(_ bytes: [UInt8], _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard bytes.count >= n.count else { return false }
        for k in 0...(bytes.count - n.count) where bytes[k..<(k + n.count)].elementsEqual(n) { return true }
        return false
    }

    /// Base64 (RFC 4648 §4) or base64url (§5) decoding of a candidate; padding optional.
    static func base64Decode(_ s: [Unicode.Scalar], _ r: Range<Int>, url: Bool) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(r.count * 3 / 4)
        var acc: UInt32 = 0, bits = 0
        for k in r {
            let c = s[k].value
            let v: UInt32
            switch c {
            case 0x41...0x5A: v = c - 0x41
            case 0x61...0x7A: v = c - 0x61 + 26
            case 0x30...0x39: v = c - 0x30 + 52
            case 0x2B where !url, 0x2D where url: v = 62
            case 0x2F where !url, 0x5F where url: v = 63
            case 0x3D: continue
            default: return nil
            }
            acc = (acc << 6) | v
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((acc >> UInt32(bits)) & 0xFF))
            }
        }
        return out
    }
}
