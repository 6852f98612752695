// Differential: the SSE parser gives the same events whole and one byte at a time; rewriting
// the events of any stream never crashes.
import Anonymizer
import Proxy

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var whole = SSEParser(maxEventBytes: 1 << 16)
    var drip = SSEParser(maxEventBytes: 1 << 16)
    guard var a = try? whole.feed(bytes) else { return 0 }
    var b: [ServerSentEvent] = []
    for byte in bytes {
        guard let events = try? drip.feed([byte]) else { return 0 }
        b += events
    }
    a += whole.finish().map { [$0] } ?? []
    b += drip.finish().map { [$0] } ?? []
    precondition(a == b, "SSE events differ when fed byte by byte")
    var map = PlaceholderMap()
    _ = map.placeholder(for: "bob@example.com", label: .email)
    for endpoint in OpenAIEndpoint.allCases {
        var rewriter = EventRewriter(endpoint: endpoint, map: map)
        for event in a { _ = rewriter.rewrite(event) }
        _ = rewriter.finish()
    }
    return 0
}

// SwiftPM links an executable's entry point as `FuzzSSE_main` (and maps `main` to it), so the
// fuzzer starts here and hands over to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzSSE_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { fuzz($0, $1) }
}
