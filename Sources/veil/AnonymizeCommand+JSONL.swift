import Anonymizer
import Foundation

extension AnonymizeCommand {
    /// Streams the inputs line by line (bounded memory: one read buffer and one line at a
    /// time). The end of each file ends its last line, so files without a final newline can
    /// be given one after another.
    func runJSONL(_ processor: JSONLAnonymizer, inputs: [InputFile], reporter: ProgressReporter?) async throws {
        let output = FileHandle.standardOutput
        var reporter = reporter
        func emit(_ line: ArraySlice<UInt8>) async {
            reporter?.lineDone()
            var bytes = Array(line)
            if bytes.last == 0x0D { bytes.removeLast() }  // CRLF line endings
            guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return }  // blank line: no input
            output.write(Data((await processor.process(lineBytes: bytes) + "\n").utf8))
        }
        for input in inputs {
            var buffer: [UInt8] = []
            while true {
                let chunk = try input.read()
                if chunk.isEmpty { break }
                reporter?.read(bytes: chunk.count)
                buffer.append(contentsOf: chunk)
                var start = 0
                while let newline = buffer[start...].firstIndex(of: 0x0A) {
                    await emit(buffer[start..<newline])
                    start = newline + 1
                }
                buffer.removeFirst(start)
            }
            if !buffer.isEmpty { await emit(buffer[...]) }
        }
        reporter?.finish()
    }
}

/// Prints `ProgressMeter` lines on stderr: redrawn in place on a terminal, one per line otherwise
/// (a log file or CI output).
struct ProgressReporter {
    private var meter: ProgressMeter
    private let inPlace = isatty(STDERR_FILENO) == 1

    init(totalBytes: Int?) {
        meter = ProgressMeter(totalBytes: totalBytes, now: .now)
    }

    mutating func read(bytes: Int) { meter.add(bytes: bytes) }

    mutating func lineDone() {
        meter.addLine()
        if let line = meter.report(now: .now) { write(line, final: false) }
    }

    /// The last report, always printed, so a short batch still says what it did.
    func finish() { write(meter.line(now: .now) + " (done)", final: true) }

    private func write(_ line: String, final: Bool) {
        // "\r" + erase to end of line (ECMA-48 EL, CSI K) redraws the same terminal line.
        let text = "veil anonymize: " + line
        FileHandle.standardError.write(Data((inPlace ? "\r\u{1B}[K" + text + (final ? "\n" : "") : text + "\n").utf8))
    }
}
