extension T5Model {
    /// Greedy decoding with a KV cache for a batch of inputs.
    ///
    /// Returns, per input, the generated ids without the decoder start token, up to and including EOS
    /// when produced (at most `maxNewTokens`). Sequences that finished stop being recorded while the
    /// rest of the batch keeps stepping (Hugging Face feeds them pad tokens; the result is the same).
    public func generate(_ inputs: [[Int]], options: T5GenerationOptions = T5GenerationOptions()) throws(T5Error) -> [[Int]] {
        guard hasDecoder else { throw .unsupportedOperation("model has no decoder; load a T5ForConditionalGeneration export") }
        guard options.maxNewTokens >= 0 else { throw .invalidInput("maxNewTokens must not be negative") }
        let batch = try PackedBatch(inputs, vocabSize: config.vocabSize)
        var generated = [[Int]](repeating: [], count: batch.count)
        guard options.maxNewTokens > 0 else { return generated }
        let session = try T5DecoderSession(model: self, batch: batch, encoderOutput: encoderForward(batch),
                                           capacity: options.maxNewTokens)
        var finished = [Bool](repeating: false, count: batch.count)
        var tokens = [Int](repeating: config.decoderStartTokenId, count: batch.count)
        let vocab = config.vocabSize
        for step in 0..<options.maxNewTokens {
            let logits = try session.step(tokens)
            for b in 0..<batch.count where !finished[b] {
                let row = logits + b * vocab
                let next: Int?
                if let allowed = options.allowedTokens?(step, generated[b]) {
                    next = Self.argmax(row, among: allowed, vocab: vocab)
                } else {
                    next = Kernels.argmax(row, count: vocab)
                }
                guard let token = next else { finished[b] = true; continue }
                generated[b].append(token)
                tokens[b] = token
                if config.eosTokenIds.contains(token) { finished[b] = true }
            }
            // Finished rows keep stepping on the pad token; their logits are ignored.
            for b in 0..<batch.count where finished[b] { tokens[b] = config.padTokenId }
            if !finished.contains(false) { break }
        }
        return generated
    }

    /// Argmax restricted to `allowed`, lowest id on ties (like torch.argmax over masked logits); nil if none is valid.
    static func argmax(_ row: UnsafePointer<Float>, among allowed: [Int], vocab: Int) -> Int? {
        var best: Int?
        for id in allowed where id >= 0 && id < vocab {
            if let current = best {
                if row[id] > row[current] || (row[id] == row[current] && id < current) { best = id }
            } else {
                best = id
            }
        }
        return best
    }
}
