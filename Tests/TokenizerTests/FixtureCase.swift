import Foundation
import Testing
@testable import Tokenizer

/// One expectation written by `Training/fixtures/make_tokenizer_fixtures.py` from Python `tokenizers`.
struct FixtureCase: Decodable, Sendable, CustomTestStringConvertible {
    let text: String
    let ids: [Int]
    let tokens: [String]
    let offsets: [[Int]]
    let idsNoSpecial: [Int]
    let decoded: String
    let decodedWithSpecial: String
    let normalized: String

    enum CodingKeys: String, CodingKey {
        case text, ids, tokens, offsets, decoded, normalized
        case idsNoSpecial = "ids_no_special"
        case decodedWithSpecial = "decoded_with_special"
    }

    var testDescription: String { text.debugDescription }
}

struct FixtureFile: Decodable, Sendable {
    let tokenizer: String
    let cases: [FixtureCase]
}

enum Fixtures {
    static let names = ["t5_byte_fallback", "t5_plain"]

    static func url(_ file: String) throws -> URL {
        try #require(Bundle.module.url(forResource: "Fixtures/\(file)", withExtension: nil))
    }

    static func load(_ name: String) throws -> (Tokenizer, [FixtureCase]) {
        try load(name, directory: nil)
    }

    /// Loads `<name>.expected.json` and its tokenizer, from the bundle or from `directory`.
    static func load(_ name: String, directory: URL?) throws -> (Tokenizer, [FixtureCase]) {
        let expectedURL = try directory.map { $0.appendingPathComponent("\(name).expected.json") }
            ?? url("\(name).expected.json")
        let file = try JSONDecoder().decode(FixtureFile.self, from: Data(contentsOf: expectedURL))
        let tokenizerURL = try directory.map { $0.appendingPathComponent(file.tokenizer) } ?? url(file.tokenizer)
        return (try Tokenizer.load(from: tokenizerURL), file.cases)
    }
}
