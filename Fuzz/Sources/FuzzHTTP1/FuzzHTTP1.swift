// Differential: the request parser must produce the same parts (or the same error status)
// whether the bytes arrive whole or split at a point chosen by the input's first byte.
import HTTP1

func parse(_ chunks: [ArraySlice<UInt8>]) -> ([HTTPRequestPart], Int?) {
    var parser = HTTPRequestParser(limits: HTTPLimits(maxHeaderBytes: 2048, maxBodyBytes: 4096))
    var parts: [HTTPRequestPart] = []
    for chunk in chunks {
        parser.append(chunk)
        do {
            while let part = try parser.next() { parts.append(part) }
        } catch {
            return (merge(parts), error.status.code)
        }
    }
    return (merge(parts), nil)
}

/// Adjacent body parts joined (how bytes are cut into body parts may differ).
func merge(_ parts: [HTTPRequestPart]) -> [HTTPRequestPart] {
    var out: [HTTPRequestPart] = []
    for part in parts {
        if case .body(let b) = part, case .body(let a)? = out.last {
            out[out.count - 1] = .body(a + b)
        } else {
            out.append(part)
        }
    }
    return out
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 1 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let input = bytes[1...]
    let cut = input.startIndex + Int(bytes[0]) % input.count
    let whole = parse([input])
    let split = parse([input[..<cut], input[cut...]])
    precondition(whole.0 == split.0 && whole.1 == split.1, "parser differs when the input is split")
    return 0
}

// SwiftPM links an executable's entry point as `FuzzHTTP1_main` (and maps `main` to it), so the
// fuzzer starts here and hands over to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzHTTP1_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { fuzz($0, $1) }
}
