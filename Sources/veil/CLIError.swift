import ArgumentParser
import Foundation

/// A command-line failure: one line for stderr and the exit status it maps to.
///
/// Statuses follow sysexits(3), as swift-argument-parser already does for usage errors (64), so
/// scripts can tell "fix the command" from "fix the input" from "fix the configuration".
/// `Veil.main` prints `Error: <description>` and exits with `status`. Messages name files,
/// keys and counts, never the text being processed.
struct CLIError: Error, CustomStringConvertible {
    /// The documented exit statuses (`veil --help`, README "Command line").
    enum Status: Int32 {
        case success = 0
        /// Anything else that went wrong at run time (e.g. the port is taken).
        case failure = 1
        /// EX_USAGE: unknown flag, bad option value, conflicting options (ArgumentParser's
        /// `ValidationError`s and parse errors).
        case usage = 64
        /// EX_DATAERR: input that is not UTF-8, a map file that is not a Veil map, a text longer
        /// than the model reads (`model_max_text`).
        case dataError = 65
        /// EX_NOINPUT: an input file (or map) is missing or unreadable.
        case noInput = 66
        /// EX_CANTCREAT: an output file (--save-map) cannot be written.
        case cannotCreate = 73
        /// EX_CONFIG: a bad configuration key or value, or a model that cannot load.
        case config = 78
    }

    let status: Status
    let description: String

    static func failure(_ message: String) -> CLIError { CLIError(status: .failure, description: message) }
    static func dataError(_ message: String) -> CLIError { CLIError(status: .dataError, description: message) }
    static func noInput(_ message: String) -> CLIError { CLIError(status: .noInput, description: message) }
    static func cannotCreate(_ message: String) -> CLIError { CLIError(status: .cannotCreate, description: message) }
    static func config(_ message: String) -> CLIError { CLIError(status: .config, description: message) }

    /// For `veil --help`; keep in step with `Status` and README's "Command line".
    static let statusHelp = """
        Exit status:
          0   success
          1   runtime failure (e.g. the port is taken)
          64  usage error (unknown flag, bad or conflicting options)
          65  input is not valid data (not UTF-8, not a Veil map, over --model-max-text)
          66  input file missing or unreadable
          73  output file cannot be written (--save-map)
          78  configuration error (bad key or value, model cannot load)
        """
}
