import Testing
@testable import Proxy

@Suite struct ProxySmokeTests {
    @Test func moduleLoads() {
        #expect(Bool(true))
    }
}
