/// Why a vault could not answer. None of the cases carries a stored value.
public enum VaultError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The backing store cannot be reached (connection refused, reset, closed mid-reply).
    case unavailable(String)
    /// The store did not answer before the deadline.
    case timedOut
    /// The store answered something this client does not understand (a RESP framing error,
    /// an unexpected reply type): the connection is dropped.
    case protocolViolation(String)
    /// The store refused the command (a RESP `-ERR …` reply).
    case server(String)
    /// The waiting task was cancelled (the client went away).
    case cancelled

    public var description: String {
        switch self {
        case .unavailable(let detail): "vault unavailable: \(detail)"
        case .timedOut: "vault timed out"
        case .protocolViolation(let detail): "vault protocol error: \(detail)"
        case .server(let message): "vault refused the command: \(message)"
        case .cancelled: "vault request cancelled"
        }
    }
}
