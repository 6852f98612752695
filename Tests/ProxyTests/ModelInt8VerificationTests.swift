import Anonymizer
import Foundation
import Synchronization
import T5
import Testing
@testable import Tagger

/// `Int8Verification`: which int8 windows go back to float32 (hand-made probabilities), and the
/// shipped tagger loaded as int8 with it (`ModelInt8Tests`, in the compute pass of `make test`).
@Suite struct Int8VerificationTests {
    let check = Int8Verification(margin: 0.1)  // wider than the default, for readable numbers

    /// Softmax row over `O, B-NAME, I-NAME, B-EMAIL, I-EMAIL`.
    func row(_ p: [Float]) -> ArraySlice<Float> { p[...] }

    /// Whether a decision on this one token is near its edge (`O` or not; in a value, its two best labels).
    func nearEdge(_ p: ArraySlice<Float>) -> Bool { check.read(p, thresholds: []).nearEdge }

    /// NAME judged at `name` (∞: dropped), EMAIL dropped.
    func judged(name: Double) -> Int8Verification.Thresholds {
        Int8Verification.Thresholds(byLabel: name.isFinite ? ["NAME": [name]] : [:], lowest: [Float(name), .infinity])
    }

    @Test func aTokenNearTheOutsideEdgeIsNearItsEdge() {
        #expect(nearEdge(row([0.50, 0.45, 0.03, 0.01, 0.01])))  // O by 0.05
        #expect(nearEdge(row([0.46, 0.50, 0.02, 0.01, 0.01])))  // B-NAME by 0.04
        #expect(!nearEdge(row([0.97, 0.01, 0.01, 0.005, 0.005])))
        #expect(!nearEdge(row([0.02, 0.90, 0.06, 0.01, 0.01])))
    }

    @Test func aValueTornBetweenTwoLabelsIsNearItsEdge() {
        // Not O by far, but NAME (0.48) and EMAIL (0.44) are within the margin: the vote may flip.
        #expect(nearEdge(row([0.08, 0.30, 0.18, 0.40, 0.04])))
        // The same O margin with one clear label.
        #expect(!nearEdge(row([0.08, 0.70, 0.18, 0.02, 0.02])))
        // An outside token's label split does not matter: no vote is taken for it.
        #expect(!nearEdge(row([0.80, 0.05, 0.05, 0.05, 0.05])))
    }

    @Test func aSpanScoredNearAThresholdIsUncertain() {
        let confident = [row([0.02, 0.95, 0.01, 0.01, 0.01])]
        func span(_ score: Double, _ label: String = "NAME") -> [BIOSpanDecoder.Found] { [BIOSpanDecoder.Found(0..<4, label, score: score)] }
        func unsure(_ found: [BIOSpanDecoder.Found]) -> Bool {
            check.isUncertain(rows: confident, found: found, thresholds: judged(name: 0.6))
        }
        #expect(unsure(span(0.65)))
        #expect(unsure(span(0.55)))
        #expect(!unsure(span(0.95)))
        #expect(!unsure(span(0.4)))
        #expect(!unsure(span(0.6, "EMAIL")))  // a label the request drops: its score decides nothing
        #expect(!unsure([]))
    }

    /// A token near its edge matters only in a run of could-be-value tokens that could reach a threshold.
    @Test func anEdgeMattersOnlyWhereAKeptSpanCouldComeOut() {
        let torn = row([0.50, 0.46, 0.02, 0.01, 0.01])  // O or B-NAME, NAME mass 0.48
        let sure = row([0.97, 0.01, 0.01, 0.005, 0.005])
        let name = row([0.02, 0.90, 0.06, 0.01, 0.01])
        // NAME kept from 0.5: the torn token could reach it (0.48 + 0.1) → re-run.
        #expect(check.isUncertain(rows: [sure, torn, sure], found: [], thresholds: judged(name: 0.5)))
        // NAME kept from 0.8 only: no span from that token can be kept, however it flips.
        #expect(!check.isUncertain(rows: [sure, torn, sure], found: [], thresholds: judged(name: 0.8)))
        // ... unless it sits next to a value that reaches the threshold: it may join (or leave) that span.
        #expect(check.isUncertain(rows: [sure, torn, name, sure], found: [], thresholds: judged(name: 0.8)))
        // A sure O token between them ends the run.
        #expect(!check.isUncertain(rows: [torn, sure, name], found: [], thresholds: judged(name: 0.8)))
        // NAME dropped by the request (∞): nothing there matters.
        #expect(!check.isUncertain(rows: [torn, name], found: [], thresholds: judged(name: .infinity)))
    }

    /// The thresholds verification reads: the request's sensitivity for the labels it keeps; all of them without a request.
    @Test func judgedThresholdsAreTheRequestsOnly() {
        let table = ModelThresholds(table: [.balanced: ["*": 0.5, "NAME": 0.7], .strict: ["*": 0.9], .highRecall: ["*": 0.3]])
        let request = Int8Verification.Thresholds(labels: ["NAME", "EMAIL"], thresholds: table, judging: (["NAME"], .balanced))
        #expect(request == Int8Verification.Thresholds(byLabel: ["NAME": [0.7]], lowest: [0.7, .infinity]))
        let every = Int8Verification.Thresholds(labels: ["NAME", "EMAIL"], thresholds: table, judging: nil)
        #expect(every.byLabel["NAME"]?.sorted() == [0.3, 0.7, 0.9] && every.byLabel["EMAIL"]?.sorted() == [0.3, 0.5, 0.9])
        #expect(every.lowest == [0.3, 0.3])
    }

