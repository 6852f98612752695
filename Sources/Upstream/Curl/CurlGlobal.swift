import CCurl

/// libcurl's process-wide setup. curl_global_init(3) must run once before any other call and is not safe to race
/// on older libcurl; a Swift `static let` is initialised exactly once, thread-safely (swift_once), which gives us
/// that guarantee without a lock. We never call curl_global_cleanup(3): the client may live until exit.
enum CurlGlobal {
    private static let initCode: UInt32 = curl_global_init(CCurl_GLOBAL_DEFAULT).rawValue

    static func ensureInitialized() throws(UpstreamError) {
        guard initCode == CURLE_OK.rawValue else {
            throw UpstreamError(curlCode: CURLcode(rawValue: initCode), fallback: .protocolError)
        }
    }

    /// "libcurl/7.88.1 OpenSSL/3.0.19 ..." (curl_version(3)), for startup logs.
    static var version: String {
        guard let text = curl_version() else { return "libcurl" }
        return String(cString: text)
    }
}
