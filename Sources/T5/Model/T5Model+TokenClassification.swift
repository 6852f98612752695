extension T5Model {
    /// `T5ForTokenClassification`: encoder → (dropout, identity at inference) → `classifier` with bias.
    /// Returns one `length × num_labels` logits matrix per input sequence.
    public func tokenClassificationLogits(_ inputs: [[Int]]) throws(T5Error) -> [T5Matrix] {
        if let split = try splitBySequence(inputs, { [self] (group, threads) throws(T5Error) in
            try tokenClassificationLogits(group, threads: threads)
        }) {
            return split
        }
        return try tokenClassificationLogits(inputs, threads: threads)
    }

    func tokenClassificationLogits(_ inputs: [[Int]], threads: Int) throws(T5Error) -> [T5Matrix] {
        guard let classifier = weights.classifier, let bias = weights.classifierBias else {
            throw .unsupportedOperation("model has no classifier; load a T5ForTokenClassification export")
        }
        let batch = try PackedBatch(inputs, vocabSize: config.vocabSize)
        let hidden = encoderForward(batch, threads: threads)
        let labels = classifier.outFeatures
        let logits = FloatBuffer(batch.tokenCount * labels)
        Kernels.linear(hidden.readOnly, rows: batch.tokenCount, classifier, into: logits.pointer, threads: threads)
        for row in 0..<batch.tokenCount {
            Kernels.add(bias, into: logits[row * labels], count: labels)
        }
        return split(logits.readOnly, batch: batch, cols: labels)
    }
}
