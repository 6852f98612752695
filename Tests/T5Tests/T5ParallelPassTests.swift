import Foundation
import Testing
@testable import T5

/// The three ways a pass can run — one thread, split inside (GEMM column blocks, heads), and one group
/// of whole sequences per thread — give the same outputs (each output is the same dot product over
/// the same K order; only the thread that computes it changes).
@Suite struct T5ParallelPassTests {
    static func maxDifference(_ a: [T5Matrix], _ b: [T5Matrix]) -> Float {
        precondition(a.count == b.count)
        var worst: Float = 0
        for (x, y) in zip(a, b) {
            precondition(x.values.count == y.values.count)
            for (u, v) in zip(x.values, y.values) { worst = max(worst, abs(u - v)) }
        }
        return worst
    }

    @Test func sequenceGroupsEqualOneThreadAndTheInsideSplit() throws {
        let goldens = try Goldens.load(Goldens.TokenClassification.self, model: "t5_token")
        let t5 = try T5Model(folder: Goldens.folder("t5_token"), threads: 2)
        let batch = goldens.inputs
        #expect(batch.count >= 2)  // takes the sequence-group path
        let grouped = try t5.tokenClassificationLogits(batch)
        let single = try t5.tokenClassificationLogits(batch, threads: 1)
        let inside = try t5.tokenClassificationLogits(batch, threads: 2)
        #expect(grouped.map(\.rows) == batch.map(\.count))
        #expect(Self.maxDifference(grouped, single) <= 1e-5)
        #expect(Self.maxDifference(inside, single) <= 1e-5)
    }

    @Test func encodeSplitsBySequenceToo() throws {
        let goldens = try Goldens.load(Goldens.TokenClassification.self, model: "t5_token")
        let t5 = try T5Model(folder: Goldens.folder("t5_token"), threads: 3)
        let states = try t5.encode(goldens.inputs)
        #expect(Self.maxDifference(states, try t5.encode(goldens.inputs, threads: 1)) <= 1e-5)
    }

    @Test func anErrorInOneGroupReachesTheCaller() throws {
        let t5 = try T5Model(folder: Goldens.folder("t5_token"), threads: 2)
        #expect(throws: T5Error.self) { try t5.tokenClassificationLogits([[5, 1], [t5.config.vocabSize, 1]]) }
    }
}
