import HTTP1
import Logging
import Sockets

/// One client connection: reads a request, answers it, and only then reads the next, so
/// pipelined requests are answered strictly in order (RFC 9112 §9.3.2) with no queue.
struct HTTPConnection {
    let server: HTTPServer
    let socket: AsyncSocket
    let id: UInt64
    var parser: HTTPRequestParser
    /// Bytes read from the socket but not yet fed to the parser.
    var readBuffer: [UInt8] = []
    /// When the current request's header section must be complete.
    var headDeadline: ContinuousClock.Instant?
    /// When an idle connection is closed if no request starts.
    var idleDeadline: ContinuousClock.Instant

    var configuration: HTTPServerConfiguration { server.configuration }
    var logger: Logger { server.logger }

    /// Why reading stopped; each ends the connection.
    enum Stop: Error {
        /// Clean end: EOF between requests, idle timeout, shutdown, cancellation, I/O failure.
        case close
        /// The request is bad: answer this error, then close.
        case reject(HTTPParserError)
        /// The server cannot take the request now (body budget): answer this, then close.
        case refuse(HTTPError)
    }

    init(server: HTTPServer, socket: AsyncSocket, id: UInt64) {
        self.server = server
        self.socket = socket
        self.id = id
        parser = HTTPRequestParser(limits: server.configuration.limits)
        // A new connection gets headerTimeout (not idleTimeout) to send its first request.
        idleDeadline = .now + server.configuration.headerTimeout
        readBuffer.reserveCapacity(64 * 1024)
    }

    consuming func run() async {
        defer { socket.close() }
        while true {
            // Body bytes this request holds against the server's budget, given back once it is answered.
            var reserved = 0
            defer { server.releaseBodyBytes(reserved) }
            // The path errors are answered for (each API's clients get their own error shape).
            var path: String?
            do throws(Stop) {
                let head = try await readHead()
                path = head.path
                var request = HTTPRequest(head: head, id: RequestID.make())
                // The handler's head-level policy runs before any body byte is read: a refused
                // request (no valid key, say) costs its head only (issue #15, item 8).
                let decision = server.handler.screen(head)
                if let refusal = decision.refusal {
                    _ = await respond(to: request, with: refusal, started: .now, logPath: decision.logPath, close: true)
                    await lingeringClose()
                    return
                }
                request.body = try await readBody(head: head, reserved: &reserved)
                try decodeContent(&request, reserved: &reserved)
                let started = ContinuousClock.now
                let (response, pipelined, halfClosed) = await handleWatchingForDisconnect(request)
                guard let response else {
                    logger.info("client closed the connection before its answer; handler cancelled", metadata: [
                        "request.id": "\(request.id)", "http.path": "\(decision.logPath)",
                    ])
                    return
                }
                if !pipelined.isEmpty { parser.append(pipelined) }
                let keepAlive = await respond(to: request, with: response, started: started, logPath: decision.logPath)
                guard keepAlive, !halfClosed else { return }  // a half-closed client sends nothing more
                headDeadline = nil
                idleDeadline = .now + configuration.idleTimeout
            } catch {
                server.releaseBodyBytes(reserved)  // nothing of the body is kept for the answer
                reserved = 0
                let path = path ?? parser.requestTarget.map { HTTPRequestHead(method: .get, target: $0).path }
                switch error {
                case .close: break
                case .reject(let error): await reject(HTTPError(error), path: path)
                case .refuse(let error): await reject(error, path: path)
                }
                return
            }
        }
    }

    // MARK: Reading

    /// Parses until a request head is complete, reading as needed under the slowloris and
    /// idle deadlines.
    mutating func readHead() async throws(Stop) -> HTTPRequestHead {
        while true {
            let part: HTTPRequestPart?
            do {
                part = try parser.next()
            } catch {
                throw .reject(error)
            }
            switch part {
            case .head(let head): return head
            case .body, .end: continue  // cannot happen before a head; skip defensively
            case nil: break
            }
            if parser.isMidRequest {
                let deadline = headDeadline ?? (.now + configuration.headerTimeout)
                headDeadline = deadline
                try await fill(deadline: deadline, timeout: .reject(Self.headerTimeout))
            } else {
                // Between requests: idle. Register so shutdown can wake us.
                guard server.enterIdle(id, socket) else { throw .close }
                defer { server.leaveIdle(id) }
                try await fill(deadline: idleDeadline, timeout: .close)
            }
        }
    }

    static let headerTimeout = HTTPParserError(status: .requestTimeout, message: "Request header not received in time.")
    static let bodyTimeout = HTTPParserError(status: .requestTimeout, message: "Request body not received in time.")

    /// Reads once and feeds the parser. EOF, I/O errors and cancellation close the connection;
    /// the deadline passing throws `timeout`.
    mutating func fill(deadline: ContinuousClock.Instant, timeout: Stop) async throws(Stop) {
        let count: Int
        do {
            count = try await socket.read(into: &readBuffer, deadline: deadline)
        } catch SocketError.timedOut {
            throw timeout
        } catch {
            throw .close
        }
        guard count > 0 else { throw .close }
        parser.append(readBuffer)
        readBuffer.removeAll(keepingCapacity: true)
    }
}
