/// A Redis server as written in the `vault` setting: `redis://[[user]:password@]host[:port][/db]`
/// (the IANA `redis` URI scheme; the port defaults to 6379, the database to 0).
public struct RedisEndpoint: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var database: Int
    /// For `AUTH` (Redis 6 ACL form when `username` is set). Never printed.
    public var username: String?
    public var password: String?

    public init(host: String, port: Int = 6379, database: Int = 0, username: String? = nil, password: String? = nil) {
        self.host = host
        self.port = port
        self.database = database
        self.username = username
        self.password = password
    }

    public init(url: String) throws(VaultConfigError) {
        let invalid = VaultConfigError("setting 'vault' must look like redis://HOST:PORT[/DB]")
        guard url.lowercased().hasPrefix("redis://") else { throw invalid }
        var rest = Substring(url.dropFirst("redis://".count))
        var database = 0
        if let slash = rest.firstIndex(of: "/") {
            let path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
            if !path.isEmpty {
                guard let n = Int(path), n >= 0 else { throw VaultConfigError("setting 'vault': the database after '/' must be a number") }
                database = n
            }
        }
        var username: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                let user = credentials[..<colon]
                username = user.isEmpty ? nil : String(user)
                password = String(credentials[credentials.index(after: colon)...])
            } else {
                password = String(credentials)
            }
        }
        var host = rest
        var port = 6379
        if rest.hasPrefix("[") {  // [::1]:6379 (RFC 3986 IP-literal)
            guard let close = rest.firstIndex(of: "]") else { throw invalid }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") {
                guard let p = Int(after.dropFirst()) else { throw invalid }
                port = p
            } else if !after.isEmpty {
                throw invalid
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            guard let p = Int(rest[rest.index(after: colon)...]) else { throw invalid }
            port = p
        }
        guard !host.isEmpty, (1...65535).contains(port) else { throw invalid }
        self.init(host: String(host), port: port, database: database, username: username, password: password)
    }

    /// `redis://host:port/db` — credentials left out, so it can be logged.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "redis://\(shownHost):\(port)/\(database)"
    }
}
