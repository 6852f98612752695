import Anonymizer
import Foundation
import Testing
@testable import Proxy
@testable import Tagger

/// Calibrated model decisions: span scores (hand-made tables and their Python twin), then the
/// shipped model with `veil_thresholds` / `veil_default_labels` edited in a temporary copy.
enum ModelCalibrationTests {}

extension ModelCalibrationTests {
    /// `BIOSpanDecoder.Found.score`: the mean over a span's tokens of p(B-L) + p(I-L) for the label it
    /// takes; length-weighted when same-label neighbours merge across blanks, the larger one when
    /// overlapping windows' spans merge. Every expected value is worked out by hand from the table.
    @Suite struct SpanScores {
        /// Tags as the model orders them: `O`, then `B-L`, `I-L` per label.
        let tags = ["O", "B-NAME", "I-NAME", "B-EMAIL", "I-EMAIL"]

        /// Decodes a table of per-token probabilities over `tags`. Dyadic fractions (0.125, 0.625, …)
        /// are exact in Float and Double, so most expectations below are exact.
        func decode(_ text: String, _ tokens: [(Range<Int>, [Float])], tags: [String]? = nil, wanted: Set<String>? = nil)
            -> [BIOSpanDecoder.Found] {
            BIOSpanDecoder.segments(ranges: tokens.map(\.0), probabilities: tokens.map { $0.1[...] }, tagNames: tags ?? self.tags,
                                    scalars: Array(text.unicodeScalars), wanted: wanted)
        }

        @Test func aSpanScoresTheMeanOfItsLabelsProbabilityOverItsTokens() {
            let found = decode("call Anna Kowalska now", [
                (0..<4, [0.75, 0.125, 0, 0.125, 0]),           // O
                (4..<9, [0.125, 0.625, 0.125, 0.125, 0]),      // B-NAME: NAME 0.75
                (9..<15, [0.25, 0.0625, 0.5, 0.125, 0.0625]),  // I-NAME: NAME 0.5625 (O is not counted)
                (15..<18, [0.375, 0, 0.5, 0, 0.125]),          // I-NAME: NAME 0.5
                (18..<22, [0.75, 0.125, 0, 0.125, 0]),         // O
            ])
            #expect(found == [.init(5..<18, "NAME", score: (0.75 + 0.5625 + 0.5) / 3)])
        }

        @Test func aNewlineStartsANewSpanWithItsOwnScore() {
            let found = decode("Anna\nBob", [(0..<4, [0.25, 0.5, 0.25, 0, 0]), (4..<8, [0, 0.5, 0.5, 0, 0])])
            #expect(found == [.init(0..<4, "NAME", score: 0.75), .init(5..<8, "NAME", score: 1)])
        }

        /// The score is the vote share of the label the span takes, not of the best-voted one.
        @Test func theScoreIsThatOfTheChosenLabel() throws {
            // A wanted runner-up with half the winner's votes takes over: its own probability is the score.
            let userTags = ["O", "B-NAME", "I-NAME", "B-USERNAME", "I-USERNAME"]
            let wanted = decode("Emily", [(0..<5, [0.1, 0.5, 0.0, 0.3, 0.1])], tags: userTags, wanted: ["USERNAME"])
            #expect(wanted.map(\.label) == ["USERNAME"])
            #expect(abs(try #require(wanted.first).score - 0.4) < 1e-6)
            // EMAIL lacks its "@": USERNAME (0.25 + 0.125) fits and takes the span with its score.
            let emailTags = ["O", "B-EMAIL", "I-EMAIL", "B-USERNAME", "I-USERNAME"]
            let shaped = decode("by emily_clark", [(0..<2, [0.75, 0.125, 0, 0.125, 0]), (2..<14, [0.125, 0.5, 0, 0.25, 0.125])],
                                tags: emailTags)
            #expect(shaped == [.init(3..<14, "USERNAME", score: 0.375)])
        }

        /// Two segments of one label split only by a blank (here by a byte-fallback piece of "ł"
        /// voted `O`, which shares the previous piece's offsets) merge with a length-weighted score:
        /// (5 · 0.6875 + 8 · 0.75) / 13, not the token-weighted (2 · 0.6875 + 0.75) / 3.
        @Test func neighboursMergedAcrossABlankWeighTheirScoresByLength() {
            let found = decode("Paweł Kowalski", [
                (0..<4, [0.25, 0.5, 0.25, 0, 0]),         // NAME 0.75
                (4..<5, [0.25, 0.125, 0.5, 0.125, 0]),    // NAME 0.625 → "Paweł" 0..<5, score 0.6875
                (4..<5, [0.5, 0.25, 0.25, 0, 0]),         // O: closes "Paweł"
                (5..<14, [0.125, 0.5, 0.25, 0.125, 0]),   // " Kowalski" 6..<14, score 0.75
            ])
            #expect(found == [.init(0..<14, "NAME", score: (5 * 0.6875 + 8 * 0.75) / 13)])
        }

