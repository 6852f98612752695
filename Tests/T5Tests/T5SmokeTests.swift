import Testing
@testable import T5

@Suite struct T5SmokeTests {
    @Test func moduleLoads() {
        #expect(Bool(true))
    }
}
