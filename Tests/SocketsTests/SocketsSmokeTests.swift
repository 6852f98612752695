import Testing
@testable import Sockets

@Suite struct SocketsSmokeTests {
    @Test func moduleLoads() {
        #expect(Bool(true))
    }
}