        @Test func mergeAcrossBlanksWeighsByLength() {
            let scalars = Array("Anna \tMaria Kowalska, Bob".unicodeScalars)
            let merged = BIOSpanDecoder.mergeAcrossBlanks([
                .init(0..<4, "NAME", score: 0.5), .init(6..<11, "NAME", score: 1), .init(12..<20, "NAME", score: 0.25),
                .init(22..<25, "NAME", score: 0.875),  // after ", ": not merged, score untouched
            ], scalars)
            // "Anna" + "Maria" weigh 4 and 5; that span then weighs its whole 11 scalars (blanks included)
            // against "Kowalska"'s 8, as tagging.py's merge does.
            let first = (4 * 0.5 + 5 * 1.0) / 9
            #expect(merged == [.init(0..<20, "NAME", score: (11 * first + 8 * 0.25) / 19), .init(22..<25, "NAME", score: 0.875)])
            #expect(BIOSpanDecoder.weightedScore(.init(0..<0, "NAME", score: 0.5), .init(3..<3, "NAME", score: 1)) == 0)
        }

        @Test func mergeAcrossBlanksKeepsOtherLabelsApart() {
            let scalars = Array("Anna anna@x.io".unicodeScalars)
            let spans: [BIOSpanDecoder.Found] = [.init(0..<4, "NAME", score: 0.5), .init(5..<14, "EMAIL", score: 0.75)]
            #expect(BIOSpanDecoder.mergeAcrossBlanks(spans, scalars) == spans)
        }

