/// The least a value of a label looks like: an EMAIL holds "@", a PHONE at least three digits, a
/// CREDIT_CARD twelve. `BIOSpanDecoder.segments` gives a span the best-voted label whose shape it
/// has, so a stray word is no EMAIL ("contacted") and the hour of "[3:46 PM]" no PHONE; the span
/// keeps its next-best label when that one has a real share of the votes (a username voted EMAIL
/// stays redacted, as USERNAME) and is dropped otherwise (`BIOSpanDecoder.shapeVoteShare`).
/// Same rule as `Training/tagging.py::has_value_shape`.
enum ValueShape {
    static let minimumDigits: [String: Int] = ["PHONE": 3, "CREDIT_CARD": 12, "IBAN": 1, "IP_ADDRESS": 1, "ACCOUNT": 1]

    static func fits(_ label: String, _ value: ArraySlice<Unicode.Scalar>) -> Bool {
        if label == "EMAIL" { return value.contains("@") }
        guard let needed = minimumDigits[label] else { return true }
        var digits = 0
        for scalar in value where scalar.isDigit {
            digits += 1
            if digits >= needed { return true }
        }
        return false
    }
}

extension Unicode.Scalar {
    /// Python's `str.isdigit`: numeric type decimal or digit ("7", "²"), not "½".
    var isDigit: Bool {
        switch properties.numericType {
        case .decimal?, .digit?: true
        default: false
        }
    }

    /// A letter (general category L*), as Python's `str.isalpha`.
    var isLetter: Bool {
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        default: false
        }
    }
}
