import Foundation
import Testing
@testable import Anonymizer

@Suite struct PlaceholderMapTests {
    @Test func numbersPerLabelInOrderOfFirstAppearance() {
        var map = PlaceholderMap()
        #expect(map.placeholder(for: "a@x.io", label: .email).token == "[EMAIL_1]")
        #expect(map.placeholder(for: "Ann", label: .name).token == "[NAME_1]")
        #expect(map.placeholder(for: "b@x.io", label: .email).token == "[EMAIL_2]")
        #expect(map.placeholder(for: "a@x.io", label: .email).token == "[EMAIL_1]")
        #expect(map.placeholder(for: " ann ", label: .name).token == "[NAME_1]")
        #expect(map.count == 3)
    }

    @Test func reservedIndicesAreSkipped() {
        var map = PlaceholderMap()
        map.reserveLookalikes(in: "see [NAME_4] and [email 2] and name_9 and NAME_7x")
        #expect(map.placeholder(for: "Ann", label: .name).index == 5)
        #expect(map.placeholder(for: "a@x.io", label: .email).index == 3)
    }

    @Test func hugeLookalikeIndicesStayRecognisable() {
        var map = PlaceholderMap()
        map.reserveLookalikes(in: "[NAME_999999999999999999]")
        let p = map.placeholder(for: "Ann", label: .name)
        #expect(String(p.index).count <= Placeholder.maxIndexDigits)
        #expect(Reidentifier(map: map).reidentify(p.token) == "Ann")
    }

    @Test func normalizationTable() {
        #expect(EntityLabel.name.normalization.key(for: "  John \n SMITH ") == "john smith")
        #expect(EntityLabel.organization.normalization == .caseAndWhitespaceInsensitive)
        #expect(EntityLabel("FIRST_NAME").normalization == .caseAndWhitespaceInsensitive)
        #expect(EntityLabel.secret.normalization.key(for: " Ab ") == " Ab ")
    }

    @Test func codableRoundTrip() throws {
        var map = PlaceholderMap()
        map.reserveLookalikes(in: "[NAME_2]")
        let p = map.placeholder(for: "Ann \"Q\"", label: .name)
        map.markBracketedInInput(p)
        _ = map.placeholder(for: "a@x.io", label: .email)
        let data = try JSONEncoder().encode(map)
        let decoded = try JSONDecoder().decode(PlaceholderMap.self, from: data)
        #expect(decoded == map)
        var next = decoded
        #expect(next.placeholder(for: "Bo", label: .name).index == 4)
    }

    @Test func decodingRejectsBadMaps() {
        let duplicate = #"{"version":1,"entries":[{"placeholder":"[NAME_1]","value":"a"},{"placeholder":"[NAME_1]","value":"b"}]}"#
        #expect(throws: PlaceholderMapError.duplicatePlaceholder("[NAME_1]")) { try JSONDecoder().decode(PlaceholderMap.self, from: Data(duplicate.utf8)) }
        let invalid = #"{"version":1,"entries":[{"placeholder":"NAME_1","value":"a"}]}"#
        #expect(throws: PlaceholderMapError.invalidPlaceholder("NAME_1")) { try JSONDecoder().decode(PlaceholderMap.self, from: Data(invalid.utf8)) }
        let version = #"{"version":9,"entries":[]}"#
        #expect(throws: PlaceholderMapError.unsupportedVersion(9)) { try JSONDecoder().decode(PlaceholderMap.self, from: Data(version.utf8)) }
    }

    @Test func placeholderTokenParsing() {
        #expect(Placeholder(token: "[CREDIT_CARD_12]") == Placeholder(label: .creditCard, index: 12))
        #expect(Placeholder(token: "[name_1]") == nil)
        #expect(Placeholder(token: "[NAME_0]") == nil)
        #expect(Placeholder(token: "NAME_1") == nil)
    }
}