        /// Windows that overlap see a value twice: the merged span keeps the higher score, whatever the order.
        @Test func mergeSameLabelKeepsTheBestScore() {
            let a = BIOSpanDecoder.Found(0..<10, "NAME", score: 0.5)
            let b = BIOSpanDecoder.Found(5..<12, "NAME", score: 0.75)
            let c = BIOSpanDecoder.Found(12..<15, "NAME", score: 0.625)       // touches b
            let other = BIOSpanDecoder.Found(20..<29, "EMAIL", score: 0.25)   // another label: kept as is
            let expected: [BIOSpanDecoder.Found] = [.init(0..<15, "NAME", score: 0.75), other]
            #expect(BIOSpanDecoder.mergeSameLabel([a, b, c, other]) == expected)
            #expect(BIOSpanDecoder.mergeSameLabel([other, c, b, a]) == expected)
            // The same span from two windows with different scores: one span, the higher score.
            #expect(BIOSpanDecoder.mergeSameLabel([.init(3..<7, "NAME", score: 0.25), .init(3..<7, "NAME", score: 0.5)])
                == [.init(3..<7, "NAME", score: 0.5)])
            // Apart: both kept with their own scores.
            #expect(BIOSpanDecoder.mergeSameLabel([.init(8..<9, "NAME", score: 0.25), .init(0..<4, "NAME", score: 0.5)])
                == [.init(0..<4, "NAME", score: 0.5), .init(8..<9, "NAME", score: 0.25)])
        }

        /// Known issue (same in `Training/evaluate.py::predict`): a span of another label sorted between
        /// two overlapping or touching spans of one label keeps them apart, each with its own score, so
        /// a threshold can keep one half of a value and drop the other. Passes as a known issue until
        /// `mergeSameLabel` merges per label.
        @Test func aSpanOfAnotherLabelInBetweenStillLetsALabelsSpansMerge() {
            let merged = BIOSpanDecoder.mergeSameLabel([
                .init(0..<10, "NAME", score: 0.5), .init(6..<9, "EMAIL", score: 0.25), .init(8..<15, "NAME", score: 0.75),
            ])
            withKnownIssue("mergeSameLabel compares with the last span only") {
                #expect(merged == [.init(0..<15, "NAME", score: 0.75), .init(6..<9, "EMAIL", score: 0.25)])
            }
        }
    }

    /// The Swift score against its Python twin on one table. The expected numbers were printed by
    /// `Training/tagging.py::decode_segments(text, offsets, probs, id2label, with_scores=True)` with
    /// `probs` the float32 values below (what Swift decodes), as `[(5, 13, 'EMAIL', 0.5833333445092043),
    /// (17, 29, 'NAME', 0.6333333253860474), (30, 33, 'NAME', 0.6000000089406967)]`.
    /// (`test_vectors.json` holds no scores, so the shipped model's own spans are not compared here.)
    @Suite struct PythonParity {
        @Test func scoresMatchTaggingPy() {
            let text = "Mail ann@x.io or Bob Stone\tJr\nLee"
            let ranges = [0..<4, 4..<8, 8..<9, 9..<13, 13..<16, 16..<20, 20..<26, 26..<29, 29..<33]
            let probs: [[Float]] = [
                [0.7, 0.1, 0.05, 0.1, 0.05], [0.2, 0.3, 0.1, 0.35, 0.05], [0.1, 0.05, 0.05, 0.2, 0.6],
                [0.15, 0.1, 0.2, 0.15, 0.4], [0.6, 0.1, 0.1, 0.1, 0.1], [0.1, 0.7, 0.1, 0.05, 0.05],
                [0.2, 0.1, 0.45, 0.15, 0.1], [0.3, 0.2, 0.35, 0.1, 0.05], [0.3, 0.4, 0.2, 0.05, 0.05],
            ]
            let found = BIOSpanDecoder.segments(ranges: ranges, probabilities: probs.map { $0[...] },
                                                tagNames: ["O", "B-NAME", "I-NAME", "B-EMAIL", "I-EMAIL"],
                                                scalars: Array(text.unicodeScalars))
            let python: [(Range<Int>, String, Double)] = [
                (5..<13, "EMAIL", 0.5833333445092043), (17..<29, "NAME", 0.6333333253860474),
                (30..<33, "NAME", 0.6000000089406967),
            ]
            #expect(found.map(\.range) == python.map(\.0))
            #expect(found.map(\.label) == python.map(\.1))
            for (swift, py) in zip(found, python) {
                #expect(abs(swift.score - py.2) < 1e-12, "\(swift.label) \(swift.score) vs \(py.2)")
            }
        }
    }

    /// The shipped model with its config edited: thresholds per sensitivity, default labels, and the
    /// cache keyed by sensitivity. Only thresholds 0 and 1 (and the model's own score) are used, so a
    /// retrained model in the same folder keeps these tests meaningful.
    @Suite(.serialized, .enabled(if: CalibrationModel.source != nil, "no model folder (Models/veil-pii-tagger or VEIL_TEST_MODEL)"))
    struct ShippedModel {
        let text = "Please call my colleague Anna Kowalska tomorrow."
        /// "Anna Kowalska" in `text`.
        let name = 25..<38

        func coversTheName(_ spans: [Span]) -> Bool {
            spans.contains { $0.label == .name && $0.start < name.upperBound && $0.end > name.lowerBound }
        }

        /// NAME never passes at strict, always at high-recall; balanced is not listed (open).
        static var strictVersusHighRecall: [String: Any] { ["strict": ["NAME": 1.0], "high-recall": ["NAME": 0.0, "*": 1.0]] }

        @Test func thresholdsGateNamesPerSensitivity() async throws {
            let folder = try CalibrationModel.copy { $0["veil_thresholds"] = Self.strictVersusHighRecall }
            defer { CalibrationModel.remove(folder) }
            let detector = try ModelDetector(folder: folder)
            #expect(detector.thresholds.threshold(for: "NAME", at: .strict) == 1)

            let loose = try await detector.detect(in: DetectionInput(text, labels: [.name], sensitivity: .highRecall))
            #expect(coversTheName(loose), "\(loose)")
            #expect(loose.allSatisfy { $0.score > 0 && $0.score <= 1 })
            let open = try await detector.detect(in: DetectionInput(text, labels: [.name], sensitivity: .balanced))
            #expect(coversTheName(open), "\(open)")
            let strict = try await detector.detect(in: DetectionInput(text, labels: [.name], sensitivity: .strict))
            #expect(!strict.contains { $0.label == .name }, "\(strict)")
        }

        /// Issue #16 item 12: a model span below its label's strict threshold may not be masked
        /// irreversibly; the same span at strict confidence may.
        @Test func onlySpansAtStrictConfidenceAreMaskable() async throws {
            let folder = try CalibrationModel.copy { $0["veil_thresholds"] = Self.strictVersusHighRecall }
            defer { CalibrationModel.remove(folder) }
            let detector = try ModelDetector(folder: folder)
            let found = try await detector.detect(in: DetectionInput(text, labels: [.name], sensitivity: .highRecall))
            let name = try #require(found.first { coversTheName([$0]) })
            #expect(!name.maskable, "strict NAME threshold 1 > \(name.score)")
            let policy = RedactionPolicy(actions: [.name: .mask])
            var map = PlaceholderMap()
            let result = try await Anonymizer(detectors: [detector], policy: policy)
                .anonymize(text, labels: [.name], sensitivity: .highRecall, map: &map)
            #expect(result.text.contains("[NAME_1]") && !result.text.contains("[MASKED_NAME]"), "\(result.text)")

            let sure = try CalibrationModel.copy { $0["veil_thresholds"] = nil }
            defer { CalibrationModel.remove(sure) }
            let confident = try await ModelDetector(folder: sure).detect(in: DetectionInput(text, labels: [.name], sensitivity: .strict))
            #expect(confident.allSatisfy { $0.maskable }, "\(confident)")
        }

        /// `"*"` reaches the labels a level does not list: at high-recall everything but NAME needs 1.
        @Test func theStarThresholdGatesUnlistedLabels() async throws {
            let folder = try CalibrationModel.copy { $0["veil_thresholds"] = Self.strictVersusHighRecall }
            defer { CalibrationModel.remove(folder) }
            let detector = try ModelDetector(folder: folder)
            let text = "Please call my colleague Anna Kowalska tomorrow at anna.kowalska@example.com or +48 601 234 567."
            let labels: Set<EntityLabel> = [.name, .email, .phone]
            let open = try await detector.detect(in: DetectionInput(text, labels: labels, sensitivity: .balanced))
            let gated = try await detector.detect(in: DetectionInput(text, labels: labels, sensitivity: .highRecall))
            #expect(open.contains { $0.label != .name }, "precondition: the model finds more than the name: \(open)")
            #expect(gated.allSatisfy { $0.label == .name }, "\(gated)")
            #expect(coversTheName(gated))
        }

        /// A span exactly at its threshold is kept (`>=`, as `calibrate.py` counts it); one ulp above, dropped.
        @Test func aScoreEqualToTheThresholdPasses() async throws {
            let open = try CalibrationModel.copy { $0["veil_thresholds"] = nil }
            defer { CalibrationModel.remove(open) }
            let input = DetectionInput(text, labels: [.name], sensitivity: .strict)
            let found = try await ModelDetector(folder: open).detect(in: input)
            let span = try #require(found.first { coversTheName([$0]) })
            for (threshold, kept) in [(span.score, true), (span.score.nextUp, false)] where threshold <= 1 {
                let folder = try CalibrationModel.copy(threshold: threshold) {
                    $0["veil_thresholds"] = ["strict": ["NAME": "__T__"]]
                }
                defer { CalibrationModel.remove(folder) }
                let spans = try await ModelDetector(folder: folder).detect(in: input)
                #expect(spans.contains { $0.start == span.start && $0.end == span.end && $0.label == .name } == kept,
                        "threshold \(threshold): \(spans)")
            }
        }

        @Test func defaultLabelsServeRequestsThatNameNone() async throws {
            let folder = try CalibrationModel.copy {
                $0["veil_default_labels"] = ["EMAIL"]
                $0["veil_thresholds"] = nil
            }
            defer { CalibrationModel.remove(folder) }
            let detector = try ModelDetector(folder: folder)
            #expect(detector.defaultLabels == ["EMAIL"])
            let unnamed = try await detector.detect(in: DetectionInput(text))
            #expect(!unnamed.contains { $0.label == .name }, "\(unnamed)")
            let named = try await detector.detect(in: DetectionInput(text, labels: [.name]))
            #expect(coversTheName(named), "\(named)")
        }

        @Test func withoutDefaultLabelsARequestNamingNoneGetsEveryLabel() async throws {
            let folder = try CalibrationModel.copy {
                $0["veil_default_labels"] = nil
                $0["veil_thresholds"] = nil
            }
            defer { CalibrationModel.remove(folder) }
            let detector = try ModelDetector(folder: folder)
            #expect(detector.defaultLabels == nil)
            let spans = try await detector.detect(in: DetectionInput(text))
            #expect(coversTheName(spans), "\(spans)")
        }

        /// The cache must not serve a span found at one operating point at another, in either order.
        @Test func theCacheKeepsSensitivitiesApart() async throws {
            let folder = try CalibrationModel.copy { $0["veil_thresholds"] = Self.strictVersusHighRecall }
            defer { CalibrationModel.remove(folder) }
            let detector = try ModelDetector(folder: folder)
            for order in [[Sensitivity.highRecall, .strict], [.strict, .highRecall]] {
                let cached = CachingDetector(detector)
                var first: [Sensitivity: [Span]] = [:]
                for level in order {
                    first[level] = try await cached.detect(in: DetectionInput(text, labels: [.name], sensitivity: level))
                }
                #expect(cached.statistics.misses == 2 && cached.statistics.hits == 0)
                #expect(coversTheName(first[.highRecall] ?? []), "\(order)")
                #expect(!(first[.strict] ?? []).contains { $0.label == .name }, "\(order)")
                // Asked again: both from the cache, each its own.
                for level in order {
                    let again = try await cached.detect(in: DetectionInput(text, labels: [.name], sensitivity: level))
                    #expect(again == first[level], "\(level)")
                }
                #expect(cached.statistics.hits == 2 && cached.statistics.misses == 2)
            }
        }

        /// Thresholds are keyed by the model's own label names, also for a label Veil renames
        /// (`ID_NUMBER` → `NATIONAL_ID`), like `veil_default_labels`. Prompting every label makes the
        /// tagger see its training layout; a model that tags no ID here leaves nothing to gate.
        @Test func thresholdsAreKeyedByTheModelsLabelNames() async throws {
            let folder = try CalibrationModel.copy {
                $0["veil_thresholds"] = ["strict": ["ID_NUMBER": 1.0], "high-recall": ["ID_NUMBER": 0.0]]
                $0["veil_prompt_all_labels"] = true
            }
            defer { CalibrationModel.remove(folder) }
            let detector = try ModelDetector(folder: folder)
            let text = "EMPLOYEE RECORD\nName: Anna Kowalska\nEmployee ID: E448812\nPosition: Analyst"
            let loose = try await detector.detect(in: DetectionInput(text, labels: [.nationalID], sensitivity: .highRecall))
            guard loose.contains(where: { $0.label == .nationalID }) else { return }
            let strict = try await detector.detect(in: DetectionInput(text, labels: [.nationalID], sensitivity: .strict))
            #expect(strict.isEmpty, "\(strict)")
        }

        /// A malformed `veil_thresholds` fails the load, naming the entry.
        @Test func aBadThresholdFailsTheLoad() throws {
            let folder = try CalibrationModel.copy { $0["veil_thresholds"] = ["strict": ["NAME": 1.5]] }
            defer { CalibrationModel.remove(folder) }
            do {
                _ = try ModelDetector(folder: folder)
                Issue.record("a threshold of 1.5 loaded")
            } catch let error as ModelDetectorError {
                #expect(error.description.contains("veil_thresholds.strict.NAME"), "\(error)")
            }
        }
    }
}

