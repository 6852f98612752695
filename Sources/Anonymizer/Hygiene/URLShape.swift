/// A model URL value: no whitespace, and a scheme (`https://x`), a `www.` host, or a domain
/// (a dot, a top-level label of two or more letters) followed by a path (`github.com/anna`).
/// `HTTP/1.1`, `index.html` and `src/main.swift` are not URLs.
enum URLShape {
    static func fits(_ value: ArraySlice<Unicode.Scalar>) -> Bool {
        guard !value.isEmpty, !value.contains(where: \.properties.isWhitespace) else { return false }
        let text = String(String.UnicodeScalarView(value)).lowercased()
        if let scheme = text.range(of: "://") {
            let name = text[..<scheme.lowerBound]
            return !name.isEmpty && name.unicodeScalars.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || "+.-".unicodeScalars.contains($0) }
                && text[scheme.upperBound...].count > 1
        }
        if text.hasPrefix("www."), text.count > 5 { return true }
        guard let slash = text.firstIndex(of: "/") else { return false }
        let labels = text[..<slash].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let tld = labels.last, tld.count >= 2, tld.unicodeScalars.allSatisfy(\.isASCIILetter) else { return false }
        return labels.allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy { $0.isASCIIAlnum || $0 == "-" } }
    }
}
