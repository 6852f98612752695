/// The capitalised words a person's name is written in, as ``PersonNameDetector`` reads them.
///
/// A name word is an upper-case letter followed by at least one lower-case letter (`Anna`,
/// `Łukasz`), with `-` or `'` joins (`Jean-Luc`, `O'Brien`) and a second capital after
/// `Mc`/`Mac`/`De`/`Di` (`McDonald`, `DiCaprio`). An initial (`Q.`) and a lower-case particle
/// (`van`, `de`, `bin`) may stand between two name words.
enum NameWords {
    static let particles: Set<String> = ["van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "del", "della",
                                          "bin", "ibn", "al", "ter", "ten", "dos", "das", "y"]

    /// Capitalised words that follow greetings, roles and name keys without being names.
    static let notNames: Set<String> = [
        "team", "teams", "all", "everyone", "everybody", "there", "guys", "folks", "friends", "friend", "sir", "madam",
        "world", "again", "support", "service", "services", "customer", "customers", "colleague", "colleagues",
        "hiring", "manager", "managers", "user", "users", "reader", "readers", "member", "members", "student",
        "students", "parent", "parents", "partner", "partners", "valued", "candidate", "applicant", "recruiter",
        "admin", "owner", "client", "clients", "community", "committee", "board", "editor", "reviewer", "reviewers",
        "professor", "doctor", "teacher", "mom", "dad", "mum", "mother", "father", "brother", "sister", "son",
        "daughter", "honey", "babe", "buddy", "mate", "man", "bro", "boss", "chief", "captain", "coach", "chatgpt",
        "claude", "gemini", "bard", "copilot", "siri", "alexa", "cortana", "llama", "mistral", "grok", "bing",
        "google", "assistant", "bot", "ai", "gpt", "human", "model", "system", "developer", "developers", "devs",
        "people", "ladies", "gentlemen", "sirs", "hr", "it", "ops", "sales", "marketing", "finance", "legal",
        "product", "engineering", "design", "security", "success", "relations", "care", "desk", "center", "centre",
        "department", "office", "group", "staff", "crew", "gang", "fam", "family", "kids", "class", "future",
        "myself", "yourself", "you", "me", "him", "her", "them", "us", "who", "what", "how", "why", "when", "where",
        "this", "that", "these", "those", "the", "a", "an", "and", "or", "but", "is", "are", "was", "were", "will",
        "can", "could", "would", "should", "please", "thanks", "thank", "hello", "hi", "hey", "dear", "good",
        "morning", "afternoon", "evening", "night", "day", "week", "monday", "tuesday", "wednesday", "thursday",
        "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "name", "first", "last", "full", "new", "old", "test",
        "example", "sample", "demo", "unknown", "none", "null", "anonymous", "redacted",
        "string", "text", "value", "input", "output", "true", "false",
    ]

    /// The name word starting at `i` (it must not continue a word), or nil.
    static func word(_ s: [Unicode.Scalar], at i: Int) -> Range<Int>? {
        guard i < s.count, s[i].isUpperLetter, s[i].isLetter else { return nil }
        if let p = s.at(i - 1), p.isWordLike || p.value == 0x5F { return nil }
        var e = i + 1
        var lower = 0
        while e < s.count {
            let c = s[e]
            if c.isLowerLetter {
                lower += 1
                e += 1
            } else if c.value == 0x2D || c.value == 0x27 || c.value == 0x2019, lower > 0,
                      let n = s.at(e + 1), n.isUpperLetter {  // Jean-Luc, O'Brien (after one letter too)
                e += 2
                lower = 0
            } else if c.value == 0x27 || c.value == 0x2019, e == i + 1, let n = s.at(e + 1), n.isUpperLetter {
                e += 2  // O'Brien
            } else if c.isUpperLetter, lower > 0, lower <= 2,
                      ["Mc", "Mac", "De", "Di", "Le", "La", "Van"].contains(s.string(i..<e)) {
                e += 1
                lower = 0
            } else {
                break
            }
        }
        guard e - i >= 2, lower > 0 || e - i >= 3, !(s.at(e)?.isASCIIDigit ?? false), s.at(e)?.value != 0x5F else { return nil }
        if let n = s.at(e), n.isLetter { return nil }  // `ChatGPT`, `iPhone`-like humps
        return i..<e
    }

    /// Whether the word in `r` is one of ``notNames``.
    static func isNotName(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Bool {
        notNames.contains(s.string(r).lowercased())
    }

    /// Name words from `i`: up to `max` of them, joined by one space (an initial `Q.` or a
    /// particle may stand between two), none of them in ``notNames``. Returns the covered range
    /// and the words' ranges.
    static func run(_ s: [Unicode.Scalar], from i: Int, max: Int = 4) -> (range: Range<Int>, words: [Range<Int>])? {
        guard let first = word(s, at: i), !isNotName(s, first) else { return nil }
        var words = [first]
        var end = first.upperBound
        while words.count < max, s.at(end)?.value == 0x20 {
            var next = end + 1
            // An initial (`Joe Q. Public`) or particles (`Ludwig van Beethoven`) before the next word.
            if let c = s.at(next), c.isASCIIUpper, s.at(next + 1)?.value == 0x2E, s.at(next + 2)?.value == 0x20 {
                next += 3
            } else {
                var p = next
                while p < s.count, s[p].isASCIILower { p += 1 }
                if p > next, s.at(p)?.value == 0x20, particles.contains(s.string(next..<p)) { next = p + 1 }
            }
            guard let w = word(s, at: next), !isNotName(s, w) else { break }
            words.append(w)
            end = w.upperBound
        }
        return (first.lowerBound..<end, words)
    }

    /// True when the name's first word is a known given name.
    static func startsWithGivenName(_ s: [Unicode.Scalar], _ words: [Range<Int>]) -> Bool {
        guard let first = words.first else { return false }
        return GivenNames.contains(s[first])
    }
}

/// Given names from Faker's person providers (see `Training/given_names.py`), without those that
/// are also ordinary words.
enum GivenNames {
    static let all: Set<String> = Set(list.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    static func contains(_ word: ArraySlice<Unicode.Scalar>) -> Bool {
        all.contains(String(String.UnicodeScalarView(word)))
    }
}