    @Test func configSetsOrTurnsOffTheMargin() throws {
        func parse(_ json: String) throws -> Int8Verification? {
            try Int8Verification(config: try JSONParser.parse(json))
        }
        #expect(try parse("{}")?.margin == Int8Verification.defaultMargin)
        #expect(try parse(#"{"veil_int8_verify_margin": 0.25}"#)?.margin == 0.25)
        #expect(try parse(#"{"veil_int8_verify_margin": null}"#)?.margin == Int8Verification.defaultMargin)
        #expect(try parse(#"{"veil_int8_verify_margin": 0}"#) == nil)
        #expect(throws: ModelDetectorError.self) { try parse(#"{"veil_int8_verify_margin": 2}"#) }
        #expect(throws: ModelDetectorError.self) { try parse(#"{"veil_int8_verify_margin": "high"}"#) }
    }
}

/// Windows seen and windows verified per pass, as the detector reports them.
final class VerificationLog: Sendable {
    private let state = Mutex<[(windows: Int, verified: Int)]>([])
    func record(_ windows: Int, _ verified: Int) { state.withLock { $0.append((windows, verified)) } }
    var windows: Int { state.withLock { $0.reduce(0) { $0 + $1.windows } } }
    var verified: Int { state.withLock { $0.reduce(0) { $0 + $1.verified } } }
}

@Suite(.enabled(if: CalibrationModel.source != nil && T5KernelProbe.int8Path != nil, "no shipped tagger or no int8 kernel"))
struct ModelInt8Tests {
    static let texts = [
        "Hi, I'm Anna Kowalska from Gdańsk; write to anna.k@example.org or call +48 601 234 567.",
        "The deployment on Tuesday went fine, apart from a slow migration in the billing service.",
        "Patient John Miller (DOB 03/14/1962) was prescribed metformin by Dr. Sarah Lee at Mercy Hospital.",
        "Could you summarise the attached meeting notes and list the action items by owner?",
        "Ship to 221B Baker Street, London NW1 6XE, attention of Mrs. Hudson, account 12345678.",
    ]

    func spans(_ detector: ModelDetector) async throws -> [[Span]] {
        var out: [[Span]] = []
        for text in Self.texts { out.append(try await detector.detect(in: DetectionInput(text, labels: nil))) }
        return out
    }

    func detector(margin: Double?, weights: String = "int8") throws -> (ModelDetector, URL) {
        let folder = try CalibrationModel.copy {
            $0["veil_weights"] = weights
            if let margin { $0["veil_int8_verify_margin"] = margin }
        }
        return (try ModelDetector(folder: folder, threads: 1), folder)
    }

    /// Margin 1: every window is run again in float32, so every span is float32's, score included.
    @Test func verifyingEveryWindowGivesFloat32sSpans() async throws {
        let (reference, f32) = try detector(margin: nil, weights: "float32")
        var (verified, i8) = try detector(margin: 1)
        defer { CalibrationModel.remove(f32); CalibrationModel.remove(i8) }
        #expect(reference.verification == nil)
        let log = VerificationLog()
        verified.verificationObserver = { log.record($0, $1) }
        #expect(try await spans(verified) == spans(reference))
        #expect(log.windows == Self.texts.count && log.verified == log.windows)
    }

    /// Margin 0 turns verification off: the int8 passes stand alone (and the observer never hears of a pass).
    @Test func marginZeroRunsInt8Alone() async throws {
        var (raw, folder) = try detector(margin: 0)
        defer { CalibrationModel.remove(folder) }
        #expect(raw.verification == nil)
        let log = VerificationLog()
        raw.verificationObserver = { log.record($0, $1) }
        _ = try await spans(raw)
        #expect(log.windows == 0)
    }

    /// The default margin re-runs only the windows it must (not the confident ones: the second and fourth
    /// texts hold no value), and the spans are float32's on these texts.
    @Test func defaultMarginReRunsOnlySomeWindowsAndKeepsFloat32sSpans() async throws {
        let (reference, f32) = try detector(margin: nil, weights: "float32")
        var (checked, i8) = try detector(margin: nil)
        defer { CalibrationModel.remove(f32); CalibrationModel.remove(i8) }
        #expect(checked.verification?.margin == Int8Verification.defaultMargin)
        let log = VerificationLog()
        checked.verificationObserver = { log.record($0, $1) }
        let got = try await spans(checked), expected = try await spans(reference)
        #expect(got.map { $0.map(\.start) } == expected.map { $0.map(\.start) })
        #expect(got.map { $0.map(\.end) } == expected.map { $0.map(\.end) })
        #expect(got.map { $0.map(\.label) } == expected.map { $0.map(\.label) })
        #expect(log.windows == Self.texts.count)
        #expect(log.verified < log.windows)
        print("int8 verification, default margin: \(log.verified) of \(log.windows) windows re-run in float32")
    }
}
