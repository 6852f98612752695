import Testing
@testable import HTTP1

@Suite struct HTTP1SmokeTests {
    @Test func moduleLoads() {
        #expect(Bool(true))
    }
}
