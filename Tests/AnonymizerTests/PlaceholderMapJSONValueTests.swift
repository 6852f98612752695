import Foundation
import Testing
@testable import Anonymizer

/// The map's one serialization (`--save-map` files and the conversation vault).
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

    /// The wire format is unchanged: the exact bytes, and a file as the former `Codable` form
    /// wrote it (Foundation's member order, escaped slashes) still loads.
    @Test func wireFormatIsStable() throws {
        var map = PlaceholderMap()
        map.reserveLookalikes(in: "[NAME_2] [EMAIL_1000000000000001]")
        _ = map.placeholder(for: "Ann", label: .name)
        #expect(String(decoding: map.serializedBytes, as: UTF8.self) == #"{"version":1,"entries":[{"placeholder":"[NAME_3]","value":"Ann","bracketed":false}],"reserved":{"EMAIL":999999999999999,"NAME":2},"reserved_exactly":{"EMAIL":[1000000000000001]}}"#)
        let codableFile = #"{"reserved_exactly":{"EMAIL":[1000000000000001]},"entries":[{"value":"Ann","bracketed":false,"placeholder":"[NAME_3]"}],"version":1,"reserved":{"NAME":2,"EMAIL":999999999999999}}"#
        #expect(try PlaceholderMap(serialized: Array(codableFile.utf8)) == map)
        let beforeReservedExactly = #"{"entries":[{"placeholder":"[NAME_1]","value":"Bo"}],"reserved":{}}"#
        #expect(try PlaceholderMap(serialized: Array(beforeReservedExactly.utf8)).count == 1)
        #expect(throws: PlaceholderMapError.self) { try PlaceholderMap(serialized: Array("not json".utf8)) }
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
