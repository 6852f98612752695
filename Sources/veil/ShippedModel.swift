import Foundation

/// Where the shipped tagger is when no model was named: next to the working directory, next to
/// the executable (a checkout's `.build/release/veil` finds the checkout's `Models/`), or under the
/// executable's install prefix (`/usr/local/bin/veil` → `/usr/local/share/veil/Models/…`).
/// Nothing found is an error unless `--patterns-only` asked for that (issue #16 item 7): Veil never
/// quietly runs with less detection because it was started from another directory.
enum ShippedModel {
    static let relativePath = "Models/veil-pii-tagger"

    /// The folders searched, in order.
    static func candidates(workingDirectory: String = FileManager.default.currentDirectoryPath,
                           executable: URL? = executableURL) -> [String] {
        var out = [URL(fileURLWithPath: workingDirectory).appendingPathComponent(relativePath).path]
        if let exe = executable?.resolvingSymlinksInPath() {
            var dir = exe.deletingLastPathComponent()
            for _ in 0..<5 {  // .build/x86_64-unknown-linux-gnu/release/veil → the checkout
                out.append(dir.appendingPathComponent(relativePath).path)
                dir = dir.deletingLastPathComponent()
            }
            let prefix = exe.deletingLastPathComponent().deletingLastPathComponent()
            out.append(prefix.appendingPathComponent("share/veil").appendingPathComponent(relativePath).path)
        }
        var seen = Set<String>()
        return out.filter { seen.insert($0).inserted }
    }

    /// The first candidate holding a `config.json`, or nil.
    static func locate(workingDirectory: String = FileManager.default.currentDirectoryPath,
                       executable: URL? = executableURL) -> String? {
        candidates(workingDirectory: workingDirectory, executable: executable)
            .first { FileManager.default.fileExists(atPath: $0 + "/config.json") }
    }

    /// This process's executable (`/proc/self/exe` on Linux).
    static var executableURL: URL? {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        return Bundle.main.executableURL
    }

    /// The error when no model is found and none was asked for.
    static func notFound() -> CLIError {
        .config("No model found (looked in \(candidates().joined(separator: ", "))). Pass --model DIR (VEIL_MODEL), "
            + "or --patterns-only (VEIL_PATTERNS_ONLY=1) to run the pattern detectors alone.")
    }
}
