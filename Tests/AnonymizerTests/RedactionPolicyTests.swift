import Testing
@testable import Anonymizer

@Suite struct RedactionPolicyTests {
    let text = "user bob@example.com pw hunter2 from Paris"
    // bob@example.com = 5..<20, hunter2 = 24..<31, Paris = 37..<42
    var spans: [Span] {
        [
            Span(start: 5, end: 20, label: .email, detector: "x"),
            Span(start: 24, end: 31, label: .password, detector: "x"),
            Span(start: 37, end: 42, label: .location, detector: "x"),
        ]
    }

    @Test func everyLabelDefaultsToPlaceholder() {
        let policy = RedactionPolicy()
        for label: EntityLabel in [.name, .email, .secret, "CUSTOM"] { #expect(policy.action(for: label) == .placeholder) }
    }

    @Test func maskedValueNeverEntersTheMapAndIsNeverRestored() async throws {
        let anonymizer = Anonymizer(detectors: [FixedDetector(spans: spans)], policy: RedactionPolicy(actions: [.password: .mask]))
        let (result, map) = try await anonymizeFresh(text, anonymizer)
        #expect(result.text == "user [EMAIL_1] pw [MASKED_PASSWORD] from [LOCATION_1]")
        #expect(!map.entries.contains { $0.value == "hunter2" })
        #expect(map.count == 2)
        let restored = Reidentifier(map: map).reidentify(result.text)
        #expect(restored == "user bob@example.com pw [MASKED_PASSWORD] from Paris")
        #expect(result.entities.map(\.action) == [.placeholder, .mask, .placeholder])
    }

    @Test func keepLeavesTheValueAndReportsNothing() async throws {
        let anonymizer = Anonymizer(detectors: [FixedDetector(spans: spans)], policy: RedactionPolicy(actions: [.location: .keep]))
        let (result, _) = try await anonymizeFresh(text, anonymizer)
        #expect(result.text == "user [EMAIL_1] pw [PASSWORD_1] from Paris")
        #expect(result.entities.map(\.label) == [.email, .password])
    }

    @Test func allowListIsCaseAndSpaceInsensitiveForNamesOnly() async throws {
        let policy = RedactionPolicy(allowList: ["acme  corp", "Support@Example.com"])
        #expect(policy.allows("ACME Corp", label: .organization))
        #expect(!policy.allows("ACME Corp", label: .email))
        #expect(policy.allows("Support@Example.com", label: .email))
        #expect(!policy.allows("support@example.com", label: .email))

        let anonymizer = Anonymizer(detectors: [TestEmailDetector()], policy: policy)
        let (result, _) = try await anonymizeFresh("to Support@Example.com or bob@x.io", anonymizer)
        #expect(result.text == "to Support@Example.com or [EMAIL_1]")
    }

    /// Issue #16 item 11: allowed names match as whole words, in any case, with possessives, wherever
    /// a span drew its edges; the rest of an over-long span survives only as a value on its own.
    @Test func allowListMatchesWholeWordsAndPossessives() async throws {
        let text = "Napoleon's defeat and winston  churchill’s view; Napoleonic wars; Anna Kowalska met Napoleon"
        func range(_ word: String, from: Int = 0) -> (Int, Int) {
            let scalars = Array(text.unicodeScalars)
            let w = Array(word.unicodeScalars)
            let start = (from...(scalars.count - w.count)).first { Array(scalars[$0..<($0 + w.count)]) == w } ?? 0
            return (start, start + w.count)
        }
        let marks = [("Napoleon's defeat", 0), ("winston  churchill’s", 0), ("Napoleonic", 0), ("Anna Kowalska met Napoleon", 0)]
        let spans = marks.map { m in
            let r = range(m.0, from: m.1)
            return Span(start: r.0, end: r.1, label: .name, detector: "fixed")
        }
        let policy = RedactionPolicy(allowList: ["Napoleon", "Winston Churchill"])
        let (result, _) = try await anonymizeFresh(text, Anonymizer(detectors: [FixedDetector(spans: spans)], policy: policy))
        // `defeat` alone is no value (a remainder needs a digit or a capital); `Napoleonic` is another word.
        #expect(result.text == "Napoleon's defeat and winston  churchill’s view; [NAME_1] wars; [NAME_2] Napoleon")
        #expect(result.entities.map(\.text) == ["Napoleonic", "Anna Kowalska met"])
    }

    /// Issue #16 item 12: `mask` applies to sure findings; an unsure model span gets a placeholder.
    @Test func unsureModelSpansAreNeverMaskedIrreversibly() async throws {
        let text = "Solve for x: 3x^2 - 12x + 9 = 0, key AKIA4QZ7RX2M9TLKW3HD"
        let spans = [
            Span(start: 13, end: 17, label: "ACCOUNT", score: 0.4, detector: "t5", origin: .model, maskable: false),
            Span(start: 37, end: 57, label: .secret, detector: "secret", validated: true),
        ]
        let policy = RedactionPolicy(actions: [.secret: .mask, "ACCOUNT": .mask])
        let (result, map) = try await anonymizeFresh(text, Anonymizer(detectors: [FixedDetector(spans: spans)], policy: policy))
        #expect(result.text == "Solve for x: [ACCOUNT_1] - 12x + 9 = 0, key [MASKED_SECRET]")
        #expect(map.count == 1)
    }

    @Test func policyPicksTheMergedWinner() async throws {
        // A naive e-mail match over a DSN contains the password: the mask must win.
        let dsn = "postgres://admin:s3cret@db.internal/x"
        let spans = [
            Span(start: 11, end: 35, label: .email, detector: "email", validated: true),
            Span(start: 17, end: 23, label: .password, detector: "password"),
        ]
        let anonymizer = Anonymizer(detectors: [FixedDetector(spans: spans)], policy: RedactionPolicy(actions: [.password: .mask]))
        let (result, map) = try await anonymizeFresh(dsn, anonymizer)
        #expect(result.text == "postgres://[MASKED_PASSWORD]/x")
        #expect(map.isEmpty)
    }
}
