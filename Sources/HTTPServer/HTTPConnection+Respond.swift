import HTTP1
import Logging
import Sockets
import TimeUnits

extension HTTPConnection {
    /// What happened while the handler ran.
    enum HandlerOutcome: Sendable {
        case response(HTTPResponse)
        /// Bytes a pipelining client sent meanwhile (parsed after the response).
        case clientBytes([UInt8])
        /// The client closed its side (or the socket failed): nobody will read the answer.
        case clientGone
        /// The client shut down its sending side (`shutdown(SHUT_WR)`) after a complete request
        /// and can still read: it gets its answer, then the connection closes.
        case clientHalfClosed
    }

    /// Runs the handler while watching the socket. A client that disconnects before its answer
    /// is ready gets its handler cancelled — with it the upstream transfer and queued model work
    /// (nginx's "client closed request" behaviour) — and nil comes back. Bytes a pipelining
    /// client sends meanwhile are returned so the next request is not lost. `halfClosed`: the
    /// client ended its sending side but still reads; answer it, then close.
    func handleWatchingForDisconnect(_ request: HTTPRequest) async -> (response: HTTPResponse?, pipelined: [UInt8], halfClosed: Bool) {
        let socket = self.socket
        let handler = server.handler
        let canProbe = request.head.version.major == 1 && request.head.version.minor >= 1
        return await withTaskGroup(of: HandlerOutcome.self) { group in
            group.addTask { .response(await handler.handle(request)) }
            group.addTask {
                var buffer: [UInt8] = []
                do {
                    if try await socket.read(into: &buffer) > 0 { return .clientBytes(buffer) }
                } catch is CancellationError {
                    return .clientBytes([])  // the handler finished first
                } catch {
                    return .clientGone
                }
                return await Self.probeAfterEndOfInput(socket, canProbe: canProbe)
            }
            var response: HTTPResponse?
            var pipelined: [UInt8] = []
            var gone = false
            var halfClosed = false
            while let outcome = await group.next() {
                switch outcome {
                case .response(let r):
                    response = r
                    group.cancelAll()  // stop watching
                case .clientBytes(let bytes):
                    pipelined += bytes  // keep them; stop watching, let the handler finish
                case .clientHalfClosed:
                    halfClosed = true  // keep the handler running; its answer is still read
                case .clientGone:
                    gone = true
                    group.cancelAll()
                }
            }
            return gone ? (nil, [], false) : (response, pipelined, halfClosed)
        }
    }

    /// The client's input ended (EOF) while its request is handled. TCP cannot tell a client that
    /// closed its socket from one that only shut down its sending side (`shutdown(SHUT_WR)`,
    /// `nc -N`) and waits for the answer (issue #15, item 10) — both send a FIN. Writing tells
    /// them apart: a closed socket answers data with a reset. So an HTTP/1.1 client gets an
    /// interim `100 Continue` (RFC 9110 §15.2: clients must accept unexpected 1xx answers;
    /// never sent to HTTP/1.0, §15.2), and the socket is then polled now and then: a hang-up
    /// (the reset) means the client is gone (the handler is cancelled, as for any disconnect);
    /// until then the handler runs and its answer is written. An HTTP/1.0 client is answered
    /// without the probe.
    static func probeAfterEndOfInput(_ socket: AsyncSocket, canProbe: Bool) async -> HandlerOutcome {
        guard canProbe else { return .clientHalfClosed }
        do {
            try await socket.write(HTTPResponseEncoder.continueResponse, deadline: .now + .seconds(5))
        } catch is CancellationError {
            return .clientHalfClosed
        } catch {
            return .clientGone
        }
        var pause = Duration.milliseconds(10)
        while true {
            do {
                try await Task.sleep(for: pause)
            } catch {
                return .clientHalfClosed  // the handler finished first
            }
            if socket.isHungUp { return .clientGone }  // reset: the client closed its socket
            pause = min(pause * 2, .milliseconds(500))
        }
    }

    /// Writes a handler's response, logging the request under `logPath` (the handler's name for
    /// it, never the raw path). `close`: the connection closes after it, whatever the request
    /// asked for. Returns whether the connection stays open.
    func respond(to request: HTTPRequest, with response: HTTPResponse, started: ContinuousClock.Instant,
                 logPath: String, close: Bool = false) async -> Bool {
        let streamed: Bool
        let bodyCount: Int
        switch response.body {
        case .bytes(let bytes): (streamed, bodyCount) = (false, bytes.count)
        case .stream: (streamed, bodyCount) = (true, 0)
        }
        let plan = ResponsePlan(request: request.head, status: response.status, streamed: streamed, bodyCount: bodyCount, draining: close || server.isDraining)
        let head = encodeHead(response, plan: plan, requestVersion: request.head.version)

        var completed = true
        do {
            switch response.body {
            case .bytes(let bytes):
                try await socket.write(plan.writesBody ? head + bytes : head, deadline: .now + configuration.idleTimeout)
            case .stream(let body):
                try await socket.write(head, deadline: .now + configuration.idleTimeout)
                if plan.writesBody {
                    completed = await stream(body, chunked: plan.framing == .chunked)
                }
            }
        } catch {
            completed = false
        }
        log(request, logPath: logPath, status: response.status, started: started, completed: completed)
        return completed && plan.keepAlive
    }

