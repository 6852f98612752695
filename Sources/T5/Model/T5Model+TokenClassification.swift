extension T5Model {
    /// `T5ForTokenClassification`: encoder → (dropout, identity at inference) → `classifier` with bias.
    /// Returns one `length × num_labels` logits matrix per input sequence. `precision`: `.float32` runs
    /// an int8 model's encoder in float32 for this call; nil: the model's `precision`.
    public func tokenClassificationLogits(_ inputs: [[Int]], precision: T5WeightPrecision? = nil) throws(T5Error) -> [T5Matrix] {
        if let split = try splitBySequence(inputs, { [self] (group, threads) throws(T5Error) in
            try tokenClassificationLogits(group, threads: threads, precision: precision)
        }) {
            return split
        }
        return try tokenClassificationLogits(inputs, threads: threads, precision: precision)
    }

    func tokenClassificationLogits(_ inputs: [[Int]], threads: Int, precision: T5WeightPrecision? = nil) throws(T5Error) -> [T5Matrix] {
        guard let classifier = weights.classifier, let bias = weights.classifierBias else {
            throw .unsupportedOperation("model has no classifier; load a T5ForTokenClassification export")
        }
        let batch = try PackedBatch(inputs, vocabSize: config.vocabSize)
        let hidden = encoderForward(batch, threads: threads, precision: precision)
        let labels = classifier.outFeatures
        let logits = FloatBuffer(batch.tokenCount * labels)
        Kernels.linear(hidden.readOnly, rows: batch.tokenCount, classifier, into: logits.pointer, threads: threads)
        for row in 0..<batch.tokenCount {
            Kernels.add(bias, into: logits[row * labels], count: labels)
        }
        return split(logits.readOnly, batch: batch, cols: labels)
    }
}
