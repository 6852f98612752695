import Anonymizer
import ArgumentParser
import Foundation
import Proxy

/// `veil config check [FILE]`: validates a configuration (the file, then `VEIL_*` variables)
/// exactly as `veil serve` would, and prints the effective settings.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Work with Veil's configuration.",
        subcommands: [Check.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a configuration file (and the VEIL_* environment) as veil serve would.")

        @Argument(help: "JSON configuration file (default: VEIL_CONFIG, or none).") var file: String?

        func run() throws {
            let settings = try ServeCommand.settings(configFile: file, flags: [])
            let labels = try DetectorOptions.checkedLabels(settings.labels, known: try DetectorOptions.knownLabels(settings: settings))
            let model = try DetectorOptions.modelPath(settings: settings)
            print("ok: upstream \(settings.upstream ?? "-"), listen \(settings.host):\(settings.port), "
                + "labels \(labels.map { $0.map(\.rawValue).sorted().joined(separator: ",") } ?? "default (veil labels lists them)"), "
                + "masked \(settings.maskLabels.joined(separator: ",")), custom detectors \(settings.customDetectors.count), "
                + "model \(model ?? "off (patterns only)"), sensitivity \(settings.sensitivity)")
        }
    }
}
