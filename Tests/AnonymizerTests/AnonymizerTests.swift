import Testing
@testable import Anonymizer

@Suite struct AnonymizerTests {
    let anonymizer = Anonymizer(detectors: [TestEmailDetector(), WordListDetector(words: ["Alice", "ALICE", "alice  smith", "Alice Smith", "Bob"])])

    @Test func replacesExactlyTheSpansAndReportsScalarOffsets() async throws {
        let text = "é👩‍👩‍👧 Alice <a@b.io>\r\n"
        let (result, _) = try await anonymizeFresh(text, anonymizer)
        #expect(result.text == "é👩‍👩‍👧 [NAME_1] <[EMAIL_1]>\r\n")
        let scalars = Array(text.unicodeScalars)
        for entity in result.entities {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[entity.start..<entity.end])
            #expect(String(view) == entity.text)
        }
        #expect(result.entities.map(\.start) == [7, 14])
        #expect(result.entities.map(\.placeholder) == ["[NAME_1]", "[EMAIL_1]"])
    }

    @Test func numberingRunsAcrossFieldsThroughOneMap() async throws {
        var map = PlaceholderMap()
        let a = try await anonymizer.anonymize("Bob wrote to x@y.io", map: &map)
        let b = try await anonymizer.anonymize("Alice and Bob, z@y.io and x@y.io", map: &map)
        #expect(a.text == "[NAME_1] wrote to [EMAIL_1]")
        #expect(b.text == "[NAME_2] and [NAME_1], [EMAIL_2] and [EMAIL_1]")
        #expect(map.count == 4)
    }

    @Test func namesShareAPlaceholderAcrossCaseAndSpacing() async throws {
        let (result, map) = try await anonymizeFresh("Alice, ALICE; Alice Smith / alice  smith", anonymizer)
        #expect(result.text == "[NAME_1], [NAME_1]; [NAME_2] / [NAME_2]")
        #expect(map.value(for: Placeholder(label: .name, index: 1)) == "Alice")
    }

    @Test func emailsAreExact() async throws {
        let (result, _) = try await anonymizeFresh("a@b.io A@b.io a@b.io", anonymizer)
        #expect(result.text == "[EMAIL_1] [EMAIL_2] [EMAIL_1]")
    }

    @Test func labelFilterRestrictsRedaction() async throws {
        let (result, _) = try await anonymizeFresh("Bob a@b.io", anonymizer, labels: [.email])
        #expect(result.text == "Bob [EMAIL_1]")
    }

    @Test func invalidSpansAreIgnored() async throws {
        let bad = Anonymizer(detectors: [FixedDetector(spans: [
            Span(start: -1, end: 2, label: .name, detector: "x"), Span(start: 2, end: 99, label: .name, detector: "x"),
        ])])
        let (result, _) = try await anonymizeFresh("hello", bad)
        #expect(result.text == "hello")
    }

    @Test func detectorFailurePropagates() async {
        let failing = Anonymizer(detectors: [FailingDetector()])
        var map = PlaceholderMap()
        await #expect(throws: FailingDetector.Failure.self) { try await failing.anonymize("x", map: &map) }
    }

    @Test func modelLabelsAreSanitizedForPlaceholders() async throws {
        let odd = Anonymizer(detectors: [FixedDetector(spans: [Span(start: 0, end: 3, label: "credit card", detector: "t5")])])
        let (result, map) = try await anonymizeFresh("abc!", odd)
        #expect(result.text == "[CREDIT_CARD_1]!")
        #expect(Reidentifier(map: map).reidentify(result.text) == "abc!")
    }

    // MARK: collisions

    @Test func pastedPlaceholdersAreSkippedAndNeverRestored() async throws {
        let text = "Ticket says [NAME_1] and EMAIL_2, from Bob at b@c.io"
        let (result, map) = try await anonymizeFresh(text, anonymizer)
        #expect(result.text == "Ticket says [NAME_1] and EMAIL_2, from [NAME_2] at [EMAIL_3]")
        let restored = Reidentifier(map: map).reidentify(result.text)
        #expect(restored == text)
        #expect(Reidentifier(map: map).reidentify("[NAME_1] [NAME_2]") == "[NAME_1] Bob")
    }

    @Test func lookalikeCreatedByRedactionIsReserved() async throws {
        // "Bob" glued to "NAME_1": once Bob becomes a placeholder, "NAME_1" starts a word.
        let (result, map) = try await anonymizeFresh("BobNAME_1 hi", Anonymizer(detectors: [FixedDetector(spans: [Span(start: 0, end: 3, label: .name, detector: "x")])]))
        #expect(result.text == "[NAME_2]NAME_1 hi")
        #expect(Reidentifier(map: map).reidentify(result.text) == "BobNAME_1 hi")
    }

    @Test func requestPrePassReservesAcrossFields() async throws {
        var map = PlaceholderMap()
        let fields = ["Bob says hi", "copy of [NAME_1] and [name 2]"]
        for field in fields { map.reserveLookalikes(in: field) }
        let first = try await anonymizer.anonymize(fields[0], map: &map)
        let second = try await anonymizer.anonymize(fields[1], map: &map)
        #expect(first.text == "[NAME_3] says hi")
        #expect(Reidentifier(map: map).reidentify(second.text) == fields[1])
    }

    @Test func bracketsAroundAValueSurviveTheRoundTrip() async throws {
        let (result, map) = try await anonymizeFresh("tag [Bob] and [[Alice]]", anonymizer)
        #expect(result.text == "tag [[NAME_1]] and [[[NAME_2]]]")
        #expect(Reidentifier(map: map).reidentify(result.text) == "tag [Bob] and [[Alice]]")
    }
}
