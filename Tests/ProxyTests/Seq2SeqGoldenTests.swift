import Anonymizer
import Foundation
import T5
import Testing
import Tokenizer
@testable import Proxy
@testable import Tagger

/// The tiny seq2seq anonymizer in `Tests/Fixtures/seq2seq-tiny` (trained by `Training/train_seq2seq.py
/// --tiny`, a few CPU minutes) run by Veil must reproduce PyTorch's copy-constrained greedy decoding of the
/// same weights (`test_vectors.json`, written by `train_seq2seq.write_vectors` with `Training/seq2seq.py`'s
/// constraint): token ids and offsets, windows, encoder inputs, generated ids, replacements and spans.
enum Seq2SeqFixture {
    static let folder: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/seq2seq-tiny")

    struct Vector {
        var text: String
        var labels: [String]
        var textIds: [Int]
        var textOffsets: [Range<Int>]
        var windows: [Window]
        var spans: [Seq2SeqAlignment.Found]

        struct Window {
            var tokens: Range<Int>
            var inputIds: [Int]
            var generated: [Int]
            var replacements: [CopyConstraint.Replacement]
        }
    }

    static func vectors() throws -> [Vector] {
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("test_vectors.json"))) as? [[String: Any]])
        func ints(_ any: Any?) -> [Int] { (any as? [Any])?.compactMap { ($0 as? NSNumber)?.intValue } ?? [] }
        func quads(_ any: Any?) -> [(Int, Int, String, Int)] {
            ((any as? [[Any]]) ?? []).map { q in
                ((q[0] as? NSNumber)?.intValue ?? -1, (q[1] as? NSNumber)?.intValue ?? -1, q[2] as? String ?? "", (q[3] as? NSNumber)?.intValue ?? -1)
            }
        }
        return rows.map { row in
            Vector(
                text: row["text"] as? String ?? "",
                labels: row["labels"] as? [String] ?? [],
                textIds: ints(row["text_ids"]),
                textOffsets: ((row["text_offsets"] as? [Any]) ?? []).map { let p = ints($0); return p[0]..<p[1] },
                windows: ((row["windows"] as? [[String: Any]]) ?? []).map { w in
                    let r = ints(w["token_range"])
                    return Vector.Window(tokens: r[0]..<r[1], inputIds: ints(w["input_ids"]), generated: ints(w["generated"]),
                                         replacements: quads(w["replacements"]).map {
                                             CopyConstraint.Replacement(tokens: $0.0..<$0.1, tag: Seq2SeqTag(label: $0.2, index: $0.3))
                                         })
                },
                spans: quads(row["spans"]).map { Seq2SeqAlignment.Found(range: $0.0..<$0.1, tag: Seq2SeqTag(label: $0.2, index: $0.3)) })
        }
    }
}

@Suite struct Seq2SeqGoldenTests {
    @Test func configSelectsTheSeq2SeqAnonymizer() throws {
        #expect(try ModelKind.of(folder: Seq2SeqFixture.folder) == .seq2seqAnonymizer)
        let labels = try ModelKind.labels(inModelAt: Seq2SeqFixture.folder)
        #expect(labels.contains(.name) && labels.contains(.nationalID))
    }

