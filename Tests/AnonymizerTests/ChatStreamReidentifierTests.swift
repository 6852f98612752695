import Testing
@testable import Anonymizer

@Suite struct ChatStreamReidentifierTests {
    func chunk(content: String? = nil, arguments: String? = nil, choice: Int = 0, finish: String? = nil) -> JSONValue {
        var delta: [(key: String, value: JSONValue)] = []
        if let content { delta.append((key: "content", value: .string(content))) }
        if let arguments {
            delta.append((key: "tool_calls", value: .array([.object([
                (key: "index", value: .int(0)), (key: "function", value: .object([(key: "arguments", value: .string(arguments))])),
            ])])))
        }
        return .object([
            (key: "id", value: .string("c1")), (key: "object", value: .string("chat.completion.chunk")), (key: "model", value: .string("m")),
            (key: "choices", value: .array([.object([
                (key: "index", value: .int(choice)), (key: "delta", value: .object(delta)),
                (key: "finish_reason", value: finish.map { .string($0) } ?? .null),
            ])])),
        ])
    }

    func contents(_ chunks: [JSONValue]) -> String {
        chunks.compactMap { $0["choices"]?.arrayValue?.first?["delta"]?["content"]?.stringValue }.joined()
    }

    @Test func contentSplitAcrossChunksIsRestoredPerChoice() {
        var r = ChatStreamReidentifier(map: sampleMap())
        var out: [JSONValue] = []
        for piece in ["Dear [NA", "ME_", "1], mail [EMAIL", "_1]."] { out.append(r.reidentify(chunk: chunk(content: piece))) }
        // choice 1 interleaved, its own stream
        let other = r.reidentify(chunk: chunk(content: "x NAME_1", choice: 1))
        out.append(r.reidentify(chunk: chunk(finish: "stop")))
        #expect(contents(out) == "Dear Ada Lovelace, mail ada@x.io.")
        #expect(other["choices"]?.arrayValue?[0]["delta"]?["content"] == .string("x "))
        let final = r.flushChunk()
        #expect(final?["choices"]?.arrayValue?[0]["index"] == .int(1))
        #expect(final?["choices"]?.arrayValue?[0]["delta"]?["content"] == .string("Ada Lovelace"))
        #expect(final?["id"] == .string("c1"))
        #expect(r.flushChunk() == nil)
    }

    @Test func heldBackTailIsAppendedToTheFinishChunk() {
        var r = ChatStreamReidentifier(map: sampleMap())
        let first = r.reidentify(chunk: chunk(content: "bye NAME_1"))
        let last = r.reidentify(chunk: chunk(content: "", finish: "stop"))
        #expect(contents([first, last]) == "bye Ada Lovelace")
        #expect(r.flush().isEmpty)
    }

    @Test func toolArgumentsStreamJSONEscaped() throws {
        var r = ChatStreamReidentifier(map: sampleMap())
        var arguments = ""
        for piece in ["{\"org\":\"[ORGAN", "IZATION_1]\",", "\"n\":\"NAME_1\"}"] {
            let out = r.reidentify(chunk: chunk(arguments: piece))
            arguments += out["choices"]?.arrayValue?[0]["delta"]?["tool_calls"]?.arrayValue?[0]["function"]?["arguments"]?.stringValue ?? ""
        }
        for tail in r.flush() { arguments += tail.text }
        let inner = try JSONParser.parse(arguments)
        #expect(inner["org"] == .string("O\"Brien \\ Co"))
        #expect(inner["n"] == .string("Ada Lovelace"))
    }

    @Test func everySplitOfAStreamMatchesWholeText() {
        let answer = "To [NAME_1] <[EMAIL_1]> re [[ORGANIZATION_1]]"
        let whole = Reidentifier(map: sampleMap()).reidentify(answer)
        let scalars = Array(answer.unicodeScalars)
        for k in 0...scalars.count {
            var r = ChatStreamReidentifier(map: sampleMap())
            var a = String.UnicodeScalarView(), b = String.UnicodeScalarView()
            a.append(contentsOf: scalars[..<k])
            b.append(contentsOf: scalars[k...])
            var out = [r.reidentify(chunk: chunk(content: String(a))), r.reidentify(chunk: chunk(content: String(b)))]
            if let final = r.flushChunk() { out.append(final) }
            #expect(contents(out) == whole, "split at \(k)")
        }
    }

    @Test func responsesStreamEvents() throws {
        var r = ResponsesStreamReidentifier(map: sampleMap())
        func delta(_ type: String, _ d: String) -> JSONValue {
            .object([(key: "type", value: .string(type)), (key: "output_index", value: .int(0)), (key: "content_index", value: .int(0)), (key: "delta", value: .string(d))])
        }
        var text = ""
        for piece in ["Hi [NAME", "_1] and NAME_1"] {
            for e in r.reidentify(event: delta("response.output_text.delta", piece)) { text += e["delta"]?.stringValue ?? "" }
        }
        let done = r.reidentify(event: .object([(key: "type", value: .string("response.output_text.done")), (key: "output_index", value: .int(0)),
                                                (key: "content_index", value: .int(0)), (key: "text", value: .string("Hi [NAME_1] and NAME_1"))]))
        #expect(done.count == 2)
        text += done[0]["delta"]?.stringValue ?? ""
        #expect(text == "Hi Ada Lovelace and Ada Lovelace")
        #expect(done[1]["text"] == .string("Hi Ada Lovelace and Ada Lovelace"))

        var arguments = ""
        for piece in ["{\"o\":\"[ORGANIZATION", "_1]\"}"] {
            for e in r.reidentify(event: delta("response.function_call_arguments.delta", piece)) { arguments += e["delta"]?.stringValue ?? "" }
        }
        for e in r.flush() { arguments += e["delta"]?.stringValue ?? "" }
        #expect(try JSONParser.parse(arguments)["o"] == .string("O\"Brien \\ Co"))

        let completed = r.reidentify(event: try JSONParser.parse(#"{"type":"response.completed","response":{"output_text":"[EMAIL_1]"}}"#))
        #expect(completed[0]["response"]?["output_text"] == .string("ada@x.io"))
    }
}
