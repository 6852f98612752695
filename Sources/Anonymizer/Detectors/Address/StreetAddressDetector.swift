/// Street addresses in the shapes postal services print them, anchored on a house number and a
/// street type so that ordinary sentences with numbers do not match:
///
/// - English: `600 S Rowan Ave`, `444 29th St`, `1224 Huejutla de Reyes Boulevard`, then optionally
///   `, Apt 4B` and `, Los Angeles, CA 90023` (city, state, ZIP) or `, London SW1A 2AA`;
/// - German and Dutch compounds: `Hauptstraße 5`, `Berliner Straße 12a`, `Keizersgracht 123`,
///   then optionally `, 10115 Berlin`;
/// - French, Spanish, Italian and Polish prefixes: `12 rue de la Paix`, `Calle Mayor 5`,
///   `Via Roma 10`, `ul. Marszałkowska 10`, then optionally a postal code and city;
/// - units on their own: `Apt. 950`, `Suite 280`.
public struct StreetAddressDetector: PatternDetector {
    public let name = "street-address"
    public let supportedLabels: Set<EntityLabel> = [.address]

    static let streetTypes: Set<String> = [
        "street", "st", "avenue", "ave", "av", "boulevard", "blvd", "road", "rd", "lane", "ln", "drive", "dr", "way",
        "place", "pl", "court", "ct", "terrace", "ter", "parkway", "pkwy", "manor", "loop", "crossing", "xing", "trail",
        "trl", "highway", "hwy", "circle", "cir", "square", "sq", "row", "alley", "path", "pike", "plaza", "plz",
        "ridge", "close", "crescent", "cres", "grove", "gardens", "mews", "rise", "heights", "expressway", "freeway",
        "turnpike", "wharf", "promenade", "quay", "embankment", "walk", "green", "hill", "park", "view",
    ]
    /// Words of a title-case headline, never of a street name (`Top 10 Ways To Improve Your Road Trip`).
    static let headlineWords: Set<String> = ["to", "your", "you", "the", "a", "an", "for", "and", "or", "in", "on", "with",
                                             "my", "our", "how", "why", "what", "is", "are", "ways", "tips", "steps",
                                             "things", "reasons", "best", "top", "of", "from", "that", "this", "by"]
    static let directions: Set<String> = ["n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east", "west"]
    static let unitWords = ContextWords(["apartment", "apt", "suite", "ste", "unit", "flat", "floor", "fl", "room", "rm"], wholeWords: true)
    static let standaloneUnitWords = ContextWords(["apartment", "apt", "suite", "ste"], wholeWords: true)
    /// Suffixes of German, Dutch and Scandinavian street names written as one word.
    static let compoundSuffixes: [[UInt32]] = ["straße", "strasse", "weg", "gasse", "platz", "allee", "damm", "ufer",
                                               "chaussee", "steig", "straat", "laan", "gracht", "plein", "kade", "singel",
                                               "gatan", "vägen", "vej", "veien"].map { $0.unicodeScalars.map(\.value) }
    static let separateStreetWords: [[UInt32]] = ["straße", "strasse", "weg", "platz", "allee", "gasse"].map { $0.unicodeScalars.map(\.value) }
    static let strSuffix: [UInt32] = "str".unicodeScalars.map(\.value)
    static let englishTypes = ContextWords(["avenue", "boulevard", "place", "plaza", "via"], wholeWords: true)
    /// Words that open a street name in Romance and Slavic languages.
    static let prefixTypes = ContextWords(["rue", "avenue", "boulevard", "bd", "place", "impasse", "allée", "chemin", "quai",
                              "calle", "avenida", "plaza", "paseo", "carrer", "via", "viale", "piazza", "corso", "rua",
                              "ul.", "ulica", "aleja", "strada"], wholeWords: true)

    public init() {}

    public func spans(in input: DetectionInput) -> [Span] {
        guard input.wants(.address) else { return [] }
        let s = input.scalars
        var out: [Range<Int>] = []
        var i = 0
        while i < s.count {
            // Every form starts a word: try word starts only, then skip the rest of the word.
            guard s[i].isWordLike || s[i].value == 0x23 else { i += 1; continue }
            if let r = Self.numberFirst(s, at: i) ?? Self.compound(s, at: i) ?? Self.prefixed(s, at: i) ?? Self.unit(s, at: i) {
                out.append(r)
                i = r.upperBound
            } else {
                i += 1
                while i < s.count, s[i].isWordLike { i += 1 }
            }
        }
        return out.map { Span(start: $0.lowerBound, end: $0.upperBound, label: .address, score: 0.85, detector: name) }
    }
}

