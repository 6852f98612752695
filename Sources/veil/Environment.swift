import Logging
import ArgumentParser
import Foundation

/// Reads `VEIL_…` variables; a malformed value is a usage error that names the variable.
struct Environment {
    let values = ProcessInfo.processInfo.environment

    subscript(name: String) -> String? {
        guard let v = values[name], !v.isEmpty else { return nil }
        return v
    }

    func int(_ name: String) throws -> Int? {
        guard let v = self[name] else { return nil }
        guard let n = Int(v) else { throw ValidationError("\(name) must be an integer, got '\(v)'.") }
        return n
    }

    func double(_ name: String) throws -> Double? {
        guard let v = self[name] else { return nil }
        guard let n = Double(v), n > 0 else { throw ValidationError("\(name) must be a positive number, got '\(v)'.") }
        return n
    }

    func list(_ name: String) -> [String] { Self.split(self[name]) ?? [] }
    func optionalList(_ name: String) -> [String]? { Self.split(self[name]) }

    static func split(_ value: String?) -> [String]? {
        guard let value else { return nil }
        return value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

enum LogLevelOption {
    static func parse(_ s: String) throws -> Logger.Level {
        guard let level = Logger.Level(rawValue: s.lowercased()) else {
            throw ValidationError("Unknown log level '\(s)': use trace, debug, info, notice, warning, error or critical.")
        }
        return level
    }
}
