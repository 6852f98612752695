import Anonymizer
import Foundation
import Testing
@testable import Proxy
@testable import Tagger

@Suite struct TokenWindowsTests {
    @Test func shortInputIsOneWindow() {
        #expect(TokenWindows(count: 10, room: 16).ranges == [0..<10])
    }

    /// The same windows as `Featurizer.windows` in Training/train_tagger.py:
    /// `starts = range(0, n - room, int(room * 0.75)) + [n - room]`.
    @Test func longInputMatchesTheTrainingWindows() {
        #expect(TokenWindows(count: 899, room: 193).ranges == [0..<193, 144..<337, 288..<481, 432..<625, 576..<769, 706..<899])
        #expect(TokenWindows(count: 20, room: 16).ranges == [0..<16, 4..<20])
    }
}

@Suite struct BIOSpanDecoderTests {
    let tags = ["O", "B-NAME", "I-NAME", "B-EMAIL", "I-EMAIL"]

    func decode(_ text: String, _ tokens: [(Range<Int>, Int)]) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return BIOSpanDecoder.spans(tokens.map { .init(range: $0.0, tag: $0.1) }, tagNames: tags, scalars: scalars).map {
            var s = String.UnicodeScalarView()
            s.append(contentsOf: scalars[$0.range])
            return "\($0.label):\(String(s))"
        }
    }

    @Test func joinsInsideTagsAndTrimsMetaspaceWhitespace() {
        // "Hi Alice Johnson, bye" tokens with their leading spaces, as Metaspace offsets give them.
        let out = decode("Hi Alice Johnson, bye", [(0..<2, 0), (2..<8, 1), (8..<16, 2), (16..<17, 0), (17..<21, 0)])
        #expect(out == ["NAME:Alice Johnson"])
    }

    @Test func insideAfterOutsideOpensASpan() {
        #expect(decode("a Bob c", [(0..<1, 0), (1..<5, 2), (5..<7, 0)]) == ["NAME:Bob"])
    }

    @Test func labelChangeClosesTheSpan() {
        #expect(decode("Bob bob@x.io", [(0..<3, 1), (3..<12, 4)]) == ["NAME:Bob", "EMAIL:bob@x.io"])
    }

    @Test func subwordPiecesOfOneWordMerge() {
        // "Johnson" split into "John" + "son": B then B of the same label, touching → one span.
        #expect(decode("Johnson", [(0..<4, 1), (4..<7, 1)]) == ["NAME:Johnson"])
    }

    @Test func windowsSpansMergePerLabel() {
        // Overlapping and touching spans of one label (from neighbouring windows) become one.
        let merged = BIOSpanDecoder.mergeSameLabel([.init(5..<9, "NAME"), .init(0..<6, "NAME"), .init(9..<12, "NAME"), .init(20..<24, "EMAIL")])
        #expect(merged.map(\.range) == [0..<12, 20..<24])
        #expect(merged.map(\.label) == ["NAME", "EMAIL"])
    }

    /// Probabilities over [O, B-NAME, I-NAME, B-EMAIL, I-EMAIL].
    func p(_ values: [Float]) -> ArraySlice<Float> { values[...] }

    @Test func segmentsVoteOneLabelPerValue() {
        let text = "Hi Cod ru t\nBob"
        let scalars = Array(text.unicodeScalars)
        // "Cod ru t" flips NAME/EMAIL token by token but is one value; the votes say NAME.
        let ranges = [0..<2, 2..<6, 6..<9, 9..<11, 11..<15]
        let probs = [p([0.9, 0.05, 0.0, 0.05, 0.0]), p([0.1, 0.6, 0.1, 0.1, 0.1]), p([0.1, 0.1, 0.3, 0.45, 0.05]),
                     p([0.1, 0.1, 0.5, 0.2, 0.1]), p([0.1, 0.6, 0.1, 0.1, 0.1])]
        let found = BIOSpanDecoder.segments(ranges: ranges, probabilities: probs, tagNames: tags, scalars: scalars)
        // The newline before "Bob" ends the first span.
        #expect(found.map(\.range) == [3..<11, 12..<15])
        #expect(found.map(\.label) == ["NAME", "NAME"])
    }

    @Test func onlyValueLikeSpansSurvive() {
        let scalars = Array("two-line, Tuesday's meeting. Room 6 at ⅔ for Al".unicodeScalars)
        #expect(!ModelDetector.isValueLike(3..<4, scalars))    // "-"
        #expect(!ModelDetector.isValueLike(18..<19, scalars))  // the "s" of "Tuesday's"
        #expect(!ModelDetector.isValueLike(27..<28, scalars))  // "."
        #expect(ModelDetector.isValueLike(34..<35, scalars))   // "6": a digit may be part of a value
        #expect(!ModelDetector.isValueLike(39..<40, scalars))  // "⅔" is numeric but not a digit (Python: isalnum, not isdigit)
        #expect(ModelDetector.isValueLike(45..<47, scalars))   // "Al"
    }

    @Test func spansInsideWordsGrowToTheWholeWord() {
        let scalars = Array("from Contoso Ltd, quarterly 2024".unicodeScalars)
        #expect(ModelDetector.snappedToWords(8..<12, scalars) == 5..<12)   // "toso" → "Contoso"
        #expect(ModelDetector.snappedToWords(18..<25, scalars) == 18..<27) // "quarter" → "quarterly"
        #expect(ModelDetector.snappedToWords(13..<16, scalars) == 13..<16) // "Ltd" already whole
    }
}


