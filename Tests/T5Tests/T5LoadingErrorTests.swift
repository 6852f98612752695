import Foundation
import Testing
@testable import T5

/// Broken exports fail with a typed error that names the file or tensor.
@Suite struct T5LoadingErrorTests {
    @Test func missingConfigIsReported() throws {
        let files = try FixtureFiles(copying: "t5_v1_0")
        defer { files.remove() }
        try FileManager.default.removeItem(at: files.configURL)
        #expect(throws: T5Error.missingFile(path: files.configURL.path)) { try T5Model(folder: files.folder) }
    }

    @Test func missingWeightsFileIsReported() throws {
        let files = try FixtureFiles(copying: "t5_v1_0")
        defer { files.remove() }
        try FileManager.default.removeItem(at: files.weightsURL)
        #expect(throws: T5Error.missingFile(path: files.weightsURL.path)) { try T5Model(folder: files.folder) }
    }

    @Test func truncatedDataNamesTheFirstTensorPastTheEnd() throws {
        let files = try FixtureFiles(copying: "t5_v1_0")
        defer { files.remove() }
        try files.truncateWeights(keeping: 0.5)
        do {
            _ = try T5Model(folder: files.folder)
            Issue.record("loading a truncated file succeeded")
        } catch {
            guard case .truncatedFile(let path, let detail) = error else { Issue.record("wrong error \(error)"); return }
            #expect(path == files.weightsURL.path)
            #expect(detail.contains("tensor"))
        }
    }

    @Test func truncatedHeaderIsReported() throws {
        let files = try FixtureFiles(copying: "t5_v1_0")
        defer { files.remove() }
        try Data([0x10, 0x00, 0x00]).write(to: files.weightsURL)
        #expect(throws: T5Error.truncatedFile(path: files.weightsURL.path, detail: "no 8-byte header length")) {
            try T5Model(folder: files.folder)
        }
    }

    @Test func unknownDTypeNamesTheTensor() throws {
        let files = try FixtureFiles(copying: "t5_v1_0")
        defer { files.remove() }
        try files.editHeader { header in
            var entry = header["shared.weight"] as? [String: Any] ?? [:]
            entry["dtype"] = "I64"
            header["shared.weight"] = entry
        }
        #expect(throws: T5Error.unsupportedDType(tensor: "shared.weight", dtype: "I64")) { try T5Model(folder: files.folder) }
    }

    @Test func missingTensorIsNamed() throws {
        let files = try FixtureFiles(copying: "t5_v1_0")
        defer { files.remove() }
        let name = "decoder.block.1.layer.2.DenseReluDense.wo.weight"
        try files.editHeader { $0[name] = nil }
        #expect(throws: T5Error.missingTensor(name)) { try T5Model(folder: files.folder) }
    }

    @Test func shapeMismatchWithConfigIsNamed() throws {
        let files = try FixtureFiles(copying: "t5_v1_0")
        defer { files.remove() }
        try files.editConfig { $0["d_ff"] = 65 }
        #expect(throws: T5Error.shapeMismatch(tensor: "encoder.block.0.layer.1.DenseReluDense.wi.weight",
                                              expected: [65, 32], actual: [64, 32])) {
            try T5Model(folder: files.folder)
        }
    }

    @Test func headerLengthBeyondFileIsTruncation() {
        var bytes = [UInt8](repeating: 0, count: 16)
        bytes[0] = 0xFF
        #expect(throws: T5Error.truncatedFile(path: "x", detail: "header of 255 bytes, file has 16")) {
            _ = try bytes.withUnsafeBytes { raw in try SafeTensors.parseHeader(raw, path: "x") }
        }
    }

    @Test func halfPrecisionTensorsAreWidenedOnLoad() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("t5-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        // 1.0, -2.0, 65504 (max half), 2^-24 (smallest subnormal) as little-endian F16.
        try FixtureFiles.singleTensor(name: "w", dtype: "F16", shape: [4],
                                      bytes: [0x00, 0x3C, 0x00, 0xC0, 0xFF, 0x7B, 0x01, 0x00]).write(to: url)
        let storage = WeightStorage(tensors: try SafeTensors(path: url.path))
        let w = try storage.floats("w", shape: [4])
        #expect(Array(UnsafeBufferPointer(start: w, count: 4)) == [1, -2, 65504, 0x1p-24])
    }

    @Test func halfPrecisionSpecialValues() {
        #expect(HalfPrecision.float16ToFloat(0x7C00) == .infinity)
        #expect(HalfPrecision.float16ToFloat(0xFC00) == -.infinity)
        #expect(HalfPrecision.float16ToFloat(0x7E00).isNaN)
        #expect(HalfPrecision.float16ToFloat(0x8000) == 0 && HalfPrecision.float16ToFloat(0x8000).sign == .minus)
        #expect(HalfPrecision.bfloat16ToFloat(0x3F80) == 1)
        #expect(HalfPrecision.bfloat16ToFloat(0xC0A0) == -5)
    }
}
