import Foundation
import Testing
@testable import Anonymizer

/// The map's `JSONValue` form (the conversation vault's format) against its `Codable` form.
@Suite struct PlaceholderMapJSONValueTests {
    func sample() -> PlaceholderMap {
        var map = PlaceholderMap()
        map.reserveLookalikes(in: "[NAME_2] and [EMAIL_7]")
        let p = map.placeholder(for: "Ann \"Q\" \u{1F600}", label: .name)
        map.markBracketedInInput(p)
        _ = map.placeholder(for: "a@x.io", label: .email)
        return map
    }

    @Test func roundTripsThroughBytes() throws {
        let map = sample()
        let decoded = try PlaceholderMap(jsonValue: JSONParser.parse(map.jsonValue.serializedBytes()))
        #expect(decoded == map)
        var next = decoded
        #expect(next.placeholder(for: "Bo", label: .name).index == 4)  // past the reserved 2 and issued 3
        #expect(next.placeholder(for: "b@x.io", label: .email).index == 9)  // reserved 7, a@x.io got 8
    }

    @Test func readsWhatCodableWroteAndTheOtherWayRound() throws {
        let map = sample()
        let fromCodable = try PlaceholderMap(jsonValue: JSONParser.parse(Array(try JSONEncoder().encode(map))))
        #expect(fromCodable == map)
        let fromJSONValue = try JSONDecoder().decode(PlaceholderMap.self, from: Data(map.jsonValue.serializedBytes()))
        #expect(fromJSONValue == map)
    }

    @Test(arguments: [
        (#"[1]"#, "not an object"),
        (#"{"entries":{}}"#, "'entries'"),
        (#"{"entries":[{"placeholder":"[NAME_1]"}]}"#, "'value'"),
        (#"{"entries":[],"reserved":{"NAME":"x"}}"#, "'reserved'"),
    ])
    func malformedMapsAreRefused(_ json: String, _ expected: String) throws {
        let value = try JSONParser.parse(json)
        #expect { try PlaceholderMap(jsonValue: value) } throws: { String(describing: $0).contains(expected) }
    }

    @Test func duplicateAndVersionChecksStillApply() throws {
        let duplicate = try JSONParser.parse(#"{"entries":[{"placeholder":"[NAME_1]","value":"a"},{"placeholder":"[NAME_1]","value":"b"}]}"#)
        #expect(throws: PlaceholderMapError.duplicatePlaceholder("[NAME_1]")) { try PlaceholderMap(jsonValue: duplicate) }
        let version = try JSONParser.parse(#"{"version":9,"entries":[]}"#)
        #expect(throws: PlaceholderMapError.unsupportedVersion(9)) { try PlaceholderMap(jsonValue: version) }
    }
}
