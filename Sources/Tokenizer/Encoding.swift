/// The result of ``Tokenizer/encodeWithOffsets(_:addSpecialTokens:)``: parallel arrays, one entry per token.
public struct Encoding: Sendable, Equatable {
    public var ids: [Int]
    /// Token strings as HF reports them: the piece, the original text of an unknown run, or `<0xNN>`.
    public var tokens: [String]
    /// Unicode-scalar offsets into the ORIGINAL input. Special tokens added by the template get `0..<0`.
    /// A `▁` that was prepended shares the span of the scalar it precedes; byte-fallback pieces all carry
    /// the span of the unknown run they spell.
    public var offsets: [Range<Int>]

    public init(ids: [Int] = [], tokens: [String] = [], offsets: [Range<Int>] = []) {
        self.ids = ids
        self.tokens = tokens
        self.offsets = offsets
    }

    public var count: Int { ids.count }

    mutating func append(id: Int, token: String, offsets range: Range<Int>) {
        ids.append(id)
        tokens.append(token)
        offsets.append(range)
    }
}
