/// How `generate` decodes: greedy, up to `maxNewTokens`, optionally constrained.
public struct T5GenerationOptions: Sendable {
    /// Constrained-decoding hook, called before each argmax for every unfinished sequence:
    /// `(step, generatedSoFar) -> allowedTokenIds?`. `nil` means unrestricted; an empty array ends
    /// that sequence without emitting a token. Ids outside the vocabulary are ignored.
    public typealias AllowedTokens = @Sendable (_ step: Int, _ generatedSoFar: [Int]) -> [Int]?

    public var maxNewTokens: Int
    public var allowedTokens: AllowedTokens?

    public init(maxNewTokens: Int = 20, allowedTokens: AllowedTokens? = nil) {
        self.maxNewTokens = maxNewTokens
        self.allowedTokens = allowedTokens
    }
}
