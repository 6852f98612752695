/// Everything that can go wrong while loading a T5 folder or running it.
///
/// Loading errors name the file or tensor at fault so a bad export is found without a debugger.
public enum T5Error: Error, Equatable, Sendable, CustomStringConvertible {
    /// A required file (`config.json`, `model.safetensors`) is not there.
    case missingFile(path: String)
    /// The file exists but could not be opened or mapped (errno from open/fstat/mmap).
    case ioFailure(path: String, call: String, errno: Int32)
    /// `config.json` is not valid JSON or lacks / contradicts a required key.
    case invalidConfig(String)
    /// The safetensors file ends before its header or a tensor's data says it should.
    case truncatedFile(path: String, detail: String)
    /// The safetensors header is not the documented JSON layout.
    case invalidHeader(String)
    /// A tensor uses a dtype this engine does not read (only F32, F16, BF16).
    case unsupportedDType(tensor: String, dtype: String)
    /// A tensor the config requires is not in the file.
    case missingTensor(String)
    /// A tensor's shape does not match what `config.json` implies.
    case shapeMismatch(tensor: String, expected: [Int], actual: [Int])
    /// The model has no decoder / no classifier for the requested operation.
    case unsupportedOperation(String)
    /// The compute pool already holds its maximum of queued jobs; retry later (HTTP 503).
    case busy(queued: Int)
    /// A job waited in the compute pool's queue longer than its `maxWait`; retry later (HTTP 503).
    case queueTimeout(waited: Duration)
    /// The caller's task was cancelled (its client went away) before a worker took the job.
    case cancelled
    /// Bad request input: empty sequence, token id outside the vocabulary, ...
    case invalidInput(String)

    public var description: String {
        switch self {
        case .missingFile(let path): "missing file: \(path)"
        case .ioFailure(let path, let call, let errno): "\(call) failed for \(path) (errno \(errno))"
        case .invalidConfig(let why): "invalid config.json: \(why)"
        case .truncatedFile(let path, let detail): "truncated safetensors file \(path): \(detail)"
        case .invalidHeader(let why): "invalid safetensors header: \(why)"
        case .unsupportedDType(let tensor, let dtype): "tensor \(tensor) has unsupported dtype \(dtype)"
        case .missingTensor(let name): "missing tensor \(name)"
        case .shapeMismatch(let tensor, let expected, let actual):
            "tensor \(tensor) has shape \(actual), config implies \(expected)"
        case .unsupportedOperation(let why): "unsupported operation: \(why)"
        case .busy(let queued): "compute pool busy (\(queued) jobs queued)"
        case .queueTimeout(let waited): "compute pool busy (a job waited \(waited) in the queue)"
        case .cancelled: "cancelled before a worker took the job"
        case .invalidInput(let why): "invalid input: \(why)"
        }
    }
}
