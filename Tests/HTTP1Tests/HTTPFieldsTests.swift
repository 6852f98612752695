import Testing

@testable import HTTP1

@Suite struct HTTPFieldsTests {
    @Test func namesCompareCaseInsensitively() {
        var fields = HTTPFields([("Content-Type", "a"), ("X-Dup", "1"), ("x-dup", "2")])
        #expect(fields["content-type"] == "a")
        #expect(fields["CONTENT-TYPE"] == "a")
        #expect(fields.values(for: "X-DUP") == ["1", "2"])
        fields.set(name: "X-Dup", value: "3")
        #expect(fields.values(for: "x-dup") == ["3"])
        fields.remove(name: "CONTENT-type")
        #expect(!fields.contains(name: "Content-Type"))
    }

    @Test func foldingIsLettersOnly() {
        // 0x40 '@' and 0x60 '`' differ only in the 0x20 bit, like 'A' and 'a'.
        #expect(!HTTPFields.namesMatch("a@", "a`"))
        #expect(!HTTPFields.namesMatch("X-A", "X-AB"))
        #expect(HTTPFields.namesMatch("Transfer-Encoding", "transfer-ENCODING"))
    }
}
