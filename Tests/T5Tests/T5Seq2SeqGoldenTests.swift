import Foundation
import Testing
@testable import T5

/// Hugging Face transformers goldens for the two encoder-decoder layouts, at 1 and 2 threads.
@Suite struct T5Seq2SeqGoldenTests {
    static let models = ["t5_v1_0", "t5_v1_1"]

    @Test(arguments: models, [1, 2])
    func encoderStatesMatchTransformers(model: String, threads: Int) throws {
        let goldens = try Goldens.load(Goldens.Seq2Seq.self, model: model)
        let t5 = try T5Model(folder: Goldens.folder(model), threads: threads)
        for (index, input) in goldens.inputs.enumerated() {
            let hidden = try t5.encode([input])[0]
            for sample in goldens.encoder[index] {
                let actual = hidden[Int(sample[0]), Int(sample[1])]
                #expect(Goldens.close(actual, sample[2]), "input \(index) [\(sample[0]), \(sample[1])]: \(actual) vs \(sample[2])")
            }
        }
    }

    @Test(arguments: models, [1, 2])
    func paddedBatchEncoderMatchesTransformers(model: String, threads: Int) throws {
        let goldens = try Goldens.load(Goldens.Seq2Seq.self, model: model)
        let t5 = try T5Model(folder: Goldens.folder(model), threads: threads)
        let hidden = try t5.encode(goldens.batch.indices.map { goldens.inputs[$0] })
        for (b, samples) in goldens.batch.encoder.enumerated() {
            for sample in samples {
                let actual = hidden[b][Int(sample[0]), Int(sample[1])]
                #expect(Goldens.close(actual, sample[2]), "row \(b): \(actual) vs \(sample[2])")
            }
        }
    }

    @Test(arguments: models, [1, 2])
    func firstDecoderStepLogitsMatchTransformers(model: String, threads: Int) throws {
        let goldens = try Goldens.load(Goldens.Seq2Seq.self, model: model)
        let t5 = try T5Model(folder: Goldens.folder(model), threads: threads)
        for step in goldens.decoderSteps {
            let batch = try PackedBatch([goldens.inputs[step.input]], vocabSize: t5.config.vocabSize)
            let session = try T5DecoderSession(model: t5, batch: batch, encoderOutput: t5.encoderForward(batch), capacity: 8)
            for (position, token) in step.fed.enumerated() {
                let logits = try session.step([token])
                for sample in step.samples[position] {
                    let actual = logits[Int(sample[0])]
                    #expect(Goldens.close(actual, sample[1]), "input \(step.input) step \(position) id \(sample[0]): \(actual) vs \(sample[1])")
                }
            }
        }
    }

    @Test(arguments: models, [1, 2])
    func greedyIdsMatchTransformersOneByOne(model: String, threads: Int) throws {
        let goldens = try Goldens.load(Goldens.Seq2Seq.self, model: model)
        let t5 = try T5Model(folder: Goldens.folder(model), threads: threads)
        for (index, input) in goldens.inputs.enumerated() {
            let ids = try t5.generate([input], options: T5GenerationOptions(maxNewTokens: 20))
            #expect(ids == [goldens.greedy[index]], "input \(index)")
        }
    }

    @Test(arguments: models, [1, 2])
    func greedyIdsMatchTransformersForPaddedBatch(model: String, threads: Int) throws {
        let goldens = try Goldens.load(Goldens.Seq2Seq.self, model: model)
        let t5 = try T5Model(folder: Goldens.folder(model), threads: threads)
        let ids = try t5.generate(goldens.batch.indices.map { goldens.inputs[$0] }, options: T5GenerationOptions(maxNewTokens: 20))
        #expect(ids == goldens.batch.greedy)
    }

    @Test(arguments: models)
    func relativePositionBucketsMatchTransformers(model: String) throws {
        let goldens = try Goldens.load(Goldens.Seq2Seq.self, model: model)
        let config = try T5Model(folder: Goldens.folder(model)).config
        for (index, relative) in (goldens.buckets.range[0]...goldens.buckets.range[1]).enumerated() {
            let args = (config.relativeAttentionNumBuckets, config.relativeAttentionMaxDistance)
            #expect(RelativePosition.bucket(relative, bidirectional: true, numBuckets: args.0, maxDistance: args.1) == goldens.buckets.bidirectional[index])
            #expect(RelativePosition.bucket(relative, bidirectional: false, numBuckets: args.0, maxDistance: args.1) == goldens.buckets.causal[index])
        }
    }

    @Test func sequenceThatEmitsEOSStopsWithIt() throws {
        let goldens = try Goldens.load(Goldens.Seq2Seq.self, model: "t5_v1_1")
        let t5 = try T5Model(folder: Goldens.folder("t5_v1_1"))
        let stopping = try #require(goldens.greedy.firstIndex { $0.last == 1 })
        let ids = try t5.generate([goldens.inputs[stopping]], options: T5GenerationOptions(maxNewTokens: 40))[0]
        #expect(ids.last == 1)
        #expect(ids.count < 20)
    }
}
