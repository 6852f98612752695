import Anonymizer
import JSON

/// int8 passes checked against float32 where it matters (issue #18).
///
/// An int8 encoder moves every probability by a little; a decision far from its edge does not
/// notice, one near it may flip (a span appears, disappears, grows or changes label). So a window
/// is tagged in int8 first and its decisions are read: when one that can change the detector's
/// answer is within `margin` (in probability) of its edge, the window is run again in float32 and
/// the float32 answer is kept. The edges are every comparison the decoder makes:
///
/// - a token is `O` or not: `p(O)` against the largest other tag;
/// - inside a value, which label wins: the two largest label masses `p(B-L) + p(I-L)`;
/// - a span is kept or not: its score against its label's threshold at the request's sensitivity,
///   for the labels the request keeps.
///
/// A token's edges matter only where a kept span could come out: tokens that could be non-`O`
/// (within the margin) form runs (the only places a span can be), and a run none of whose tokens
/// has a label mass within `margin` of that label's threshold cannot yield a kept span however its
/// tokens flip (a span's score is a mean over its tokens, never above its best token). Text far
/// from any value and clear values keep the int8 speed; the values a small model is torn about get
/// float32's answer (`Benchmarks/quality/int8_parity.py` measures both). Not checked: `strict`'s
/// threshold, which only decides `Span.maskable` — near it, int8 may mask a value float32 would
/// have replaced by a placeholder (both redact it) or the reverse.
struct Int8Verification: Sendable, Equatable {
    /// How close to an edge (in probability) a decision may be before the window is re-run.
    let margin: Float

    /// config.json `veil_int8_verify_margin` when absent (0 turns verification off): the smallest margin
    /// measured that keeps the spans of ≥ 99 % of the dev documents (99.4 %; docs/T5-ENGINE.md, "int8 encoder").
    static let defaultMargin: Float = 0.03

    /// The verification an int8 model asks for in `config`, or nil when it is turned off.
    init?(config: JSONValue) throws(ModelDetectorError) {
        var margin = Self.defaultMargin
        if let raw = config["veil_int8_verify_margin"], !raw.isNull {
            guard case .number(let text) = raw, let value = Float(text), (0...1).contains(value) else {
                throw .badConfig("veil_int8_verify_margin must be a number between 0 and 1")
            }
            margin = value
        }
        guard margin > 0 else { return nil }
        self.margin = margin
    }

    init(margin: Float) {
        self.margin = margin
    }

    /// The thresholds a request's spans are judged at, as verification reads them.
    struct Thresholds: Equatable {
        /// Per model label, every threshold a span of it is judged at (none: the request drops the label).
        var byLabel: [String: [Double]]
        /// Per model label in the rows' order, the lowest of them: 0, any span is kept; ∞, none is.
        var lowest: [Float]

        init(byLabel: [String: [Double]], lowest: [Float]) {
            self.byLabel = byLabel
            self.lowest = lowest
        }

        /// `labels` in the model's order, judged by `thresholds` at `judging`'s sensitivity for `judging`'s
        /// labels (nil: every label at every sensitivity).
        init(labels: [String], thresholds: ModelThresholds, judging: (labels: Set<String>, sensitivity: Sensitivity)?) {
            let levels = judging.map { [$0.sensitivity] } ?? Sensitivity.allCases
            var byLabel: [String: [Double]] = [:]
            for label in labels where judging?.labels.contains(label) ?? true {
                byLabel[label] = levels.map { thresholds.threshold(for: label, at: $0) }
            }
            self.init(byLabel: byLabel, lowest: labels.map { Float(byLabel[$0]?.min() ?? .infinity) })
        }
    }

    /// Whether a decision that can change the answer lies within `margin` of flipping.
    /// - Parameters:
    ///   - rows: the window's tokens the decoder reads (softmax over `O, B-L, I-L, …`; tokens that are
    ///     only whitespace, which the decoder skips, left out), in order.
    ///   - found: the spans decoded from them.
    func isUncertain(rows: [ArraySlice<Float>], found: [BIOSpanDecoder.Found], thresholds: Thresholds) -> Bool {
        for span in found {
            for threshold in thresholds.byLabel[span.label] ?? [] where threshold > 0 && abs(span.score - threshold) < Double(margin) {
                return true
            }
        }
        // Runs of tokens that could be non-O; each run matters when some token in it comes near a threshold.
        var runMatters = false, runUncertain = false
        for p in rows {
            let token = read(p, thresholds: thresholds.lowest)
            guard token.couldBeValue else {
                if runMatters && runUncertain { return true }
                runMatters = false
                runUncertain = false
                continue
            }
            runMatters = runMatters || token.nearThreshold
            runUncertain = runUncertain || token.nearEdge
        }
        return runMatters && runUncertain
    }

    /// One token's reading: could it be non-O, is a decision on it near its edge, could it reach a threshold.
    func read(_ p: ArraySlice<Float>, thresholds: [Float]) -> (couldBeValue: Bool, nearEdge: Bool, nearThreshold: Bool) {
        let base = p.startIndex
        let outside = p[base]
        var bestTag: Float = 0
        var first: Float = 0, second: Float = 0  // label masses
        var nearThreshold = false
        var label = 0, k = base + 1
        while k + 1 < p.endIndex {
            bestTag = max(bestTag, p[k], p[k + 1])
            let mass = p[k] + p[k + 1]
            if mass > first {
                second = first
                first = mass
            } else if mass > second {
                second = mass
            }
            if label < thresholds.count, mass + margin >= thresholds[label] { nearThreshold = true }
            label += 1
            k += 2
        }
        let couldBeValue = bestTag + margin > outside
        let nearEdge = abs(outside - bestTag) < margin || (bestTag > outside && first - second < margin)
        return (couldBeValue, nearEdge, nearThreshold)
    }
}
