/// Log lines: a line that starts with a timestamp or a level. The header (timestamp, level, an
/// access log's client address and `[date]`) is blocked; the message goes through
/// ``valueTokens(_:numbers:)`` with numbers always blocked (ports, pids, sizes, durations).
///
/// Timestamps: `2024-03-05`, `2024/03/05` (optionally with a time), `10:30:12` (seconds needed),
/// syslog `Oct 11 22:14:15`; each may sit in `[…]`. Levels: upper-case `INFO`, `WARN`, `ERROR`, …
/// followed by a space, `:` or `]`. Access logs: an IPv4 address followed by ` - `.
extension StructureScanner {
    static let levels: Set<String> = [
        "TRACE", "DEBUG", "INFO", "NOTICE", "WARN", "WARNING", "ERROR", "ERR", "FATAL", "CRITICAL", "CRIT",
        "SEVERE", "ALERT", "EMERG",
    ]
    static let months: Set<String> = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The end of a log header starting at `i`, or nil when the line is no log line.
    func logHeader(at i: Int, _ eol: Int) -> Int? {
        guard i < eol else { return nil }
        var k = i
        let bracket = s[k] == "["
        if bracket { k += 1 }
        if let end = timestamp(at: k, eol) {
            k = end
            if bracket, k < eol, s[k] == "]" { k += 1 }
            let next = firstNonSpace(k, eol)
            if let level = level(at: next, eol) { k = level }
            return k
        }
        if let end = level(at: i, eol) { return end }
        if let address = ipv4(at: i, eol), address + 2 < eol, s[address] == " ", s[address + 1] == "-", s[address + 2] == " " {
            if let open = (address..<eol).first(where: { s[$0] == "[" }), let close = (open..<eol).first(where: { s[$0] == "]" }) {
                return close + 1
            }
            return address
        }
        return nil
    }

    /// An upper-case level word at `i` (optionally bracketed) and its `:` or `]`; the end.
    private func level(at i: Int, _ eol: Int) -> Int? {
        var k = i
        let bracket = k < eol && s[k] == "["
        if bracket { k += 1 }
        let word = asciiWord(at: k)
        guard word.upperBound <= eol, Self.levels.contains(String(String.UnicodeScalarView(s[word]))) else { return nil }
        k = word.upperBound
        if bracket {
            guard k < eol, s[k] == "]" else { return nil }
            return k + 1
        }
        if k < eol, s[k] == ":" { return k + 1 }
        return k == eol || s[k] == " " || s[k] == "\t" ? k : nil
    }

    private func timestamp(at i: Int, _ eol: Int) -> Int? {
        if let date = digits(i, 4, eol), date < eol, s[date] == "-" || s[date] == "/",
           let month = digits(date + 1, 2, eol), month < eol, s[month] == s[date], let day = digits(month + 1, 2, eol) {
            if day + 1 < eol, s[day] == "T" || s[day] == " ", let time = time(at: day + 1, eol, secondsNeeded: false) { return time }
            return day
        }
        if let time = time(at: i, eol, secondsNeeded: true) { return time }
        let word = asciiWord(at: i)
        if word.count == 3, Self.months.contains(String(String.UnicodeScalarView(s[word]))) {
            var k = word.upperBound
            while k < eol, s[k] == " " { k += 1 }
            var d = k
            while d < eol, d - k < 2, s[d].isASCIIDigit { d += 1 }
            if d > k, d < eol, s[d] == " ", let time = time(at: d + 1, eol, secondsNeeded: true) { return time }
        }
        return nil
    }

    /// `hh:mm[:ss[.fff]][Z|±hh[:]mm]` at `i`; the end.
    private func time(at i: Int, _ eol: Int, secondsNeeded: Bool) -> Int? {
        guard let h = digits(i, 2, eol), h < eol, s[h] == ":", var k = digits(h + 1, 2, eol) else { return nil }
        if k < eol, s[k] == ":", let sec = digits(k + 1, 2, eol) {
            k = sec
            if k < eol, s[k] == "." || s[k] == "," {
                var f = k + 1
                while f < eol, s[f].isASCIIDigit { f += 1 }
                if f > k + 1 { k = f }
            }
        } else if secondsNeeded {
            return nil
        }
        if k < eol, s[k] == "Z" {
            k += 1
        } else if k < eol, s[k] == "+" || s[k] == "-", let oh = digits(k + 1, 2, eol) {
            k = oh
            if k < eol, s[k] == ":", let om = digits(k + 1, 2, eol) { k = om } else if let om = digits(k, 2, eol) { k = om }
        }
        return k
    }

    /// The end of exactly `n` ASCII digits at `i` (not followed by another digit), or nil.
    private func digits(_ i: Int, _ n: Int, _ eol: Int) -> Int? {
        guard i + n <= eol else { return nil }
        for k in i..<(i + n) where !s[k].isASCIIDigit { return nil }
        return i + n < eol && s[i + n].isASCIIDigit ? nil : i + n
    }

    /// A dotted-quad IPv4 address at `i`; its end.
    private func ipv4(at i: Int, _ eol: Int) -> Int? {
        var k = i
        for part in 0..<4 {
            let start = k
            while k < eol, k - start < 3, s[k].isASCIIDigit { k += 1 }
            guard k > start else { return nil }
            if part < 3 {
                guard k < eol, s[k] == "." else { return nil }
                k += 1
            }
        }
        return k < eol && s[k].isASCIIDigit ? nil : k
    }

    /// The lines of a log fence: log lines as above, other lines (stack frames, continuations)
    /// judged token by token with numbers blocked.
    mutating func scanLogLines(_ r: Range<Int>) {
        var line = r.lowerBound
        while line < r.upperBound {
            let e = lineEnd(line, limit: r.upperBound)
            let header = logHeader(at: firstNonSpace(line, e), e) ?? line
            block(line..<header)
            valueTokens(header..<e, .log)
            line = afterBreak(e)
        }
    }
}
