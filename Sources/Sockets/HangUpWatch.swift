import Synchronization

/// Watches a connected socket for its peer going away while nobody reads it — the client that disconnects while
/// its request is being answered — without a task of its own: a callback parked in the event loop, woken by the
/// readiness edge (EPOLLIN / EPOLLRDHUP / EPOLLHUP), which then *peeks* (recv(2) with MSG_PEEK) instead of reading.
///
/// - End of stream or a socket error → `onHangUp` runs, once.
/// - Bytes waiting (a pipelined request) → the watch ends quietly; the bytes stay in the kernel for the next read.
/// - The socket closed or interrupted → the watch ends quietly.
///
/// `onHangUp` runs under this watch's lock, so once `cancel()` has returned it is not running and never will: a
/// caller may hand it something that lives only until then. Lock order: this lock, then the socket's descriptor lock
/// (the peek), then the event loop's. So `cancel()` the watch before closing its socket: `close()` holds the
/// descriptor lock while it releases parked waiters, this one included.
public final class HangUpWatch: Sendable {
    private struct State {
        var parkedID: UInt64?
        var ended = false
        var hungUp = false
    }

    private let socket: AsyncSocket
    private let onHangUp: @Sendable () -> Void
    private let state = Mutex(State())

    init(socket: AsyncSocket, onHangUp: @escaping @Sendable () -> Void) {
        self.socket = socket
        self.onHangUp = onHangUp
    }

    /// Whether `onHangUp` ran.
    public var hungUp: Bool { state.withLock { $0.hungUp } }

    /// Peeks, and parks when nothing is known yet.
    func arm() {
        state.withLock { state in check(&state) }
    }

    /// Ends the watch; `onHangUp` will not run after this returns.
    public func cancel() {
        let parked = state.withLock { state -> UInt64? in
            state.ended = true
            defer { state.parkedID = nil }
            return state.parkedID
        }
        if let parked { socket.loop.unwatch(id: parked, token: socket.token) }
    }

    private func fired(_ outcome: WaitOutcome) {
        state.withLock { state in
            state.parkedID = nil
            guard !state.ended else { return }
            guard outcome == .ready else {
                state.ended = true
                return
            }
            check(&state)
        }
    }

    private func hangUp(_ state: inout State) {
        state.hungUp = true
        onHangUp()
    }

    private func check(_ state: inout State) {
        while !state.ended {
            // The sequence is read before the peek, so an edge between the peek and parking is not lost.
            let seen = socket.loop.sequence(socket.token, .read)
            let peeked: IOResult<Int>
            do throws(SocketError) {
                peeked = try socket.withDescriptor { fd throws(SocketError) in try Syscall.peek(fd) }
            } catch {
                state.ended = true
                // A reset or another failure: nobody will read the answer. Closed by us: not a hang-up.
                if error != .closed { hangUp(&state) }
                return
            }
            switch peeked {
            case .processed(0):
                state.ended = true
                hangUp(&state)
                return
            case .processed:
                state.ended = true  // a pipelined request is waiting; not a hang-up
                return
            case .wouldBlock:
                let callback: @Sendable (WaitOutcome) -> Void = { [weak self] outcome in self?.fired(outcome) }
                switch socket.loop.watch(token: socket.token, interest: .read, seen: seen, callback: callback) {
                case .parked(let id):
                    state.parkedID = id
                    return
                case .immediate(.ready):
                    continue  // an edge arrived since `seen`: peek again
                case .immediate:
                    state.ended = true
                    return
                }
            }
        }
    }
}

extension AsyncSocket {
    /// Starts a `HangUpWatch` on this socket: `onHangUp` runs once if the peer closes or the connection fails before
    /// `cancel()`. Nothing is read; see `HangUpWatch`.
    public func watchForHangUp(_ onHangUp: @escaping @Sendable () -> Void) -> HangUpWatch {
        let watch = HangUpWatch(socket: self, onHangUp: onHangUp)
        watch.arm()
        return watch
    }
}
