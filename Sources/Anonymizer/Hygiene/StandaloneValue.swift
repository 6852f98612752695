/// Whether a piece of a model span is a value on its own, not a word that happened to sit next
/// to one: the model often tags a whole clause around a value (`Mail anna.kowalska@…`,
/// `…030. Key AKIA… leaked.`), and once the value itself is taken by a pattern the rest is prose.
///
/// A piece is kept when it holds a digit or at least two letters (a lone `-`, `.` or the `s` of
/// `Tuesday's` is never a value) and it is not made only of ``stopWords``. Labels whose values
/// always carry a digit (``digitLabels``) need one. A remainder — what is left of a model span
/// after a pattern span was cut out of it — must also hold a digit or an upper-case letter:
/// lower-case prose such as `leaked` or `refund to` is the clause around the value, not a value.
enum StandaloneValue {
    /// A short closed list: greetings, function words and the words people put in front of a
    /// value ("Mail …", "Key …", "refund to …"). Lower-case; matched against whole letter runs.
    static let stopWords: Set<String> = [
        // greetings and sign-offs
        "hi", "hello", "hey", "dear", "thanks", "thank", "regards", "best", "kind", "sincerely", "cheers",
        // function words
        "a", "an", "the", "to", "about", "and", "or", "of", "for", "from", "in", "on", "at", "by", "with", "via",
        "is", "are", "was", "be", "my", "your", "his", "her", "our", "their", "me", "you", "please",
        // words that introduce a value
        "mail", "email", "e", "key", "card", "account", "number", "phone", "tel", "call", "send", "refund", "pay",
        "contact",
    ]

    /// Labels whose values always hold a digit (the model's own labels included).
    static let digitLabels: Set<EntityLabel> = [
        .phone, .creditCard, .iban, .nationalID, .ipAddress,
        "ID_NUMBER", "ACCOUNT", "AGE", "TIME", "COORDINATES", "MONEY", "VEHICLE_ID", "DEVICE_ID", "REFERENCE",
    ]

    static func accepts(_ value: ArraySlice<Unicode.Scalar>, label: EntityLabel, remainder: Bool) -> Bool {
        var letters = 0, digits = 0, upper = false
        for s in value {
            if s.isDecimalDigit { digits += 1 } else if s.properties.isAlphabetic || s.properties.numericType != nil { letters += 1 }
            if s.properties.isUppercase { upper = true }
        }
        guard digits > 0 || letters >= 2 else { return false }
        if digits == 0, digitLabels.contains(label) { return false }
        if remainder, digits == 0, !upper { return false }
        return digits > 0 || !isStopWords(value)
    }

    /// True when every run of letters in `value` is a stop word.
    static func isStopWords(_ value: ArraySlice<Unicode.Scalar>) -> Bool {
        LetterRuns.allIn(stopWords, value, isLetter: { $0.properties.isAlphabetic })
    }
}

extension Unicode.Scalar {
    /// A decimal or digit scalar ("7", "٣", "²"), as Python's `str.isdigit`; not "½".
    var isDecimalDigit: Bool {
        switch properties.numericType {
        case .decimal?, .digit?: true
        default: false
        }
    }
}
