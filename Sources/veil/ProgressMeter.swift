import TimeUnits

/// The progress line of `veil anonymize --jsonl`: lines done, bytes read (of the total when the
/// inputs are regular files) and rates. Counts only, never text. Pure: the caller feeds counts
/// and the time and prints what comes back, so the arithmetic needs no terminal to test.
struct ProgressMeter {
    /// Bytes of all inputs, when known in advance (regular files only).
    let totalBytes: Int?
    /// At most one report per interval.
    let interval: Duration
    private let start: ContinuousClock.Instant
    private var lastReport: ContinuousClock.Instant
    private(set) var lines = 0
    private(set) var bytes = 0

    init(totalBytes: Int?, interval: Duration = .seconds(1), now: ContinuousClock.Instant) {
        self.totalBytes = totalBytes
        self.interval = interval
        self.start = now
        self.lastReport = now
    }

    mutating func add(bytes: Int) { self.bytes += bytes }
    mutating func addLine() { lines += 1 }

    /// A report if `interval` has passed since the last one, else nil.
    mutating func report(now: ContinuousClock.Instant) -> String? {
        guard now - lastReport >= interval else { return nil }
        lastReport = now
        return line(now: now)
    }

    /// e.g. `1,200 lines, 3.4 MB of 10.2 MB (33%), 1.1 MB/s, 390 lines/s, 3 s`
    func line(now: ContinuousClock.Instant) -> String {
        let elapsed = (now - start).seconds
        var parts = ["\(Self.grouped(lines)) lines", Self.megabytes(bytes)]
        if let totalBytes, totalBytes > 0 {
            parts[1] += " of \(Self.megabytes(totalBytes)) (\(min(100, bytes * 100 / totalBytes))%)"
        }
        if elapsed > 0 {
            parts.append("\(Self.decimal(Double(bytes) / 1e6 / elapsed)) MB/s")
            parts.append("\(Self.grouped(Int(Double(lines) / elapsed))) lines/s")
        }
        parts.append("\(Int(elapsed)) s")
        return parts.joined(separator: ", ")
    }

    static func megabytes(_ bytes: Int) -> String { "\(decimal(Double(bytes) / 1e6)) MB" }

    /// One decimal, without Foundation's locale-dependent formatting.
    static func decimal(_ x: Double) -> String {
        let tenths = Int((x * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// 1234567 → "1,234,567".
    static func grouped(_ n: Int) -> String {
        var digits = String(n)
        var i = digits.count - 3
        while i > 0 {
            digits.insert(",", at: digits.index(digits.startIndex, offsetBy: i))
            i -= 3
        }
        return digits
    }
}
