/// Cheap ASCII classification for the hand-written scanners. Every detector walks
/// `DetectionInput.scalars` once and only looks closer around a trigger character, so these
/// predicates are the hot path: plain integer compares, no `Character` or locale work.
extension Unicode.Scalar {
    @inline(__always) var isASCIIDigit: Bool { value &- 0x30 < 10 }
    /// `(v | 0x20)` folds A–Z onto a–z; no non-ASCII value folds into 0x61…0x7A.
    @inline(__always) var isASCIILetter: Bool { (value | 0x20) &- 0x61 < 26 }
    @inline(__always) var isASCIIUpper: Bool { value &- 0x41 < 26 }
    @inline(__always) var isASCIILower: Bool { value &- 0x61 < 26 }
    @inline(__always) var isASCIIAlnum: Bool { isASCIIDigit || isASCIILetter }
    /// A letter of any script, ASCII checked first (Unicode properties cost a table lookup).
    @inline(__always) var isLetter: Bool { isASCIILetter || value > 0x7F && properties.isAlphabetic }
    /// An upper-case letter of any script, ASCII checked first.
    @inline(__always) var isUpperLetter: Bool { isASCIIUpper || value > 0x7F && properties.isUppercase }
    /// A lower-case letter of any script, ASCII checked first.
    @inline(__always) var isLowerLetter: Bool { isASCIILower || value > 0x7F && properties.isLowercase && properties.isAlphabetic }
    @inline(__always) var isHexDigit: Bool { isASCIIDigit || (value | 0x20) &- 0x61 < 6 }
    @inline(__always) var digitValue: Int { Int(value &- 0x30) }
    /// Lower-cased ASCII letter, other scalars unchanged.
    @inline(__always) var asciiLowered: UInt32 { isASCIIUpper ? value | 0x20 : value }

    /// A letter or digit in any script, or `_`: what must not touch a match on either side.
    @inline(__always) var isWordLike: Bool {
        if value < 0x80 { return isASCIIAlnum || value == 0x5F }
        return properties.isAlphabetic || properties.numericType != nil
    }

    /// Space, tab, line breaks and the no-break spaces people paste from documents.
    @inline(__always) var isSpaceLike: Bool {
        switch value {
        case 0x20, 0x09, 0x0A, 0x0D, 0xA0, 0x2009, 0x202F: return true
        default: return false
        }
    }
}

extension Array where Element == Unicode.Scalar {
    /// The scalar at `i`, or nil outside the array: keeps boundary checks short.
    @inline(__always) func at(_ i: Int) -> Unicode.Scalar? { i >= 0 && i < count ? self[i] : nil }

    /// True when `word` (lower-case ASCII) is at `i`, compared case-insensitively.
    func hasWord(_ word: [UInt32], at i: Int) -> Bool {
        guard i >= 0, i + word.count <= count else { return false }
        for k in 0..<word.count where self[i + k].asciiLowered != word[k] { return false }
        return true
    }

    /// Whether the scalars of `r` end with `suffix` (lower-case; ASCII letters compared folded).
    func hasSuffix(_ suffix: [UInt32], in r: Range<Int>) -> Bool {
        suffix.count <= r.count && hasWord(suffix, at: r.upperBound - suffix.count)
    }

    /// The scalars of `range` as a `String` (only for candidates, never the whole input).
    /// Encodes UTF-8 straight into the string's storage (inline for up to 15 bytes, so most
    /// candidates allocate nothing); appending to a `UnicodeScalarView` was a hot spot.
    func string(_ range: Range<Int>) -> String {
        self[range].utf8String()
    }
}

extension ArraySlice where Element == Unicode.Scalar {
    /// These scalars as a `String`, encoded once into its storage.
    func utf8String() -> String {
        var byteCount = 0
        for c in self { byteCount += UTF8.width(c) }
        return String(unsafeUninitializedCapacity: byteCount) { buffer in
            var n = 0
            for c in self {
                UTF8.encode(c) { byte in
                    buffer[n] = byte
                    n += 1
                }
            }
            return n
        }
    }
}
