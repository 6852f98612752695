extension SecretDetector {
    static let placeholderWords: Set<String> = [
        "changeme", "change_me", "password", "passwd", "secret", "token", "redacted", "[redacted]", "hidden",
        "null", "none", "nil", "true", "false", "undefined", "example", "placeholder", "todo", "tbd", "required",
        "optional", "string", "str", "int", "bool", "any", "dummy", "test", "xxx", "...", "…", "n/a", "empty",
        "secretstr", "optional[str]", "string?", "data", "value", "env", "getenv", "process.env",
        // Code keywords that start an expression, not a literal (`password = try read()`).
        "try", "await", "new", "self", "this", "function", "lambda", "input", "getpass", "os", "sys",
    ]

    /// Values that stand for a secret without being one: masks, template variables,
    /// environment references, "your_api_key_here", type names and literals.
    ///
    /// With `wordsAreValues`, words such as `password` or `changeme` count as values: in a URL's
    /// user-info (`http://elastic:changeme@host`) they are the working default credential.
    static func isPlaceholder(_ s: [Unicode.Scalar], _ r: Range<Int>, wordsAreValues: Bool = false) -> Bool {
        guard let first = s.at(r.lowerBound), let last = s.at(r.upperBound - 1), !r.isEmpty else { return true }
        if r.count >= 3, r.allSatisfy({ s[$0] == first }) { return true }  // ****, xxxx, ....
        if r.allSatisfy({ [0x2A, 0x78, 0x58, 0x2E, 0x2D, 0x23, 0x2022].contains(s[$0].value) }) { return true }  // *** xXx •••
        switch (first.value, last.value) {
        case (0x3C, 0x3E), (0x7B, 0x7D), (0x5B, 0x5D), (0x25, 0x25): return true  // <x> {x} [x] %x%
        default: break
        }
        if first.value == 0x24 { return true }  // $VAR, ${VAR}, $(cmd)
        if first.value == 0x25, last.value == 0x73 { return true }  // %s, %(name)s
        let lower = s.string(r).lowercased()
        if !wordsAreValues, placeholderWords.contains(lower) { return true }
        if lower.hasPrefix("your_") || lower.hasPrefix("your-") || lower.hasPrefix("<your") || lower.hasSuffix("_here")
            || lower.hasSuffix("-here") || lower.hasPrefix("my_") && lower.hasSuffix("_key") { return true }
        // Instructions in words (`INSERT YOUR CONSUMER SECRET`, `put your token here`) and key-file paths
        // (`~/.ssh/id_rsa`, `./certs/key.pem`) name where a secret goes, they are none.
        if lower.contains(" "), lower.hasPrefix("insert ") || lower.hasPrefix("enter ") || lower.hasPrefix("put ")
            || lower.contains("your ") { return true }
        if lower.hasPrefix("~/") || lower.hasPrefix("./") || lower.hasPrefix("../") || lower.hasPrefix("/etc/")
            || lower.hasPrefix("/home/") || lower.hasPrefix("/users/") { return true }
        return false
    }
}
