import Anonymizer
import ArgumentParser
import Foundation
import Logging

/// `veil anonymize [FILE…]`: redacts text (or JSON Lines) from files or stdin with the pattern
/// detectors and the model.
struct AnonymizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anonymize",
        abstract: "Redact personal data from text in files or on stdin.",
        discussion: """
        Reads the files in order ('-' or no file: stdin) and prints the redacted
        text exactly (no newline added). Several files are redacted as one text,
        as if concatenated, so a value gets the same placeholder in all of them.

        With --jsonl, reads lines {"id":…,"text":…,"labels":[…],"sensitivity":…}
        (labels and sensitivity override --labels and --sensitivity for that line)
        and prints {"id":…,"text":…,"entities":[…]} per line; a line that cannot
        be read gets an "error" object and the batch goes on. --progress reports lines,
        bytes and rates (never text) on stderr once a second; it is on by
        default when stderr is a terminal.

        Examples:
          echo 'Call +44 20 7946 0958' | veil anonymize --patterns-only
          veil anonymize --jsonl --progress part-1.jsonl part-2.jsonl > out.jsonl
        """
    )

    @Argument(help: "Input files, read in order ('-' for stdin; default: stdin).") var files: [String] = []
    @Flag(help: "Read and write JSON Lines (one map per line).") var jsonl = false
    @Flag(inversion: .prefixedNo, help: "Report progress of a --jsonl batch on stderr (default: when stderr is a terminal).")
    var progress: Bool?
    @Option(help: "Write the placeholder map (JSON) to this file.") var saveMap: String?
    @Option(help: "Comma-separated labels to redact (default: every pattern label and the model's default labels).") var labels: String?
    @OptionGroup var detectorOptions: DetectorOptions

    func validate() throws {
        if jsonl, saveMap != nil { throw ValidationError("--save-map cannot be used with --jsonl (each line has its own map)") }
        if !jsonl, progress == true { throw ValidationError("--progress reports --jsonl batches; add --jsonl") }
    }

    func run() async throws {
        let inputs = files.isEmpty ? [InputFile.stdinName] : files
        // Every file is opened before any output, so a typo in the last name fails the job
        // before it starts rather than halfway through.
        let opened = try inputs.map { path throws(CLIError) in try InputFile(path: path) }
        let settings = try ServeCommand.settings(configFile: nil, flags: detectorOptions.flagValues, requireUpstream: false)
        let anonymizer = Anonymizer(detectors: try DetectorOptions.detectors(settings: settings, logger: Logger(label: "veil")).detectors)
        let wanted = try DetectorOptions.checkedLabels(labels.map { $0.split(separator: ",").map(String.init) },
                                                       known: anonymizer.supportedLabels)
        let scope = DetectionScope(labels: wanted, sensitivity: settings.sensitivity)
        if jsonl {
            let show = progress ?? (isatty(STDERR_FILENO) == 1)
            let reporter = show ? ProgressReporter(totalBytes: InputFile.totalSize(of: inputs)) : nil
            try await runJSONL(JSONLAnonymizer(anonymizer: anonymizer, scope: scope), inputs: opened, reporter: reporter)
            return
        }
        var data: [UInt8] = []
        for input in opened { data += try input.readAll() }
        guard let text = String(validating: data, as: UTF8.self) else { throw CLIError.dataError("input is not valid UTF-8") }
        var map = PlaceholderMap()
        let result: AnonymizedText
        do {
            result = try await anonymizer.anonymize(text, scope: scope, map: &map)
        } catch let error as TextTooLongError {
            throw CLIError.dataError("the input is \(error.bytes) bytes; the model reads at most \(error.limit) bytes per text "
                                     + "(--model-max-text, VEIL_MODEL_MAX_TEXT); nothing was written")
        }
        if let saveMap {
            do {
                try Data(map.serializedBytes).write(to: URL(fileURLWithPath: saveMap))
            } catch {
                throw CLIError.cannotCreate("cannot write map to \(saveMap): \(error.localizedDescription)")
            }
        }
        FileHandle.standardOutput.write(Data(result.text.utf8))
    }
}
