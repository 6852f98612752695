import HTTP1
import Testing

@Suite struct GzipTests {
    /// The status code `body` fails with, nil when it succeeds (-1 for a foreign error).
    static func status(_ body: () throws -> Void) -> Int? {
        do {
            try body()
            return nil
        } catch {
            return (error as? HTTPParserError)?.status.code ?? -1
        }
    }

    @Test func roundTrip() throws {
        let text = Array(String(repeating: "Veil anonymizes prompts. ", count: 1000).utf8)
        let compressed = try GzipDeflater.deflate(text)
        #expect(compressed.prefix(2) == [0x1F, 0x8B], "gzip magic")
        #expect(compressed.count < text.count / 10)
        #expect(try GzipInflater.inflate(compressed, limit: text.count) == text)
    }

    @Test func zlibFormatForDeflateEncoding() throws {
        // Python: zlib.compress(b"hello")
        let zlib: [UInt8] = [120, 156, 203, 72, 205, 201, 201, 7, 0, 6, 44, 2, 21]
        #expect(try GzipInflater.inflate(zlib, limit: 100) == Array("hello".utf8))
    }

    @Test func concatenatedMembers() throws {
        let joined = try GzipDeflater.deflate(Array("ab".utf8)) + GzipDeflater.deflate(Array("cd".utf8))
        #expect(try GzipInflater.inflate(joined, limit: 100) == Array("abcd".utf8))
    }

    @Test func bombIsStoppedAtTheLimit() throws {
        let bomb = try GzipDeflater.deflate([UInt8](repeating: 0, count: 10 * 1024 * 1024), level: 9)
        #expect(bomb.count < 20 * 1024)
        #expect(Self.status { _ = try GzipInflater.inflate(bomb, limit: 1024 * 1024) } == 413)
    }

    @Test func outputExactlyAtTheLimitIsAccepted() throws {
        let data = [UInt8](repeating: 7, count: 4096)
        #expect(try GzipInflater.inflate(GzipDeflater.deflate(data), limit: 4096) == data)
        #expect(Self.status { _ = try GzipInflater.inflate(GzipDeflater.deflate(data), limit: 4095) } == 413)
    }

    @Test func zeroOrNegativeLimit() throws {
        let empty = try GzipDeflater.deflate([])
        #expect(try GzipInflater.inflate(empty, limit: 0) == [])
        #expect(Self.status { _ = try GzipInflater.inflate(GzipDeflater.deflate([1]), limit: 0) } == 413)
        #expect(Self.status { _ = try GzipInflater.inflate(GzipDeflater.deflate([1]), limit: -5) } == 413)
    }

    @Test func corruptTruncatedAndEmptyAre400() throws {
        let good = try GzipDeflater.deflate(Array(String(repeating: "payload ", count: 100).utf8))
        var corrupt = good
        corrupt[good.count / 2] ^= 0xFF
        #expect(Self.status { _ = try GzipInflater.inflate(corrupt, limit: 1 << 20) } == 400)
        #expect(Self.status { _ = try GzipInflater.inflate(Array(good.dropLast(6)), limit: 1 << 20) } == 400)
        #expect(Self.status { _ = try GzipInflater.inflate([], limit: 1 << 20) } == 400)
        #expect(Self.status { _ = try GzipInflater.inflate(Array("plain text".utf8), limit: 1 << 20) } == 400)
        #expect(Self.status { _ = try GzipInflater.inflate(good + [0x42, 0x42, 0x42], limit: 1 << 20) } == 400)
    }
}
