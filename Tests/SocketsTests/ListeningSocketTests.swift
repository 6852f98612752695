import Testing
@testable import Sockets

@Suite struct ListeningSocketTests {
    @Test func ephemeralPortIPv4() async throws {
        let listener = try ListeningSocket(host: "127.0.0.1", port: 0)
        defer { listener.close() }
        #expect(listener.port > 0)
        #expect(listener.address.host == "127.0.0.1")
        try await exchange(listener, host: "127.0.0.1")
    }

    @Test func ipv6Loopback() async throws {
        let listener = try ListeningSocket(host: "::1", port: 0)
        defer { listener.close() }
        #expect(listener.address.host == "::1")
        try await exchange(listener, host: "::1")
    }

    @Test func hostnameResolves() async throws {
        let listener = try ListeningSocket(host: "localhost", port: 0)
        defer { listener.close() }
        #expect(listener.port > 0)
    }

    @Test func unresolvableHostThrowsTypedError() {
        #expect {
            _ = try ListeningSocket(host: "no-such-host.invalid", port: 0)
        } throws: { error in
            if case SocketError.addressResolution = error { return true }
            return false
        }
    }

    @Test func portInUseIsABindError() throws {
        let first = try ListeningSocket(host: "127.0.0.1", port: 0)
        defer { first.close() }
        #expect(throws: SocketError.failed(function: "bind", errno: 98)) {  // EADDRINUSE
            _ = try ListeningSocket(host: "127.0.0.1", port: first.port)
        }
    }

    @Test func interruptStopsAccept() async throws {
        let listener = try ListeningSocket(host: "127.0.0.1", port: 0)
        defer { listener.close() }
        let acceptor = Task { _ = try await listener.accept() }
        try await Task.sleep(for: .milliseconds(50))
        listener.interrupt()
        await #expect(throws: SocketError.interrupted) { try await acceptor.value }
    }

    private func exchange(_ listener: ListeningSocket, host: String) async throws {
        async let accepted = listener.accept()
        let client = try await AsyncSocket.connect(host: host, port: listener.port, deadline: .now + .seconds(5))
        let server = try await accepted
        try await client.write(Array("ping".utf8))
        var buffer: [UInt8] = []
        while buffer.count < 4 { _ = try await server.read(into: &buffer) }
        #expect(buffer == Array("ping".utf8))
        try await server.write(Array("pong".utf8))
        buffer = []
        while buffer.count < 4 { _ = try await client.read(into: &buffer) }
        #expect(buffer == Array("pong".utf8))
    }
}
