// The core property: with every label reversible, reidentify(anonymize(x)) == x byte for byte,
// for any input, through the real pattern detectors.
import Anonymizer

let anonymizer = Anonymizer(detectors: PatternDetectors.all())

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let input = DetectionInput(text)
    var spans: [Span] = []
    for detector in PatternDetectors.all() { spans += detector.spans(in: input) }
    var map = PlaceholderMap()
    map.reserveLookalikes(in: text)
    let redacted = anonymizer.redact(input, spans: spans, map: &map)
    let back = Reidentifier(map: map).reidentify(redacted.text)
    precondition(back == text, "round trip lost bytes")
    return 0
}

// SwiftPM links an executable's entry point as `FuzzAnonymize_main` (and maps `main` to it), so the
// fuzzer starts here and hands over to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzAnonymize_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { fuzz($0, $1) }
}
