import HTTP1
import Logging
import Sockets
import Synchronization

/// An HTTP/1.1 server on Veil's own socket layer: one listening socket, one child task per
/// connection in a discarding task group, all I/O multiplexed on the shared epoll loop.
///
/// Lifecycle: `run()` binds, serves and returns after a graceful stop; `shutdown()` stops
/// accepting, closes idle keep-alive connections, lets in-flight exchanges finish for up to
/// `shutdownGrace`, then cancels what remains.
public final class HTTPServer: Sendable {
    public let configuration: HTTPServerConfiguration
    let handler: any HTTPHandler
    /// Writes the answers the server gives by itself (`HTTPError`).
    let errorResponder: any HTTPErrorResponder
    let logger: Logger
    let state = Mutex(State())
    /// Request body bytes held by all connections now (`HTTPServerConfiguration.maxBufferedBodyBytes`).
    let bodyBytes = Mutex(0)

    struct State {
        enum Phase { case created, listening, draining, stopped }
        var phase = Phase.created
        var listener: ListeningSocket?
        var port: Int?
        var failure: SocketError?
        var listenWaiters: [CheckedContinuation<Int, any Error>] = []
        var nextConnectionID: UInt64 = 0
        var active = 0
        /// Connections waiting for their next request: woken by `shutdown()`.
        var idle: [UInt64: AsyncSocket] = [:]
        var drained: CheckedContinuation<Void, Never>?
    }

    /// `errorResponder` writes the server's own error answers; by default the handler's
    /// (`HTTPHandler.errorResponder`: a `Router`'s, plain text otherwise).
    public init(configuration: HTTPServerConfiguration = HTTPServerConfiguration(), handler: some HTTPHandler,
                errorResponder: (any HTTPErrorResponder)? = nil, logger: Logger = Logger(label: "veil.http")) {
        self.configuration = configuration
        self.handler = handler
        self.errorResponder = errorResponder ?? handler.errorResponder
        self.logger = logger
    }

    /// The bound port once listening (the ephemeral one when configured with port 0).
    public var port: Int? { state.withLock { $0.port } }

    /// Client connections open right now (for `/metrics`).
    public var openConnections: Int { state.withLock { $0.active } }

    /// Request body bytes held right now, all connections together (for `/metrics`).
    public var bufferedBodyBytes: Int { bodyBytes.withLock { $0 } }

    /// Counts `count` more body bytes against `maxBufferedBodyBytes`; false (nothing counted)
    /// when they do not fit.
    func reserveBodyBytes(_ count: Int) -> Bool {
        bodyBytes.withLock { held in
            guard count <= configuration.maxBufferedBodyBytes - held else { return false }
            held += count
            return true
        }
    }

    func releaseBodyBytes(_ count: Int) {
        guard count > 0 else { return }
        bodyBytes.withLock { $0 -= count }
    }

    /// Suspends until the server listens and returns its bound port; throws if binding failed.
    public func waitUntilListening() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<Int, any Error>? = state.withLock { state in
                if let port = state.port { return .success(port) }
                if let failure = state.failure { return .failure(failure) }
                if state.phase == .stopped { return .failure(HTTPServerError.notListening) }
                state.listenWaiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }

    /// Binds, then accepts and serves until `shutdown()` (or cancellation of the calling task).
    public func run() async throws {
        guard let listener = try bind() else { return }  // shut down before it started
        logger.info("listening", metadata: ["http.host": "\(configuration.host)", "http.port": "\(listener.port)"])
        await withDiscardingTaskGroup { group in
            await acceptLoop(listener, group: &group)
            listener.close()
            await waitForDrain(until: .now + configuration.shutdownGrace)
            let remaining = state.withLock { $0.active }
            if remaining > 0 {
                logger.warning("shutdown grace expired; closing connections", metadata: ["http.connections": "\(remaining)"])
            }
            group.cancelAll()
        }
        let waiters = state.withLock { state in
            state.phase = .stopped
            state.port = nil
            defer { state.listenWaiters = [] }
            return state.listenWaiters
        }
        waiters.forEach { $0.resume(throwing: HTTPServerError.notListening) }
        logger.info("stopped")
    }

    /// Starts a graceful stop; `run()` returns once it completes. Safe to call more than once.
    public func shutdown() {
        let (listener, idle) = state.withLock { state -> (ListeningSocket?, [AsyncSocket]) in
            guard state.phase == .listening || state.phase == .created else { return (nil, []) }
            state.phase = .draining
            let idle = Array(state.idle.values)
            state.idle = [:]
            return (state.listener, idle)
        }
        listener?.interrupt()
        idle.forEach { $0.interrupt() }
    }

    var isDraining: Bool { state.withLock { $0.phase != .listening } }

    private func bind() throws -> ListeningSocket? {
        let outcome: Result<ListeningSocket?, any Error> = Result {
            try state.withLock { state in
                if state.phase == .draining && state.listener == nil {
                    state.phase = .stopped
                    return nil
                }
                guard state.phase == .created else { throw HTTPServerError.alreadyRunning }
                let listener = try ListeningSocket(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
                state.phase = .listening
                state.listener = listener
                state.port = listener.port
                return listener
            }
        }
        let waiters = state.withLock { state in
            if case .failure(let error as SocketError) = outcome { state.failure = error }
            defer { state.listenWaiters = [] }
            return state.listenWaiters
        }
        for waiter in waiters {
            waiter.resume(with: outcome.flatMap { listener in
                listener.map { .success($0.port) } ?? .failure(HTTPServerError.notListening)
            })
        }
        return try outcome.get()
    }
}
