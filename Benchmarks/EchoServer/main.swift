// A minimal server for Benchmarks/http/run.sh: `GET /healthz` and `POST /echo` (echoes the body).
// Usage: veil-echo-server [port]   (default 8090; binds 127.0.0.1; stops on SIGINT/SIGTERM)
import HTTPServer
import Logging

let port = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 8090
var router = Router()
router.on(.post, "/echo") { request in
    HTTPResponse(status: .ok, fields: HTTPFields([("Content-Type", "application/octet-stream")]), body: .bytes(request.body))
}
var logger = Logger(label: "veil.echo")
logger.logLevel = .warning
let server = HTTPServer(configuration: HTTPServerConfiguration(port: port), handler: router, logger: logger)
let signals = SignalHandler.shutdownOnTermination(of: server)
try await server.run()
withExtendedLifetime(signals) {}
