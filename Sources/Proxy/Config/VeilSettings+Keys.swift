import Anonymizer

extension VeilSettings {
    enum Kind { case string, int, double, bool, list, sensitivity }

    struct Key: Sendable {
        let name: String
        let kind: Kind
        let help: String
        let set: @Sendable (inout VeilSettings, Value) -> Void

        /// `upstream_timeout` → `VEIL_UPSTREAM_TIMEOUT`.
        var environmentName: String { "VEIL_" + name.uppercased() }
    }

    enum Value {
        case string(String), int(Int), double(Double), bool(Bool), list([String]), sensitivity(Sensitivity)
        var string: String { if case .string(let s) = self { s } else { "" } }
        var int: Int { if case .int(let n) = self { n } else { 0 } }
        var double: Double { if case .double(let d) = self { d } else { 0 } }
        var bool: Bool { if case .bool(let b) = self { b } else { false } }
        var list: [String] { if case .list(let l) = self { l } else { [] } }
        var sensitivity: Sensitivity { if case .sensitivity(let s) = self { s } else { .balanced } }
    }

    static let keys: [Key] = [
        Key(name: "host", kind: .string, help: "listen address") { $0.host = $1.string },
        Key(name: "port", kind: .int, help: "listen port") { $0.port = $1.int },
        Key(name: "upstream", kind: .string, help: "provider base URL") { $0.upstream = $1.string },
        Key(name: "anthropic_upstream", kind: .string, help: "Anthropic API base URL (/v1/messages)") { $0.anthropicUpstream = $1.string },
        Key(name: "upstream_timeout", kind: .double, help: "seconds to first byte and between stream bytes") { $0.upstreamTimeout = $1.double },
        Key(name: "ca_bundle", kind: .string, help: "CA file for the upstream's TLS") { $0.caBundle = $1.string },
        Key(name: "labels", kind: .list, help: "labels to detect (empty: all)") { $0.labels = $1.list.isEmpty ? nil : $1.list },
        Key(name: "mask_labels", kind: .list, help: "labels replaced irreversibly") { $0.maskLabels = $1.list },
        Key(name: "allow", kind: .list, help: "values never redacted") { $0.allow = $1.list },
        Key(name: "passthrough", kind: .list, help: "paths forwarded without anonymization") { $0.passthrough = $1.list },
        Key(name: "anonymize_roles", kind: .list, help: "message roles to anonymize (empty: all)") {
            $0.anonymizeRoles = $1.list.isEmpty ? nil : $1.list
        },
        Key(name: "system_preamble", kind: .string, help: "'default', 'off' or a text") { $0.systemPreamble = $1.string },
        Key(name: "max_body", kind: .int, help: "request body limit in bytes") { $0.maxBody = $1.int },
        Key(name: "body_timeout", kind: .double, help: "seconds a request's whole body may take after its head") {
            $0.bodyTimeout = $1.double
        },
        Key(name: "body_memory_limit", kind: .int, help: "request body bytes held at once, all connections together") {
            $0.bodyMemoryLimit = $1.int
        },
        Key(name: "max_connections", kind: .int, help: "client connections open at once; more get 503") { $0.maxConnections = $1.int },
        Key(name: "log_level", kind: .string, help: "trace … critical") { $0.logLevel = $1.string },
        Key(name: "log_format", kind: .string, help: "text or json") { $0.logFormat = $1.string },
        Key(name: "model", kind: .string, help: "model folder") { $0.model = $1.string },
        Key(name: "patterns_only", kind: .bool, help: "run without the model") { $0.patternsOnly = $1.bool },
        Key(name: "sensitivity", kind: .sensitivity, help: "the model's operating point: \(Sensitivity.choices)") {
            $0.sensitivity = $1.sensitivity
        },
        Key(name: "model_threads", kind: .int, help: "threads for model inference") { $0.modelThreads = $1.int },
        Key(name: "model_queue", kind: .int, help: "model jobs that may wait; more get 503") { $0.modelQueue = $1.int },
        Key(name: "model_queue_wait", kind: .double, help: "seconds a model job may wait before its request gets 503") {
            $0.modelQueueWait = $1.double
        },
        Key(name: "model_max_text", kind: .int, help: "longest text in UTF-8 bytes the model reads; longer ones get 413") {
            $0.modelMaxText = $1.int
        },
        Key(name: "debug_headers", kind: .bool, help: "per-label redaction counts in a response header") { $0.debugHeaders = $1.bool },
        Key(name: "metrics_auth", kind: .bool, help: "GET /metrics needs a client key when VEIL_API_KEYS is set") {
            $0.metricsAuth = $1.bool
        },
        Key(name: "vault", kind: .string, help: "conversation state: memory, none or redis://HOST:PORT[/DB]") { $0.vault = $1.string },
        Key(name: "vault_ttl_seconds", kind: .int, help: "seconds a conversation's map is kept") { $0.vaultTTLSeconds = $1.int },
        Key(name: "vault_key", kind: .string, help: "vault encryption key, 32 bytes as hex or base64") { $0.vaultKey = $1.string },
    ]

    /// Applies one raw value to the setting `name`.
    public mutating func apply(_ name: String, _ raw: Raw, from source: Source) throws(ConfigError) {
        guard let key = Self.keys.first(where: { $0.name == name }) else {
            throw ConfigError("unknown setting '\(name)' \(source)")
        }
        key.set(&self, try Self.convert(raw, to: key.kind, key: name, source: source))
    }

    static func convert(_ raw: Raw, to kind: Kind, key: String, source: Source) throws(ConfigError) -> Value {
        func fail(_ expected: String) -> ConfigError {
            ConfigError("setting '\(key)' \(source) must be \(expected)")
        }
        switch (kind, raw) {
        case (.string, .text(let s)), (.string, .json(.string(let s))):
            return .string(s)
        case (.int, .text(let s)), (.int, .json(.number(let s))):
            guard let n = Int(s) else { throw fail("an integer") }
            return .int(n)
        case (.double, .text(let s)), (.double, .json(.number(let s))):
            guard let d = Double(s), d > 0 else { throw fail("a positive number") }
            return .double(d)
        case (.bool, .json(.bool(let b))):
            return .bool(b)
        case (.bool, .text(let s)):
            switch s.lowercased() {
            case "1", "true", "yes", "on": return .bool(true)
            case "0", "false", "no", "off", "": return .bool(false)
            default: throw fail("true or false")
            }
        case (.list, .text(let s)), (.list, .json(.string(let s))):
            return .list(s.split(separator: ",").map { $0.trimmingCharacters(in: " \t") }.filter { !$0.isEmpty })
        case (.sensitivity, .text(let s)), (.sensitivity, .json(.string(let s))):
            guard let sensitivity = Sensitivity(parsing: s) else { throw fail(Sensitivity.choices) }
            return .sensitivity(sensitivity)
        case (.list, .json(.array(let items))):
            var out: [String] = []
            for item in items {
                guard case .string(let s) = item else { throw fail("a list of strings") }
                out.append(s)
            }
            return .list(out)
        case (.string, _): throw fail("a string")
        case (.int, _): throw fail("an integer")
        case (.double, _): throw fail("a number")
        case (.bool, _): throw fail("true or false")
        case (.list, _): throw fail("a list of strings or a comma-separated string")
        case (.sensitivity, _): throw fail(Sensitivity.choices)
        }
    }
}
