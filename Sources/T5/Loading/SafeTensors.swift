import Foundation

/// A parsed safetensors file: the tensor table of its JSON header over a memory-mapped file.
///
/// Layout (https://github.com/huggingface/safetensors#format): 8-byte little-endian header length N,
/// N bytes of UTF-8 JSON `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}`,
/// then the data buffer; offsets are relative to the start of the data buffer.
struct SafeTensors {
    struct Entry: Equatable {
        var dtype: DType
        var shape: [Int]
        /// Absolute byte range in the file.
        var range: Range<Int>
        var elementCount: Int { shape.reduce(1, *) }
    }

    enum DType: String {
        case f32 = "F32", f16 = "F16", bf16 = "BF16"
        var byteCount: Int { self == .f32 ? 4 : 2 }
    }

    let file: MappedFile
    let entries: [String: Entry]

    init(path: String) throws(T5Error) {
        let file = try MappedFile(path: path)
        self.file = file
        self.entries = try Self.parseHeader(UnsafeRawBufferPointer(start: file.base, count: file.count), path: path)
    }

    /// Pure header parser, separate from the mapping so tests can feed it bytes.
    static func parseHeader(_ bytes: UnsafeRawBufferPointer, path: String) throws(T5Error) -> [String: Entry] {
        guard bytes.count >= 8 else { throw .truncatedFile(path: path, detail: "no 8-byte header length") }
        let headerLength = Int(UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self)))
        guard headerLength <= bytes.count - 8 else {
            throw .truncatedFile(path: path, detail: "header of \(headerLength) bytes, file has \(bytes.count)")
        }
        let dataStart = 8 + headerLength
        let json = Data(bytes[8..<dataStart])
        guard let object = try? JSONSerialization.jsonObject(with: json), let table = object as? [String: Any] else {
            throw .invalidHeader("header is not a JSON object")
        }
        var entries: [String: Entry] = [:]
        for (name, value) in table where name != "__metadata__" {
            guard let fields = value as? [String: Any],
                  let dtypeName = fields["dtype"] as? String,
                  let shape = fields["shape"] as? [Int],
                  let offsets = fields["data_offsets"] as? [Int], offsets.count == 2,
                  offsets[0] >= 0, offsets[0] <= offsets[1], shape.allSatisfy({ $0 >= 0 }) else {
                throw .invalidHeader("entry \(name) lacks dtype, shape or data_offsets")
            }
            guard let dtype = DType(rawValue: dtypeName) else {
                throw .unsupportedDType(tensor: name, dtype: dtypeName)
            }
            let entry = Entry(dtype: dtype, shape: shape, range: (dataStart + offsets[0])..<(dataStart + offsets[1]))
            guard entry.range.count == entry.elementCount * dtype.byteCount else {
                throw .invalidHeader("entry \(name): \(entry.range.count) bytes for shape \(shape) \(dtypeName)")
            }
            guard entry.range.upperBound <= bytes.count else {
                throw .truncatedFile(path: path, detail: "tensor \(name) ends at byte \(entry.range.upperBound), file has \(bytes.count)")
            }
            entries[name] = entry
        }
        return entries
    }
}
