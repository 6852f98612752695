import Foundation

/// Builds broken model folders in a temporary directory for the loading-error tests.
struct FixtureFiles {
    let folder: URL

    /// A private copy of fixture `model` that a test may damage.
    init(copying model: String) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("t5-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["config.json", "model.safetensors"] {
            try FileManager.default.copyItem(at: Goldens.folder(model).appendingPathComponent(name),
                                             to: folder.appendingPathComponent(name))
        }
    }

    var weightsURL: URL { folder.appendingPathComponent("model.safetensors") }
    var configURL: URL { folder.appendingPathComponent("config.json") }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    func truncateWeights(keeping fraction: Double) throws {
        let data = try Data(contentsOf: weightsURL)
        try data.prefix(Int(Double(data.count) * fraction)).write(to: weightsURL)
    }

    /// Rewrites the safetensors JSON header (data section untouched, offsets stay valid).
    func editHeader(_ edit: (inout [String: Any]) -> Void) throws {
        let data = try Data(contentsOf: weightsURL)
        let length = Int(data.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
        var header = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<(8 + length))) as? [String: Any] ?? [:]
        edit(&header)
        try (Self.framed(header) + data.suffix(from: 8 + length)).write(to: weightsURL)
    }

    func editConfig(_ edit: (inout [String: Any]) -> Void) throws {
        var config = try JSONSerialization.jsonObject(with: Data(contentsOf: configURL)) as? [String: Any] ?? [:]
        edit(&config)
        try JSONSerialization.data(withJSONObject: config).write(to: configURL)
    }

    /// Length prefix + JSON header padded with spaces to 8 bytes, as the safetensors writer does.
    static func framed(_ header: [String: Any]) throws -> Data {
        var json = try JSONSerialization.data(withJSONObject: header)
        while json.count % 8 != 0 { json.append(0x20) }
        var length = UInt64(json.count).littleEndian
        return Data(bytes: &length, count: 8) + json
    }

    /// A one-tensor safetensors file.
    static func singleTensor(name: String, dtype: String, shape: [Int], bytes: [UInt8]) throws -> Data {
        try framed([name: ["dtype": dtype, "shape": shape, "data_offsets": [0, bytes.count]]]) + Data(bytes)
    }
}
