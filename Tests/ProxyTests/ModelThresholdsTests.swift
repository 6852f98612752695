import Anonymizer
import Testing
@testable import Proxy
@testable import Tagger

/// `ModelThresholds(config:)`: config.json `veil_thresholds` → the confidence a model span of a label
/// needs at each sensitivity. A missing key keeps every span; a malformed one is a load error that
/// names the key (never a silently open gate).
@Suite struct ModelThresholdsTests {
    func thresholds(_ config: String) throws -> ModelThresholds {
        try ModelThresholds(config: JSONParser.parse(Array(config.utf8)))
    }

    /// The `badConfig` message for `veil_thresholds` = `value`, or nil when it loads.
    func failure(_ value: String) throws -> String? {
        let config = try JSONParser.parse(Array(#"{"veil_thresholds": \#(value)}"#.utf8))
        do {
            _ = try ModelThresholds(config: config)
            return nil
        } catch {
            guard case .badConfig(let message) = error else {
                Issue.record("expected badConfig, got \(error)")
                return nil
            }
            return message
        }
    }

    @Test func anAbsentKeyKeepsEverySpan() throws {
        for config in ["{}", #"{"veil_thresholds": null}"#, #"{"veil_max_length": 256}"#] {
            let t = try thresholds(config)
            #expect(t == .none, "\(config)")
            for level in Sensitivity.allCases {
                #expect(t.threshold(for: "NAME", at: level) == 0)
                #expect(t.threshold(for: "ID_NUMBER", at: level) == 0)
            }
        }
    }

    @Test func perLabelThresholdsWinOverTheStarFallback() throws {
        let t = try thresholds("""
            {"veil_thresholds": {"balanced": {"*": 0.6, "NAME": 0.72},
                                 "strict": {"NAME": 0.9, "*": 0.8},
                                 "high-recall": {"EMAIL": 0.05}}}
            """)
        #expect(t.threshold(for: "NAME", at: .balanced) == 0.72)
        #expect(t.threshold(for: "EMAIL", at: .balanced) == 0.6)   // not listed: "*"
        #expect(t.threshold(for: "NAME", at: .strict) == 0.9)
        #expect(t.threshold(for: "ADDRESS", at: .strict) == 0.8)
        #expect(t.threshold(for: "EMAIL", at: .highRecall) == 0.05)
        #expect(t.threshold(for: "NAME", at: .highRecall) == 0)     // neither listed nor "*": open
        #expect(t == ModelThresholds(table: [
            .balanced: ["*": 0.6, "NAME": 0.72], .strict: ["NAME": 0.9, "*": 0.8], .highRecall: ["EMAIL": 0.05],
        ]))
    }

    @Test func aLevelMissingFromTheTableIsOpen() throws {
        let t = try thresholds(#"{"veil_thresholds": {"strict": {"*": 1}}}"#)
        #expect(t.threshold(for: "NAME", at: .strict) == 1)
        #expect(t.threshold(for: "NAME", at: .balanced) == 0)
        #expect(t.threshold(for: "NAME", at: .highRecall) == 0)
        #expect(try thresholds(#"{"veil_thresholds": {}}"#).threshold(for: "NAME", at: .strict) == 0)
    }

    @Test func theBoundsAndAnyJSONNumberSpellingAreAccepted() throws {
        let t = try thresholds(#"{"veil_thresholds": {"strict": {"A": 0, "B": 1, "C": 1.0, "D": 5e-1, "E": 0.0}}}"#)
        #expect(["A", "B", "C", "D", "E"].map { t.threshold(for: $0, at: .strict) } == [0, 1, 1, 0.5, 0])
    }

    @Test func anUnknownSensitivityIsABadConfigNamingIt() throws {
        let message = try #require(try failure(#"{"paranoid": {"NAME": 0.5}}"#))
        #expect(message.contains("veil_thresholds"))
        #expect(message.contains("paranoid"))
    }

    @Test func aNonObjectIsABadConfigNamingTheKey() throws {
        for value in ["0.5", #""strict""#, "[0.5]", "true"] {
            let message = try #require(try failure(value), "\(value)")
            #expect(message.contains("veil_thresholds"), "\(value)")
        }
        for value in [#"{"strict": 0.5}"#, #"{"strict": [0.5]}"#, #"{"strict": null}"#] {
            let message = try #require(try failure(value), "\(value)")
            #expect(message.contains("veil_thresholds.strict"), "\(value): \(message)")
        }
    }

    @Test func aNonNumberIsABadConfigNamingTheEntry() throws {
        for value in [#""0.5""#, "true", "null", "[0.5]", #"{"x": 1}"#] {
            let message = try #require(try failure(#"{"balanced": {"NAME": \#(value)}}"#), "\(value)")
            #expect(message.contains("veil_thresholds.balanced.NAME"), "\(value): \(message)")
        }
    }

    @Test func anOutOfRangeValueIsABadConfigNamingTheEntry() throws {
        for value in ["1.5", "-0.1", "2", "1e3", "-1"] {
            let message = try #require(try failure(#"{"high-recall": {"EMAIL": \#(value)}}"#), "\(value)")
            #expect(message.contains("veil_thresholds.high-recall.EMAIL"), "\(value): \(message)")
        }
        // One bad entry among good ones still fails the whole table.
        #expect(try failure(#"{"strict": {"*": 0.5}, "balanced": {"NAME": 0.7, "EMAIL": 1.01}}"#) != nil)
    }

    /// What a load error prints (`veil config check`, the serve log).
    @Test func theErrorReadsAsAConfigJSONProblem() {
        #expect(ModelDetectorError.badConfig("veil_thresholds must be an object").description
            == "config.json: veil_thresholds must be an object")
    }
}
