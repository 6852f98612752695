import Foundation
@testable import T5

/// The fixtures written by Training/fixtures/make_t5_goldens.py.
enum Goldens {
    static func folder(_ model: String) throws -> URL {
        guard let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile)
        }
        return root.appendingPathComponent(model)
    }

    static func load<T: Decodable>(_ type: T.Type, model: String) throws -> T {
        let data = try Data(contentsOf: folder(model).appendingPathComponent("goldens.json"))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(T.self, from: data)
    }

    /// 1e-4 relative, or 1e-4 absolute for values below 1 in magnitude.
    static func close(_ actual: Float, _ expected: Double) -> Bool {
        abs(Double(actual) - expected) <= 1e-4 * max(1, abs(expected))
    }

    struct Buckets: Decodable {
        let range: [Int]
        let bidirectional: [Int]
        let causal: [Int]
    }

    struct Seq2Seq: Decodable {
        let inputs: [[Int]]
        let buckets: Buckets
        /// Per input: samples `[row, col, value]` of the final encoder states.
        let encoder: [[[Double]]]
        let greedy: [[Int]]
        let decoderSteps: [Step]
        let batch: Batch

        struct Step: Decodable {
            let input: Int
            let fed: [Int]
            /// Per fed position: `[vocab id, logit]` samples.
            let samples: [[[Double]]]
        }

        struct Batch: Decodable {
            let indices: [Int]
            let encoder: [[[Double]]]
            let greedy: [[Int]]
        }
    }

    struct TokenClassification: Decodable {
        let inputs: [[Int]]
        let labels: [String]
        let buckets: Buckets
        /// Per input: `[length][num_labels]`.
        let logits: [[[Double]]]
        let batch: Batch

        struct Batch: Decodable {
            let indices: [Int]
            let logits: [[[Double]]]
        }
    }
}
