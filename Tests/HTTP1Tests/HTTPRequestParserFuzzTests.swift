import HTTP1
import TestSupport
import Testing

/// Seeded mutations of every table row: whatever the parser decides about a mutated request,
/// it must decide the same whether the bytes arrive whole, one at a time or in random slices.
@Suite struct HTTPRequestParserFuzzTests {
    static let interesting: [UInt8] = [0x0D, 0x0A, 0x20, 0x09, 0x3A, 0x00, 0x7F, 0xFF, 0x3B, 0x30, 0x61, 0x2C]

    static func mutate(_ input: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0...(rng.next() % 3) {
            guard !bytes.isEmpty else { break }
            let at = Int(rng.next() % UInt64(bytes.count))
            let byte = interesting[Int(rng.next() % UInt64(interesting.count))]
            switch rng.next() % 4 {
            case 0: bytes[at] = byte
            case 1: bytes.insert(byte, at: at)
            case 2: bytes.remove(at: at)
            default: bytes.removeSubrange(at...)  // truncation: an incomplete request
            }
        }
        return bytes
    }

    @Test func mutatedRequestsParseTheSameAtAnySplit() {
        let verifier = httpVerifier(limits: tableLimits)
        var rng = SplitMix64(seed: 9112)
        var disagreements: [String] = []
        var rejected = 0
        for row in allCases {
            for round in 0..<40 {
                let input = Self.mutate(row.input, &rng)
                let whole = verifier.replay(input, sliceSizes: [])
                if whole.failure != nil { rejected += 1 }
                for sizes in [[1], [3, 1, 7, 2]] where verifier.replay(input, sliceSizes: sizes) != whole {
                    disagreements.append("\(row.name) #\(round) slices \(sizes): \(input)")
                }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5).joined(separator: "\n"))")
        #expect(rejected > 0, "mutations do reach the error paths")
    }

    /// Whatever state a parser is left in, it never holds more than the largest line budget
    /// (header section 512, chunk-size line 1024) without either handing bytes out or failing.
    @Test func stalledParsersHoldBoundedBytes() {
        var rng = SplitMix64(seed: 1)
        let junk = [UInt8](repeating: UInt8(ascii: "a"), count: 4096)
        var inputs: [[UInt8]] = (0..<200).map { _ in (0..<4096).map { _ in UInt8(truncatingIfNeeded: rng.next()) } }
        for row in allCases {
            for _ in 0..<10 { inputs.append(Self.mutate(row.input, &rng) + junk) }
        }
        for input in inputs {
            var parser = HTTPRequestParser(limits: tableLimits)
            parser.append(input)
            var failed = false
            do {
                while try parser.next() != nil {}
            } catch {
                failed = true
            }
            #expect(failed || parser.bufferedByteCount <= 1024, "stalled holding \(parser.bufferedByteCount) bytes")
        }
    }
}
