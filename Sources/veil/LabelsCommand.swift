import Anonymizer
import ArgumentParser
import Foundation
import Proxy
import Tagger

/// `veil labels`: every label the configured detectors know, who finds it, whether a request that
/// names no labels gets it, and what it means (issue #16 item 8).
struct LabelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "labels",
        abstract: "List the labels the patterns and the model know, and which are on by default.")

    @Option(help: "JSON configuration file (default: VEIL_CONFIG, or none).") var config: String?
    @OptionGroup var detectors: DetectorOptions

    func run() throws {
        let settings = try ServeCommand.settings(configFile: config, flags: detectors.flagValues, requireUpstream: false)
        let patterns = Anonymizer(detectors: PatternDetectors.all(custom: settings.customRegexDetectors())).supportedLabels
        var model: Set<EntityLabel> = []
        var modelDefaults: Set<EntityLabel>?
        let path = try DetectorOptions.modelPath(settings: settings)
        if let path {
            let folder = URL(fileURLWithPath: path)
            do {
                model = try ModelKind.labels(inModelAt: folder)  // a tagger or a seq2seq anonymizer
                modelDefaults = try ModelDetector.defaultLabels(inModelAt: folder)
            } catch {
                throw CLIError.config("Cannot read the model's labels at \(path): \(error).")
            }
        }
        let configured = try DetectorOptions.checkedLabels(settings.labels, known: patterns.union(model))
        print("model: \(path ?? "off (patterns only)")")
        print(settings.labels == nil ? "requests without labels get: every pattern label, and the model's defaults"
                                     : "requests without labels get: the configured labels")
        for label in patterns.union(model).sorted() {
            let by = [patterns.contains(label) ? "patterns" : nil, model.contains(label) ? "model" : nil].compactMap { $0 }
            let on = configured.map { $0.contains(label) }
                ?? (patterns.contains(label) || model.contains(label) && modelDefaults.map { $0.contains(label) } ?? true)
            let name = label.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
            let source = by.joined(separator: "+").padding(toLength: 15, withPad: " ", startingAt: 0)
            print("\(name) \(source) \(on ? "on " : "off") \(EntityLabel.descriptions[label] ?? "custom detector")")
        }
    }
}
