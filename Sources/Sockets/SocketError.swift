#if canImport(Glibc)
import Glibc
#endif

/// Everything the socket layer can fail with. Calls that may also be cancelled are declared
/// `throws` and throw either a `SocketError` or `CancellationError`.
public enum SocketError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A system call failed; `function` names it, `errno` says why (errno(3)).
    case failed(function: String, errno: Int32)
    /// The peer went away: EPIPE or ECONNRESET on a write or read.
    case disconnected
    /// A deadline passed while waiting for readiness.
    case timedOut
    /// This side already closed the socket.
    case closed
    /// `AsyncSocket.interrupt()` was called (server shutdown waking idle connections).
    case interrupted
    /// getaddrinfo(3) failed; `code` is its EAI_* result.
    case addressResolution(host: String, code: Int32)

    public var description: String {
        switch self {
        case let .failed(function, errno): "\(function) failed: \(String(cString: strerror(errno))) (errno \(errno))"
        case .disconnected: "peer disconnected"
        case .timedOut: "timed out"
        case .closed: "socket closed"
        case .interrupted: "socket wait interrupted"
        case let .addressResolution(host, code): "cannot resolve \(host): \(String(cString: gai_strerror(code)))"
        }
    }

    /// Maps errno after `function` failed: connection-loss errnos become `.disconnected`.
    static func from(_ function: String, errno: Int32) -> SocketError {
        switch errno {
        case EPIPE, ECONNRESET, ENOTCONN, ECONNABORTED: .disconnected
        default: .failed(function: function, errno: errno)
        }
    }
}
