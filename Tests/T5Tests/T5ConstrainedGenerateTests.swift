import Foundation
import Testing
@testable import T5

/// `generateConstrained` against transformers' greedy ids: with every token allowed it is plain greedy
/// decoding, whatever the guesses checked per block (right, wrong or none), the block size, the thread count,
/// and however often the KV cache has to grow.
@Suite struct T5ConstrainedGenerateTests {
    /// Allows the whole vocabulary; guesses `guess` from the current step on (what a copy constraint does
    /// with the source), or a wrong token at every other position.
    struct Open: T5DecodingConstraint {
        let vocab: Int
        let guess: [Int]
        let wrong: Bool
        var taken: [Int] = []
        mutating func allowedTokens() -> [Int] { Array(0..<vocab) }
        mutating func advance(with token: Int) { taken.append(token) }
        func guessNext(_ limit: Int) -> [Int] {
            let rest = Array(guess.dropFirst(taken.count).prefix(limit))
            return wrong ? rest.enumerated().map { $0.offset % 2 == 1 ? ($0.element + 1) % vocab : $0.element } : rest
        }
    }

    @Test(arguments: ["t5_v1_0", "t5_v1_1"], [1, 2])
    func openConstraintIsGreedyDecoding(model: String, threads: Int) throws {
        let goldens = try Goldens.load(Goldens.Seq2Seq.self, model: model)
        let t5 = try T5Model(folder: Goldens.folder(model), threads: threads)
        for (index, input) in goldens.inputs.enumerated() {
            let expected = goldens.greedy[index]
            for (guess, wrong, block) in [([Int](), false, 1), (expected, false, 16), (expected, true, 4), (expected, false, 3)] {
                var open = Open(vocab: t5.config.vocabSize, guess: guess, wrong: wrong)
                let ids = try t5.generateConstrained(input, constraint: &open, maxNewTokens: 20, blockSize: block)
                #expect(ids == expected, "input \(index), block \(block), wrong guesses \(wrong)")
            }
        }
    }

    /// A constraint that allows nothing ends decoding without a token; one that allows one token forces it.
    @Test func emptyAndForcedSteps() throws {
        struct Forced: T5DecodingConstraint {
            var left: [Int]
            mutating func allowedTokens() -> [Int] { left.isEmpty ? [] : [left[0]] }
            mutating func advance(with token: Int) { left.removeFirst() }
        }
        let goldens = try Goldens.load(Goldens.Seq2Seq.self, model: "t5_v1_1")
        let t5 = try T5Model(folder: Goldens.folder("t5_v1_1"), threads: 1)
        var forced = Forced(left: [5, 6, 7])
        #expect(try t5.generateConstrained(goldens.inputs[0], constraint: &forced, maxNewTokens: 10) == [5, 6, 7])
    }
}
