/// Failures of the server itself (not of a request: those become responses).
public enum HTTPServerError: Error, Sendable, Equatable {
    /// `run()` was called twice.
    case alreadyRunning
    /// `shutdown()` came before the server was listening, or the server has stopped.
    case notListening
}
