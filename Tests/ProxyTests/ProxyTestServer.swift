import HTTPServer

/// Runs `server` while `body` runs (given the bound port), then shuts it down and waits for it,
/// also when `body` throws.
func whileServing(_ server: HTTPServer, _ body: (Int) async throws -> Void) async throws {
    let runner = Task { try await server.run() }
    let port = try await server.waitUntilListening()
    do {
        try await body(port)
    } catch {
        server.shutdown()
        _ = await runner.result
        throw error
    }
    server.shutdown()
    try await runner.value
}
