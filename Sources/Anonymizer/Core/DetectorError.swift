/// What a detector throws that the caller answers in its own terms (an HTTP status, an exit code):
/// the proxy never needs to know which engine is behind a detector.
public enum DetectorError: Error, Sendable, Equatable {
    /// The detector's compute queue is full, or a job waited past its deadline: nothing is wrong with
    /// the input, retry later (the proxy answers 503 with `Retry-After`).
    case overloaded
}