extension StreetAddressDetector {
    /// A word of letters starting at `i` (at a word start), its range.
    static func letters(_ s: [Unicode.Scalar], at i: Int) -> Range<Int>? {
        guard i < s.count, s[i].isLetter, !(s.at(i - 1)?.isWordLike ?? false) else { return nil }
        var e = i
        while e < s.count, s[e].isLetter { e += 1 }
        return i..<e
    }

    /// A house number at `i`: 1–5 digits, maybe a letter (`12a`) or a range (`12-14`).
    static func houseNumber(_ s: [Unicode.Scalar], at i: Int) -> Range<Int>? {
        guard i < s.count, s[i].isASCIIDigit else { return nil }
        if let p = s.at(i - 1), p.isWordLike || [0x2E, 0x2C, 0x2D, 0x2F, 0x3A, 0x24, 0x23].contains(p.value) { return nil }
        var e = i
        while e < s.count, s[e].isASCIIDigit { e += 1 }
        guard e - i <= 5 else { return nil }
        if s.at(e)?.value == 0x2D, s.at(e + 1)?.isASCIIDigit ?? false {
            e += 1
            while e < s.count, s[e].isASCIIDigit { e += 1 }
        }
        if let c = s.at(e), c.isASCIILetter, !(s.at(e + 1)?.isWordLike ?? false) { e += 1 }
        if let c = s.at(e), c.isWordLike { return nil }
        return i..<e
    }

    /// `600 S Rowan Ave`: a number, an optional direction, one to four street-name words (capitalised,
    /// ordinals such as `29th`, or particles), a street type; then a unit and a city line if present.
    static func numberFirst(_ s: [Unicode.Scalar], at i: Int) -> Range<Int>? {
        guard let number = houseNumber(s, at: i), s.at(number.upperBound)?.value == 0x20 else { return nil }
        var p = number.upperBound + 1
        var words = 0
        var end: Int?
        while words < 5, p < s.count {
            if let w = letters(s, at: p) {
                let lower = s.string(w).lowercased()
                let capital = s[w.lowerBound].isUpperLetter
                if words > 0, capital, streetTypes.contains(lower) {
                    end = s.at(w.upperBound)?.value == 0x2E ? w.upperBound + 1 : w.upperBound
                    break
                }
                let particle = words > 0 && ["de", "la", "del", "los", "las", "van", "von"].contains(lower)
                guard capital || particle || (words == 0 && directions.contains(lower)),
                      !headlineWords.contains(lower) else { return nil }
                p = w.upperBound
                if s.at(p)?.value == 0x2E, directions.contains(lower) { p += 1 }
            } else if let n = ordinal(s, at: p) {
                p = n
            } else {
                return nil
            }
            words += 1
            guard s.at(p)?.value == 0x20 else { return nil }
            p += 1
        }
        guard let street = end else { return nil }
        return number.lowerBound..<cityLine(s, after: unitSuffix(s, after: street))
    }

    /// `29th`, `1st`, `2nd`, `3rd`: the end of an ordinal at `i`.
    static func ordinal(_ s: [Unicode.Scalar], at i: Int) -> Int? {
        guard let d = s.at(i), d.isASCIIDigit else { return nil }
        var e = i
        while e < s.count, s[e].isASCIIDigit, e - i < 4 { e += 1 }
        guard e + 2 <= s.count, ["st", "nd", "rd", "th"].contains(s.string(e..<(e + 2)).lowercased()),
              !(s.at(e + 2)?.isWordLike ?? false) else { return nil }
        return e + 2
    }

    /// `, Apt 4B`, ` Suite 280`, ` #12` after a street: its end, else `end`.
    static func unitSuffix(_ s: [Unicode.Scalar], after end: Int) -> Int {
        var p = end
        if s.at(p)?.value == 0x2C { p += 1 }
        guard s.at(p)?.value == 0x20 else { return end }
        return unit(s, at: p + 1, anyWord: true)?.upperBound ?? end
    }

