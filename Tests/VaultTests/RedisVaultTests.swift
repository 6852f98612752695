import Sockets
import Testing
@testable import Vault

/// `RedisVault` against `FakeRedis` on loopback: the commands on the wire, pooling, and every
/// failure turning into a typed `VaultError`.
@Suite struct RedisVaultTests {
    @Test func storesAndLoadsBinaryValues() async throws {
        let server = try FakeRedis()
        defer { server.stop() }
        let vault = RedisVault(endpoint: server.endpoint, options: .patient)
        let value: [UInt8] = [0, 13, 10, 36, 255]
        try await vault.put(value, forKey: "veil:resp:r1", ttl: .seconds(90))
        #expect(try await vault.get("veil:resp:r1") == value)
        #expect(try await vault.get("veil:resp:missing") == nil)
        let set = try #require(server.commands.withLock { $0.first })
        #expect(set[0] == "SET" && set[3] == "PX" && set[4] == "90000")
    }

    @Test func reusesOneConnection() async throws {
        let server = try FakeRedis()
        defer { server.stop() }
        let vault = RedisVault(endpoint: server.endpoint, options: .patient)
        for i in 0..<5 { try await vault.put([UInt8(i)], forKey: "k", ttl: .seconds(1)) }
        #expect(server.connections.withLock { $0 } == 1)
    }

    @Test func staleConnectionIsRetriedOnAFreshOne() async throws {
        // The server drops every connection after one reply, like a restarted Redis.
        let server = try FakeRedis(.closeAfterReply)
        defer { server.stop() }
        let vault = RedisVault(endpoint: server.endpoint, options: .patient)
        try await vault.put([1], forKey: "k", ttl: .seconds(5))
        try await Task.sleep(for: .milliseconds(20))
        #expect(try await vault.get("k") == [1])
        #expect(server.connections.withLock { $0 } == 2)
    }

    @Test func handshakeAuthenticatesAndSelectsTheDatabase() async throws {
        let server = try FakeRedis()
        defer { server.stop() }
        var endpoint = server.endpoint
        endpoint.password = "pw"
        endpoint.database = 3
        try await RedisVault(endpoint: endpoint, options: .patient).ping()
        #expect(server.commands.withLock { $0 } == [["AUTH", "pw"], ["SELECT", "3"], ["PING"]])
    }

    @Test func refusedConnectionIsUnavailable() async throws {
        let server = try FakeRedis()
        let endpoint = server.endpoint
        server.stop()  // nothing listens on the port now
        await #expect {
            try await RedisVault(endpoint: endpoint, options: .patient).get("k")
        } throws: { error in
            if case VaultError.unavailable = error { true } else { false }
        }
    }

    @Test func silentServerTimesOut() async throws {
        let server = try FakeRedis(.silent)
        defer { server.stop() }
        var options = RedisVault.Options()
        options.commandTimeout = .milliseconds(100)
        let started = ContinuousClock.now
        await #expect(throws: VaultError.timedOut) {
            try await RedisVault(endpoint: server.endpoint, options: options).get("k")
        }
        // Far below the patient timeouts the other tests use, with room for a loaded machine.
        #expect(started.duration(to: .now) < .seconds(20))
    }

    @Test func errorReplyIsAServerError() async throws {
        let server = try FakeRedis(.refuseEverything)
        defer { server.stop() }
        await #expect(throws: VaultError.server("NOAUTH Authentication required.")) {
            try await RedisVault(endpoint: server.endpoint, options: .patient).put([1], forKey: "k", ttl: .seconds(1))
        }
    }
}

/// The pool's bound: never more than `maxConnections` open, waiters served in turn, and a wait
/// that outlives its deadline fails instead of opening another connection.
@Suite struct RedisConnectionPoolTests {
    @Test func concurrentCommandsShareTheBoundedConnections() async throws {
        let server = try FakeRedis()
        defer { server.stop() }
        var options = RedisVault.Options.patient
        options.maxConnections = 2
        let vault = RedisVault(endpoint: server.endpoint, options: options)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<40 {
                group.addTask { try await vault.put([UInt8(i)], forKey: "k\(i)", ttl: .seconds(5)) }
            }
            try await group.waitForAll()
        }
        #expect(server.connections.withLock { $0 } <= 2)
        #expect(try await vault.get("k39") == [39])
        #expect(vault.pool.openCount <= 2)
    }

    @Test func waitPastTheDeadlineTimesOut() async throws {
        let pool = RedisConnectionPool(maxConnections: 1, maxIdle: 1)
        guard case .connect = try await pool.acquire(deadline: .now + .seconds(1)) else {
            Issue.record("the first lease must be a slot to connect into")
            return
        }
        await #expect(throws: VaultError.timedOut) {
            _ = try await pool.acquire(deadline: .now + .milliseconds(50))
        }
        pool.discard()  // the slot comes back: the next acquire gets it at once
        guard case .connect = try await pool.acquire(deadline: .now + .seconds(30)) else {
            Issue.record("a freed slot must be handed out")
            return
        }
        #expect(pool.openCount == 1)
    }

    @Test func cancelledWaitEndsAtOnce() async throws {
        let pool = RedisConnectionPool(maxConnections: 1, maxIdle: 1)
        _ = try await pool.acquire(deadline: .now + .seconds(1))
        let waiter = Task { try await pool.acquire(deadline: .now + .seconds(30)) }
        try await Task.sleep(for: .milliseconds(20))
        let started = ContinuousClock.now
        waiter.cancel()
        await #expect(throws: VaultError.cancelled) { _ = try await waiter.value }
        #expect(started.duration(to: .now) < .seconds(20))  // well before the 30 s deadline
    }
}

extension RedisVault.Options {
    /// Timeouts far above any stall a busy 2-core CI machine causes: the cooperative pool that
    /// serves `FakeRedis` also runs the CPU-heavy suites, so the 1–2 s defaults can fire in tests
    /// that are not about timeouts.
    static var patient: RedisVault.Options {
        var options = RedisVault.Options()
        options.connectTimeout = .seconds(60)
        options.commandTimeout = .seconds(60)
        return options
    }
}
