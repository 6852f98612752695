import Foundation

/// T5's relative position buckets (modeling_t5.py `T5Attention._relative_position_bucket`, from Mesh
/// TensorFlow): exact buckets for small distances, log-spaced ones up to `max_distance`, one bucket beyond.
enum RelativePosition {
    /// Bucket of `relativePosition = key_position - query_position`.
    /// Encoder: bidirectional (half the buckets for keys after the query). Decoder: causal, only `<= 0`.
    static func bucket(_ relativePosition: Int, bidirectional: Bool, numBuckets: Int, maxDistance: Int) -> Int {
        var buckets = numBuckets
        var bucket = 0
        var distance: Int
        if bidirectional {
            buckets /= 2
            if relativePosition > 0 { bucket += buckets }
            distance = abs(relativePosition)
        } else {
            distance = -min(relativePosition, 0)
        }
        let maxExact = buckets / 2
        if distance < maxExact { return bucket + distance }
        // Same float32 arithmetic as the torch code: log(d / max_exact) / log(max_distance / max_exact) * n,
        // truncated toward zero by `.to(torch.long)`.
        let ratio = Float(distance) / Float(maxExact)
        let scaled = Foundation.log(ratio) / Float(Foundation.log(Double(maxDistance) / Double(maxExact)))
            * Float(buckets - maxExact)
        let large = maxExact + Int(scaled)
        return bucket + min(large, buckets - 1)
    }
}
