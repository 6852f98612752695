import Foundation

/// sentencepiece's compiled normalization rules (`normalizer_spec.precompiled_charsmap`), as shipped base64 in
/// the `Precompiled` normalizer of T5's `tokenizer.json`.
///
/// Layout (sentencepiece `normalizer.cc`, `Normalizer::DecodePrecompiledCharsMap`): a little-endian `u32`
/// trie size in bytes, that many bytes of darts-clone double-array units (`u32` each), then a pool of
/// NUL-terminated UTF-8 replacement strings that leaf values index into.
struct PrecompiledCharsmap: Sendable {
    private let units: [UInt32]
    private let pool: [UInt8]

    init(blob: [UInt8]) throws(TokenizerError) {
        guard blob.count >= 4 else {
            throw .invalidComponent(component: "normalizer Precompiled", reason: "charsmap shorter than its header")
        }
        let trieSize = Int(blob[0]) | Int(blob[1]) << 8 | Int(blob[2]) << 16 | Int(blob[3]) << 24
        guard trieSize % 4 == 0, trieSize > 0, 4 + trieSize <= blob.count else {
            throw .invalidComponent(component: "normalizer Precompiled", reason: "charsmap trie size out of bounds")
        }
        var units = [UInt32](repeating: 0, count: trieSize / 4)
        for index in units.indices {
            let base = 4 + index * 4
            units[index] = UInt32(blob[base]) | UInt32(blob[base + 1]) << 8
                | UInt32(blob[base + 2]) << 16 | UInt32(blob[base + 3]) << 24
        }
        self.units = units
        self.pool = Array(blob[(4 + trieSize)...])
    }

    init(base64: String) throws(TokenizerError) {
        guard let data = Data(base64Encoded: base64) else {
            throw .invalidComponent(component: "normalizer Precompiled", reason: "precompiled_charsmap is not base64")
        }
        try self.init(blob: [UInt8](data))
    }

    // darts-clone unit accessors (darts.h `DoubleArrayUnit`).
    private static func hasLeaf(_ unit: UInt32) -> Bool { (unit >> 8) & 1 == 1 }
    private static func value(_ unit: UInt32) -> Int { Int(unit & ((1 << 31) - 1)) }
    private static func label(_ unit: UInt32) -> UInt32 { unit & ((1 << 31) | 0xFF) }
    private static func offset(_ unit: UInt32) -> Int { Int((unit >> 10) << ((unit & (1 << 9)) >> 6)) }

    /// The replacement for `utf8`, or nil when no prefix of it has a rule.
    ///
    /// Like `spm_precompiled::Precompiled::transform` (used by HF), the FIRST (shortest) matching prefix
    /// decides the replacement and the whole chunk is replaced by it. Callers pass one grapheme or one scalar.
    func replacement(for utf8: [UInt8]) -> ArraySlice<UInt8>? {
        guard let root = units.first else { return nil }
        var position = Self.offset(root)
        for index in utf8.indices {
            let byte = utf8[index]
            if byte == 0 { return nil }
            position ^= Int(byte)
            guard position < units.count else { return nil }
            let unit = units[position]
            guard Self.label(unit) == UInt32(byte) else { return nil }
            position ^= Self.offset(unit)
            guard position < units.count else { return nil }
            if Self.hasLeaf(unit) {
                let start = Self.value(units[position])
                guard start <= pool.count else { return nil }
                let end = pool[start...].firstIndex(of: 0) ?? pool.count
                return pool[start..<end]
            }
        }
        return nil
    }
}
