import Foundation
import Synchronization
import Testing
@testable import T5

@Suite struct T5EngineTests {
    @Test func asyncEngineMatchesSynchronousGenerationUnderConcurrency() async throws {
        let goldens = try Goldens.load(Goldens.Seq2Seq.self, model: "t5_v1_1")
        let engine = T5Engine(model: try T5Model(folder: Goldens.folder("t5_v1_1")), workers: 2)
        let results = try await withThrowingTaskGroup(of: (Int, [[Int]]).self) { group in
            for index in 0..<6 {
                group.addTask { (index, try await engine.generate([goldens.inputs[index]])) }
            }
            return try await group.reduce(into: [Int: [[Int]]]()) { $0[$1.0] = $1.1 }
        }
        for index in 0..<6 { #expect(results[index] == [goldens.greedy[index]]) }
    }

    @Test func engineSurfacesModelErrors() async throws {
        let engine = T5Engine(model: try T5Model(folder: Goldens.folder("t5_token")))
        await #expect(throws: T5Error.invalidInput("sequence 0 has a token id outside 0..<160")) {
            try await engine.tokenClassificationLogits([[5, 999]])
        }
    }

    @Test func emptyInputsAreRejected() throws {
        let t5 = try T5Model(folder: Goldens.folder("t5_v1_0"))
        #expect(throws: T5Error.invalidInput("empty batch")) { try t5.encode([]) }
        #expect(throws: T5Error.invalidInput("sequence 1 is empty")) { try t5.encode([[4], []]) }
    }

    @Test func constrainedDecodingOnlyEmitsAllowedIds() throws {
        let t5 = try T5Model(folder: Goldens.folder("t5_v1_1"))
        let seen = Mutex<[(Int, Int)]>([])
        let options = T5GenerationOptions(maxNewTokens: 6) { step, generated in
            seen.withLock { $0.append((step, generated.count)) }
            return [5, 7]
        }
        let ids = try t5.generate([[10, 20, 30, 1]], options: options)[0]
        #expect(ids.count == 6)
        #expect(ids.allSatisfy { $0 == 5 || $0 == 7 })
        // Called once per step, before the step's token is appended.
        #expect(seen.withLock { $0.map(\.0) } == Array(0..<6))
        #expect(seen.withLock { $0.map(\.1) } == Array(0..<6))
    }

    @Test func emptyAllowedSetEndsTheSequence() throws {
        let t5 = try T5Model(folder: Goldens.folder("t5_v1_1"))
        let goldens = try Goldens.load(Goldens.Seq2Seq.self, model: "t5_v1_1")
        let options = T5GenerationOptions(maxNewTokens: 20) { step, _ in step == 3 ? [] : nil }
        let ids = try t5.generate([goldens.inputs[0], goldens.inputs[1]], options: options)
        #expect(ids == [Array(goldens.greedy[0].prefix(3)), Array(goldens.greedy[1].prefix(3))])
    }

    @Test func resultsDoNotDependOnThreadCount() throws {
        let goldens = try Goldens.load(Goldens.Seq2Seq.self, model: "t5_v1_1")
        let one = try T5Model(folder: Goldens.folder("t5_v1_1"), threads: 1)
        let two = try T5Model(folder: Goldens.folder("t5_v1_1"), threads: 2)
        let a = try one.encode(goldens.inputs), b = try two.encode(goldens.inputs)
        for (x, y) in zip(a, b) {
            #expect(zip(x.values, y.values).allSatisfy { abs($0 - $1) <= 1e-5 })
        }
    }
}
