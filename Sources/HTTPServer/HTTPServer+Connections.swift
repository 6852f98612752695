import HTTP1
import Logging
import Sockets

extension HTTPServer {
    func acceptLoop(_ listener: ListeningSocket, group: inout DiscardingTaskGroup) async {
        while true {
            let socket: AsyncSocket
            do {
                socket = try await listener.accept()
            } catch SocketError.interrupted, SocketError.closed {
                return
            } catch is CancellationError {
                shutdown()
                return
            } catch {
                // EMFILE/ENFILE/ENOMEM: the connection stays queued; back off instead of spinning.
                logger.error("accept failed", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .milliseconds(50))
                continue
            }
            guard let id = connectionOpened() else {
                group.addTask { await self.reject(socket) }
                continue
            }
            group.addTask {
                await HTTPConnection(server: self, socket: socket, id: id).run()
                self.connectionClosed(id)
            }
        }
    }

    /// Counts a new connection, or nil when at `maxConnections`.
    private func connectionOpened() -> UInt64? {
        state.withLock { state in
            guard state.active < configuration.maxConnections else { return nil }
            state.active += 1
            state.nextConnectionID += 1
            return state.nextConnectionID
        }
    }

    private func connectionClosed(_ id: UInt64) {
        let drained = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.active -= 1
            state.idle[id] = nil
            guard state.active == 0 else { return nil }
            defer { state.drained = nil }
            return state.drained
        }
        drained?.resume()
    }

    private func reject(_ socket: AsyncSocket) async {
        logger.warning("connection limit reached; answering 503", metadata: ["http.connections": "\(configuration.maxConnections)"])
        let response = errorResponder.response(for: .tooManyConnections, path: nil)
        var fields = response.fields
        if case .bytes(let body) = response.body {
            fields.append(name: "Content-Length", value: String(body.count))
            fields.append(name: "Connection", value: "close")
            let head = HTTPResponseEncoder.encodeHead(HTTPResponseHead(status: response.status, fields: fields))
            try? await socket.write(head + body, deadline: .now + .seconds(1))
        }
        socket.close()
    }

    /// Marks a connection idle between requests; false when the server is draining (close now).
    func enterIdle(_ id: UInt64, _ socket: AsyncSocket) -> Bool {
        state.withLock { state in
            guard state.phase == .listening else { return false }
            state.idle[id] = socket
            return true
        }
    }

    func leaveIdle(_ id: UInt64) {
        _ = state.withLock { $0.idle.removeValue(forKey: id) }
    }

    /// Returns when every connection has closed or `deadline` passes, whichever is first.
    func waitForDrain(until deadline: ContinuousClock.Instant) async {
        await withTaskGroup(of: Void.self) { race in
            race.addTask { try? await Task.sleep(until: deadline, clock: .continuous) }
            race.addTask { await self.waitUntilNoConnections() }
            await race.next()
            race.cancelAll()
        }
    }

    private func waitUntilNoConnections() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let done = state.withLock { state in
                    if state.active == 0 || Task.isCancelled { return true }
                    state.drained = continuation
                    return false
                }
                if done { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                defer { state.drained = nil }
                return state.drained
            }
            waiter?.resume()
        }
    }
}