    /// `Apt. 950`, `Suite 280` on their own (only the unambiguous words), or any unit word after a street.
    static func unit(_ s: [Unicode.Scalar], at i: Int, anyWord: Bool = false) -> Range<Int>? {
        guard i < s.count, s[i].isASCIILetter || s[i].value == 0x23 else { return nil }
        if !anyWord, !s[i].isASCIIUpper { return nil }
        guard var p = s[i].value == 0x23 ? (anyWord ? i + 1 : nil) : (anyWord ? unitWords : standaloneUnitWords).end(at: i, in: s)
        else { return nil }
        if s.at(p)?.value == 0x2E { p += 1 }
        if s.at(p)?.value == 0x20 { p += 1 }
        let v = p
        while p < s.count, s[p].isASCIIAlnum || s[p].value == 0x2D, p - v < 6 { p += 1 }
        guard p > v, s[v..<p].contains(where: { $0.isASCIIDigit }), !(s.at(p)?.isWordLike ?? false) else { return nil }
        return i..<p
    }

    /// `, Los Angeles, CA 90023`, `, Capitola, CA 95010`, `, London SW1A 2AA`, `, 10115 Berlin`,
    /// `, 00-950 Warszawa` after a street: the end of the city line, else `end`.
    static func cityLine(_ s: [Unicode.Scalar], after end: Int) -> Int {
        let p: Int
        if s.at(end)?.value == 0x2C, s.at(end + 1)?.value == 0x20 {
            p = end + 2
        } else if let c = s.at(end), c.isLineBreak {  // the city on the next line of a written address
            var q = end + 1
            while q < s.count, s[q].value == 0x20 { q += 1 }
            guard postalCode(s, at: q) != nil || cityWords(s, at: q) != nil else { return end }
            p = q
        } else {
            return end
        }
        // Postal code first (continental Europe): `10115 Berlin`, `00-950 Warszawa`, `75002 Paris`.
        if let code = postalCode(s, at: p), s.at(code)?.value == 0x20, let city = cityWords(s, at: code + 1) {
            return city
        }
        guard let city = cityWords(s, at: p) else { return end }
        // `, CA 90023` or ` CA 90023` (US), ` SW1A 2AA` (UK).
        var q = city
        if s.at(q)?.value == 0x2C { q += 1 }
        guard s.at(q)?.value == 0x20 else { return end }
        q += 1
        if let c0 = s.at(q), let c1 = s.at(q + 1), c0.isASCIIUpper, c1.isASCIIUpper, s.at(q + 2)?.value == 0x20,
           let zip = postalCode(s, at: q + 3) {
            return zip
        }
        if let uk = ukPostcode(s, at: q) { return uk }
        return end
    }

    /// One to three capitalised words: the end of a city name at `i`.
    static func cityWords(_ s: [Unicode.Scalar], at i: Int) -> Int? {
        var p = i
        var words = 0
        while words < 3, let w = letters(s, at: p), s[w.lowerBound].isUpperLetter {
            words += 1
            p = w.upperBound
            guard s.at(p)?.value == 0x20, let n = s.at(p + 1), n.isUpperLetter, n.isLetter,
                  s.at(p + 2).map({ $0.isLowerLetter }) ?? false else { break }
            p += 1
        }
        return words > 0 ? p : nil
    }

    /// A ZIP or European postal code at `i`: `90023`, `90023-1234`, `00-950`, `1011`; its end.
    static func postalCode(_ s: [Unicode.Scalar], at i: Int) -> Int? {
        var e = i
        while e < s.count, s[e].isASCIIDigit { e += 1 }
        if e - i == 2, s.at(e)?.value == 0x2D {  // 00-950
            var f = e + 1
            while f < s.count, s[f].isASCIIDigit { f += 1 }
            return f - e - 1 == 3 && !(s.at(f)?.isWordLike ?? false) ? f : nil
        }
        guard e - i == 4 || e - i == 5 else { return nil }
        if e - i == 5, s.at(e)?.value == 0x2D, (1...4).allSatisfy({ s.at(e + $0)?.isASCIIDigit ?? false }) { e += 5 }
        return s.at(e)?.isWordLike ?? false ? nil : e
    }

    /// A UK postcode at `i` (`SW1A 2AA`, `M1 1AE`): its end.
    static func ukPostcode(_ s: [Unicode.Scalar], at i: Int) -> Int? {
        var e = i
        while e < s.count, s[e].isASCIIUpper || s[e].isASCIIDigit, e - i < 4 { e += 1 }
        guard e - i >= 2, s[i].isASCIIUpper, s[i..<e].contains(where: { $0.isASCIIDigit }), s.at(e)?.value == 0x20,
              let d = s.at(e + 1), d.isASCIIDigit, s.at(e + 2)?.isASCIIUpper ?? false, s.at(e + 3)?.isASCIIUpper ?? false,
              !(s.at(e + 4)?.isWordLike ?? false) else { return nil }
        return e + 4
    }

