/// The drip-feed verifier (after swift-nio's `ByteToMessageDecoderVerifier`): every
/// `(input, expected)` case is replayed whole, ONE BYTE AT A TIME, in seeded random slices, and —
/// for the valid cases together — concatenated back to back (pipelined). An incremental decoder
/// that mishandles a boundary anywhere gives different parts in one of the replays.
///
/// It is generic so any bytes-in, parts-out decoder can use it; the decoder is driven through
/// three closures and failures are compared through `classify` (e.g. an HTTP status code).

/// One case: the parts a decoder must produce for `input`, then (optionally) the failure it must end with.
public struct DripFeedCase<Part: Equatable & Sendable, Failure: Equatable & Sendable>: Sendable,
    CustomStringConvertible
{
    public var name: String
    public var input: [UInt8]
    public var parts: [Part]
    /// nil for a valid case: the decoder must produce exactly `parts` and then ask for more bytes.
    public var failure: Failure?

    public init(_ name: String, input: [UInt8], parts: [Part], failure: Failure? = nil) {
        self.name = name
        self.input = input
        self.parts = parts
        self.failure = failure
    }

    public var description: String { name }
}

/// What one replay produced.
public struct DripFeedOutcome<Part: Equatable, Failure: Equatable>: Equatable {
    public var parts: [Part]
    public var failure: Failure?
}

public struct DripFeedVerifier<Decoder, Part: Equatable & Sendable, Failure: Equatable & Sendable> {
    public typealias Case = DripFeedCase<Part, Failure>

    public var makeDecoder: () -> Decoder
    public var feed: (inout Decoder, ArraySlice<UInt8>) -> Void
    public var next: (inout Decoder) throws -> Part?
    public var classify: (any Error) -> Failure
    /// Normalises split-dependent output, e.g. merges adjacent body chunks.
    public var merge: ([Part]) -> [Part]

    public init(
        makeDecoder: @escaping () -> Decoder,
        feed: @escaping (inout Decoder, ArraySlice<UInt8>) -> Void,
        next: @escaping (inout Decoder) throws -> Part?,
        classify: @escaping (any Error) -> Failure,
        merge: @escaping ([Part]) -> [Part] = { $0 }
    ) {
        self.makeDecoder = makeDecoder
        self.feed = feed
        self.next = next
        self.classify = classify
        self.merge = merge
    }

    /// Feeds `input` cut at `sliceSizes` (cycled), draining the decoder after every slice.
    public func replay(_ input: [UInt8], sliceSizes: [Int]) -> DripFeedOutcome<Part, Failure> {
        var decoder = makeDecoder()
        var parts: [Part] = []
        var offset = 0
        var sizeIndex = 0
        repeat {
            let size = max(1, sliceSizes.isEmpty ? input.count : sliceSizes[sizeIndex % sliceSizes.count])
            sizeIndex += 1
            let end = min(input.count, offset + size)
            feed(&decoder, input[offset..<end])
            offset = end
            do {
                var guardCount = 0
                while let part = try next(&decoder) {
                    parts.append(part)
                    guardCount += 1
                    if guardCount > 1_000_000 { break }  // a decoder that never asks for more bytes
                }
            } catch {
                return DripFeedOutcome(parts: merge(parts), failure: classify(error))
            }
        } while offset < input.count
        return DripFeedOutcome(parts: merge(parts), failure: nil)
    }

    /// Replays one case whole, byte by byte and in random slices; returns one line per mismatch.
    public func verify(_ testCase: Case, seed: UInt64 = 0x5EED) -> [String] {
        let expected = DripFeedOutcome(parts: merge(testCase.parts), failure: testCase.failure)
        var generator = SplitMix64(seed: seed)
        let randomSizes = (0..<64).map { _ in Int(generator.next() % 17) + 1 }
        let modes: [(String, [Int])] = [("whole", []), ("byte-by-byte", [1]), ("random slices", randomSizes)]
        return modes.compactMap { mode, sizes -> String? in
            let got = replay(testCase.input, sliceSizes: sizes)
            return got == expected ? nil : "\(testCase.name) [\(mode)]: expected \(expected), got \(got)"
        }
    }

    /// Concatenates every valid case into one pipelined stream and replays it whole and byte by byte.
    public func verifyPipelined(_ cases: [Case]) -> [String] {
        let valid = cases.filter { $0.failure == nil }
        let input = valid.flatMap(\.input)
        let expected = DripFeedOutcome<Part, Failure>(parts: merge(valid.flatMap(\.parts)), failure: nil)
        return [("pipelined whole", [Int]()), ("pipelined byte-by-byte", [1])].compactMap { mode, sizes -> String? in
            let got = replay(input, sliceSizes: sizes)
            guard got != expected else { return nil }
            let firstDiff =
                zip(got.parts, expected.parts).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.parts.count, expected.parts.count)
            return "[\(mode)] \(valid.count) cases: first difference at part \(firstDiff), failure \(String(describing: got.failure))"
        }
    }
}

/// A tiny deterministic generator so random slicing is reproducible.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
