/// The labels the pattern detectors own, and whether a model span of one holds a value that
/// the same validator accepts.
///
/// The model may say EMAIL, PHONE, CREDIT_CARD, IBAN, IP_ADDRESS or MAC_ADDRESS only about text
/// that the matching pattern detector, run on the span's text alone, finds as one value covering
/// every letter and digit of it (what is left outside may be punctuation and spaces only); the
/// span is then narrowed to the detector's match. Otherwise the model span is dropped: a value
/// the validator rejects (a version tagged IP_ADDRESS, a stray word tagged EMAIL) is no such
/// value, and a real one is found by the patterns themselves.
///
/// Where the validators are weak, decisions (precision first):
/// - PHONE: the detector runs with a phone word in front ("tel "): the model's label stands in
///   for the context word bare national numbers need; layouts, dates, versions and amounts are
///   still rejected.
/// - NATIONAL_ID (the model's ID_NUMBER): `NationalIDDetector` covers six national schemes and
///   the model tags passports, licences and other ids too, so a value that is
///   ``IdentifierShape`` (one token of letters and digits with at least five digits, not a date,
///   version, decimal or ISBN) is kept as well.
/// - SECRET / PASSWORD: `SecretDetector` (provider prefixes, JWTs, PEM), or ``SecretShape``: one
///   token of at least eight scalars holding a letter and a digit, and either both cases or a
///   symbol (`Tr0ub4dor&3`). Lower-case or hex-only tokens (hashes, UUIDs, `python3.11`) are
///   dropped.
/// - URL: no detector emits URL (`URLDetector` spans credentials inside URLs), so the value must
///   have ``URLShape``: a scheme (`https://…`), `www.`, or a domain with a path (`github.com/anna`).
///
/// Every other label (NAME, ADDRESS, ACCOUNT, USERNAME, …) is the model's own and passes unchanged.
enum OwnedLabels {
    /// The part of `r` to keep for a model span labelled `label`: `r` itself when patterns do not
    /// own the label, the validator's match when they do and it accepts the value, else nil.
    static func accepted(_ r: Range<Int>, label: EntityLabel, in s: [Unicode.Scalar]) -> Range<Int>? {
        let value = s[r]
        switch label {
        case .email: return match(EmailDetector(), [.email], value)
        case .phone: return match(PhoneDetector(), [.phone], value, context: "tel ")
        case .creditCard: return match(CreditCardDetector(), [.creditCard], value)
        case .iban: return match(IBANDetector(), [.iban], value)
        case .ipAddress: return match(IPAddressDetector(), [.ipAddress], value)
        case .macAddress: return match(MACAddressDetector(), [.macAddress], value)
        case .nationalID, "ID_NUMBER":
            return match(NationalIDDetector(), [.nationalID], value) ?? (IdentifierShape.fits(value) ? r : nil)
        case .secret, .password:
            return match(SecretDetector(), [.secret, .password], value) ?? (SecretShape.fits(value) ? r : nil)
        case .url: return URLShape.fits(value) ? r : nil
        default: return r
        }
    }

    /// Runs `detector` on `value` (after `context`) and returns the absolute range of the match
    /// that covers every word scalar of `value`, or nil.
    static func match(_ detector: some PatternDetector, _ labels: Set<EntityLabel>, _ value: ArraySlice<Unicode.Scalar>,
                      context: String = "") -> Range<Int>? {
        guard let first = value.firstIndex(where: \.isWordLike), let last = value.lastIndex(where: \.isWordLike) else { return nil }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: context.unicodeScalars)
        text.append(contentsOf: value)
        let shift = value.startIndex - context.unicodeScalars.count
        for span in detector.spans(in: DetectionInput(String(text), labels: labels)) where labels.contains(span.label) {
            let r = (span.start + shift)..<(span.end + shift)
            if r.lowerBound <= first, r.upperBound > last { return r.clamped(to: value.indices) }
        }
        return nil
    }
}