    /// `Hauptstraße 5`, `Berliner Straße 12a`, `Keizersgracht 123`: a capitalised word ending in a
    /// street suffix (or an adjective then `Straße`), a house number, then maybe a postal code and city.
    static func compound(_ s: [Unicode.Scalar], at i: Int) -> Range<Int>? {
        guard s[i].isUpperLetter, let w = letters(s, at: i) else { return nil }
        var end = w.upperBound
        // Only a word followed by a house number (or `Straße` and one) can be a street: test that first.
        guard s.at(end)?.value == 0x20 || s.at(end)?.value == 0x2E else { return nil }
        var matched = compoundSuffixes.contains { w.count > $0.count + 2 && s.hasSuffix($0, in: w) }
        if !matched, s.at(end)?.value == 0x2E, w.count > 5, s.hasSuffix(Self.strSuffix, in: w) {  // `Hauptstr. 5`
            matched = true
            end += 1
        }
        if !matched, s.at(end)?.value == 0x20, let t = letters(s, at: end + 1), s[t.lowerBound].isUpperLetter,
           separateStreetWords.contains(where: { $0.count == t.count && s.hasSuffix($0, in: t) }) {
            matched = true
            end = t.upperBound
        }
        guard matched, s.at(end)?.value == 0x20, let number = houseNumber(s, at: end + 1) else { return nil }
        return i..<cityLine(s, after: number.upperBound)
    }

    /// `12 rue de la Paix`, `Calle Mayor 5`, `ul. Marszałkowska 10`: a street-type word first.
    static func prefixed(_ s: [Unicode.Scalar], at i: Int) -> Range<Int>? {
        guard i < s.count, s[i].isASCIILetter, !(s.at(i - 1)?.isWordLike ?? false) else { return nil }
        guard let typeEnd = prefixTypes.end(at: i, in: s), s.at(typeEnd)?.value == 0x20 else { return nil }
        // French order: `12 rue de la Paix` — a house number before the type.
        var start = i
        if s.at(i - 1)?.value == 0x20 {
            var d = i - 2
            while d >= 0, s[d].isASCIIDigit || s[d].isASCIILetter && d == i - 2 { d -= 1 }
            if let n = houseNumber(s, at: d + 1), n.upperBound == i - 1 { start = n.lowerBound }
        }
        // English words too (`Avenue`, `Place`, `via`): only in the French order, lower-case after a number.
        if englishTypes.end(at: i, in: s) == typeEnd, !(s[i].isASCIILower && start < i) { return nil }
        var p = typeEnd + 1
        // Name words (capitalised, or particles), at most four, then a house number — or, for the
        // French order, a number before the type (`12 rue …`) handled by the caller's number check.
        var words = 0
        var lastEnd = p
        while words < 4, let w = letters(s, at: p) {
            let lower = s.string(w).lowercased()
            guard s[w.lowerBound].isUpperLetter || ["de", "la", "del", "della", "des", "du", "le", "di", "dos", "das", "do"].contains(lower)
            else { break }
            words += 1
            lastEnd = w.upperBound
            if s.at(w.upperBound)?.value == 0x27 || s.at(w.upperBound)?.value == 0x2019 { p = w.upperBound + 1; continue }  // l'Église
            guard s.at(w.upperBound)?.value == 0x20 else { break }
            p = w.upperBound + 1
        }
        guard words > 0, s[(lastEnd - 1)].isLetter else { return nil }
        if s.at(lastEnd)?.value == 0x20, let number = houseNumber(s, at: lastEnd + 1) {
            return start..<cityLine(s, after: number.upperBound)
        }
        let city = cityLine(s, after: lastEnd)
        if start < i, city > lastEnd { return start..<city }  // `12 rue de la Paix, 75002 Paris`
        if s.at(lastEnd)?.value == 0x2C, s.at(lastEnd + 1)?.value == 0x20, let number = houseNumber(s, at: lastEnd + 2) {
            return start..<cityLine(s, after: number.upperBound)  // `Calle Mayor, 5`
        }
        return start < i && words > 0 ? start..<cityLine(s, after: lastEnd) : nil
    }
}
