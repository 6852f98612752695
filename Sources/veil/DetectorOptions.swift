import Anonymizer
import ArgumentParser
import Foundation
import Logging
import Proxy
import Tagger

/// Which detectors run: the pattern detectors (plus custom ones from the configuration) always,
/// and Veil's T5 tagger, at the operating point `--sensitivity` names (`VEIL_SENSITIVITY`).
///
/// A model that was asked for (`--model`, `VEIL_MODEL`, `"model"` in the file) must load, or
/// the command fails: Veil never silently runs with less detection than configured. Without
/// one, the shipped model is used (``ShippedModel``: next to the working directory, the executable
/// or its install prefix), and none found is an error; `--patterns-only` runs without a model.
struct DetectorOptions: ParsableArguments {
    static let defaultModelPath = ShippedModel.relativePath

    /// The model folder these settings run, or nil for patterns only.
    static func modelPath(settings: VeilSettings) throws(CLIError) -> String? {
        if settings.patternsOnly { return nil }
        if let path = settings.model { return path }
        guard let found = ShippedModel.locate() else { throw ShippedModel.notFound() }
        return found
    }

    @Option(help: "Model folder (config.json, model.safetensors, tokenizer.json) (default: the shipped \(defaultModelPath), found next to the working directory, the executable or its install prefix's share/veil).")
    var model: String?
    @Flag(help: "Run the pattern detectors only, without the model.")
    var patternsOnly = false
    @Option(help: "Threads one model pass uses; passes run one at a time (default 2).")
    var modelThreads: String?
    @Option(help: "Model jobs that may wait for the model; more are answered 503 (default 64).")
    var modelQueue: String?
    @Option(help: "Seconds a model job may wait before its request is answered 503 (default 30).")
    var modelQueueWait: String?
    @Option(help: "Longest text in UTF-8 bytes the model reads; longer ones are refused: 413, or exit 65 (default 1048576).")
    var modelMaxText: String?
    @Option(help: "The model's operating point: strict (fewest false positives), balanced or high-recall (default balanced).")
    var sensitivity: String?

    var flagValues: [(String, String?)] {
        [("model", model), ("patterns_only", patternsOnly ? "true" : nil), ("model_threads", modelThreads),
         ("model_queue", modelQueue), ("model_queue_wait", modelQueueWait), ("model_max_text", modelMaxText),
         ("sensitivity", sensitivity)]
    }

    /// Labels the detectors these settings load can produce, without loading the model's weights
    /// (the tagger's labels come from its `config.json`): for `veil config check`.
    static func knownLabels(settings: VeilSettings) throws(CLIError) -> Set<EntityLabel> {
        let patterns = Anonymizer(detectors: PatternDetectors.all(custom: settings.customRegexDetectors())).supportedLabels
        guard let path = try modelPath(settings: settings) else { return patterns }
        do {
            return patterns.union(try ModelKind.labels(inModelAt: URL(fileURLWithPath: path)))
        } catch {
            throw CLIError.config("Cannot read the model's labels at \(path): \(error). Pass --model DIR, or --patterns-only to run without it.")
        }
    }

    /// `names` (the `labels` setting or `--labels`) read against `known`: an unknown name is a
    /// configuration error (exit 78), never a run that detects nothing (issue #15, item 3).
    /// nil (the setting is absent or empty) means every label.
    static func checkedLabels(_ names: [String]?, known: Set<EntityLabel>, setting: String = "labels") throws(CLIError) -> Set<EntityLabel>? {
        guard let names else { return nil }
        do {
            return try LabelSelection.parse(names, known: known)
        } catch {
            throw CLIError.config("setting '\(setting)' \(error.description)")
        }
    }

    /// The detectors, a one-word description of the mode for logs, and the model detector when
    /// one runs (for its metrics).
    static func detectors(settings: VeilSettings, logger: Logger) throws -> (detectors: [any Detector], mode: String, model: (any ComputeBackedDetector)?) {
        let patterns: [any Detector] = PatternDetectors.all(custom: settings.customRegexDetectors())
        guard let path = try modelPath(settings: settings) else { return (patterns, "patterns-only", nil) }
        do {
            // config.json picks the kind: the tagger (default) or a seq2seq anonymizer (ModelKind).
            let detector = try ModelKind.load(
                folder: URL(fileURLWithPath: path), threads: settings.modelThreads, maxQueued: settings.modelQueue,
                queueWait: .milliseconds(Int(settings.modelQueueWait * 1000)))
            logger.info("model loaded", metadata: ["model.path": "\(path)", "model.kind": "\(detector.name)",
                                                   "model.labels": "\(detector.supportedLabels.count)", "model.weights": "\(detector.weights)"])
            // Texts over model_max_text are refused before the cache or the model sees them.
            let limited = TextLimitedDetector(CachingDetector(detector), maxTextBytes: settings.modelMaxText)
            return (patterns + [limited], "model+patterns", detector)
        } catch {
            throw CLIError.config("Cannot load the model at \(path): \(error). Pass --model DIR, or --patterns-only to run without it.")
        }
    }
}
