import TestSupport
import Testing
@testable import Vault

/// RESP2 replies by table, each replayed whole, one byte at a time, in random slices and all
/// valid cases back to back (the drip-feed verifier).
@Suite struct RESPDecoderTests {
    typealias Case = DripFeedCase<RESPValue, RESPError>

    static let cases: [Case] = [
        Case("simple string", input: bytes("+OK\r\n"), parts: [.simpleString("OK")]),
        Case("empty simple string", input: bytes("+\r\n"), parts: [.simpleString("")]),
        Case("error", input: bytes("-ERR unknown command 'FOO'\r\n"), parts: [.error("ERR unknown command 'FOO'")]),
        Case("integer", input: bytes(":1000\r\n"), parts: [.integer(1000)]),
        Case("negative integer", input: bytes(":-7\r\n"), parts: [.integer(-7)]),
        Case("bulk string", input: bytes("$5\r\nhello\r\n"), parts: [.bulkString(bytes("hello"))]),
        Case("empty bulk string", input: bytes("$0\r\n\r\n"), parts: [.bulkString([])]),
        Case("binary bulk with CRLF inside", input: bytes("$4\r\n") + [13, 10, 0, 255] + bytes("\r\n"), parts: [.bulkString([13, 10, 0, 255])]),
        Case("null bulk (GET of a missing key)", input: bytes("$-1\r\n"), parts: [.bulkString(nil)]),
        Case("array", input: bytes("*2\r\n$3\r\nGET\r\n:1\r\n"), parts: [.array([.bulkString(bytes("GET")), .integer(1)])]),
        Case("empty array", input: bytes("*0\r\n"), parts: [.array([])]),
        Case("null array", input: bytes("*-1\r\n"), parts: [.array(nil)]),
        Case("nested array", input: bytes("*2\r\n*1\r\n+a\r\n-b\r\n"), parts: [.array([.array([.simpleString("a")]), .error("b")])]),
        Case("two replies", input: bytes("+OK\r\n$-1\r\n"), parts: [.simpleString("OK"), .bulkString(nil)]),
        // Failures
        Case("unknown type byte", input: bytes("!oops\r\n"), parts: [], failure: .unknownType(UInt8(ascii: "!"))),
        Case("bad integer", input: bytes(":12x\r\n"), parts: [], failure: .invalidInteger),
        Case("bare LF", input: bytes("+OK\n"), parts: [], failure: .missingTerminator),
        Case("bulk without CRLF after payload", input: bytes("$2\r\nabXY"), parts: [], failure: .missingTerminator),
        Case("negative bulk length", input: bytes("$-2\r\n"), parts: [], failure: .lengthOutOfRange(-2)),
        Case("bulk past the limit", input: bytes("$99999999999\r\n"), parts: [], failure: .lengthOutOfRange(99_999_999_999)),
        Case("nesting past the limit", input: bytes(String(repeating: "*1\r\n", count: 12) + "+x\r\n"), parts: [], failure: .tooDeep),
    ]

    static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    let verifier = DripFeedVerifier<RESPDecoder, RESPValue, RESPError>(
        makeDecoder: { RESPDecoder() },
        feed: { $0.feed($1) },
        next: { try $0.next() },
        classify: { ($0 as? RESPError) ?? .invalidInteger }
    )

    @Test(arguments: cases) func decodesEverySplit(_ testCase: Case) {
        #expect(verifier.verify(testCase) == [])
    }

    @Test func decodesAllValidCasesPipelined() {
        #expect(verifier.verifyPipelined(Self.cases) == [])
    }

    @Test func incompleteReplyConsumesNothing() throws {
        var decoder = RESPDecoder()
        decoder.feed(Self.bytes("$5\r\nhel"))
        #expect(try decoder.next() == nil)
        #expect(decoder.bufferedCount == 7)
        decoder.feed(Self.bytes("lo\r\n"))
        #expect(try decoder.next() == .bulkString(Self.bytes("hello")))
        #expect(decoder.bufferedCount == 0)
    }

    @Test func overlongLineFailsBeforeItsEnd() {
        var limits = RESPDecoder.Limits()
        limits.maxLineBytes = 16
        var decoder = RESPDecoder(limits: limits)
        decoder.feed(Self.bytes("+" + String(repeating: "a", count: 40)))
        #expect(throws: RESPError.lineTooLong) { try decoder.next() }
    }

    @Test(arguments: cases.filter { $0.failure == nil }) func encoderRoundTrips(_ testCase: Case) throws {
        var decoder = RESPDecoder()
        decoder.feed(testCase.parts.flatMap(\.encoded))
        var decoded: [RESPValue] = []
        while let value = try decoder.next() { decoded.append(value) }
        #expect(decoded == testCase.parts)
        #expect(testCase.parts.flatMap(\.encoded) == testCase.input)
    }

    @Test func commandIsAnArrayOfBulkStrings() {
        #expect(RESPValue.command("SET", "k", "v") == Self.bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n"))
        // Binary-safe: a sealed value with CR, LF and NUL goes as it is, framed by its length.
        #expect(RESPValue.command([Self.bytes("SET"), Self.bytes("k"), [0, 13, 10]])
            == Self.bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\n") + [0, 13, 10] + Self.bytes("\r\n"))
    }
}
