import Sockets
import Synchronization
@testable import Vault

/// A tiny RESP server on a loopback port for `RedisVault` tests: SET [NX]/GET/PING/AUTH/SELECT on a
/// dictionary, plus switches to misbehave (close after each reply, never answer, reply -ERR).
final class FakeRedis: Sendable {
    enum Behaviour: Sendable { case normal, closeAfterReply, silent, refuseEverything }

    let listener: ListeningSocket
    let behaviour: Behaviour
    let data = Mutex<[String: [UInt8]]>([:])
    /// Every command received, as its arguments (for handshake assertions).
    let commands = Mutex<[[String]]>([])
    let connections = Mutex(0)
    private let acceptor = Mutex<Task<Void, Never>?>(nil)

    init(_ behaviour: Behaviour = .normal) throws {
        listener = try ListeningSocket(host: "127.0.0.1", port: 0)
        self.behaviour = behaviour
        let task = Task { [self] in
            while let client = try? await listener.accept() {
                connections.withLock { $0 += 1 }
                Task { await serve(client) }
            }
        }
        acceptor.withLock { $0 = task }
    }

    var endpoint: RedisEndpoint { RedisEndpoint(host: "127.0.0.1", port: listener.port) }

    func stop() {
        acceptor.withLock { $0?.cancel() }
        listener.interrupt()
        listener.close()
    }

    private func serve(_ client: AsyncSocket) async {
        defer { client.close() }
        var decoder = RESPDecoder()
        var buffer: [UInt8] = []
        while true {
            buffer.removeAll()
            guard let n = try? await client.read(into: &buffer), n > 0 else { return }
            decoder.feed(buffer)
            while let value = try? decoder.next() {
                guard case .array(let items?) = value else { return }
                let args = items.compactMap { item -> [UInt8]? in if case .bulkString(let b?) = item { b } else { nil } }
                commands.withLock { $0.append(args.map { String(decoding: $0, as: UTF8.self) }) }
                if behaviour == .silent { continue }
                guard (try? await client.write(reply(to: args).encoded)) != nil else { return }
                if behaviour == .closeAfterReply { return }
            }
        }
    }

    private func reply(to args: [[UInt8]]) -> RESPValue {
        if behaviour == .refuseEverything { return .error("NOAUTH Authentication required.") }
        let name = args.first.map { String(decoding: $0, as: UTF8.self).uppercased() } ?? ""
        switch (name, args.count) {
        case ("PING", _): return .simpleString("PONG")
        case ("AUTH", _), ("SELECT", 2): return .simpleString("OK")
        case ("SET", 5):
            data.withLock { $0[String(decoding: args[1], as: UTF8.self)] = args[2] }
            return .simpleString("OK")
        case ("SET", 6) where String(decoding: args[5], as: UTF8.self).uppercased() == "NX":
            // Only when the key is free; a taken key is Redis's null reply.
            let stored = data.withLock { d in
                let key = String(decoding: args[1], as: UTF8.self)
                guard d[key] == nil else { return false }
                d[key] = args[2]
                return true
            }
            return stored ? .simpleString("OK") : .bulkString(nil)
        case ("GET", 2):
            return .bulkString(data.withLock { $0[String(decoding: args[1], as: UTF8.self)] })
        default:
            return .error("ERR unknown command")
        }
    }
}
