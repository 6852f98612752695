// JSON parser and OpenAI request walkers: never crash; serialize(parse(x)) parses back to the
// same value; the walker's text list and replacement agree on every endpoint shape.
import Anonymizer

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let value = try? JSONParser.parse(bytes) else { return 0 }
    let again = try? JSONParser.parse(value.serializedBytes())
    precondition(again == value, "serialized JSON does not parse back to the same value")
    let walker = OpenAIRequestWalker()
    for endpoint in OpenAIEndpoint.allCases {
        guard let texts = try? walker.texts(in: value, kind: endpoint) else { continue }
        let same = try? walker.replacingTexts(in: value, kind: endpoint, with: texts)
        precondition(same == value, "replacing texts by themselves changed the request")
    }
    return 0
}

// SwiftPM links an executable's entry point as `FuzzJSON_main` (and maps `main` to it), so the
// fuzzer starts here and hands over to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzJSON_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { fuzz($0, $1) }
}
