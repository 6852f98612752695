import Testing
@testable import Tokenizer

@Suite struct TokenizerSmokeTests {
    @Test func moduleLoads() {
        #expect(Bool(true))
    }
}
