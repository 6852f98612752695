import Foundation
import Testing
@testable import T5

/// The goldens allow 1e-4; the engine actually lands near float32 rounding. This pins the worst absolute
/// error over every golden encoder state and classifier logit, so a faster but sloppier kernel (exp, gelu,
/// fused GEMMs) shows up here long before it could flip a label or a greedy id.
@Suite struct T5AccuracyBudgetTests {
    @Test func worstEncoderAndClassifierErrorStaysNearFloat32Rounding() throws {
        var worst: Double = 0
        for model in ["t5_v1_0", "t5_v1_1"] {
            let goldens = try Goldens.load(Goldens.Seq2Seq.self, model: model)
            let t5 = try T5Model(folder: Goldens.folder(model))
            for (index, input) in goldens.inputs.enumerated() {
                let hidden = try t5.encode([input])[0]
                for sample in goldens.encoder[index] {
                    worst = max(worst, abs(Double(hidden[Int(sample[0]), Int(sample[1])]) - sample[2]))
                }
            }
        }
        let goldens = try Goldens.load(Goldens.TokenClassification.self, model: "t5_token")
        let tagger = try T5Model(folder: Goldens.folder("t5_token"))
        for (index, input) in goldens.inputs.enumerated() {
            let logits = try tagger.tokenClassificationLogits([input])[0]
            for (row, expected) in goldens.logits[index].enumerated() {
                for (label, value) in expected.enumerated() { worst = max(worst, abs(Double(logits[row, label]) - value)) }
            }
        }
        #expect(worst < 2e-5, "worst absolute error \(worst)")
    }
}
