import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Runs a closure when the process receives SIGINT or SIGTERM, instead of dying. Uses
/// DispatchSource signal sources; the default disposition is set to SIG_IGN first so the
/// signal is only delivered to the source (dispatch_source_create(3): "signal sources").
public final class SignalHandler: Sendable {
    private let sources: Mutex<[any DispatchSourceSignal]>

    public init(signals: [Int32] = [SIGINT, SIGTERM], handler: @escaping @Sendable (Int32) -> Void) {
        let queue = DispatchQueue(label: "veil.signals")
        var made: [any DispatchSourceSignal] = []
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { handler(number) }
            source.resume()
            made.append(source)
        }
        sources = Mutex(made)
    }

    /// Calls `server.shutdown()` on SIGINT/SIGTERM; a second signal while draining also just
    /// repeats the (idempotent) request. Keep the handler alive as long as the server runs.
    public static func shutdownOnTermination(of server: HTTPServer) -> SignalHandler {
        SignalHandler { number in
            server.logger.info("signal received; shutting down", metadata: ["signal": "\(number)"])
            server.shutdown()
        }
    }

    /// Stops handling; the signals stay ignored.
    public func cancel() {
        sources.withLock { sources in
            sources.forEach { $0.cancel() }
            sources = []
        }
    }

    deinit {
        cancel()
    }
}
