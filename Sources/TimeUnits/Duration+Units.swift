/// `Duration` in the units the rest of Veil hands to metrics, logs and C APIs — one conversion
/// instead of one per call site (epoll and curl timeouts, Redis `PX`, log fields, metrics).
extension Duration {
    private static let attosecondsPerMillisecond: Int64 = 1_000_000_000_000_000

    /// Seconds, with fractions (metrics, rates).
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// Milliseconds, with fractions (log fields).
    public var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }

    /// Whole milliseconds, computed in integers: `.down` truncates (a timeout that must not run
    /// past its deadline), `.up` rounds up (a sleep that must not wake just before it).
    public func wholeMilliseconds(rounded rule: FloatingPointRoundingRule = .down) -> Int64 {
        let (seconds, attoseconds) = components
        let part = switch rule {
        case .up, .awayFromZero: (attoseconds + Self.attosecondsPerMillisecond - 1) / Self.attosecondsPerMillisecond
        default: attoseconds / Self.attosecondsPerMillisecond
        }
        return seconds * 1000 + part
    }
}
