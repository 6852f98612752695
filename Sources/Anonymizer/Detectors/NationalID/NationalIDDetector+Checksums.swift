extension NationalIDDetector {
    /// US SSN (SSA rules): area ≠ 000, 666, 9xx; group ≠ 00; serial ≠ 0000.
    static func ssn(_ s: [Unicode.Scalar], _ r: Range<Int>, _ lengths: [Int], _ d: [Int], dash: Bool) -> Double? {
        let shaped = lengths == [3, 2, 4], bare = lengths == [9]
        guard shaped || bare, d.count == 9 else { return nil }
        let area = d[0] * 100 + d[1] * 10 + d[2], group = d[3] * 10 + d[4]
        let serial = d[5] * 1000 + d[6] * 100 + d[7] * 10 + d[8]
        guard area != 0, area != 666, area < 900, group != 0, serial != 0 else { return nil }
        let context = ssnWords.occur(in: s, around: r, before: 30)
        if shaped && dash { return context ? 1 : 0.9 }
        return context ? 1 : nil
    }

    /// PESEL: weights 1-3-7-9, check digit, and a real birth date whose century is encoded
    /// in the month (+80 for 1800s, +0 1900s, +20 2000s, +40 2100s, +60 2200s).
    static func isPESEL(_ d: [Int]) -> Bool {
        guard d.count == 11 else { return false }
        let w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
        let sum = (0..<10).reduce(0) { $0 + d[$1] * w[$1] }
        guard (10 - sum % 10) % 10 == d[10] else { return false }
        let yy = d[0] * 10 + d[1], mm = d[2] * 10 + d[3], dd = d[4] * 10 + d[5]
        let century: Int
        switch mm {
        case 1...12: century = 1900
        case 21...32: century = 2000
        case 41...52: century = 2100
        case 61...72: century = 2200
        case 81...92: century = 1800
        default: return false
        }
        return isDate(year: century + yy, month: (mm - 1) % 20 + 1, day: dd)
    }

    static func isDate(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }

    /// NIP printed compact, `123-456-78-90` or `123-45-67-890`.
    static func isNIPShape(_ lengths: [Int], dash: Bool) -> Bool {
        lengths == [10] || dash && (lengths == [3, 3, 2, 2] || lengths == [3, 2, 2, 3])
    }

    /// NIP: weights 6,5,7,2,3,4,5,6,7; the sum mod 11 is the last digit (10 never issued).
    static func isNIP(_ d: [Int]) -> Bool {
        guard d.count == 10, !d.allSatisfy({ $0 == d[0] }) else { return false }
        let w = [6, 5, 7, 2, 3, 4, 5, 6, 7]
        let sum = (0..<9).reduce(0) { $0 + d[$1] * w[$1] } % 11
        return sum != 10 && sum == d[9]
    }

    /// Steuerliche Identifikationsnummer: no leading 0, in the first ten digits exactly one
    /// digit repeats (twice or thrice), and an ISO 7064 MOD 11,10 check digit.
    static func isSteuerID(_ d: [Int]) -> Bool {
        guard d.count == 11, d[0] != 0 else { return false }
        var counts = [Int](repeating: 0, count: 10)
        for x in d[0..<10] { counts[x] += 1 }
        let repeated = counts.filter { $0 > 1 }
        guard repeated.count == 1, repeated[0] <= 3 else { return false }
        var product = 10
        for x in d[0..<10] {
            var sum = (x + product) % 10
            if sum == 0 { sum = 10 }
            product = (sum * 2) % 11
        }
        let check = (11 - product) % 10
        return check == d[10]
    }

    /// French NIR (INSEE): sex 1/2, month 01–12 or 20–99 (unknown), key = 97 − (first 13 mod 97).
    static func isNIR(_ d: [Int]) -> Bool {
        guard d.count == 15, d[0] == 1 || d[0] == 2 else { return false }
        let mm = d[3] * 10 + d[4]
        guard (1...12).contains(mm) || (20...99).contains(mm) else { return false }
        let n = d[0..<13].reduce(0) { ($0 * 10 + $1) % 97 }
        return 97 - n == d[13] * 10 + d[14]
    }

    /// UK National Insurance number: two prefix letters (neither D, F, I, Q, U, V; second not O;
    /// not BG, GB, KN, NK, NT, TN, ZZ), six digits (optionally in pairs), suffix A–D.
    static func nino(_ s: [Unicode.Scalar], at i: Int) -> Int? {
        guard i + 9 <= s.count, s[i].isASCIIUpper, s[i + 1].isASCIIUpper,
              s[i + 2].isASCIIDigit || s[i + 2].value == 0x20, !(s.at(i - 1)?.isWordLike ?? false) else { return nil }
        let a = UInt8(s[i].value), b = UInt8(s[i + 1].value)
        guard !Array("DFIQUV".utf8).contains(a), !Array("DFIQUVO".utf8).contains(b),
              !["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"].contains(where: { $0.utf8.elementsEqual([a, b]) }) else { return nil }
        var j = i + 2
        let spaced = s[j].value == 0x20
        for _ in 0..<3 {
            if spaced {
                guard s.at(j)?.value == 0x20 else { return nil }
                j += 1
            }
            guard s.at(j)?.isASCIIDigit ?? false, s.at(j + 1)?.isASCIIDigit ?? false else { return nil }
            j += 2
        }
        if spaced, s.at(j)?.value == 0x20 { j += 1 }
        guard let suffix = s.at(j), (0x41...0x44).contains(suffix.value) else { return nil }
        j += 1
        return (s.at(j)?.isWordLike ?? false) ? nil : j
    }
}
