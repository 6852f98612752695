extension CreditCardDetector {
    /// Issuer identification number ranges and lengths of the major networks
    /// (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro, Mir).
    static func issuerAccepts(_ d: [Int]) -> Bool {
        func prefix(_ n: Int) -> Int { d.prefix(n).reduce(0) { $0 * 10 + $1 } }
        let len = d.count
        let p1 = prefix(1), p2 = prefix(2), p3 = prefix(3), p4 = prefix(4), p6 = prefix(6)
        switch p1 {
        case 4:  // Visa
            return len == 13 || len == 16 || len == 19
        case 2:  // Mastercard 2-series, Mir
            return len == 16 && ((2221...2720).contains(p4) || (2200...2204).contains(p4))
        case 5:
            if (51...55).contains(p2) { return len == 16 }  // Mastercard
            return p2 == 50 || (56...58).contains(p2)  // Maestro, 12–19 digits
        case 3:
            if p2 == 34 || p2 == 37 { return len == 15 }  // Amex
            if (3528...3589).contains(p4) { return len >= 16 }  // JCB
            if (300...305).contains(p3) || p2 == 36 || p2 == 38 || p2 == 39 || p4 == 3095 { return len >= 14 }  // Diners
            return false
        case 6:
            if p4 == 6011 || p2 == 65 || (644...649).contains(p3) || (622126...622925).contains(p6) { return len >= 16 }  // Discover
            if p2 == 62 { return len >= 16 }  // UnionPay
            return true  // Maestro 6xxx
        default:
            return false
        }
    }
}
