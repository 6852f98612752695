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

    @Test func geluNewEqualsTheTanhFormula() {
        let values = (-4000...4000).map { Float($0) / 500 }
        var out = values
        out.withUnsafeMutableBufferPointer { Kernels.activate($0.baseAddress!, count: $0.count, .geluNew) }
        for (v, y) in zip(values, out) {
            let x = Double(v)
            let expected = 0.5 * x * (1 + Foundation.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)))
            #expect(abs(Double(y) - expected) <= 1e-6 * max(1, abs(expected)))
        }
    }

    @Test func softmaxMatchesTheDoubleFormulaForOddLengths() {
        for count in [1, 7, 8, 17, 250] {
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
}
