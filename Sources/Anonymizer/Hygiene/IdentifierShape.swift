/// A model NATIONAL_ID / ID_NUMBER value the national-id checksums do not know: one token of
/// ASCII letters and digits (single ` `, `-`, `/` or `.` between groups), 5–32 scalars, at least
/// five digits. Not a date (`2024-01-15`, `15/01/2024`), not dotted numbers only (versions,
/// decimals, IPs) and not an ISBN-13 (978/979 with a valid check digit).
enum IdentifierShape {
    static func fits(_ value: ArraySlice<Unicode.Scalar>) -> Bool {
        guard (5...32).contains(value.count), let first = value.first, let last = value.last,
              first.isASCIIAlnum, last.isASCIIAlnum else { return false }
        var groups: [[Unicode.Scalar]] = [[]]
        var separators: Set<Unicode.Scalar> = []
        for s in value {
            if s.isASCIIAlnum {
                groups[groups.count - 1].append(s)
            } else if s == " " || s == "-" || s == "/" || s == ".", !(groups.last?.isEmpty ?? true) {
                separators.insert(s)
                groups.append([])
            } else {
                return false
            }
        }
        let digits = groups.joined().filter(\.isASCIIDigit)
        guard digits.count >= 5 else { return false }
        let numeric = groups.allSatisfy { $0.allSatisfy(\.isASCIIDigit) }
        if numeric, separators == ["."] { return false }
        if numeric, groups.count == 3, isDate(groups.map(\.count)) { return false }
        if numeric, digits.count == 13, isISBN13(digits) { return false }
        return true
    }

    static func isDate(_ lengths: [Int]) -> Bool {
        lengths == [4, 2, 2] || lengths == [4, 1, 1] || lengths == [4, 1, 2] || lengths == [4, 2, 1]
            || (1...2).contains(lengths[0]) && (1...2).contains(lengths[1]) && (lengths[2] == 2 || lengths[2] == 4)
    }

    static func isISBN13(_ digits: [Unicode.Scalar]) -> Bool {
        let d = digits.map(\.digitValue)
        guard d[0] == 9, d[1] == 7, d[2] == 8 || d[2] == 9 else { return false }
        var sum = 0
        for (k, x) in d.enumerated() { sum += k % 2 == 0 ? x : 3 * x }
        return sum % 10 == 0
    }
}
