/// The result of one non-blocking system call: it did its work, or the descriptor was not
/// ready (EAGAIN / EWOULDBLOCK) and the async layer must wait for readiness and retry.
enum IOResult<Value> {
    case processed(Value)
    case wouldBlock
}

extension IOResult: Sendable where Value: Sendable {}
extension IOResult: Equatable where Value: Equatable {}
