import Sockets

/// One TCP connection to Redis, used by one task at a time (the pool hands it out and takes it
/// back). Strictly request → reply: no pipelining, so after a reply the decoder must be empty —
/// anything left over means the stream is out of step and the connection is dropped.
struct RedisConnection: Sendable {
    let socket: AsyncSocket

    /// Connects and runs the handshake: `AUTH` when the endpoint has a password, `SELECT` when
    /// the database is not 0 (both before the connection is handed out).
    static func open(_ endpoint: RedisEndpoint, deadline: ContinuousClock.Instant) async throws(VaultError) -> RedisConnection {
        let socket: AsyncSocket
        do {
            socket = try await AsyncSocket.connect(host: endpoint.host, port: endpoint.port, deadline: deadline)
        } catch {
            throw VaultError(socketError: error)
        }
        let connection = RedisConnection(socket: socket)
        do {
            if let password = endpoint.password {
                let auth = endpoint.username.map { ["AUTH", $0, password] } ?? ["AUTH", password]
                try expectOK(try await connection.send(RESPValue.command(auth.map { Array($0.utf8) }), deadline: deadline))
            }
            if endpoint.database != 0 {
                try expectOK(try await connection.send(RESPValue.command("SELECT", String(endpoint.database)), deadline: deadline))
            }
        } catch {
            socket.close()
            throw error
        }
        return connection
    }

    /// Sends one encoded command and reads its one reply. `-ERR` replies come back as
    /// `.error` values (the connection stays usable); I/O and framing failures throw.
    func send(_ command: [UInt8], deadline: ContinuousClock.Instant) async throws(VaultError) -> RESPValue {
        var decoder = RESPDecoder()
        do {
            try await socket.write(command, deadline: deadline)
            var chunk: [UInt8] = []
            while true {
                chunk.removeAll(keepingCapacity: true)
                let count = try await socket.read(into: &chunk, deadline: deadline)
                guard count > 0 else { throw VaultError.unavailable("connection closed by the server") }
                decoder.feed(chunk)
                if let reply = try decoder.next() {
                    guard decoder.bufferedCount == 0 else { throw VaultError.protocolViolation("unexpected bytes after a reply") }
                    return reply
                }
            }
        } catch let error as VaultError {
            throw error
        } catch let error as RESPError {
            throw .protocolViolation("\(error)")
        } catch {
            throw VaultError(socketError: error)
        }
    }

    func close() {
        socket.close()
    }

    private static func expectOK(_ reply: RESPValue) throws(VaultError) {
        switch reply {
        case .simpleString("OK"): return
        case .error(let message): throw .server(message)
        default: throw .protocolViolation("expected +OK")
        }
    }
}

extension VaultError {
    /// What a socket call threw, as a vault error (`SocketError` or `CancellationError`).
    init(socketError error: any Error) {
        switch error {
        case SocketError.timedOut: self = .timedOut
        case let socket as SocketError: self = .unavailable(socket.description)
        case is CancellationError: self = .cancelled
        default: self = .unavailable(String(describing: type(of: error)))
        }
    }
}
