import HTTP1
@testable import HTTPServer
import Testing

@Suite struct RouterTests {
    func request(_ method: HTTPMethod, _ target: String) -> HTTPRequest {
        HTTPRequest(head: HTTPRequestHead(method: method, target: target))
    }

    func router() -> Router {
        var router = Router()
        router.on(.post, "/v1/chat/completions") { _ in HTTPResponse(body: .bytes(Array("chat".utf8))) }
        router.on(.get, "/v1/models/:id") { request in HTTPResponse(body: .bytes(Array((request.pathParameters["id"] ?? "").utf8))) }
        return router
    }

    func text(_ response: HTTPResponse) -> String {
        if case .bytes(let bytes) = response.body { return String(decoding: bytes, as: UTF8.self) }
        return ""
    }

    @Test func routesByMethodAndPath() async {
        let response = await router().handle(request(.post, "/v1/chat/completions?stream=true"))
        #expect(response.status == .ok && text(response) == "chat")
    }

    @Test func bindsPathParameters() async {
        let response = await router().handle(request(.get, "/v1/models/gpt-4o"))
        #expect(text(response) == "gpt-4o")
    }

    @Test func unknownPathIs404InTheDefaultShape() async {
        let response = await router().handle(request(.get, "/nope"))
        #expect(response.status == .notFound)
        #expect(text(response) == "not_found: Unknown path /nope.\n")
        #expect(response.fields["Content-Type"] == "text/plain; charset=utf-8")
    }

    @Test func wrongMethodIs405WithAllow() async {
        let response = await router().handle(request(.get, "/v1/chat/completions"))
        #expect(response.status == .methodNotAllowed)
        #expect(response.fields["Allow"] == "POST")
    }

    /// Issue #16 item 3: the router holds no error format; the application's policy writes
    /// its 404/405 (with the path, so one router can answer each API's clients in their shape).
    @Test func errorsAreWrittenByTheRoutersResponder() async {
        struct Tagged: HTTPErrorResponder {
            func response(for error: HTTPError, path: String?) -> HTTPResponse {
                var fields = error.fields
                fields.set(name: "X-Path", value: path ?? "-")
                return HTTPResponse(status: error.status, fields: fields, body: .bytes(Array("tagged \(error.code)".utf8)))
            }
        }
        var tagged = router()
        tagged.errorResponder = Tagged()
        let missing = await tagged.handle(request(.get, "/nope"))
        #expect(text(missing) == "tagged not_found" && missing.fields["X-Path"] == "/nope")
        let method = await tagged.handle(request(.get, "/v1/chat/completions"))
        #expect(text(method) == "tagged method_not_allowed" && method.fields["Allow"] == "POST")
    }

    @Test func headFallsBackToGet() async {
        let response = await router().handle(request(.head, "/v1/models/x"))
        #expect(response.status == .ok)
    }

    @Test func healthzIsRegisteredByDefault() async {
        let response = await Router().handle(request(.get, "/healthz"))
        #expect(response.status == .ok && text(response) == #"{"status":"ok"}"#)
        let without = await Router(healthCheck: false).handle(request(.get, "/healthz"))
        #expect(without.status == .notFound)
    }

    @Test func patternsMatchWholeSegments() {
        let pattern = RoutePattern("/v1/models/:id")
        #expect(pattern.match("/v1/models/a") == ["id": "a"])
        #expect(pattern.match("/v1/models/") == nil)
        #expect(pattern.match("/v1/models/a/b") == nil)
        #expect(pattern.match("/v1/modelsX/a") == nil)
    }
}
