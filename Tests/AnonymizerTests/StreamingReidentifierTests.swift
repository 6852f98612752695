import Testing
@testable import Anonymizer

@Suite struct StreamingReidentifierTests {
    static let answers = [
        "Dear [NAME_1], your card [CREDIT_CARD_1] and mail [Email_1] ([[NAME_1]]); NAME_1's [NAME 1].",
        "[NAME_1][NAME_1]NAME_1 [NAME_2] [[[EMAIL_1]]] [NAME_1",
        "no placeholders here at all, just [brackets] and NAME words_1 [[",
        "é👩‍👩‍👧 [ORGANIZATION_1]\r\n[CREDIT_CARD_1]]",
    ]

    func stream(_ pieces: [String], escaping: ValueEscaping = .none) -> String {
        var s = StreamingReidentifier(map: sampleMap(), escaping: escaping)
        var out = ""
        for piece in pieces {
            out += s.feed(piece)
            #expect(s.heldBackCount <= StreamingReidentifier.maxHeldBack)
        }
        return out + s.finish()
    }

    @Test(arguments: answers)
    func everyTwoWaySplitMatchesWholeText(_ answer: String) {
        let whole = Reidentifier(map: sampleMap()).reidentify(answer)
        let n = answer.unicodeScalars.count
        for k in 0...n {
            #expect(stream(splitScalars(answer, at: [k])).bytes == whole.bytes, "split at \(k)")
        }
    }

    @Test(arguments: answers)
    func manyThreeWaySplitsMatchWholeText(_ answer: String) {
        let whole = Reidentifier(map: sampleMap()).reidentify(answer)
        let n = answer.unicodeScalars.count
        for a in stride(from: 0, through: n, by: 3) {
            for b in stride(from: a, through: n, by: 2) {
                #expect(stream(splitScalars(answer, at: [a, b])).bytes == whole.bytes, "split at \(a), \(b)")
            }
        }
    }

    @Test func oneScalarAtATime() {
        for answer in Self.answers {
            let pieces = answer.unicodeScalars.map { String($0) }
            #expect(stream(pieces).bytes == Reidentifier(map: sampleMap()).reidentify(answer).bytes)
        }
    }

    @Test func emitsPlainTextImmediately() {
        var s = StreamingReidentifier(map: sampleMap())
        #expect(s.feed("Hello there ") == "Hello there ")
        #expect(s.feed("[NA") == "")
        #expect(s.feed("ME_1] and") == "Ada Lovelace and")
        #expect(s.feed(" [The end") == " [The end")
        #expect(s.finish() == "")
    }

    @Test func heldBackTailIsBounded() {
        var s = StreamingReidentifier(map: sampleMap())
        _ = s.feed("[[CREDIT_CARD_123456789012345678")
        #expect(s.heldBackCount <= 64)
        _ = s.feed(String(repeating: "A", count: 500))
        #expect(s.heldBackCount == 0)
    }

    @Test func jsonEscapedStreaming() throws {
        let out = stream(["{\"o\":\"[ORGANI", "ZATION_1]\"}"], escaping: .jsonString)
        #expect(try JSONParser.parse(out)["o"] == .string("O\"Brien \\ Co"))
    }
}
