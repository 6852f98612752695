import Foundation
import Testing
import TestSupport
@testable import Upstream

/// HTTP/2 over TLS (ALPN) and multiplexing, against nginx when it is installed (the Python mock speaks HTTP/1.1
/// only). nginx answers each request with `$server_protocol $connection`, which names the TCP connection.
@Suite(.serialized, .enabled(if: NginxH2.isInstalled, "needs nginx with http2"))
struct UpstreamHTTP2Tests {
    @Test func parallelRequestsShareOneHTTP2Connection() async throws {
        let files = try #require(try MockUpstream.makeSelfSignedCertificate())
        let nginx = try NginxH2(tls: files)
        defer { nginx.stop() }
        let client = try UpstreamClient(configuration: UpstreamConfiguration(
            baseURL: "https://127.0.0.1:\(nginx.port)", connectTimeout: .seconds(5), caBundlePath: files.certificatePath))
        let ready = await eventually { (try? await client.get("/").status) == 200 }
        try #require(ready)

        let answers = try await withThrowingTaskGroup(of: String.self) { group in
            for i in 0..<10 {
                group.addTask {
                    let response = try await client.get("/request-\(i)")
                    return String(decoding: try await response.body.collect(upTo: 1024), as: UTF8.self)
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(answers.count == 10)
        #expect(answers.allSatisfy { $0.hasPrefix("HTTP/2.0 ") })
        // Every request, the warm-up included, went over nginx's connection number 1.
        #expect(Set(answers) == ["HTTP/2.0 1\n"])
    }
}

/// nginx in the foreground with a throw-away prefix, serving HTTP/2 over TLS on a free loopback port.
final class NginxH2 {
    static let binary = ["/usr/sbin/nginx", "/usr/bin/nginx"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static var isInstalled: Bool { binary != nil }

    let port: Int
    private let process = Process()

    init(tls: MockUpstream.TLSFiles) throws {
        let binary = try #require(Self.binary)
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("veil-nginx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: prefix, withIntermediateDirectories: true)
        port = try Self.freePort()
        let p = prefix.path
        let config = """
            daemon off; master_process off; pid \(p)/nginx.pid; error_log \(p)/error.log;
            events {}
            http {
              access_log off;
              client_body_temp_path \(p)/body; proxy_temp_path \(p)/proxy; fastcgi_temp_path \(p)/fcgi;
              uwsgi_temp_path \(p)/uwsgi; scgi_temp_path \(p)/scgi;
              server {
                listen 127.0.0.1:\(port) ssl http2;
                ssl_certificate \(tls.certificatePath); ssl_certificate_key \(tls.keyPath);
                location / { default_type text/plain; return 200 "$server_protocol $connection\\n"; }
              }
            }
            """
        try config.write(toFile: "\(p)/nginx.conf", atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-p", p, "-c", "\(p)/nginx.conf"]
        try process.run()
    }

    /// SIGKILL: a child spawned from the test process may inherit a mask that blocks SIGTERM, and single-process
    /// nginx does not reset it, so `terminate()` would leave it running.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit {
        stop()
    }

    /// A port the kernel just handed out for an ephemeral bind (free unless someone races us for it).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        try #require(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
