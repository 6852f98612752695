import Foundation
import Testing
@testable import Tokenizer

/// Parity for components the T5 fixtures do not use: the generator swapped each variant's nodes into the
/// plain tokenizer and recorded Python's ids, offsets and decode; the test patches the same nodes in.
@Suite struct VariantParityTests {
    struct VariantCase: Decodable, Sendable {
        let text: String
        let ids: [Int]
        let offsets: [[Int]]
        let decoded: String
    }

    /// Cases are decoded with JSONDecoder: a JSONSerialization round trip drops a leading U+FEFF in strings.
    struct VariantsFile: Decodable, Sendable {
        struct Variant: Decodable, Sendable { let cases: [VariantCase] }
        let variants: [String: Variant]
    }

    static let variantNames = [
        "metaspace_first", "metaspace_never", "metaspace_no_split", "whitespace_then_metaspace",
        "nfkc_strip_lowercase", "nfc_replace_literal", "no_normalizer", "added_tokens_normalized_and_stripped",
    ]

    static func load(_ variant: String) throws -> (Tokenizer, [VariantCase]) {
        let data = try Data(contentsOf: Fixtures.url("variants.expected.json"))
        let expected = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let base = try #require(expected?["base"] as? String)
        let entry = try #require((expected?["variants"] as? [String: Any])?[variant] as? [String: Any])
        let components = try #require(entry["components"] as? [String: Any])
        var json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.url(base))) as? [String: Any]
        )
        for (key, value) in components { json[key] = value }
        let tokenizer = try Tokenizer(json: JSONSerialization.data(withJSONObject: json))
        let cases = try #require(try JSONDecoder().decode(VariantsFile.self, from: data).variants[variant]).cases
        return (tokenizer, cases)
    }

    @Test(arguments: variantNames)
    func variantMatchesPython(variant: String) throws {
        let (tokenizer, cases) = try Self.load(variant)
        #expect(cases.count >= 100)
        for item in cases {
            let encoding = tokenizer.encodeWithOffsets(item.text)
            #expect(encoding.ids == item.ids, "\(variant): \(item.text.debugDescription)")
            #expect(encoding.offsets.map { [$0.lowerBound, $0.upperBound] } == item.offsets,
                    "\(variant): \(item.text.debugDescription)")
            #expect(tokenizer.decode(item.ids) == item.decoded, "\(variant): \(item.text.debugDescription)")
        }
    }
}
