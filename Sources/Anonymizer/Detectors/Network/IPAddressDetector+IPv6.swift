#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension IPAddressDetector {
    /// IPv6 candidates grow around each `:` over hex digits, `:` and `.`; `inet_pton(3)`
    /// then decides, so every accepted span is an address the C library would parse.
    static func ipv6(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = 0
        while i < s.count {
            guard s[i].value == 0x3A else { i += 1; continue }
            var a = i
            while a > 0, isV6Char(s[a - 1]) { a -= 1 }
            var b = i + 1
            while b < s.count, isV6Char(s[b]) { b += 1 }
            defer { i = max(b, i + 1) }
            // A trailing `:` closes a sentence or introduces a port; `.` ends a sentence.
            while b > a, s[b - 1].value == 0x2E || (s[b - 1].value == 0x3A && s.at(b - 2)?.value != 0x3A) { b -= 1 }
            guard b - a >= 3, b - a <= 45, (a..<b).count(where: { s[$0].value == 0x3A }) >= 2 else { continue }
            if let p = s.at(a - 1), p.isWordLike || p.value == 0x2E || p.value == 0x3A { continue }
            var end = b
            if s.at(b)?.value == 0x25 {  // %zone (RFC 4007 §11)
                var z = b + 1
                while z < s.count, s[z].isASCIIAlnum || s[z].value == 0x5F || s[z].value == 0x2D { z += 1 }
                if z > b + 1 { end = z }
            }
            if let n = s.at(end), n.isWordLike { continue }
            let text = s.string(a..<b)
            guard text.utf8.count(where: { $0 == 0x3A }) >= 2, !nonHosts.contains(text), parses(text) else { continue }
            out.append(a..<end)
        }
        return out
    }

    static func isV6Char(_ c: Unicode.Scalar) -> Bool { c.isHexDigit || c.value == 0x3A || c.value == 0x2E }

    static func parses(_ text: String) -> Bool {
        var buf = (UInt64(0), UInt64(0))
        return withUnsafeMutableBytes(of: &buf) { raw in
            text.withCString { inet_pton(AF_INET6, $0, raw.baseAddress) == 1 }
        }
    }
}
