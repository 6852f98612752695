import Anonymizer
import Foundation
import Testing
@testable import Proxy
@testable import Tagger

/// The shipped model run by Veil's engine must reproduce what Python computed at export
/// (`Models/veil-pii-tagger/test_vectors.json`, written by Training/export.py): token ids and
/// offsets, windows, and the decoded spans.
@Suite(.enabled(if: ShippedModel.folder != nil, "no model folder with test_vectors.json"))
struct ModelGoldenTests {
    struct Vector: Decodable {
        var text: String
        var labels: [String]
        var prompt_ids: [Int]
        var text_ids: [Int]
        var text_offsets: [[Int]]
        var windows: [Window]
        var spans: [Triple]

        struct Window: Decodable {
            var token_range: [Int]
        }

        /// `[start, end, "LABEL"]`
        struct Triple: Decodable, Equatable {
            var start: Int
            var end: Int
            var label: String
            init(from decoder: any Decoder) throws {
                var c = try decoder.unkeyedContainer()
                start = try c.decode(Int.self)
                end = try c.decode(Int.self)
                label = try c.decode(String.self)
            }
            init(start: Int, end: Int, label: String) {
                self.start = start
                self.end = end
                self.label = label
            }
        }
    }

    func load() throws -> (ModelDetector, [Vector]) {
        let folder = try #require(ShippedModel.folder)
        let vectors = try JSONDecoder().decode([Vector].self, from: Data(contentsOf: folder.appendingPathComponent("test_vectors.json")))
        return (try ModelDetector(folder: folder), vectors)
    }

    @Test func tokenizationMatchesPython() throws {
        let (detector, vectors) = try load()
        for v in vectors {
            let prompt = "labels: " + v.labels.joined(separator: ", ") + " text:"
            #expect(detector.tokenizer.encode(prompt, addSpecialTokens: false) == v.prompt_ids)
            let encoding = detector.tokenizer.encodeWithOffsets(v.text, addSpecialTokens: false)
            #expect(encoding.ids == v.text_ids)
            #expect(encoding.offsets.map { [$0.lowerBound, $0.upperBound] } == v.text_offsets)
            let windows = TokenWindows(count: encoding.count, room: detector.maxTokens - v.prompt_ids.count - 1)
            #expect(windows.ranges.map { [$0.lowerBound, $0.upperBound] } == v.windows.map(\.token_range))
        }
    }

    @Test func spansMatchPython() async throws {
        let (detector, vectors) = try load()
        for v in vectors {
            let spans = try await detector.tag(v.text, scalars: Array(v.text.unicodeScalars), labels: v.labels)
            let got = spans.map { Vector.Triple(start: $0.range.lowerBound, end: $0.range.upperBound, label: $0.label) }
            #expect(got == v.spans, "\(v.text.prefix(40))")
        }
    }
}

/// How Veil asks a model for a label subset (`X-Veil-Labels`): the shipped tagger's config prompts
/// with the wanted labels only (it measured better that way: MODEL_CARD.md "Label subsets");
/// `veil_prompt_all_labels` prompts every label and keeps the wanted ones, so a subset keeps
/// every span the full prompt gives those labels (plus spans whose wanted runner-up label had
/// half the winner's votes).
@Suite(.enabled(if: ShippedModel.folder != nil, "no model folder with test_vectors.json"))
struct ModelLabelSubsetTests {
    let text = "Write to Alice Martin at alice.martin@example.com or call +44 20 7946 0958 about the Acme Corp invoice."

    @Test func theShippedModelIsPromptedWithTheWantedLabels() async throws {
        let detector = try ModelDetector(folder: try #require(ShippedModel.folder))
        #expect(!detector.promptsEveryLabel)
        // Through the anonymizer (span hygiene included): what a client asking for NAME gets.
        var map = PlaceholderMap()
        let result = try await Anonymizer(detectors: [detector]).anonymize(text, labels: [.name], map: &map)
        // Only NAME comes out, and the name is found (r4 may also take "Corp" near its NAME threshold).
        #expect(result.entities.allSatisfy { $0.label == .name })
        #expect(result.entities.map(\.text).contains("Alice Martin"))
        #expect(!result.text.contains("Alice") && result.text.contains("alice.martin@example.com"))
    }

    @Test func promptingEveryLabelKeepsTheFullPromptsSpansOfTheWantedOnes() async throws {
        var detector = try ModelDetector(folder: try #require(ShippedModel.folder))
        detector.promptsEveryLabel = true
        let all = try await detector.detect(in: DetectionInput(text))
        let names = try await detector.detect(in: DetectionInput(text, labels: [.name]))
        #expect(!names.isEmpty)
        #expect(names.allSatisfy { $0.label == .name })
        #expect(Set(all.filter { $0.label == .name }.map(\.range)).isSubset(of: Set(names.map(\.range))))
    }
}

/// The shipped model (or `VEIL_TEST_MODEL`), when its folder has export test vectors.
enum ShippedModel {
    static let folder: URL? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let env = ProcessInfo.processInfo.environment["VEIL_TEST_MODEL"].map { URL(fileURLWithPath: $0) }
        let folder = env ?? root.appendingPathComponent("Models/veil-pii-tagger")
        return FileManager.default.fileExists(atPath: folder.appendingPathComponent("test_vectors.json").path) ? folder : nil
    }()
}
