/// A decoding constraint for `T5Model.generateConstrained`: a state machine that says which tokens may
/// come next and is told which one was taken.
public protocol T5DecodingConstraint {
    /// The tokens allowed at this step (ids outside the vocabulary are ignored). Empty ends decoding
    /// without a token.
    mutating func allowedTokens() -> [Int]
    /// The token greedy decoding took (always one of `allowedTokens()`).
    mutating func advance(with token: Int)
}

extension T5Model {
    /// Greedy decoding of one input under `constraint`, with a KV cache that grows as needed.
    ///
    /// The same result as `generate` with an `allowedTokens` hook (argmax over the allowed tokens, lowest
    /// id on ties), but only the allowed tokens' rows of `lm_head` are computed, and none at all when a
    /// single token is allowed: with a copy constraint most steps allow one to a handful of tokens, and the
    /// vocabulary projection is the largest matrix of a step (FLAN-T5-small: 32128 × 512). Returns the
    /// generated ids without the decoder start token, up to and including EOS when produced; stops when the
    /// constraint allows nothing or after `maxNewTokens`.
    public func generateConstrained<C: T5DecodingConstraint>(
        _ input: [Int], constraint: inout C, maxNewTokens: Int
    ) throws(T5Error) -> [Int] {
        guard hasDecoder else { throw .unsupportedOperation("model has no decoder; load a T5ForConditionalGeneration export") }
        guard maxNewTokens >= 0 else { throw .invalidInput("maxNewTokens must not be negative") }
        let batch = try PackedBatch([input], vocabSize: config.vocabSize)
        var generated: [Int] = []
        guard maxNewTokens > 0 else { return generated }
        let session = try T5DecoderSession(model: self, batch: batch, encoderOutput: encoderForward(batch),
                                           capacity: min(maxNewTokens, 2 * input.count + 16))
        var token = config.decoderStartTokenId
        let vocab = config.vocabSize
        for step in 0..<maxNewTokens {
            session.reserve(step + 1)
            try session.advance([token])
            let allowed = constraint.allowedTokens().filter { $0 >= 0 && $0 < vocab }
            guard let first = allowed.first else { break }
            var best = first
            if allowed.count > 1 {
                var bestLogit = session.logit(sequence: 0, token: first)
                for id in allowed.dropFirst() {
                    let logit = session.logit(sequence: 0, token: id)
                    if logit > bestLogit || (logit == bestLogit && id < best) { best = id; bestLogit = logit }
                }
            }
            generated.append(best)
            constraint.advance(with: best)
            if config.eosTokenIds.contains(best) { break }
            token = best
        }
        return generated
    }
}
