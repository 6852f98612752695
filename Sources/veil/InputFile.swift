import Glibc

/// One input of `veil anonymize`: a file, or stdin for `-`. Read with read(2) rather than
/// FileHandle so that errors (EISDIR, EIO) arrive as errno, not as a Foundation trap, and so a
/// pipe yields whatever is available (JSON Lines stream out as they come in).
///
/// Owns its descriptor until deinit; stdin is borrowed and never closed. Not Sendable: one
/// task reads it from start to end.
final class InputFile {
    static let stdinName = "-"

    let path: String
    private let descriptor: Int32
    private let owned: Bool

    init(path: String) throws(CLIError) {
        self.path = path
        if path == Self.stdinName {
            descriptor = STDIN_FILENO
            owned = false
            return
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Self.unreadable(path, errno: errno) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT != S_IFDIR else {
            close(fd)
            throw .noInput("cannot read \(path): is a directory")
        }
        descriptor = fd
        owned = true
    }

    deinit {
        if owned { close(descriptor) }
    }

    /// Up to `limit` bytes, as soon as any are available; empty at end of input. Retries
    /// EINTR (read(2): "interrupted by a signal before any data was read").
    func read(limit: Int = 64 * 1024) throws(CLIError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: limit)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, limit) }
            if n >= 0 { return Array(buffer.prefix(n)) }
            let code = errno  // once, right after the call
            if code == EINTR { continue }
            throw Self.unreadable(path, errno: code)
        }
    }

    /// Everything up to the end of input.
    func readAll() throws(CLIError) -> [UInt8] {
        var all: [UInt8] = []
        while true {
            let chunk = try read()
            if chunk.isEmpty { return all }
            all += chunk
        }
    }

    /// Size in bytes of a regular file; nil for stdin, pipes and devices (unknown in advance).
    static func size(of path: String) -> Int? {
        guard path != stdinName else { return nil }
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// Bytes of all inputs when every one is a regular file, else nil (no percentage then).
    static func totalSize(of paths: [String]) -> Int? {
        var total = 0
        for path in paths {
            guard let size = size(of: path) else { return nil }
            total += size
        }
        return total
    }

    private static func unreadable(_ path: String, errno code: Int32) -> CLIError {
        .noInput("cannot read \(path == stdinName ? "stdin" : path): \(String(cString: strerror(code)))")
    }
}
