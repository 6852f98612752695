import Foundation

/// A running `Tests/Support/mock_upstream.py` on an ephemeral loopback port (routes are listed at the top of that
/// script). Each test starts its own, so connection counters start at zero. The script exits when its stdin closes,
/// so it never outlives the test process, and `stop()` (or deinit) ends it at once.
///
/// Python: `$VEIL_TEST_PYTHON` if set, else `python3` from `PATH`; only the standard library is needed.
public final class MockUpstream {
    public let port: Int
    public let isTLS: Bool
    public var baseURL: String { "\(isTLS ? "https" : "http")://127.0.0.1:\(port)" }
    private let process: Process
    private let stdin: Pipe

    public struct LaunchError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The script's path, found from this file's location in the repository.
    public static let scriptPath: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Support/mock_upstream.py").path

    /// A self-signed certificate for 127.0.0.1 and its key, both PEM.
    public struct TLSFiles: Sendable {
        public let certificatePath: String
        public let keyPath: String
    }

    private init(port: Int, isTLS: Bool, process: Process, stdin: Pipe) {
        self.port = port
        self.isTLS = isTLS
        self.process = process
        self.stdin = stdin
    }

    /// Launches the mock and waits (off the cooperative thread pool) for the port it prints.
    /// With `tls`, the mock speaks HTTPS (HTTP/1.1 via ALPN) with that certificate.
    public static func start(tls: TLSFiles? = nil) async throws -> MockUpstream {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let python = ProcessInfo.processInfo.environment["VEIL_TEST_PYTHON"] ?? "python3"
        process.arguments = [python, scriptPath, "--exit-on-stdin-eof"]
        if let tls { process.arguments? += ["--tls-cert", tls.certificatePath, "--tls-key", tls.keyPath] }
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        let reader = stdout.fileHandleForReading
        let line: String = await withCheckedContinuation { continuation in
            // A blocking read belongs on its own thread, not on one of Swift concurrency's few workers.
            Thread {
                var bytes: [UInt8] = []
                while true {
                    let data = reader.readData(ofLength: 1)
                    guard let byte = data.first, byte != UInt8(ascii: "\n") else { break }
                    bytes.append(byte)
                }
                continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
            }.start()
        }
        guard let port = Int(line.trimmingCharacters(in: .whitespaces)), port > 0 else {
            process.terminate()
            throw LaunchError(description: "mock upstream did not print a port (got \(line.debugDescription))")
        }
        return MockUpstream(port: port, isTLS: tls != nil, process: process, stdin: stdin)
    }

    /// Makes a one-day self-signed certificate for IP 127.0.0.1 with the `openssl` command line tool, in a fresh
    /// temporary directory; `nil` when `openssl` is not installed.
    public static func makeSelfSignedCertificate() throws -> TLSFiles? {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("veil-mock-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let files = TLSFiles(certificatePath: directory.appendingPathComponent("cert.pem").path,
                             keyPath: directory.appendingPathComponent("key.pem").path)
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                             "-keyout", files.keyPath, "-out", files.certificatePath]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        do { try openssl.run() } catch { return nil }
        openssl.waitUntilExit()
        return openssl.terminationStatus == 0 ? files : nil
    }

    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        try? stdin.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    deinit {
        stop()
    }
}
