import CBLAS
import Foundation

extension Kernels {
    /// Applies `act` in place (transformers ACT2FN: relu, gelu, gelu_new, silu).
    static func activate(_ x: UnsafeMutablePointer<Float>, count: Int, _ act: T5Config.Activation) {
        switch act {
        case .relu:
            for i in 0..<count { x[i] = max(x[i], 0) }
        case .gelu:
            for i in 0..<count { x[i] = 0.5 * x[i] * (1 + Foundation.erf(x[i] * 0.70710678118654752)) }
        case .geluNew:
            if hasAVX2 { veil_gelu_new_avx2(x, count) } else { geluNewPortable(x, count: count) }
        case .silu:
            for i in 0..<count { x[i] = x[i] / (1 + fastExp(-x[i])) }
        }
    }

    /// NewGELUActivation: 0.5 x (1 + tanh(sqrt(2/π) (x + 0.044715 x³))), the tanh approximation, computed as
    /// x / (1 + e^(-2u)) — the same function (1 + tanh u = 2 / (1 + e^(-2u))), with one vectorisable exp instead
    /// of libm's tanhf, and no cancellation in 1 + tanh for negative x. `vecmath.h` has the 8-lane build.
    static func geluNewPortable(_ x: UnsafeMutablePointer<Float>, count: Int) {
        let c: Float = 0.79788456080286536
        for i in 0..<count {
            let v = x[i]
            x[i] = v / (1 + fastExp(-2 * c * (v + 0.044715 * (v * v * v))))
        }
    }

    /// `z = x * y` elementwise (the gate of T5DenseGatedActDense: `act(wi_0 h) * wi_1 h`).
    static func multiply(_ x: UnsafePointer<Float>, by y: UnsafePointer<Float>, into z: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { z[i] = x[i] * y[i] }
    }
}
