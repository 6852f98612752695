import Testing
@testable import Anonymizer

/// One value the model labelled in pieces gets one placeholder, with no gap of it left in clear.
@Suite struct JoinedModelSpansTests {
    func redact(_ text: String, _ marks: [(String, EntityLabel)]) async throws -> AnonymizedText {
        var map = PlaceholderMap()
        return try await Anonymizer(detectors: [ModelStub(marks)]).anonymize(text, map: &map)
    }

    @Test func piecesSeparatedBySpacesBecomeOneValue() async throws {
        let result = try await redact(#""street": "Victor Plains Drive", "suite": "Apt. 950""#,
                                      [("Victor", .name), ("Plains Drive", .address)])
        #expect(result.text == #""street": "[ADDRESS_1]", "suite": "Apt. 950""#)
        #expect(result.entities.map(\.text) == ["Victor Plains Drive"])
    }

    @Test func theLongestPieceNamesTheValue() async throws {
        let result = try await redact("Mail Jamis Buckingham today", [("Jamis", .address), ("Buckingham", .name)])
        #expect(result.text == "Mail [NAME_1] today")
    }

    @Test func piecesOnTwoLinesOrApartStayApart() async throws {
        let lines = try await redact("Anna\nKowalska", [("Anna", .name), ("Kowalska", .name)])
        #expect(lines.text == "[NAME_1]\n[NAME_2]")
        let apart = try await redact("Anna and Kowalska", [("Anna", .name), ("Kowalska", .name)])
        #expect(apart.text == "[NAME_1] and [NAME_2]")
    }

    /// The model labelled only the given name: the surname after it is part of the value.
    @Test func aNameTakesTheSurnameTheModelLeftOut() async throws {
        let result = try await redact("Please send the contract to Anna Kowalska before Friday.", [("Anna", .name)])
        #expect(result.text == "Please send the contract to [NAME_1] before Friday.")
        let ordinary = try await redact("Thanks Anna Please reply", [("Anna", .name)])
        #expect(ordinary.text == "Thanks [NAME_1] Please reply")
    }
}