/// The inference window length rule, the same as `Training/tagging.py::inference_max_length`.
@Suite struct ModelWindowLengthTests {
    func length(_ config: String) throws -> Int {
        ModelDetector.maxLength(try JSONParser.parse(Array(config.utf8)))
    }

    @Test func inferenceLengthWinsOverTrainingLength() throws {
        #expect(try length(#"{"veil_max_length": 256, "veil_inference_max_length": 512}"#) == 512)
        #expect(try length(#"{"veil_max_length": 200}"#) == 200)
        #expect(try length("{}") == 256)
    }

    /// The shipped tagger fits a ~256-token chat message with every label in one window.
    @Test func shippedModelUses512IdWindows() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Models/veil-pii-tagger")
        #expect(ModelDetector.maxLength(try ModelDetector.config(folder)) == 512)
    }
}

/// `ValueShape`: the decoder gives a span the best-voted label whose shape it has
/// (`Training/tagging.py::has_value_shape`).
@Suite struct ValueShapeTests {
    func fits(_ label: String, _ value: String) -> Bool { ValueShape.fits(label, Array(value.unicodeScalars)[...]) }

    @Test func shapedLabelsNeedTheirMarks() {
        #expect(fits("EMAIL", "ann@example.org"))
        #expect(!fits("EMAIL", "contacted"))
        #expect(fits("PHONE", "555-1234") && fits("PHONE", "(555"))
        #expect(!fits("PHONE", "3") && !fits("PHONE", "46"))
        #expect(fits("CREDIT_CARD", "4111 1111 1111 1111") && !fits("CREDIT_CARD", "4111 1111"))
        #expect(fits("IP_ADDRESS", "10.0.0.1") && !fits("IP_ADDRESS", "localhost"))
        #expect(fits("NAME", "Alice") && fits("DATE", "tomorrow"))
    }

    @Test func aSpanWithoutTheWinnersShapeTakesTheNextBestLabel() {
        // "emily_clark" voted EMAIL (no "@") over USERNAME: it stays redacted, as USERNAME.
        let tags = ["O", "B-EMAIL", "I-EMAIL", "B-USERNAME", "I-USERNAME"]
        let scalars = Array("by emily_clark".unicodeScalars)
        let probs: [ArraySlice<Float>] = [[0.9, 0.05, 0, 0.05, 0][...], [0.1, 0.5, 0.1, 0.3, 0][...]]
        let found = BIOSpanDecoder.segments(ranges: [0..<2, 2..<14], probabilities: probs, tagNames: tags, scalars: scalars)
        #expect(found.map(\.label) == ["USERNAME"])
        #expect(found.map(\.range) == [3..<14])
    }

