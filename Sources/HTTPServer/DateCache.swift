#if canImport(Glibc)
import Glibc
#endif
import HTTP1
import Synchronization

/// The `Date` field value for now, formatted once per second (HTTP1's `HTTPDate` does the
/// RFC 9110 §5.6.7 formatting).
enum DateCache {
    private static let cache = Mutex<(second: Int, value: String)>((-1, ""))

    static func now() -> String {
        let second = Int(time(nil))
        return cache.withLock { cached in
            if cached.second != second { cached = (second, HTTPDate.format(secondsSince1970: second)) }
            return cached.value
        }
    }
}
