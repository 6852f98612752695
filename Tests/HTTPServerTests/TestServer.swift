import HTTP1
import Logging
import Synchronization
import HTTPServer

/// Runs a server on an ephemeral loopback port for the duration of `body`, then shuts it down
/// and waits for `run()` to return.
func withServer(
    _ configuration: HTTPServerConfiguration = .testing,
    handler: some HTTPHandler = TestRoutes.router(),
    logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
    _ body: (HTTPServer, Int) async throws -> Void
) async throws {
    let server = HTTPServer(configuration: configuration, handler: handler, logger: logger)
    let runner = Task { try await server.run() }
    let port = try await server.waitUntilListening()
    do {
        try await body(server, port)
    } catch {
        server.shutdown()
        _ = await runner.result
        throw error
    }
    server.shutdown()
    try await runner.value
}

extension HTTPServerConfiguration {
    static var testing: HTTPServerConfiguration {
        HTTPServerConfiguration(
            host: "127.0.0.1", port: 0,
            limits: HTTPLimits(maxHeaderBytes: 4096, maxBodyBytes: 64 * 1024),
            headerTimeout: .seconds(5), idleTimeout: .seconds(5), shutdownGrace: .seconds(5)
        )
    }
}

/// A value shared between a handler and the test.
final class Shared<Value: Sendable>: Sendable {
    let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
    var current: Value { value.withLock { $0 } }
    func set(_ new: Value) { value.withLock { $0 = new } }
}

enum TestRoutes {
    static func router() -> Router {
        var router = Router()
        router.on(.get, "/hello") { _ in HTTPResponse(body: .bytes(Array("hello".utf8))) }
        router.on(.get, "/n/:number") { request in
            HTTPResponse(body: .bytes(Array((request.pathParameters["number"] ?? "?").utf8)))
        }
        router.on(.post, "/echo") { request in HTTPResponse(body: .bytes(request.body)) }
        router.on(.get, "/stream") { _ in
            HTTPResponse(body: .stream { writer in
                for part in ["one ", "two ", "three"] { try await writer.write(Array(part.utf8)) }
            })
        }
        return router
    }
}
