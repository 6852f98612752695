import Testing
@testable import Anonymizer

@Suite struct JSONTests {
    @Test func roundTripKeepsOrderDuplicatesAndNumberLiterals() throws {
        let text = #"{"z":1,"a":[true,false,null,-0.5e+10,12345678901234567890123],"z":"dup","s":"\"\\\/\b\f\n\r\t\u0001é😀"}"#
        let value = try JSONParser.parse(text)
        guard case .object(let members) = value else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["z", "a", "z", "s"])
        #expect(value["a"]?.arrayValue?[4] == .number("12345678901234567890123"))
        #expect(value["s"] == .string("\"\\/\u{8}\u{C}\n\r\t\u{1}é😀"))
        let serialized = value.serialized()
        #expect(serialized == #"{"z":1,"a":[true,false,null,-0.5e+10,12345678901234567890123],"z":"dup","s":"\"\\/\b\f\n\r\t\u0001é😀"}"#)
        #expect(try JSONParser.parse(serialized) == value)
    }

    @Test func surrogatePairsDecode() throws {
        #expect(try JSONParser.parse(#""\ud83d\ude00""#) == .string("😀"))
    }

    @Test func whitespaceAroundIsAllowed() throws {
        #expect(try JSONParser.parse(" \r\n\t[ 1 , { } ] \n") == .array([.number("1"), .object([])]))
    }

    static let invalid: [(String, JSONError.Kind, Int)] = [
        ("", .unexpectedEnd, 0),
        ("[1,]", .unexpectedCharacter(UInt8(ascii: "]")), 3),
        ("{\"a\" 1}", .unexpectedCharacter(UInt8(ascii: "1")), 5),
        ("01", .trailingContent, 1),
        ("-", .invalidNumber, 0),
        ("1.", .invalidNumber, 0),
        ("1e", .invalidNumber, 0),
        ("\"a\nb\"", .controlCharacterInString, 2),
        ("\"\\x\"", .invalidEscape, 1),
        ("\"\\ud800\"", .invalidUnicodeEscape, 1),
        ("\"\\udc00x\"", .invalidUnicodeEscape, 1),
        ("tru", .unexpectedEnd, 3),
        ("nul!", .unexpectedCharacter(UInt8(ascii: "!")), 3),
        ("[1] 2", .trailingContent, 4),
        ("{'a':1}", .unexpectedCharacter(UInt8(ascii: "'")), 1),
        ("NaN", .unexpectedCharacter(UInt8(ascii: "N")), 0),
        ("[1 2]", .unexpectedCharacter(UInt8(ascii: "2")), 3),
        ("\"abc", .unexpectedEnd, 4),
    ]

    @Test(arguments: invalid)
    func invalidInputsGiveTypedErrorsWithPosition(_ text: String, _ kind: JSONError.Kind, _ offset: Int) {
        #expect(throws: JSONError(kind, at: offset)) { try JSONParser.parse(text) }
    }

    @Test func invalidUTF8IsRejected() {
        #expect(throws: JSONError(.invalidUTF8, at: 0)) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func depthLimit() throws {
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(throws: JSONError(.tooDeep(limit: 128), at: 128)) { try JSONParser.parse(deep) }
        #expect(try JSONParser.parse(String(repeating: "[", count: 128) + String(repeating: "]", count: 128)) != .null)
    }

    @Test func serializerEscapesEveryControlCharacter() throws {
        var s = ""
        for v in 0..<0x20 { s.unicodeScalars.append(Unicode.Scalar(UInt8(v))) }
        s += "\"\\\u{7F}\u{2028}"
        let text = JSONValue.string(s).serialized()
        #expect(!text.unicodeScalars.dropFirst().dropLast().contains { $0.value < 0x20 })
        #expect(try JSONParser.parse(text) == .string(s))
    }

    @Test func randomValuesRoundTrip() throws {
        var rng = SeededGenerator(seed: 99)
        func random(_ depth: Int) -> JSONValue {
            switch Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &rng) {
            case 0: return .string(RoundTripPropertyTests.randomText(&rng))
            case 1: return .number(["0", "-1", "3.25", "1E-7", "123456789012345678901"].randomElement(using: &rng) ?? "0")
            case 2: return .bool(Bool.random(using: &rng))
            case 3: return .null
            case 4: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in random(depth + 1) })
            default:
                return .object((0..<Int.random(in: 0...4, using: &rng)).map { _ in (key: RoundTripPropertyTests.randomText(&rng), value: random(depth + 1)) })
            }
        }
        for _ in 0..<500 {
            let value = random(0)
            #expect(try JSONParser.parse(value.serialized()) == value)
        }
    }

    @Test func errorDescriptionNamesPosition() {
        #expect(JSONError(.unexpectedCharacter(UInt8(ascii: "]")), at: 3).description == "invalid JSON at byte 3: unexpected character ']'")
    }
}
