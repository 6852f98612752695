/// A decoding constraint for `T5Model.generateConstrained`: a state machine that says which tokens may
/// come next and is told which one was taken.
public protocol T5DecodingConstraint {
    /// The tokens allowed at this step (ids outside the vocabulary are ignored). Empty ends decoding
    /// without a token.
    mutating func allowedTokens() -> [Int]
    /// The token greedy decoding took (always one of `allowedTokens()`).
    mutating func advance(with token: Int)
    /// Up to `limit` tokens decoding will probably take next (a copy constraint: the next source tokens).
    /// Only a guess to check in one decoder pass: the result is the same whatever it returns.
    func guessNext(_ limit: Int) -> [Int]
}

extension T5DecodingConstraint {
    public func guessNext(_ limit: Int) -> [Int] { [] }
}

extension T5Model {
    /// Greedy decoding of one input under `constraint`, with a KV cache that grows as needed.
    ///
    /// The same result as `generate` with an `allowedTokens` hook (argmax over the allowed tokens, lowest
    /// id on ties), computed with less work:
    /// - only the allowed tokens' rows of `lm_head` are computed, none when a single token is allowed: with
    ///   a copy constraint most steps allow one to a handful of tokens, and the vocabulary projection is the
    ///   largest matrix of a step (FLAN-T5-small: 32128 × 512);
    /// - the constraint's guess of the next tokens (`guessNext`, up to `blockSize − 1`) is fed with the
    ///   current token as one block — greedy verification, as in speculative decoding with the source as
    ///   the draft: each row's argmax is taken in order, and the block stops at the first row whose choice
    ///   differs from the guess (the rows after it are rewound). The decoder's weights are then streamed once
    ///   per block instead of once per token, which is what a decode step of a small model costs.
    /// Returns the generated ids without the decoder start token, up to and including EOS when produced;
    /// stops when the constraint allows nothing or after `maxNewTokens`.
    public func generateConstrained<C: T5DecodingConstraint>(
        _ input: [Int], constraint: inout C, maxNewTokens: Int, blockSize: Int = 4
    ) throws(T5Error) -> [Int] {
        guard hasDecoder else { throw .unsupportedOperation("model has no decoder; load a T5ForConditionalGeneration export") }
        guard maxNewTokens >= 0 else { throw .invalidInput("maxNewTokens must not be negative") }
        let batch = try PackedBatch([input], vocabSize: config.vocabSize)
        var generated: [Int] = []
        guard maxNewTokens > 0 else { return generated }
        let blockSize = max(1, blockSize)
        let session = try T5DecoderSession(model: self, batch: batch, encoderOutput: encoderForward(batch),
                                           capacity: min(maxNewTokens, 2 * input.count + 16) + blockSize, blockRows: blockSize)
        var token = config.decoderStartTokenId
        let vocab = config.vocabSize
        while generated.count < maxNewTokens {
            let room = min(blockSize, maxNewTokens - generated.count)
            let guess = room > 1 ? constraint.guessNext(room - 1).filter { $0 >= 0 && $0 < vocab } : []
            let block = [token] + guess
            let start = session.position
            session.reserve(start + block.count)
            try session.advance(block, block: true)
            for row in 0..<block.count {
                let allowed = constraint.allowedTokens().filter { $0 >= 0 && $0 < vocab }
                guard let first = allowed.first else { return generated }
                var best = first
                if allowed.count > 1 {
                    var bestLogit = session.logit(sequence: row, token: first)
                    for id in allowed.dropFirst() {
                        let logit = session.logit(sequence: row, token: id)
                        if logit > bestLogit || (logit == bestLogit && id < best) { best = id; bestLogit = logit }
                    }
                }
                generated.append(best)
                constraint.advance(with: best)
                if config.eosTokenIds.contains(best) || generated.count >= maxNewTokens { return generated }
                token = best
                // The next row was computed from guess[row]; it is valid only if that is what was taken.
                guard row + 1 < block.count, block[row + 1] == best else {
                    session.rewind(to: start + row + 1)
                    break
                }
            }
        }
        return generated
    }
}