    @Test func aStrayWordWithoutAnyFittingLabelIsDropped() {
        // "contacted" voted EMAIL 0.8, USERNAME 0.05: under a tenth of the winner's votes, no span.
        let tags = ["O", "B-EMAIL", "I-EMAIL", "B-USERNAME", "I-USERNAME"]
        let scalars = Array("be contacted".unicodeScalars)
        let probs: [ArraySlice<Float>] = [[0.9, 0.05, 0, 0.05, 0][...], [0.15, 0.8, 0, 0.05, 0][...]]
        #expect(BIOSpanDecoder.segments(ranges: [0..<2, 2..<12], probabilities: probs, tagNames: tags, scalars: scalars).isEmpty)
    }
}

/// A request that keeps fewer labels than the prompt listed: a wanted runner-up with half the
/// winner's votes takes over (`Training/tagging.py` WantedVoteTests, same cases).
@Suite struct WantedVoteTests {
    let tags = ["O", "B-NAME", "I-NAME", "B-USERNAME", "I-USERNAME"]
    let scalars = Array("Emily".unicodeScalars)

    func label(_ probs: [Float], wanted: Set<String>?) -> [String] {
        BIOSpanDecoder.segments(ranges: [0..<5], probabilities: [probs[...]], tagNames: tags, scalars: scalars, wanted: wanted).map(\.label)
    }

    @Test func aWantedRunnerUpWinsOverAnUnwantedLabel() {
        #expect(label([0.1, 0.5, 0.0, 0.3, 0.1], wanted: nil) == ["NAME"])
        #expect(label([0.1, 0.5, 0.0, 0.3, 0.1], wanted: ["USERNAME"]) == ["USERNAME"])
        #expect(label([0.1, 0.7, 0.0, 0.2, 0.0], wanted: ["USERNAME"]) == ["NAME"]) // less than half: no
    }
}

/// `CommonWords`: spans made only of common words are stray tags (`Training/lexicon.py::is_common`).
@Suite struct CommonWordsTests {
    let words = CommonWords(["sincerely", "the", "court", "will", "contacted"])
    func covers(_ value: String) -> Bool { words.covers(Array(value.unicodeScalars)[...]) }

    @Test func onlyCommonWordsAreCovered() {
        #expect(covers("Sincerely") && covers("the court") && covers("THE COURT,"))
        #expect(!covers("Will Turner"))   // one word that is not common keeps the span
        #expect(!covers("court 7"))       // a digit keeps it
        #expect(!covers("-"))             // no word at all: isValueLike's business, not this one
        #expect(!CommonWords([]).covers(Array("the".unicodeScalars)[...]))
    }

    @Test func loadsTheListTheConfigNames() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("veil-common-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("able\nabout\n\n".utf8).write(to: folder.appendingPathComponent("common_words.txt"))
        let named = try CommonWords(folder: folder, config: JSONParser.parse(Array(#"{"veil_common_words": "common_words.txt"}"#.utf8)))
        #expect(named.words == ["able", "about"])
        let none = try CommonWords(folder: folder, config: JSONParser.parse(Array("{}".utf8)))
        #expect(none.words.isEmpty)
    }

    /// The shipped model names its list, and the list holds the stray words measured in MODEL_CARD.md.
    @Test func shippedModelShipsItsList() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Models/veil-pii-tagger")
        let shipped = try CommonWords(folder: folder, config: ModelDetector.config(folder))
        #expect(shipped.words.count > 1000)
        #expect(shipped.words.isSuperset(of: ["contacted", "thanks", "sincerely"]))
        #expect(!shipped.words.contains("john"))
    }
}
