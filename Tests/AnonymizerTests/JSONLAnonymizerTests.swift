import Testing
@testable import Anonymizer

@Suite struct JSONLAnonymizerTests {
    let processor = JSONLAnonymizer(anonymizer: Anonymizer(detectors: [TestEmailDetector(), WordListDetector(words: ["Ann"])]))

    @Test func redactsAndReportsScalarOffsets() async throws {
        let out = await processor.process(line: #"{"id":12,"text":"😀 Ann: a@b.io\n"}"#)
        #expect(out == #"{"id":12,"text":"😀 [NAME_1]: [EMAIL_1]\n","entities":[{"start":2,"end":5,"label":"NAME","text":"Ann","placeholder":"[NAME_1]","detector":"test-words","score":0.9},{"start":7,"end":13,"label":"EMAIL","text":"a@b.io","placeholder":"[EMAIL_1]","detector":"test-email","score":1}]}"#)
    }

    @Test func idIsEchoedWithItsType() async {
        #expect(await processor.process(line: #"{"id":"a-1","text":"x"}"#) == #"{"id":"a-1","text":"x","entities":[]}"#)
        #expect(await processor.process(line: #"{"id":{"k":[1]},"text":"x"}"#) == #"{"id":{"k":[1]},"text":"x","entities":[]}"#)
        #expect(await processor.process(line: #"{"text":"x"}"#) == #"{"id":null,"text":"x","entities":[]}"#)
    }

    @Test func labelsRestrictRedaction() async {
        #expect(await processor.process(line: #"{"id":1,"text":"Ann a@b.io","labels":["email"]}"#)
            == #"{"id":1,"text":"Ann [EMAIL_1]","entities":[{"start":4,"end":10,"label":"EMAIL","text":"a@b.io","placeholder":"[EMAIL_1]","detector":"test-email","score":1}]}"#)
    }

    /// Issue #15 item 3: a line whose labels are empty or misspelt got its text back unredacted.
    @Test(arguments: [#"[]"#, #"[""]"#, #"["EMIAL"]"#, #"["EMAILS"]"#, #"["email","FOO"]"#])
    func emptyOrUnknownLabelsAreAnErrorLineNotAnUnredactedText(_ labels: String) async {
        let out = await processor.process(line: #"{"id":6,"text":"Ann a@b.io","labels":\#(labels)}"#)
        #expect(out.hasPrefix(#"{"id":6,"error":"'labels' names"#))
        #expect(out.contains("valid labels: EMAIL, NAME"))
        #expect(!out.contains("a@b.io"))
    }

    @Test func eachLineHasItsOwnMap() async {
        _ = await processor.process(line: #"{"id":1,"text":"Ann"}"#)
        #expect(await processor.process(line: #"{"id":2,"text":"b@c.io"}"#).contains("[EMAIL_1]"))
    }

    @Test func malformedLinesGiveErrorLines() async {
        #expect(await processor.process(line: "{oops") == #"{"id":null,"error":"invalid JSON at byte 1: unexpected character 'o'"}"#)
        #expect(await processor.process(line: "[1]") == #"{"id":null,"error":"line must be a JSON object"}"#)
        #expect(await processor.process(line: #"{"id":3,"text":5}"#) == #"{"id":3,"error":"'text' must be a string"}"#)
        #expect(await processor.process(line: #"{"id":4,"text":"x","labels":"NAME"}"#) == #"{"id":4,"error":"'labels' must be an array of strings"}"#)
        #expect(await processor.process(lineBytes: [0x7B, 0x22, 0xFF]).hasPrefix(#"{"id":null,"error":"#))
    }

    @Test func detectorFailureIsAnErrorLine() async {
        let failing = JSONLAnonymizer(anonymizer: Anonymizer(detectors: [FailingDetector()]))
        #expect(await failing.process(line: #"{"id":5,"text":"x"}"#).hasPrefix(#"{"id":5,"error":"anonymization failed"#))
    }
}
