import Foundation
import Testing
@testable import Tokenizer

/// Exact parity with Python `tokenizers` 0.23.3 on every fixture string, for both fixture tokenizers.
@Suite struct ParityTests {
    @Test(arguments: Fixtures.names)
    func idsMatchPython(name: String) throws {
        let (tokenizer, cases) = try Fixtures.load(name)
        #expect(cases.count >= 200)
        for item in cases {
            #expect(tokenizer.encode(item.text) == item.ids, "\(name): \(item.text.debugDescription)")
            #expect(tokenizer.encode(item.text, addSpecialTokens: false) == item.idsNoSpecial,
                    "\(name): \(item.text.debugDescription)")
        }
    }

    @Test(arguments: Fixtures.names)
    func tokensAndOffsetsMatchPython(name: String) throws {
        let (tokenizer, cases) = try Fixtures.load(name)
        for item in cases {
            let encoding = tokenizer.encodeWithOffsets(item.text)
            #expect(encoding.tokens == item.tokens, "\(name): \(item.text.debugDescription)")
            let offsets = encoding.offsets.map { [$0.lowerBound, $0.upperBound] }
            #expect(offsets == item.offsets, "\(name): \(item.text.debugDescription)")
        }
    }

    @Test(arguments: Fixtures.names)
    func decodeMatchesPython(name: String) throws {
        let (tokenizer, cases) = try Fixtures.load(name)
        for item in cases {
            #expect(tokenizer.decode(item.ids) == item.decoded, "\(name): \(item.text.debugDescription)")
            #expect(tokenizer.decode(item.ids, skipSpecialTokens: false) == item.decodedWithSpecial,
                    "\(name): \(item.text.debugDescription)")
        }
    }

    @Test(arguments: Fixtures.names)
    func normalizerMatchesPython(name: String) throws {
        let (tokenizer, cases) = try Fixtures.load(name)
        let normalizer = try #require(tokenizer.normalizer)
        for item in cases {
            var text = NormalizedString(original: Array(item.text.unicodeScalars)[...])
            normalizer.normalize(&text)
            #expect(String(String.UnicodeScalarView(text.scalars)) == item.normalized,
                    "\(name): \(item.text.debugDescription)")
        }
    }

    /// The full 240 KB nmt_nfkc charsmap is too big to commit; run the generator with `--out DIR
    /// --full-charsmap DIR --random 1500` and set TOKENIZER_EXTRA_FIXTURES=DIR to check every
    /// `*.expected.json` there too.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["TOKENIZER_EXTRA_FIXTURES"] != nil))
    func extraFixturesMatchPython() throws {
        let directory = URL(fileURLWithPath: ProcessInfo.processInfo.environment["TOKENIZER_EXTRA_FIXTURES"] ?? "")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".expected.json") && $0 != "variants.expected.json" }
            .map { String($0.dropLast(".expected.json".count)) }
        #expect(!names.isEmpty)
        for name in names {
            let (tokenizer, cases) = try Fixtures.load(name, directory: directory)
            for item in cases {
                let encoding = tokenizer.encodeWithOffsets(item.text)
                #expect(encoding.ids == item.ids, "\(name): \(item.text.debugDescription)")
                #expect(encoding.offsets.map { [$0.lowerBound, $0.upperBound] } == item.offsets,
                        "\(name): \(item.text.debugDescription)")
                #expect(tokenizer.decode(item.ids) == item.decoded, "\(name): \(item.text.debugDescription)")
            }
        }
    }
}
