import Synchronization
@testable import Anonymizer

/// Finds nothing; remembers the scope (labels and sensitivity) of every input it was given, so
/// a test can see what a walker or the JSONL processor asked of detection.
final class RecordingDetector: Detector {
    let name = "recording"
    let supportedLabels: Set<EntityLabel> = [.name, .email]
    private let seen = Mutex<[DetectionScope]>([])

    var scopes: [DetectionScope] { seen.withLock { $0 } }

    func detect(in input: DetectionInput) async throws -> [Span] {
        seen.withLock { $0.append(DetectionScope(labels: input.labels, sensitivity: input.sensitivity)) }
        return []
    }
}
