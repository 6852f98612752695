import Foundation
import Testing
@testable import T5

/// `T5ForTokenClassification` (BF16 weights) against transformers, single inputs and a padded batch.
@Suite struct T5TokenClassificationGoldenTests {
    @Test(arguments: [1, 2])
    func logitsMatchTransformersOneByOne(threads: Int) throws {
        let goldens = try Goldens.load(Goldens.TokenClassification.self, model: "t5_token")
        let t5 = try T5Model(folder: Goldens.folder("t5_token"), threads: threads)
        #expect(t5.config.labels == goldens.labels)
        for (index, input) in goldens.inputs.enumerated() {
            let logits = try t5.tokenClassificationLogits([input])[0]
            #expect(logits.rows == input.count && logits.cols == goldens.labels.count)
            for (row, expected) in goldens.logits[index].enumerated() {
                for (label, value) in expected.enumerated() {
                    #expect(Goldens.close(logits[row, label], value), "input \(index) token \(row) label \(label)")
                }
            }
        }
    }

    @Test(arguments: [1, 2])
    func paddedBatchLogitsMatchTransformers(threads: Int) throws {
        let goldens = try Goldens.load(Goldens.TokenClassification.self, model: "t5_token")
        let t5 = try T5Model(folder: Goldens.folder("t5_token"), threads: threads)
        let logits = try t5.tokenClassificationLogits(goldens.batch.indices.map { goldens.inputs[$0] })
        for (b, expectedRows) in goldens.batch.logits.enumerated() {
            #expect(logits[b].rows == expectedRows.count)
            for (row, expected) in expectedRows.enumerated() {
                for (label, value) in expected.enumerated() {
                    #expect(Goldens.close(logits[b][row, label], value), "row \(b) token \(row) label \(label)")
                }
            }
        }
    }

    @Test func encoderOnlyModelRefusesToGenerate() throws {
        let t5 = try T5Model(folder: Goldens.folder("t5_token"))
        #expect(!t5.hasDecoder && t5.hasClassifier)
        #expect(throws: T5Error.self) { try t5.generate([[5, 1]]) }
    }

    @Test func seq2seqModelRefusesTokenClassification() throws {
        let t5 = try T5Model(folder: Goldens.folder("t5_v1_0"))
        #expect(throws: T5Error.unsupportedOperation("model has no classifier; load a T5ForTokenClassification export")) {
            try t5.tokenClassificationLogits([[5, 1]])
        }
    }
}
