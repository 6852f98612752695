import Anonymizer
import ArgumentParser
import Foundation
import Logging

/// `veil anonymize`: redacts stdin with the pattern detectors and the model.
struct AnonymizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anonymize",
        abstract: "Redact personal data from text on stdin.",
        discussion: """
        Prints the redacted text exactly (no newline added). With --jsonl, reads lines
        {"id":…,"text":…,"labels":[…]} and prints {"id":…,"text":…,"entities":[…]} per line.
        """
    )

    @Flag(help: "Read and write JSON Lines (one map per line).") var jsonl = false
    @Option(help: "Write the placeholder map (JSON) to this file.") var saveMap: String?
    @Option(help: "Comma-separated labels to redact (default: all).") var labels: String?
    @OptionGroup var detectorOptions: DetectorOptions

    func validate() throws {
        if jsonl, saveMap != nil { throw ValidationError("--save-map cannot be used with --jsonl (each line has its own map)") }
    }

    func run() async throws {
        let settings = try ServeCommand.settings(configFile: nil, flags: detectorOptions.flagValues, requireUpstream: false)
        let anonymizer = Anonymizer(detectors: try DetectorOptions.detectors(settings: settings, logger: Logger(label: "veil")).detectors)
        if jsonl {
            try await runJSONL(JSONLAnonymizer(anonymizer: anonymizer))
            return
        }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard let text = String(validating: data, as: UTF8.self) else { throw CLIError("input is not valid UTF-8") }
        var map = PlaceholderMap()
        let wanted = labels.map { Set($0.split(separator: ",").map { EntityLabel($0.trimmingCharacters(in: .whitespaces).uppercased()) }) }
        let result = try await anonymizer.anonymize(text, labels: wanted, map: &map)
        if let saveMap {
            do {
                try JSONEncoder().encode(map).write(to: URL(fileURLWithPath: saveMap))
            } catch {
                throw CLIError("cannot write map to \(saveMap): \(error.localizedDescription)")
            }
        }
        FileHandle.standardOutput.write(Data(result.text.utf8))
    }

    /// Streams stdin line by line (bounded memory: one line at a time).
    private func runJSONL(_ processor: JSONLAnonymizer) async throws {
        let input = FileHandle.standardInput
        let output = FileHandle.standardOutput
        var buffer: [UInt8] = []
        func emit(_ line: ArraySlice<UInt8>) async {
            var bytes = Array(line)
            if bytes.last == 0x0D { bytes.removeLast() }  // CRLF line endings
            guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return }  // blank line: no input
            output.write(Data((await processor.process(lineBytes: bytes) + "\n").utf8))
        }
        while true {
            let chunk = input.availableData
            if chunk.isEmpty { break }
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
}

/// A one-line error for stderr (ArgumentParser prints it and exits non-zero).
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
