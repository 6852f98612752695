import Tagger
import TimeUnits

extension ProxyMetrics {
    /// The model's compute pool as seen from `/metrics`: how many forward passes wait for it, how
    /// many it ran, and the time its workers spent on them (the mean inference time is
    /// `rate(veil_model_inference_seconds_total) / rate(veil_model_inferences_total)`). Read at
    /// scrape time from the pool's own counters, so the request path pays nothing for them.
    public func registerModel(_ model: any ComputeBackedDetector) {
        let pool = model.computePool
        register(.gauge("veil_model_queue_depth", help: "Model forward passes waiting for a compute worker.") {
            pool.queuedJobs
        })
        register(.counter("veil_model_inferences_total", help: "Model forward passes run (one per window batch).") {
            Double(pool.statistics.jobs)
        })
        register(.counter("veil_model_inference_seconds_total", help: "Time compute workers spent on model forward passes.") {
            pool.statistics.busy.seconds
        })
        if let seq2seq = model as? Seq2SeqAnonymizer {
            let statistics = seq2seq.statistics
            register(.counter("veil_seq2seq_windows_total", help: "Windows the seq2seq anonymizer decoded.") {
                Double(statistics.snapshot.windows)
            })
            register(.counter("veil_seq2seq_tags_total", help: "Tags the seq2seq anonymizer wrote (aligned spans).") {
                Double(statistics.snapshot.tags)
            })
            register(.counter("veil_seq2seq_inconsistent_tags_total",
                              help: "Tags that repeated an earlier number for a different value (both values redacted).") {
                Double(statistics.snapshot.inconsistentRepeats)
            })
        }
    }
}
