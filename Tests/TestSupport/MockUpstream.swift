import Foundation

/// A running `Tests/Support/mock_upstream.py` on an ephemeral loopback port (routes are listed at the top of that
/// script). Each test starts its own, so connection counters start at zero. The script exits when its stdin closes,
/// so it never outlives the test process, and `stop()` (or deinit) ends it at once.
///
/// Python: `$VEIL_TEST_PYTHON` if set, else `python3` from `PATH`; only the standard library is needed.
public final class MockUpstream {
    public let port: Int
    public var baseURL: String { "http://127.0.0.1:\(port)" }
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

    private init(port: Int, process: Process, stdin: Pipe) {
        self.port = port
        self.process = process
        self.stdin = stdin
    }

    /// Launches the mock and waits (off the cooperative thread pool) for the port it prints.
    public static func start() async throws -> MockUpstream {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let python = ProcessInfo.processInfo.environment["VEIL_TEST_PYTHON"] ?? "python3"
        process.arguments = [python, scriptPath, "--exit-on-stdin-eof"]
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
        return MockUpstream(port: port, process: process, stdin: stdin)
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
