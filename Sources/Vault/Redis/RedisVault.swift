import TimeUnits

/// A `ConversationVault` on a Redis server, spoken to in RESP2 over Veil's own sockets
/// (`Sockets.AsyncSocket`): `SET key value PX ttl [NX]` and `GET key`. Several Veil replicas
/// pointed at one Redis share conversations.
///
/// Connections are pooled (`RedisConnectionPool`): at most `maxConnections` open at once — a
/// request that finds them all busy waits for one, within its command deadline — and at most
/// `maxIdleConnections` kept between commands. A connection that failed is closed, never returned.
/// When Redis restarts, pooled connections are dead: a command that fails on a *reused*
/// connection is retried once on a fresh one (GET and SET are idempotent; a retried `SET … NX`
/// that finds its own value already stored counts as stored), so the first request
/// after a restart succeeds instead of failing on a stale socket. Every connect and command has
/// a deadline; errors are `VaultError`s, which the proxy turns into 503s.
public final class RedisVault: ConversationVault {
    public struct Options: Sendable {
        public var connectTimeout: Duration = .seconds(1)
        public var commandTimeout: Duration = .seconds(2)
        public var maxConnections = 32
        public var maxIdleConnections = 16
        public init() {}
    }

    public let endpoint: RedisEndpoint
    public let options: Options
    let pool: RedisConnectionPool

    public init(endpoint: RedisEndpoint, options: Options = Options()) {
        self.endpoint = endpoint
        self.options = options
        pool = RedisConnectionPool(maxConnections: options.maxConnections, maxIdle: options.maxIdleConnections)
    }

    public var kind: String { "redis" }

    public func put(_ value: [UInt8], forKey key: String, ttl: Duration) async throws(VaultError) {
        switch try await execute(setCommand(value, forKey: key, ttl: ttl, onlyIfAbsent: false)) {
        case .simpleString("OK"): return
        case .error(let message): throw .server(message)
        default: throw .protocolViolation("SET: expected +OK")
        }
    }

    /// `SET key value PX ttl NX`: atomic in Redis, so two replicas saving under one key cannot
    /// both win. A null reply (the key is taken) is followed by a `GET`: the same bytes mean our
    /// own earlier attempt stored them (sealed values carry a random nonce, so another writer's
    /// value never equals ours).
    public func insert(_ value: [UInt8], forKey key: String, ttl: Duration) async throws(VaultError) -> Bool {
        switch try await execute(setCommand(value, forKey: key, ttl: ttl, onlyIfAbsent: true)) {
        case .simpleString("OK"): return true
        case .bulkString(nil): return try await get(key) == value
        case .error(let message): throw .server(message)
        default: throw .protocolViolation("SET NX: expected +OK or a null reply")
        }
    }

    private func setCommand(_ value: [UInt8], forKey key: String, ttl: Duration, onlyIfAbsent: Bool) -> [UInt8] {
        let milliseconds = max(1, ttl.wholeMilliseconds())
        var arguments = [Array("SET".utf8), Array(key.utf8), value, Array("PX".utf8), Array(String(milliseconds).utf8)]
        if onlyIfAbsent { arguments.append(Array("NX".utf8)) }
        return RESPValue.command(arguments)
    }

    public func get(_ key: String) async throws(VaultError) -> [UInt8]? {
        switch try await execute(RESPValue.command([Array("GET".utf8), Array(key.utf8)])) {
        case .bulkString(let bytes): return bytes
        case .error(let message): throw .server(message)
        default: throw .protocolViolation("GET: expected a bulk string")
        }
    }

    /// `PING` → `PONG`: for a start-up check.
    public func ping() async throws(VaultError) {
        switch try await execute(RESPValue.command("PING")) {
        case .simpleString("PONG"): return
        case .error(let message): throw .server(message)
        default: throw .protocolViolation("PING: expected +PONG")
        }
    }

    /// Runs one command on a pooled connection (retrying once on a fresh connection when a
    /// reused one turns out to be dead).
    func execute(_ command: [UInt8]) async throws(VaultError) -> RESPValue {
        var attempt = 0
        while true {
            attempt += 1
            let connection: RedisConnection
            let reused: Bool
            switch try await pool.acquire(deadline: .now + options.commandTimeout) {
            case .reuse(let pooled):
                (connection, reused) = (pooled, true)
            case .connect:
                do {
                    connection = try await RedisConnection.open(endpoint, deadline: .now + options.connectTimeout)
                } catch {
                    pool.discard()
                    throw error
                }
                reused = false
            }
            do {
                let reply = try await connection.send(command, deadline: .now + options.commandTimeout)
                pool.release(connection)
                return reply
            } catch {
                connection.close()
                pool.discard()
                guard reused, attempt == 1, case .unavailable = error else { throw error }
            }
        }
    }
}