    @Test func windowsInputsAndConstrainedGreedyOutputsMatchPyTorch() throws {
        let detector = try Seq2SeqAnonymizer(folder: Seq2SeqFixture.folder)
        let vectors = try Seq2SeqFixture.vectors()
        #expect(vectors.count >= 7)
        var tagged = 0
        for v in vectors {
            let encoding = detector.tokenizer.encodeWithOffsets(v.text, addSpecialTokens: false)
            #expect(encoding.ids == v.textIds)
            #expect(encoding.offsets == v.textOffsets)
            let (prefix, suffix) = detector.prompt.ids(labels: v.labels, tokenizer: detector.tokenizer)
            let room = max(16, detector.maxTokens - prefix.count - suffix.count - 1)
            let windows = Seq2SeqWindows.ranges(offsets: encoding.offsets, pieces: encoding.tokens,
                                                scalars: Array(v.text.unicodeScalars), room: room)
            #expect(windows == v.windows.map(\.tokens))
            for w in v.windows {
                let source = CopySource(ids: Array(encoding.ids[w.tokens]), offsets: Array(encoding.offsets[w.tokens]),
                                        pieces: Array(encoding.tokens[w.tokens]))
                let input = prefix + source.ids + suffix + [detector.tokenizer.eosId ?? 1]
                #expect(input == w.inputIds)
                // One token per pass, and blocks of 16 checked against the constraint's guesses.
                for blockSize in [1, 16] {
                    var constraint = CopyConstraint(source: source, labels: v.labels, tokenizer: detector.tokenizer)
                    let generated = try detector.engine.model.generateConstrained(input, constraint: &constraint,
                                                                                  maxNewTokens: source.count * 24 + 2, blockSize: blockSize)
                    #expect(generated == w.generated, "\(v.text.prefix(30))… block \(blockSize)")
                    #expect(constraint.result == w.replacements)
                }
                tagged += w.replacements.count
            }
        }
        #expect(tagged > 0, "the fixture should tag something")
    }

    @Test(arguments: [1, 16]) func detectorSpansMatchPyTorch(block: Int) async throws {
        var detector = try Seq2SeqAnonymizer(folder: Seq2SeqFixture.folder)
        detector.decodeBlock = block
        var windows = 0, tags = 0
        for v in try Seq2SeqFixture.vectors() {
            let found = try await detector.anonymize(v.text, scalars: Array(v.text.unicodeScalars), labels: v.labels)
            #expect(found == v.spans, "\(v.text.prefix(30))…")
            windows += v.windows.count
            tags += v.spans.count
        }
        let counted = detector.statistics.snapshot
        #expect(counted.windows == windows && counted.tags == tags)
    }

    @Test func metricsCountWindowsTagsAndInconsistentRepeats() async throws {
        let detector = try Seq2SeqAnonymizer(folder: Seq2SeqFixture.folder)
        let metrics = ProxyMetrics()
        metrics.registerModel(detector)
        let text = "Contact: anna@firma.pl"
        _ = try await detector.anonymize(text, scalars: Array(text.unicodeScalars), labels: ["NAME", "EMAIL"])
        let rendered = metrics.render()
        #expect(rendered.contains("veil_seq2seq_windows_total 1"))
        #expect(rendered.contains("# TYPE veil_seq2seq_inconsistent_tags_total counter"))
        #expect(rendered.contains("veil_model_inferences_total 1"))
    }

    /// The restricted-logits loop gives what the generic `generate` hook gives over full logits.
    @Test func restrictedLogitsEqualTheFullProjection() throws {
        let detector = try Seq2SeqAnonymizer(folder: Seq2SeqFixture.folder)
        let v = try #require(try Seq2SeqFixture.vectors().first)
        let w = try #require(v.windows.first)
        let encoding = detector.tokenizer.encodeWithOffsets(v.text, addSpecialTokens: false)
        let source = CopySource(ids: Array(encoding.ids[w.tokens]), offsets: Array(encoding.offsets[w.tokens]), pieces: Array(encoding.tokens[w.tokens]))
        let tokenizer = detector.tokenizer, labels = v.labels
        let hook: T5GenerationOptions.AllowedTokens = { _, generated in
            var c = CopyConstraint(source: source, labels: labels, tokenizer: tokenizer)
            for t in generated { c.advance(with: t) }
            return c.allowedTokens()
        }
        let full = try detector.engine.model.generate([w.inputIds], options: T5GenerationOptions(maxNewTokens: w.generated.count, allowedTokens: hook))
        #expect(full == [w.generated])
    }
}
