import Anonymizer

/// Legacy `/v1/completions` streams: `choices[i].text` deltas, one streaming re-identifier per choice.
struct CompletionsChunkReidentifier: Sendable {
    private let map: PlaceholderMap
    private var streams: [Int: StreamingReidentifier] = [:]
    private var envelope: [(key: String, value: JSONValue)] = []

    init(map: PlaceholderMap) {
        self.map = map
    }

    mutating func reidentify(chunk: JSONValue) -> JSONValue {
        guard case .object(var members) = chunk,
              let c = members.firstIndex(where: { $0.key == "choices" }),
              case .array(var choices) = members[c].value else { return chunk }
        envelope = members.filter { $0.key != "choices" && $0.key != "usage" }
        for i in choices.indices {
            guard case .object(var choice) = choices[i],
                  let t = choice.firstIndex(where: { $0.key == "text" }),
                  case .string(let text) = choice[t].value else { continue }
            let index = choices[i]["index"]?.intValue ?? i
            var stream = streams[index] ?? StreamingReidentifier(map: map)
            var restored = stream.feed(text)
            if let reason = choices[i]["finish_reason"], !reason.isNull {
                restored += stream.finish()
            }
            streams[index] = stream
            choice[t].value = .string(restored)
            choices[i] = .object(choice)
        }
        members[c].value = .array(choices)
        return .object(members)
    }

    /// A final chunk with every held-back tail, or nil.
    mutating func flushChunk() -> JSONValue? {
        var choices: [JSONValue] = []
        for index in streams.keys.sorted() {
            guard var stream = streams[index] else { continue }
            let tail = stream.finish()
            streams[index] = stream
            if !tail.isEmpty {
                choices.append(.object([(key: "index", value: .int(index)), (key: "text", value: .string(tail)),
                                        (key: "finish_reason", value: .null)]))
            }
        }
        guard !choices.isEmpty else { return nil }
        return .object(envelope + [(key: "choices", value: .array(choices))])
    }
}
