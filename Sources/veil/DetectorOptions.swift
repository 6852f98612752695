import Anonymizer
import ArgumentParser
import Foundation
import Logging
import Proxy

/// Which detectors run: the pattern detectors always, plus Veil's T5 tagger.
///
/// `--model DIR` (or `VEIL_MODEL`) must load, or the command fails: Veil never silently runs
/// with less detection than it was asked for. Without it, the shipped model
/// (`Models/veil-pii-tagger`, relative to the working directory) is used when present;
/// `--patterns-only` (or `VEIL_PATTERNS_ONLY=1`) runs without a model explicitly.
struct DetectorOptions: ParsableArguments {
    static let defaultModelPath = "Models/veil-pii-tagger"

    @Option(help: "Model folder (config.json, model.safetensors, tokenizer.json) (env VEIL_MODEL; default \(defaultModelPath) when present).")
    var model: String?
    @Flag(help: "Run the pattern detectors only, without the model (env VEIL_PATTERNS_ONLY=1).")
    var patternsOnly = false
    @Option(help: "Threads for model inference (env VEIL_MODEL_THREADS; default 1).")
    var modelThreads: Int?

    /// The detectors, and a one-word description of the mode for logs.
    func detectors(logger: Logger) throws -> (detectors: [any Detector], mode: String) {
        let env = Environment()
        let patterns: [any Detector] = PatternDetectors.all()
        if patternsOnly || env["VEIL_PATTERNS_ONLY"] == "1" { return (patterns, "patterns-only") }
        let explicit = model ?? env["VEIL_MODEL"]
        let path = explicit ?? Self.defaultModelPath
        guard explicit != nil || FileManager.default.fileExists(atPath: path + "/config.json") else {
            logger.notice("no model folder; running the pattern detectors only", metadata: ["model.path": "\(path)"])
            return (patterns, "patterns-only")
        }
        let threads = try modelThreads ?? env.int("VEIL_MODEL_THREADS") ?? 1
        do {
            let detector = try ModelDetector(folder: URL(fileURLWithPath: path), threads: threads)
            let cached = CachingDetector(detector)
            logger.info("model loaded", metadata: ["model.path": "\(path)", "model.labels": "\(detector.supportedLabels.count)"])
            return (patterns + [cached], "model+patterns")
        } catch {
            throw ValidationError("Cannot load the model at \(path): \(error). Pass --model DIR, or --patterns-only to run without it.")
        }
    }
}
