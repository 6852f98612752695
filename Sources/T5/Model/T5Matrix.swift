/// A dense `rows × cols` float32 result (per-token encoder states or logits of one sequence).
public struct T5Matrix: Sendable, Equatable {
    public let rows: Int
    public let cols: Int
    /// Row-major values, `rows * cols` of them.
    public var values: [Float]

    public init(rows: Int, cols: Int, values: [Float]) {
        precondition(values.count == rows * cols, "T5Matrix values do not match its shape")
        self.rows = rows
        self.cols = cols
        self.values = values
    }

    public subscript(row: Int, col: Int) -> Float { values[row * cols + col] }

    /// One row as an array (e.g. the label scores of one token).
    public func row(_ index: Int) -> ArraySlice<Float> { values[(index * cols)..<((index + 1) * cols)] }
}
