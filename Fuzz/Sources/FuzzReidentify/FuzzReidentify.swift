// Differential: streaming re-identification, fed the text in fragments cut where the input says,
// must give exactly what whole-text re-identification gives.
import Anonymizer

let map: PlaceholderMap = {
    var map = PlaceholderMap()
    _ = map.placeholder(for: "Alice \"A\" O\\Hara", label: .name)
    _ = map.placeholder(for: "bob@example.com", label: .email)
    _ = map.placeholder(for: "+44 20 7946 0958", label: .phone)
    _ = map.placeholder(for: "Zoë 😀", label: .name)
    return map
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 2 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let text = String(decoding: bytes[2...], as: UTF8.self)
    let scalars = Array(text.unicodeScalars)
    for escaping in [ValueEscaping.none, .jsonString] {
        let whole = Reidentifier(map: map, escaping: escaping).reidentify(text)
        var stream = StreamingReidentifier(map: map, escaping: escaping)
        var out = ""
        var start = 0
        var step = max(1, Int(bytes[0]) % 7 + 1)
        while start < scalars.count {
            let end = min(scalars.count, start + step)
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: scalars[start..<end])
            out += stream.feed(String(piece))
            precondition(stream.heldBackCount <= StreamingReidentifier.maxHeldBack, "held back too much")
            start = end
            step = max(1, (step * Int(bytes[1] | 1)) % 11)
        }
        out += stream.finish()
        precondition(out == whole, "streamed re-identification differs from whole-text")
    }
    return 0
}

// SwiftPM links an executable's entry point as `FuzzReidentify_main` (and maps `main` to it), so the
// fuzzer starts here and hands over to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzReidentify_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { fuzz($0, $1) }
}
