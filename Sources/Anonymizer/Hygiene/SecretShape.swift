/// A model SECRET / PASSWORD value without a provider prefix: one token (no whitespace) of at
/// least eight scalars with a letter and a digit, and either upper- and lower-case letters or a
/// symbol other than `-`, `_`, `.`, `/`, `:` (`Tr0ub4dor&3`, `P@ssw0rd`, `xK9mQ2vL7pR4`).
/// Lower-case or hex-only tokens (hashes, UUIDs, `python3.11`) do not fit.
enum SecretShape {
    static func fits(_ value: ArraySlice<Unicode.Scalar>) -> Bool {
        guard value.count >= 8 else { return false }
        var letter = false, digit = false, upper = false, lower = false, symbol = false
        for s in value {
            if s.properties.isWhitespace { return false }
            if s.isASCIIDigit { digit = true } else if s.properties.isAlphabetic { letter = true }
            if s.properties.isUppercase { upper = true }
            if s.properties.isLowercase { lower = true }
            if !s.isWordLike, !["-", ".", "/", ":"].contains(s) { symbol = true }
        }
        return letter && digit && (upper && lower || symbol)
    }
}
