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

    /// Issue #15 item 5: a 16-digit lookalike was clamped to the 15-digit cap, so the next index
    /// issued was the lookalike's own, and both came back as the real value.
    @Test func sixteenDigitLookalikeIsNeverIssued() async throws {
        var map = PlaceholderMap()
        let text = "big [EMAIL_1000000000000000] and real bob.real@example.org"
        let out = try await Anonymizer(detectors: PatternDetectors.all()).anonymize(text, map: &map)
        #expect(out.entities.count == 1 && out.entities[0].placeholder != "[EMAIL_1000000000000000]")
        #expect(out.text.components(separatedBy: "[EMAIL_1000000000000000]").count == 2)
        #expect(Reidentifier(map: map).reidentify(out.text) == text)
    }

    /// Reservations hold for a lookalike index of every length the grammar reads back (1…18 digits).
    @Test(arguments: 1...Placeholder.maxIndexDigits)
    func lookalikesOfEveryLengthAreReserved(_ digits: Int) {
        for index in [Int("1" + String(repeating: "0", count: digits - 1)), Int(String(repeating: "9", count: digits))].compactMap({ $0 }) {
            var map = PlaceholderMap()
            map.reserveLookalikes(in: "pasted [EMAIL_\(index)] and EMAIL_\(index + 1)")
            var issued: Set<Int> = []
            for k in 0..<3 { issued.insert(map.placeholder(for: "v\(k)@x.io", label: .email).index) }
            #expect(!issued.contains(index) && !issued.contains(index + 1), "index \(index)")
            #expect(issued.allSatisfy { String($0).count <= Placeholder.maxIndexDigits })
        }
    }

    @Test func exactReservationsSurviveBothMapForms() throws {
        var map = PlaceholderMap()
        map.reserveLookalikes(in: "[EMAIL_1000000000000001] [EMAIL_1000000000000003]")
        let first = map.placeholder(for: "a@x.io", label: .email)
        #expect(first.index == 1_000_000_000_000_000)
        let viaBytes = try PlaceholderMap(serialized: map.serializedBytes)
        let viaJSONValue = try PlaceholderMap(jsonValue: map.jsonValue)
        #expect(viaBytes == map && viaJSONValue == map)
        for var decoded in [viaBytes, viaJSONValue] {
            #expect(decoded.placeholder(for: "b@x.io", label: .email).index == 1_000_000_000_000_002)
            #expect(decoded.placeholder(for: "c@x.io", label: .email).index == 1_000_000_000_000_004)
        }
    }

    @Test func normalizationTable() {
        #expect(EntityLabel.name.normalization.key(for: "  John \n SMITH ") == "john smith")
        #expect(EntityLabel.organization.normalization == .caseAndWhitespaceInsensitive)
        #expect(EntityLabel("FIRST_NAME").normalization == .caseAndWhitespaceInsensitive)
        #expect(EntityLabel.secret.normalization.key(for: " Ab ") == " Ab ")
    }

    @Test func serializedRoundTrip() throws {
        var map = PlaceholderMap()
        map.reserveLookalikes(in: "[NAME_2]")
        let p = map.placeholder(for: "Ann \"Q\"", label: .name)
        map.markBracketedInInput(p)
        _ = map.placeholder(for: "a@x.io", label: .email)
        let decoded = try PlaceholderMap(serialized: map.serializedBytes)
        #expect(decoded == map)
        var next = decoded
        #expect(next.placeholder(for: "Bo", label: .name).index == 4)
    }

    @Test func decodingRejectsBadMaps() {
        let duplicate = #"{"version":1,"entries":[{"placeholder":"[NAME_1]","value":"a"},{"placeholder":"[NAME_1]","value":"b"}]}"#
        #expect(throws: PlaceholderMapError.duplicatePlaceholder("[NAME_1]")) { try PlaceholderMap(serialized: Array(duplicate.utf8)) }
        let invalid = #"{"version":1,"entries":[{"placeholder":"NAME_1","value":"a"}]}"#
        #expect(throws: PlaceholderMapError.invalidPlaceholder("NAME_1")) { try PlaceholderMap(serialized: Array(invalid.utf8)) }
        let version = #"{"version":9,"entries":[]}"#
        #expect(throws: PlaceholderMapError.unsupportedVersion(9)) { try PlaceholderMap(serialized: Array(version.utf8)) }
    }

    @Test func placeholderTokenParsing() {
        #expect(Placeholder(token: "[CREDIT_CARD_12]") == Placeholder(label: .creditCard, index: 12))
        #expect(Placeholder(token: "[name_1]") == nil)
        #expect(Placeholder(token: "[NAME_0]") == nil)
        #expect(Placeholder(token: "NAME_1") == nil)
    }
}
