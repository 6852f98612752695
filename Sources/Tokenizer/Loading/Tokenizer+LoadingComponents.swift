import Foundation

extension Tokenizer {
    static func normalizer(_ node: JSONValue?) throws(TokenizerError) -> Normalizer? {
        guard let node, !node.isNull else { return nil }
        let type = try type(of: node, component: "normalizer")
        switch type {
        case "Sequence":
            guard let items = node["normalizers"]?.array else {
                throw .invalidComponent(component: "normalizer Sequence", reason: "missing normalizers")
            }
            var normalizers: [Normalizer] = []
            for item in items {
                if let normalizer = try normalizer(item) { normalizers.append(normalizer) }
            }
            return .sequence(normalizers)
        case "Precompiled":
            guard let base64 = node["precompiled_charsmap"]?.string, !base64.isEmpty else {
                // HF accepts an empty charsmap; sentencepiece's default rule set is NFKC.
                return .nfkc
            }
            return .precompiled(try PrecompiledCharsmap(base64: base64))
        case "NFKC": return .nfkc
        case "NFC": return .nfc
        case "Lowercase": return .lowercase
        case "Strip":
            return .strip(left: node["strip_left"]?.bool ?? false, right: node["strip_right"]?.bool ?? false)
        case "Replace":
            let content = node["content"]?.string ?? ""
            return .replace(try pattern(node["pattern"], component: "normalizer Replace"),
                            content: Array(content.unicodeScalars))
        default:
            throw .unsupportedComponent(component: "normalizer", type: type)
        }
    }

    static func preTokenizer(_ node: JSONValue?) throws(TokenizerError) -> PreTokenizer? {
        guard let node, !node.isNull else { return nil }
        let type = try type(of: node, component: "pre_tokenizer")
        switch type {
        case "Metaspace": return .metaspace(try metaspace(node, component: "pre_tokenizer Metaspace"))
        case "WhitespaceSplit": return .whitespaceSplit
        case "Sequence":
            guard let items = node["pretokenizers"]?.array else {
                throw .invalidComponent(component: "pre_tokenizer Sequence", reason: "missing pretokenizers")
            }
            var steps: [PreTokenizer] = []
            for item in items {
                if let step = try preTokenizer(item) { steps.append(step) }
            }
            return .sequence(steps)
        default:
            throw .unsupportedComponent(component: "pre_tokenizer", type: type)
        }
    }

    static func decoder(_ node: JSONValue?) throws(TokenizerError) -> TokenDecoder? {
        guard let node, !node.isNull else { return nil }
        let type = try type(of: node, component: "decoder")
        switch type {
        case "Metaspace": return .metaspace(try metaspace(node, component: "decoder Metaspace"))
        case "ByteFallback": return .byteFallback
        case "Fuse": return .fuse
        case "Strip":
            guard let content = node["content"]?.string?.unicodeScalars.first else {
                throw .invalidComponent(component: "decoder Strip", reason: "missing content")
            }
            return .strip(content: content, start: node["start"]?.int ?? 0, stop: node["stop"]?.int ?? 0)
        case "Replace":
            return .replace(try pattern(node["pattern"], component: "decoder Replace"),
                            content: node["content"]?.string ?? "")
        case "Sequence":
            guard let items = node["decoders"]?.array else {
                throw .invalidComponent(component: "decoder Sequence", reason: "missing decoders")
            }
            var steps: [TokenDecoder] = []
            for item in items {
                if let step = try decoder(item) { steps.append(step) }
            }
            return .sequence(steps)
        default:
            throw .unsupportedComponent(component: "decoder", type: type)
        }
    }

    /// `Metaspace` settings, accepting the legacy `add_prefix_space` (true → always, false → never).
    private static func metaspace(_ node: JSONValue, component: String) throws(TokenizerError) -> Metaspace {
        var metaspace = Metaspace()
        if let replacement = node["replacement"]?.string {
            guard let scalar = replacement.unicodeScalars.first, replacement.unicodeScalars.count == 1 else {
                throw .invalidComponent(component: component, reason: "replacement must be one character")
            }
            metaspace.replacement = scalar
        }
        if let scheme = node["prepend_scheme"]?.string {
            guard let parsed = Metaspace.PrependScheme(rawValue: scheme) else {
                throw .invalidComponent(component: component, reason: "unknown prepend_scheme \(scheme)")
            }
            metaspace.prependScheme = parsed
        } else if let addPrefixSpace = node["add_prefix_space"]?.bool {
            metaspace.prependScheme = addPrefixSpace ? .always : .never
        }
        metaspace.split = node["split"]?.bool ?? true
        return metaspace
    }

    private static func pattern(_ node: JSONValue?, component: String) throws(TokenizerError) -> ReplacePattern {
        if let literal = node?["String"]?.string { return .literal(Array(literal.unicodeScalars)) }
        if let regex = node?["Regex"]?.string {
            do {
                return .regex(try NSRegularExpression(pattern: regex))
            } catch {
                throw .invalidComponent(component: component, reason: "regex does not compile")
            }
        }
        throw .invalidComponent(component: component, reason: "pattern is neither String nor Regex")
    }
}
