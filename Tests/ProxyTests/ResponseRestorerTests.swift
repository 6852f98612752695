import Anonymizer
import Foundation
import Testing
@testable import Proxy

@Suite struct ResponseRestorerTests {
    static let value = #"Bob "The Builder" O\Neil"#

    func map() -> (PlaceholderMap, String) {
        var map = PlaceholderMap()
        let token = map.placeholder(for: Self.value, label: .name).token
        return (map, token)
    }

    func chatBody(content: String) -> [UInt8] {
        JSONValue.object([(key: "choices", value: .array([.object([
            (key: "index", value: .int(0)),
            (key: "message", value: .object([(key: "role", value: .string("assistant")), (key: "content", value: .string(content))])),
        ])]))]).serializedBytes()
    }

    func content(of bytes: [UInt8]) throws -> String {
        let json = try JSONParser.parse(bytes)
        return try #require(json["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue)
    }

    @Test func plainContentGetsTheRawValue() throws {
        let (map, token) = map()
        let out = try OpenAIResponseRestorer(endpoint: .chatCompletions, map: map).restore(chatBody(content: "Hi \(token)"), status: 200)
        #expect(try content(of: out) == "Hi " + Self.value)
    }

    @Test func jsonModeContentStaysValidJSON() throws {
        let (map, token) = map()
        let restorer = OpenAIResponseRestorer(endpoint: .chatCompletions, map: map, contentIsJSON: true)
        let out = try restorer.restore(chatBody(content: #"{"name":"\#(token)"}"#), status: 200)
        let inner = try JSONSerialization.jsonObject(with: Data(try content(of: out).utf8)) as? [String: String]
        #expect(inner?["name"] == Self.value)
    }

    @Test func jsonModeStreamEscapesSplitPlaceholders() throws {
        let (map, token) = map()
        var rewriter = OpenAIEventRewriter(endpoint: .chatCompletions, map: map, contentIsJSON: true)
        let whole = #"{"name":"\#(token)"}"#
        var text = ""
        for (i, piece) in stride(from: 0, to: whole.count, by: 4).map({ i in String(Array(whole)[i..<min(i + 4, whole.count)]) }).enumerated() {
            let chunk = #"{"choices":[{"index":0,"delta":{"content":\#(JSONValue.string(piece).serialized())},"finish_reason":null}],"n":\#(i)}"#
            text += try deltas(rewriter.rewrite(ServerSentEvent(data: chunk)))
        }
        text += try deltas(rewriter.rewrite(ServerSentEvent(data: "[DONE]")))
        let inner = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String]
        #expect(inner?["name"] == Self.value)
    }

    @Test func errorBodiesHaveEveryStringRestored() throws {
        let (map, token) = map()
        let body = Array(#"{"error":{"message":"bad input about \#(token)","type":"invalid_request_error"}}"#.utf8)
        let out = try JSONParser.parse(try OpenAIResponseRestorer(endpoint: .chatCompletions, map: map).restore(body, status: 400))
        #expect(out["error"]?["message"]?.stringValue == "bad input about " + Self.value)
    }

    /// Concatenated `delta.content` of the events in an encoded SSE byte run.
    func deltas(_ bytes: [UInt8]) throws -> String {
        var parser = SSEParser()
        return try parser.feed(bytes).filter { $0.data != "[DONE]" }.map { event in
            let json = try JSONParser.parse(event.data)
            return json["choices"]?.arrayValue?.compactMap { $0["delta"]?["content"]?.stringValue }.joined() ?? ""
        }.joined()
    }

    @Test func successBodyThatIsNotJSONIs502() {
        let (map, token) = map()
        let truncated = Array(#"{"choices":[{"message":{"content":"\#(token)"#.utf8)
        #expect(throws: ProxyError.upstreamInvalid("the body is not valid JSON (\(truncated.count) bytes)")) {
            try OpenAIResponseRestorer(endpoint: .chatCompletions, map: map).restore(truncated, status: 200)
        }
    }

    @Test func errorBodyThatIsNotJSONKeepsItsStatusAndGetsAnOpenAIError() throws {
        let page = Array("<html>down: [NAME_1]</html>".utf8)
        do {
            _ = try OpenAIResponseRestorer(endpoint: .chatCompletions, map: PlaceholderMap()).restore(page, status: 503)
            Issue.record("a non-JSON body was relayed")
        } catch {
            #expect(error.status.code == 503)
            #expect(error.code == "upstream_error")
            #expect(!error.message.contains("html"))  // the upstream's text is never quoted
        }
    }

    @Test func validJSONWithAnEmptyMapIsRelayedByteForByte() throws {
        let body = Array(#"{"choices": [ {"index":0} ],  "x": 1.50}"#.utf8)
        #expect(try OpenAIResponseRestorer(endpoint: .chatCompletions, map: PlaceholderMap()).restore(body, status: 200) == body)
    }
}
