import Anonymizer
import Foundation
import Testing
@testable import Proxy

/// The `sensitivity` setting: one key, its variable and its flag, with the usual precedence; a
/// value that names no operating point is a configuration error that lists the ones there are.
@Suite struct VeilSettingsSensitivityTests {
    func file(_ json: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("veil-\(UUID().uuidString).json").path
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func defaultIsBalanced() throws {
        #expect(VeilSettings().sensitivity == .balanced)
        #expect(try VeilSettings.resolve(file: nil, environment: [:]).sensitivity == .balanced)
        #expect(ProxyConfiguration().sensitivity == .balanced)
    }

    @Test func precedenceIsFlagThenEnvironmentThenFile() throws {
        let path = try file(#"{"upstream": "http://x", "sensitivity": "strict"}"#)
        #expect(try VeilSettings.resolve(file: path, environment: [:]).sensitivity == .strict)
        var settings = try VeilSettings.resolve(file: path, environment: ["VEIL_SENSITIVITY": "high-recall"])
        #expect(settings.sensitivity == .highRecall)
        try settings.apply("sensitivity", .text("balanced"), from: .flag)
        #expect(settings.sensitivity == .balanced)
        try settings.validate()
    }

    @Test func valuesAreReadAsHeadersAre() throws {
        #expect(try VeilSettings.resolve(file: nil, environment: ["VEIL_SENSITIVITY": "HIGH_RECALL"]).sensitivity == .highRecall)
        #expect(try VeilSettings.resolve(file: nil, environment: ["VEIL_SENSITIVITY": ""]).sensitivity == .balanced)  // unset
    }

    @Test func anUnknownValueNamesTheKeyItsSourceAndTheValidValues() throws {
        #expect {
            _ = try VeilSettings.resolve(file: nil, environment: ["VEIL_SENSITIVITY": "paranoid"])
        } throws: {
            String(describing: $0) == "setting 'sensitivity' in the environment must be strict, balanced or high-recall"
        }
        let path = try file(#"{"sensitivity": "max"}"#)
        #expect { _ = try VeilSettings.resolve(file: path, environment: [:]) } throws: {
            String(describing: $0) == "setting 'sensitivity' in \(path) must be strict, balanced or high-recall"
        }
        var settings = VeilSettings()
        #expect { try settings.apply("sensitivity", .text("low"), from: .flag) } throws: {
            String(describing: $0).contains("'sensitivity' on the command line must be strict, balanced or high-recall")
        }
    }

    @Test func aFileValueMustBeAString() throws {
        let path = try file(#"{"sensitivity": 0.5}"#)
        #expect { _ = try VeilSettings.resolve(file: path, environment: [:]) } throws: {
            String(describing: $0).contains("'sensitivity'") && String(describing: $0).contains("high-recall")
        }
    }
}
