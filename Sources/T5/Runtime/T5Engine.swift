/// The async face of a loaded model: one shared `T5Model`, forward passes on a bounded compute pool.
///
/// ```swift
/// let engine = T5Engine(model: try T5Model(folder: url, threads: 2), workers: 2)
/// let ids = try await engine.generate([[13, 7, 1]], options: .init(maxNewTokens: 32))
/// ```
public final class T5Engine: Sendable {
    public let model: T5Model
    public let pool: T5ComputePool

    public init(model: T5Model, workers: Int = 1, maxQueued: Int = 64, maxWait: Duration? = nil) {
        self.model = model
        pool = T5ComputePool(workers: workers, maxQueued: maxQueued, maxWait: maxWait)
    }

    public func encode(_ inputs: [[Int]]) async throws(T5Error) -> [T5Matrix] {
        let model = self.model
        return try await pool.run { () throws(T5Error) in try model.encode(inputs) }
    }

    public func tokenClassificationLogits(_ inputs: [[Int]], precision: T5WeightPrecision? = nil) async throws(T5Error) -> [T5Matrix] {
        let model = self.model
        return try await pool.run { () throws(T5Error) in try model.tokenClassificationLogits(inputs, precision: precision) }
    }

    public func generate(_ inputs: [[Int]], options: T5GenerationOptions = T5GenerationOptions()) async throws(T5Error) -> [[Int]] {
        let model = self.model
        return try await pool.run { () throws(T5Error) in try model.generate(inputs, options: options) }
    }
}
