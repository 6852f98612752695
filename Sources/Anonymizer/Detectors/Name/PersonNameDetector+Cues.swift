extension PersonNameDetector {
    static let greetingWords = ContextWords(["hi", "hello", "hey", "dear", "thanks", "thank you", "good morning", "good afternoon",
                                "good evening", "morning", "hallo", "hej", "hola", "bonjour", "salut", "ciao", "cześć",
                                "dzień dobry", "witaj", "moin", "servus", "liebe", "lieber", "sehr geehrte",
                                "sehr geehrter", "querida", "querido", "caro", "cara", "beste"], wholeWords: true)
    static let titleWords = ContextWords(["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "herr", "frau", "mme", "mlle", "sr", "sra",
                             "pani", "señor", "señora", "monsieur", "madame"], wholeWords: true)
    static let signOffLines: Set<String> = [
        "best regards", "kind regards", "warm regards", "warmest regards", "regards", "best wishes", "best", "thanks",
        "thank you", "many thanks", "thanks again", "thanks in advance", "cheers", "sincerely", "yours sincerely",
        "sincerely yours", "yours truly", "yours faithfully", "respectfully", "all the best", "take care", "love",
        "mit freundlichen grüßen", "viele grüße", "liebe grüße", "beste grüße", "cordialement", "bien à vous",
        "saludos", "atentamente", "cordiali saluti", "pozdrawiam", "z poważaniem", "met vriendelijke groet", "groeten",
        "med vänlig hälsning", "hälsningar", "br", "rgds", "thx",
    ]
    /// Private relationships: the name after them is a private person's (`my colleague Jonas Weber`).
    /// Public roles (`CEO`, `author`, `actor`) are left out on purpose: public figures follow them.
    static let roleWords = ContextWords([
        "colleague", "coworker", "co-worker", "manager", "boss", "supervisor", "client", "customer", "patient",
        "teacher", "student", "parent", "tenant", "landlord", "employee", "intern", "neighbour", "neighbor", "wife",
        "husband", "partner", "son", "daughter", "brother", "sister", "mother", "father", "mom", "dad", "friend",
        "nurse", "candidate", "applicant", "contractor", "recipient", "caller", "cousin", "uncle", "aunt", "grandma",
        "grandpa", "fiancé", "fiancée", "girlfriend", "boyfriend", "roommate", "classmate", "teammate",
    ], wholeWords: true)
    /// Keys whose value is a person's name whatever it looks like (normalised: lower-case letters only).
    static let personKeys: Set<String> = ["firstname", "lastname", "fullname", "surname", "givenname", "familyname",
                                          "middlename", "customername", "clientname", "contactname", "patientname",
                                          "employeename", "authorname", "displayname", "recipientname", "sendername",
                                          "ownername", "applicantname", "candidatename", "contactperson", "nameofpatient",
                                          "forename", "vorname", "nachname", "nom", "prenom", "prénom", "nombre",
                                          "apellido", "imie", "imię", "nazwisko", "cardholder", "cardholdername",
                                          "accountholder", "holdername", "billingname", "shippingname"]
    /// Keys whose value is a person's name when it looks like one (a known given name first, or two words).
    static let nameKeys: Set<String> = ["name", "contact", "patient", "customer", "employee", "author", "recipient",
                                        "attendee", "applicant", "candidate", "sender", "signatory", "witness",
                                        "tenant", "landlord", "guardian", "spouse", "teacher", "student", "assignee",
                                        "reporter", "reviewer", "approver", "requester", "manager"]

    /// `Hi Priya,` — a greeting first on its line, an optional title, then a name that ends there.
    static func greetings(_ s: [Unicode.Scalar], _ lines: [Range<Int>]) -> [Range<Int>] {
        lines.compactMap { line in
            let i = contentStart(s, line)
            guard let g = greetingWords.end(at: i, in: s) else { return nil }
            var n = g
            if s.at(n)?.value == 0x2C { n += 1 }  // `Thanks, Tom!`
            guard s.at(n)?.value == 0x20 else { return nil }
            n += 1
            if titleWords.end(at: n, in: s) != nil { return nil }  // `Dear Mr. Thompson`: the title's own rule has it
            guard let run = NameWords.run(s, from: n, max: 3), endsName(s, run.range.upperBound) else { return nil }
            return run.range
        }
    }

    /// `Mr. Thompson`, `Dr Anna Weber`: a title and the name after it, together (`Dear [NAME_1],`: the
    /// title would tell the gender, and `Mr. [NAME_1]` reads no better).
    static func titles(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for i in s.indices where s[i].isASCIIUpper && !(s.at(i - 1)?.isWordLike ?? false) {
            guard let t = titleWords.end(at: i, in: s) else { continue }
            var n = t
            if s.at(n)?.value == 0x2E { n += 1 }
            guard s.at(n)?.value == 0x20, let run = NameWords.run(s, from: n + 1, max: 3) else { continue }
            out.append(i..<run.range.upperBound)
        }
        return out
    }

    /// The name under a sign-off (`Best regards,` then `Markus Lindqvist`, maybe `, CTO` after it),
    /// or after it on the same line (`Cheers, Tom`).
    static func signOffs(_ s: [Unicode.Scalar], _ lines: [Range<Int>]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for (k, line) in lines.enumerated() {
            let i = contentStart(s, line)
            var e = line.upperBound
            while e > i, [0x20, 0x09, 0x2C, 0x21, 0x2E].contains(s[e - 1].value) { e -= 1 }
            guard e > i, e - i <= 40 else { continue }
            let text = s.string(i..<e).lowercased()
            if signOffLines.contains(text) {
                // The next non-empty line (one blank line allowed) is the name.
                for next in lines.dropFirst(k + 1).prefix(2) {
                    let n = contentStart(s, next)
                    guard n < next.upperBound else { continue }
                    if let run = NameWords.run(s, from: n), endsName(s, run.range.upperBound) { out.append(run.range) }
                    break
                }
            } else if let comma = s[i..<e].firstIndex(where: { $0.value == 0x2C }), signOffLines.contains(s.string(i..<comma).lowercased()),
                      s.at(comma + 1)?.value == 0x20, let run = NameWords.run(s, from: comma + 2), run.range.upperBound == e {
                out.append(run.range)
            }
        }
        return out
    }

    /// `my colleague Jonas Weber`, `Teacher Oliver Malachi`: a role word, then a known given name, or
    /// two name words after a capitalised role (a label: `Parent Kolby Reese`).
    static func roles(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for i in s.indices where s[i].isASCIILetter && !(s.at(i - 1)?.isWordLike ?? false) {
            guard let r = roleWords.end(at: i, in: s), s.at(r)?.value == 0x20,
                  let run = NameWords.run(s, from: r + 1, max: 3),
                  NameWords.startsWithGivenName(s, run.words) || run.words.count >= 2 && s[i].isASCIIUpper else { continue }
            out.append(run.range)
        }
        return out
    }

    /// `Name: Jane`, `first_name = "Jane"`, `"full_name": "Anna Kowalska"`: the value of a name key,
    /// when it is the whole value.
    static func fields(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for i in s.indices where s[i].value == 0x3A || s[i].value == 0x3D {
            if s.at(i + 1)?.value == 0x2F || s.at(i + 1)?.value == 0x3D || s.at(i - 1)?.value == 0x3D { continue }
            var e = i
            while e > 0, s[e - 1].value == 0x20 { e -= 1 }
            if e > 0, s[e - 1].value == 0x22 || s[e - 1].value == 0x27 { e -= 1 }
            var b = e
            while b > 0, s[b - 1].isWordLike || s[b - 1].value == 0x5F || s[b - 1].value == 0x2D || s[b - 1].value == 0x20,
                  e - b < 24 { b -= 1 }
            while b < e, !s[b].isWordLike { b += 1 }
            var key = ""
            for c in s[b..<e] where c.isLetter { key.unicodeScalars.append(c) }
            key = key.lowercased()
            let strong = personKeys.contains(key)
            guard strong || nameKeys.contains(key) else { continue }
            var v = i + 1
            while v < s.count, s[v].value == 0x20 { v += 1 }
            if s.at(v)?.value == 0x22 || s.at(v)?.value == 0x27 { v += 1 }
            guard let run = NameWords.run(s, from: v), endsName(s, run.range.upperBound) || s.at(run.range.upperBound)?.value == 0x20 && s.at(run.range.upperBound + 1)?.value == 0x3C,
                  strong || NameWords.startsWithGivenName(s, run.words) else { continue }
            out.append(run.range)
        }
        return out
    }

    /// `"Joe Q. Public" <john@example.com>`, `Sandy Miller <s@x.org>`: the display name of a mailbox.
    static func mailboxes(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for i in s.indices where s[i].value == 0x3C {
            guard let close = s[i...].prefix(256).firstIndex(where: { $0.value == 0x3E }),
                  s[i..<close].contains(where: { $0.value == 0x40 }) else { continue }
            var e = i
            while e > 0, s[e - 1].value == 0x20 { e -= 1 }
            let quoted = e > 0 && s[e - 1].value == 0x22
            if quoted { e -= 1 }
            // The segment back to the line start or a `:`/`,`/`"`, then a name that fills it.
            var b = e
            while b > 0, !s[b - 1].isLineBreak, ![0x3A, 0x2C, 0x22, 0x3B, 0x3E].contains(s[b - 1].value), e - b < 64 { b -= 1 }
            // A quoted display name must be the whole quoted string (`"Mary Smith: Personal Account"` is not).
            if quoted, !(b > 0 && s[b - 1].value == 0x22 && s.at(b - 2)?.value != 0x5C) { continue }
            while b < e, s[b].value == 0x20 { b += 1 }
            guard let run = NameWords.run(s, from: b), quoted || NameWords.startsWithGivenName(s, run.words) else { continue }
            var end = run.range.upperBound
            // A trailing initial: `Sandy M.`
            if s.at(end)?.value == 0x20, s.at(end + 1)?.isASCIIUpper ?? false, s.at(end + 2)?.value == 0x2E { end += 3 }
            if end == e { out.append(run.range.lowerBound..<end) }
        }
        return out
    }

    /// `Rose: analyse the data` in meeting notes: a known given name (and surname) opening a line,
    /// then `: ` and text.
    static func speakers(_ s: [Unicode.Scalar], _ lines: [Range<Int>]) -> [Range<Int>] {
        lines.compactMap { line in
            let i = contentStart(s, line)
            guard let run = NameWords.run(s, from: i, max: 2), NameWords.startsWithGivenName(s, run.words),
                  s.at(run.range.upperBound)?.value == 0x3A, s.at(run.range.upperBound + 1)?.value == 0x20 else { return nil }
            return run.range
        }
    }
}

extension PersonNameDetector {
    /// `Anna Kowalska`: a known given name followed by a capitalised word (and maybe a third). Only at
    /// `high-recall`: in everyday prompts such a pair is as often a public figure (`Abraham Lincoln`).
    static func pairs(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = 0
        while i < s.count {
            guard s[i].isUpperLetter, let first = NameWords.word(s, at: i) else {
                i += 1
                continue
            }
            if GivenNames.contains(s[first]), let run = NameWords.run(s, from: i, max: 3), run.words.count >= 2 {
                out.append(run.range)
                i = run.range.upperBound
            } else {
                i = first.upperBound
            }
        }
        return out
    }
}