/// A temporary copy of the shipped model folder: its files linked, config.json rewritten.
enum CalibrationModel {
    static let source: URL? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let env = ProcessInfo.processInfo.environment["VEIL_TEST_MODEL"].map { URL(fileURLWithPath: $0).absoluteURL }
        let folder = env ?? root.appendingPathComponent("Models/veil-pii-tagger")
        let needed = ["config.json", "model.safetensors", "tokenizer.json"]
        return needed.allSatisfy { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) } ? folder : nil
    }()

    /// `edit` changes the parsed config.json (a nil value removes the key); with `threshold`, the
    /// string `"__T__"` in it is written as that number, digit for digit (`Double.description`
    /// reads back to the same value).
    static func copy(threshold: Double? = nil, _ edit: (inout [String: Any]) -> Void) throws -> URL {
        let source = try #require(source)
        let files = FileManager.default
        let folder = files.temporaryDirectory.appendingPathComponent("veil-calibration-\(UUID().uuidString)")
        try files.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in try files.contentsOfDirectory(atPath: source.path) where name != "config.json" {
            try files.createSymbolicLink(at: folder.appendingPathComponent(name),
                                         withDestinationURL: source.appendingPathComponent(name))
        }
        let original = try JSONSerialization.jsonObject(with: Data(contentsOf: source.appendingPathComponent("config.json")))
        var config = try #require(original as? [String: Any])
        edit(&config)
        let data = try JSONSerialization.data(withJSONObject: config, options: [.sortedKeys])
        var json = try #require(String(data: data, encoding: .utf8))
        if let threshold {
            json = json.replacingOccurrences(of: #""__T__""#, with: threshold.description)
        }
        try Data(json.utf8).write(to: folder.appendingPathComponent("config.json"))
        return folder
    }

    static func remove(_ folder: URL) {
        try? FileManager.default.removeItem(at: folder)
    }
}