    func encodeHead(_ response: HTTPResponse, plan: ResponsePlan, requestVersion: HTTPVersion) -> [UInt8] {
        var fields = response.fields
        plan.apply(to: &fields, requestVersion: requestVersion)
        if !fields.contains(name: "Date") { fields.append(name: "Date", value: DateCache.now()) }
        if !fields.contains(name: "Server") { fields.append(name: "Server", value: "veil") }
        // We always answer as HTTP/1.1, our highest version (RFC 9112 §2.5), even to 1.0 clients.
        return HTTPResponseEncoder.encodeHead(HTTPResponseHead(status: response.status, fields: fields))
    }

    /// Runs a streamed body. If a write fails (client gone, or not reading for idleTimeout),
    /// the handler's task is cancelled. Returns false when the body did not complete, in which
    /// case the chunked terminator is withheld so the client sees the response as truncated.
    func stream(_ body: @escaping @Sendable (any HTTPBodyWriter) async throws -> Void, chunked: Bool) async -> Bool {
        let (failures, signal) = AsyncStream<Void>.makeStream()
        let writer = StreamBodyWriter(socket: socket, chunked: chunked, timeout: configuration.idleTimeout, failures: signal)
        let handlerSucceeded = await withTaskGroup(of: Bool?.self) { group in
            group.addTask {
                do {
                    try await body(writer)
                    return true
                } catch {
                    return false
                }
            }
            group.addTask {
                for await _ in failures { return nil }  // a write failed: cancel the handler
                return nil
            }
            let first = await group.next() ?? nil
            signal.finish()
            group.cancelAll()
            var succeeded = first ?? false
            while let next = await group.next() {
                if let next { succeeded = next }
            }
            return succeeded
        }
        guard handlerSucceeded, !writer.failed else { return false }
        guard chunked else { return true }
        do {
            try await socket.write(HTTPResponseEncoder.lastChunk, deadline: .now + configuration.idleTimeout)
            return true
        } catch {
            return false
        }
    }

    /// Answers a bad request (or one the server cannot take now) with `error` in the
    /// application's shape (`HTTPErrorResponder`), then closes.
    func reject(_ error: HTTPError, path: String?) async {
        let response = server.errorResponder.response(for: error, path: path)
        let code = error.code
        let plan = ResponsePlan(
            request: HTTPRequestHead(method: .get, target: "/", fields: HTTPFields([("Connection", "close")])),
            status: response.status, streamed: false, bodyCount: 0, draining: true
        )
        let body: [UInt8] = if case .bytes(let bytes) = response.body { bytes } else { [] }
        var fields = response.fields
        plan.apply(to: &fields, requestVersion: .http1_1)
        fields.set(name: "Content-Length", value: String(body.count))
        fields.append(name: "Date", value: DateCache.now())
        fields.append(name: "Server", value: "veil")
        let head = HTTPResponseEncoder.encodeHead(HTTPResponseHead(status: response.status, fields: fields))
        logger.info("request rejected", metadata: ["http.status": "\(response.status.code)", "error.code": "\(code)"])
        do {
            try await socket.write(head + body, deadline: .now + .seconds(2))
        } catch {
            return
        }
        await lingeringClose()
    }

    /// Sends FIN, then drains what the client is still sending for a moment before closing:
    /// closing with unread input makes the kernel send RST, which can destroy the error
    /// response in the client's receive buffer (RFC 9112 §9.6, "tear-down").
    func lingeringClose() async {
        socket.shutdownWrite()
        let deadline = ContinuousClock.now + .milliseconds(500)
        var scratch: [UInt8] = []
        var drained = 0
        while drained < 1 << 20 {
            scratch.removeAll(keepingCapacity: true)
            guard let count = try? await socket.read(into: &scratch, deadline: deadline), count > 0 else { return }
            drained += count
        }
    }

    func log(_ request: HTTPRequest, logPath: String, status: HTTPStatus, started: ContinuousClock.Instant, completed: Bool) {
        let millis = started.duration(to: .now).milliseconds
        logger.info("request", metadata: [
            "request.id": "\(request.id)",
            "http.method": "\(request.head.method)",
            "http.path": "\(logPath)",
            "http.status": "\(status.code)",
            "http.duration_ms": "\(Int(millis.rounded()))",
            "http.completed": "\(completed)",
        ])
    }
}
