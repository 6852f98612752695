import HTTP1
import HTTPServer
import Testing

@Suite struct ResponsePlanTests {
    func head(_ method: HTTPMethod = .get, _ version: HTTPVersion = .http1_1, _ fields: [(String, String)] = []) -> HTTPRequestHead {
        HTTPRequestHead(method: method, target: "/", version: version, fields: HTTPFields(fields))
    }

    @Test func http11BytesKeepAliveWithContentLength() {
        let plan = ResponsePlan(request: head(), status: .ok, streamed: false, bodyCount: 3, draining: false)
        #expect(plan == ResponsePlan.Expected(framing: .contentLength(3), writesBody: true, keepAlive: true))
    }

    @Test func http11StreamIsChunked() {
        let plan = ResponsePlan(request: head(), status: .ok, streamed: true, bodyCount: 0, draining: false)
        #expect(plan.framing == .chunked && plan.keepAlive)
    }

    @Test func http10StreamIsCloseDelimitedAndCloses() {
        let plan = ResponsePlan(request: head(.get, .http1_0, [("Connection", "keep-alive")]), status: .ok, streamed: true, bodyCount: 0, draining: false)
        #expect(plan.framing == .closeDelimited && !plan.keepAlive)
    }

    @Test func http10KeepAliveOnlyWhenAsked() {
        let plain = ResponsePlan(request: head(.get, .http1_0), status: .ok, streamed: false, bodyCount: 0, draining: false)
        let asked = ResponsePlan(request: head(.get, .http1_0, [("Connection", "Keep-Alive")]), status: .ok, streamed: false, bodyCount: 0, draining: false)
        #expect(!plain.keepAlive && asked.keepAlive)
    }

    @Test func connectionCloseTokenInAList() {
        let plan = ResponsePlan(request: head(.get, .http1_1, [("Connection", "foo, close")]), status: .ok, streamed: false, bodyCount: 0, draining: false)
        #expect(!plan.keepAlive)
    }

    @Test func drainingCloses() {
        let plan = ResponsePlan(request: head(), status: .ok, streamed: false, bodyCount: 0, draining: true)
        #expect(!plan.keepAlive)
    }

    @Test func headWritesNoBodyButKeepsLength() {
        let plan = ResponsePlan(request: head(.head), status: .ok, streamed: false, bodyCount: 42, draining: false)
        #expect(plan.framing == .contentLength(42) && !plan.writesBody && plan.keepAlive)
    }

    @Test func noContentHasNoFraming() {
        let plan = ResponsePlan(request: head(), status: .noContent, streamed: false, bodyCount: 0, draining: false)
        #expect(plan.framing == .none && !plan.writesBody)
        var fields = HTTPFields([("Content-Length", "0")])
        plan.apply(to: &fields, requestVersion: .http1_1)
        #expect(!fields.contains(name: "Content-Length"))
    }

    @Test func applyReplacesHandlerFramingFields() {
        let plan = ResponsePlan(request: head(), status: .ok, streamed: true, bodyCount: 0, draining: true)
        var fields = HTTPFields([("Content-Length", "9"), ("Connection", "keep-alive"), ("Content-Type", "text/plain")])
        plan.apply(to: &fields, requestVersion: .http1_1)
        #expect(fields.values(for: "Transfer-Encoding") == ["chunked"])
        #expect(fields.values(for: "Connection") == ["close"])
        #expect(!fields.contains(name: "Content-Length"))
        #expect(fields["Content-Type"] == "text/plain")
    }

    @Test func http10KeepAliveIsEchoed() {
        let plan = ResponsePlan(request: head(.get, .http1_0, [("Connection", "keep-alive")]), status: .ok, streamed: false, bodyCount: 1, draining: false)
        var fields = HTTPFields()
        plan.apply(to: &fields, requestVersion: .http1_0)
        #expect(fields["Connection"] == "keep-alive")
    }
}

extension ResponsePlan {
    /// Builds an expected plan field by field (the memberwise init is not public).
    static func Expected(framing: Framing, writesBody: Bool, keepAlive: Bool) -> ResponsePlan {
        var plan = ResponsePlan(request: HTTPRequestHead(method: .get, target: "/"), status: .ok, streamed: false, bodyCount: 0, draining: false)
        plan.framing = framing
        plan.writesBody = writesBody
        plan.keepAlive = keepAlive
        return plan
    }
}
