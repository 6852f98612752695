import Testing
@testable import Anonymizer

/// NAME_1 = "Ada Lovelace", EMAIL_1 = "ada@x.io", CREDIT_CARD_1 and ORGANIZATION_1 (with `"` and `\`).
func sampleMap() -> PlaceholderMap {
    var map = PlaceholderMap()
    _ = map.placeholder(for: "Ada Lovelace", label: .name)
    _ = map.placeholder(for: "ada@x.io", label: .email)
    _ = map.placeholder(for: "4111 1111 1111 1111", label: .creditCard)
    _ = map.placeholder(for: "O\"Brien \\ Co", label: .organization)
    return map
}

@Suite struct ReidentifierTests {
    static let table: [(String, String)] = [
        ("Hi [NAME_1]!", "Hi Ada Lovelace!"),
        ("Hi NAME_1.", "Hi Ada Lovelace."),
        ("Hi [Name_1]", "Hi Ada Lovelace"),
        ("Hi [name_1]", "Hi Ada Lovelace"),
        ("Hi [NAME 1]", "Hi Ada Lovelace"),
        ("Hi [[NAME_1]]", "Hi Ada Lovelace"),
        ("[NAME_1]'s book", "Ada Lovelace's book"),
        ("NAME_1's book", "Ada Lovelace's book"),
        ("**[NAME_1]**", "**Ada Lovelace**"),
        ("[NAME_1][EMAIL_1]", "Ada Lovelace" + "ada@x.io"),
        ("card [CREDIT_CARD_1].", "card 4111 1111 1111 1111."),
        ("[credit_card 1]", "4111 1111 1111 1111"),
        // left alone
        ("[NAME_2] never issued", "[NAME_2] never issued"),
        ("[NAME_01]", "Ada Lovelace"),
        ("[PHONE_1] unknown label", "[PHONE_1] unknown label"),
        ("name_1 = 3  # lower-case bare is code", "name_1 = 3  # lower-case bare is code"),
        ("NAME 1 bare with space", "NAME 1 bare with space"),
        ("xNAME_1 glued", "xNAME_1 glued"),
        ("NAME_1x glued", "NAME_1x glued"),
        ("NAME_12", "NAME_12"),
        ("[NAME_1", "[Ada Lovelace"),
        ("[[[NAME_1]]]", "[Ada Lovelace]"),
        ("[MASKED_SECRET]", "[MASKED_SECRET]"),
        ("[NAME_]", "[NAME_]"),
        ("", ""),
    ]

    @Test(arguments: table)
    func variations(_ input: String, _ expected: String) {
        #expect(Reidentifier(map: sampleMap()).reidentify(input) == expected)
    }

    @Test func jsonEscapingForArguments() throws {
        let restored = Reidentifier(map: sampleMap(), escaping: .jsonString).reidentify(#"{"org":"[ORGANIZATION_1]"}"#)
        #expect(restored == #"{"org":"O\"Brien \\ Co"}"#)
        #expect(try JSONParser.parse(restored)["org"] == .string("O\"Brien \\ Co"))
    }

    @Test func emptyMapReturnsInputUnchanged() {
        #expect(Reidentifier(map: PlaceholderMap()).reidentify("[NAME_1]") == "[NAME_1]")
    }
}
