import Anonymizer
import Testing
@testable import Proxy

@Suite struct ProxyMetricsTests {
    @Test func rendersCountersHistogramsAndGauges() {
        let metrics = ProxyMetrics()
        metrics.recordRequest(route: "/v1/chat/completions", status: 200, seconds: 0.003)
        metrics.recordRequest(route: "/v1/chat/completions", status: 200, seconds: 0.2)
        metrics.recordAnonymization(seconds: 0.0004, labels: [.email: 2, .phone: 1])
        metrics.recordRefusal(code: "invalid_json")
        metrics.register(.gauge("veil_open_connections", help: "open") { 7 })
        metrics.register(.counter("veil_model_inference_seconds_total", help: "busy") { 1.25 })
        let text = metrics.render()
        #expect(text.contains(#"veil_requests_total{route="/v1/chat/completions",status="200"} 2"#))
        #expect(text.contains(#"veil_request_duration_seconds_bucket{route="/v1/chat/completions",le="0.005"} 1"#))
        #expect(text.contains(#"veil_request_duration_seconds_bucket{route="/v1/chat/completions",le="+Inf"} 2"#))
        #expect(text.contains(#"veil_anonymizer_duration_seconds_count 1"#))
        #expect(text.contains(#"veil_entities_redacted_total{label="EMAIL"} 2"#))
        #expect(text.contains(#"veil_requests_refused_total{code="invalid_json"} 1"#))
        #expect(text.contains("veil_open_connections 7"))
        #expect(text.contains("# TYPE veil_open_connections gauge"))
        #expect(text.contains("veil_model_inference_seconds_total 1.25"))
        #expect(text.contains("# TYPE veil_model_inference_seconds_total counter"))
        #expect(text.contains("# TYPE veil_request_duration_seconds histogram"))
    }

    @Test func histogramBucketsAreCumulative() {
        var h = Histogram(bounds: [1, 2, 3])
        for v in [0.5, 1.5, 2.5, 9] { h.observe(v) }
        #expect(h.lines("x") == [#"x_bucket{le="1.0"} 1"#, #"x_bucket{le="2.0"} 2"#, #"x_bucket{le="3.0"} 3"#,
                                 #"x_bucket{le="+Inf"} 4"#, "x_sum 13.5", "x_count 4"])
    }
}
