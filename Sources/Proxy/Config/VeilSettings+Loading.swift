import Anonymizer
import Foundation

extension VeilSettings {
    /// Defaults, then the file (if any), then every `VEIL_*` variable that names a setting.
    public static func resolve(file: String?, environment: [String: String]) throws(ConfigError) -> VeilSettings {
        var settings = VeilSettings()
        if let file { try settings.applyFile(file) }
        try settings.applyEnvironment(environment)
        return settings
    }

    /// A JSON object of settings (`Config/veil.json`); unknown keys are errors, so a typo never
    /// silently falls back to a default.
    public mutating func applyFile(_ path: String) throws(ConfigError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigError("cannot read the configuration file \(path)")
        }
        let json: JSONValue
        do {
            json = try JSONParser.parse(Array(data))
        } catch {
            throw ConfigError("\(path) is not valid JSON: \(error)")
        }
        guard case .object(let members) = json else { throw ConfigError("\(path) must hold a JSON object of settings") }
        for (key, value) in members {
            if key == "custom_detectors" {
                customDetectors = try Self.customDetectors(value, path: path)
            } else if !key.hasPrefix("//") {  // "//": "comment" members are allowed
                try apply(key, .json(value), from: .file(path))
            }
        }
    }

    /// `VEIL_<KEY>` for every key; variables Veil does not know are left alone (the
    /// environment is shared with other programs).
    public mutating func applyEnvironment(_ environment: [String: String]) throws(ConfigError) {
        for key in Self.keys {
            guard let value = environment[key.environmentName], !value.isEmpty else { continue }
            try apply(key.name, .text(value), from: .environment)
        }
    }

    static func customDetectors(_ value: JSONValue, path: String) throws(ConfigError) -> [CustomDetectorSetting] {
        guard case .array(let items) = value else {
            throw ConfigError("setting 'custom_detectors' in \(path) must be a list of {\"label\", \"pattern\"} objects")
        }
        var out: [CustomDetectorSetting] = []
        for (i, item) in items.enumerated() {
            guard let label = item["label"]?.stringValue, let pattern = item["pattern"]?.stringValue else {
                throw ConfigError("custom_detectors[\(i)] in \(path) needs string members 'label' and 'pattern'")
            }
            out.append(CustomDetectorSetting(label: label, pattern: pattern))
        }
        return out
    }

    /// Checks what the types alone cannot; the message names the key.
    public func validate() throws(ConfigError) {
        guard let upstream, !upstream.isEmpty else {
            throw ConfigError("setting 'upstream' is required (flag --upstream, VEIL_UPSTREAM, or \"upstream\" in the file)")
        }
        let lower = upstream.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            throw ConfigError("setting 'upstream' must be an http:// or https:// URL")
        }
        let anthropic = anthropicUpstream.lowercased()
        guard anthropic.hasPrefix("http://") || anthropic.hasPrefix("https://") else {
            throw ConfigError("setting 'anthropic_upstream' must be an http:// or https:// URL")
        }
        guard (0...65535).contains(port) else { throw ConfigError("setting 'port' must be 0…65535") }
        guard maxBody > 0 else { throw ConfigError("setting 'max_body' must be positive") }
        guard bodyMemoryLimit >= maxBody else {
            throw ConfigError("setting 'body_memory_limit' (\(bodyMemoryLimit)) must be at least 'max_body' (\(maxBody)), or the largest bodies never fit")
        }
        guard maxConnections > 0 else { throw ConfigError("setting 'max_connections' must be positive") }
        guard modelThreads > 0 else { throw ConfigError("setting 'model_threads' must be positive") }
        guard modelQueue > 0 else { throw ConfigError("setting 'model_queue' must be positive") }
        guard modelMaxText > 0 else { throw ConfigError("setting 'model_max_text' must be positive") }
        guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(logLevel.lowercased()) else {
            throw ConfigError("setting 'log_level' must be trace, debug, info, notice, warning, error or critical")
        }
        guard ["text", "json"].contains(logFormat.lowercased()) else {
            throw ConfigError("setting 'log_format' must be text or json")
        }
        try validateVault()
        for (i, custom) in customDetectors.enumerated() {
            do {
                _ = try CustomRegexDetector(label: EntityLabel(custom.label), pattern: custom.pattern)
            } catch {
                throw ConfigError("custom_detectors[\(i)] (\(custom.label)): \(error)")
            }
        }
    }

    /// The custom detectors, built (call `validate()` first).
    public func customRegexDetectors() -> [CustomRegexDetector] {
        customDetectors.compactMap { try? CustomRegexDetector(label: EntityLabel($0.label), pattern: $0.pattern) }
    }
}
