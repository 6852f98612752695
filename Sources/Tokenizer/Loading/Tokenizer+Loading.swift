import Foundation

extension Tokenizer {
    /// Loads a `tokenizer.json` file.
    public static func load(from url: URL) throws(TokenizerError) -> Tokenizer {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .fileNotFound(path: url.path)
        }
        return try Tokenizer(json: data)
    }

    /// Builds a tokenizer from the bytes of a `tokenizer.json`.
    public init(json data: Data) throws(TokenizerError) {
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw .invalidJSON(reason: "not JSON (\(data.count) bytes)")
        }
        guard case .object = root else { throw .invalidJSON(reason: "top level is not an object") }
        guard let modelNode = root["model"] else { throw .invalidJSON(reason: "no model") }
        let model = try Self.model(modelNode)
        let normalizer = try Self.normalizer(root["normalizer"])
        let added = try Self.addedVocabulary(root["added_tokens"], normalizer: normalizer)
        self.init(
            normalizer: normalizer,
            preTokenizer: try Self.preTokenizer(root["pre_tokenizer"]),
            model: model,
            addedVocabulary: added,
            postProcessor: try Self.postProcessor(root["post_processor"]),
            decoder: try Self.decoder(root["decoder"])
        )
    }

    static func type(of node: JSONValue, component: String) throws(TokenizerError) -> String {
        guard let type = node["type"]?.string else {
            throw .invalidComponent(component: component, reason: "missing type")
        }
        return type
    }

    private static func model(_ node: JSONValue) throws(TokenizerError) -> UnigramModel {
        let type = try type(of: node, component: "model")
        guard type == "Unigram" else { throw .unsupportedComponent(component: "model", type: type) }
        guard let entries = node["vocab"]?.array else {
            throw .invalidComponent(component: "model Unigram", reason: "missing vocab")
        }
        var vocabulary: [(piece: String, score: Double)] = []
        vocabulary.reserveCapacity(entries.count)
        for entry in entries {
            guard let pair = entry.array, pair.count == 2, let piece = pair[0].string, let score = pair[1].double
            else { throw .invalidComponent(component: "model Unigram", reason: "vocab entry is not [piece, score]") }
            vocabulary.append((piece, score))
        }
        return try UnigramModel(
            vocabulary: vocabulary, unknownId: node["unk_id"]?.int, byteFallback: node["byte_fallback"]?.bool ?? false
        )
    }

    private static func addedVocabulary(
        _ node: JSONValue?, normalizer: Normalizer?
    ) throws(TokenizerError) -> AddedVocabulary {
        guard let node, !node.isNull else { return AddedVocabulary(tokens: []) }
        guard let entries = node.array else {
            throw .invalidComponent(component: "added_tokens", reason: "not an array")
        }
        var tokens: [AddedVocabulary.Token] = []
        for entry in entries {
            guard let id = entry["id"]?.int, let content = entry["content"]?.string else {
                throw .invalidComponent(component: "added_tokens", reason: "entry without id and content")
            }
            tokens.append(AddedVocabulary.Token(
                id: id, content: content, special: entry["special"]?.bool ?? false,
                leftStrip: entry["lstrip"]?.bool ?? false, rightStrip: entry["rstrip"]?.bool ?? false,
                normalized: entry["normalized"]?.bool ?? false
            ))
        }
        return AddedVocabulary(tokens: tokens, normalizer: normalizer)
    }

    private static func postProcessor(_ node: JSONValue?) throws(TokenizerError) -> PostProcessor? {
        guard let node, !node.isNull else { return nil }
        let type = try type(of: node, component: "post_processor")
        guard type == "TemplateProcessing" else {
            throw .unsupportedComponent(component: "post_processor", type: type)
        }
        guard let single = node["single"]?.array else {
            throw .invalidComponent(component: "post_processor TemplateProcessing", reason: "missing single")
        }
        var pieces: [PostProcessor.Piece] = []
        for item in single {
            if item["Sequence"] != nil {
                pieces.append(.sequence)
            } else if let name = item["SpecialToken"]?["id"]?.string {
                guard let special = node["special_tokens"]?[name],
                      let ids = special["ids"]?.array?.compactMap(\.int),
                      let tokens = special["tokens"]?.array?.compactMap(\.string), ids.count == tokens.count
                else {
                    throw .invalidComponent(
                        component: "post_processor TemplateProcessing", reason: "special token \(name) undefined"
                    )
                }
                pieces.append(.special(ids: ids, tokens: tokens))
            } else {
                throw .invalidComponent(component: "post_processor TemplateProcessing", reason: "unknown piece")
            }
        }
        return PostProcessor(single: pieces)
    }
}
