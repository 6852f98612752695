import Foundation
import Testing
@testable import T5

/// The vectorisable kernels against libm / the textbook formulas they replace.
@Suite struct T5KernelTests {
    @Test func fastExpMatchesLibmToTwoUlpsOverTheSoftmaxAndActivationRange() {
        var worst: Double = 0
        var x: Float = -87
        while x <= 88 {
            let exact = Foundation.exp(Double(x))
            worst = max(worst, abs(Double(Kernels.fastExp(x)) - exact) / exact)
            x += 0.001_953_125 * 7
        }
        #expect(worst < 3e-7)
        #expect(Kernels.fastExp(0) == 1)
        #expect(Kernels.fastExp(-1000) < 1e-37)
        #expect(Kernels.fastExp(1000).isFinite)
    }

    /// Both builds: the dispatching `activate` (8-lane AVX2 on CPUs that have it) and the portable Swift loop.
    @Test(arguments: [true, false])
    func geluNewEqualsTheTanhFormula(dispatched: Bool) {
        let values = (-4001...4000).map { Float($0) / 500 } // odd count: exercises the vector tail
        var out = values
        out.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            if dispatched { Kernels.activate(base, count: buffer.count, .geluNew) } else { Kernels.geluNewPortable(base, count: buffer.count) }
        }
        for (v, y) in zip(values, out) {
            let x = Double(v)
            let expected = 0.5 * x * (1 + Foundation.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)))
            #expect(abs(Double(y) - expected) <= 1e-6 * max(1, abs(expected)))
        }
    }

    @Test func softmaxMatchesTheDoubleFormulaForOddLengths() {
        for count in [1, 7, 8, 17, 250, 513] {
            var row = (0..<count).map { Float(($0 * 37) % 23) - 11.5 }
            let reference = row.map { Double($0) }
            let top = reference.max() ?? 0
            let total = reference.reduce(0) { $0 + Foundation.exp($1 - top) }
            row.withUnsafeMutableBufferPointer { Kernels.softmax($0.baseAddress!, count: $0.count) }
            for (y, r) in zip(row, reference) {
                #expect(abs(Double(y) - Foundation.exp(r - top) / total) <= 1e-6)
            }
        }
    }

    @Test func vectorisedAndPortableExpAgree() {
        for count in [1, 9, 64, 131] {
            let values = (0..<count).map { Float(($0 * 53) % 97) * -0.9 - 3 }
            var fast = values, portable = values
            let fastSum = fast.withUnsafeMutableBufferPointer { Kernels.expShifted($0.baseAddress!, count: count, shift: -2) }
            let portableSum = portable.withUnsafeMutableBufferPointer { Kernels.expShiftedPortable($0.baseAddress!, count: count, shift: -2) }
            #expect(abs(fastSum - portableSum) <= 1e-6 * portableSum)
            for (a, b) in zip(fast, portable) { #expect(abs(a - b) <= 3e-7 * max(b, 1e-30)) }
        }
    }
}
