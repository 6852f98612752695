import Anonymizer
import Testing
@testable import Proxy

@Suite struct SystemPreambleTests {
    let preamble = SystemPreamble(text: "Keep placeholders.")

    @Test func insertsASystemMessageFirst() throws {
        let body = try JSONParser.parse(#"{"messages":[{"role":"user","content":"hi"}]}"#)
        let out = preamble.insert(into: body, endpoint: .chatCompletions)
        #expect(out.serialized() == #"{"messages":[{"role":"system","content":"Keep placeholders."},{"role":"user","content":"hi"}]}"#)
    }

    @Test func prependsToAnExistingSystemMessage() throws {
        let body = try JSONParser.parse(#"{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"hi"}]}"#)
        let out = preamble.insert(into: body, endpoint: .chatCompletions)
        #expect(out["messages"]?.arrayValue?.first?["content"]?.stringValue == "Keep placeholders.\n\nBe brief.")
        #expect(out["messages"]?.arrayValue?.count == 2)
    }

    @Test func responsesUseInstructions() throws {
        let body = try JSONParser.parse(#"{"input":"hi"}"#)
        #expect(preamble.insert(into: body, endpoint: .responses)["instructions"]?.stringValue == "Keep placeholders.")
    }

    @Test func embeddingsUntouched() throws {
        let body = try JSONParser.parse(#"{"input":"hi"}"#)
        #expect(preamble.insert(into: body, endpoint: .embeddings) == body)
    }
}
