import Foundation
import Testing
@testable import Proxy

@Suite struct VeilSettingsTests {
    func file(_ json: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("veil-\(UUID().uuidString).json").path
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func precedenceIsFlagsThenEnvironmentThenFile() throws {
        let path = try file(#"{"upstream": "https://file.example", "port": 9000, "max_body": 100, "labels": ["EMAIL"]}"#)
        var settings = try VeilSettings.resolve(file: path, environment: ["VEIL_PORT": "9100", "VEIL_LABELS": "EMAIL, PHONE", "OTHER": "x"])
        try settings.apply("port", .text("9200"), from: .flag)
        #expect(settings.upstream == "https://file.example")
        #expect(settings.maxBody == 100)
        #expect(settings.port == 9200)
        #expect(settings.labels == ["EMAIL", "PHONE"])
        try settings.validate()
    }

    @Test func everyKeyHasItsVariable() throws {
        for key in VeilSettings.keys {
            #expect(key.environmentName == "VEIL_" + key.name.uppercased())
        }
        let settings = try VeilSettings.resolve(file: nil, environment: ["VEIL_UPSTREAM_TIMEOUT": "2.5", "VEIL_PATTERNS_ONLY": "1"])
        #expect(settings.upstreamTimeout == 2.5)
        #expect(settings.patternsOnly)
    }

    @Test func modelQueueBoundsComeFromTheKeyTable() throws {
        let path = try file(#"{"upstream": "http://x", "model_queue": 8}"#)
        let settings = try VeilSettings.resolve(file: path, environment: ["VEIL_MODEL_QUEUE_WAIT": "0.5"])
        #expect(settings.modelQueue == 8)
        #expect(settings.modelQueueWait == 0.5)
        try settings.validate()
        #expect(VeilSettings().modelQueue == 64 && VeilSettings().modelQueueWait == 30)
        var zero = settings
        zero.modelQueue = 0
        #expect { try zero.validate() } throws: { String(describing: $0).contains("'model_queue'") }
        #expect(throws: ConfigError.self) { _ = try VeilSettings.resolve(file: nil, environment: ["VEIL_MODEL_QUEUE_WAIT": "0"]) }
    }

    @Test(arguments: [
        (#"{"prot": 1}"#, "unknown setting 'prot'"),
        (#"{"port": "eighty"}"#, "setting 'port'"),
        (#"{"labels": [1, 2]}"#, "setting 'labels'"),
        (#"{"patterns_only": "maybe"}"#, "setting 'patterns_only'"),
        (#"[1]"#, "JSON object"),
        (#"{"port": 1,"#, "not valid JSON"),
        (#"{"custom_detectors": [{"label": "X"}]}"#, "custom_detectors[0]"),
    ])
    func badFilesNameTheKey(_ json: String, _ expected: String) throws {
        let path = try file(json)
        #expect {
            _ = try VeilSettings.resolve(file: path, environment: [:])
        } throws: { error in
            String(describing: error).contains(expected)
        }
    }

    @Test func validationNamesTheKey() throws {
        var settings = VeilSettings()
        #expect(throws: ConfigError.self) { try settings.validate() }  // no upstream
        settings.upstream = "ftp://x"
        #expect { try settings.validate() } throws: { String(describing: $0).contains("'upstream'") }
        settings.upstream = "http://x"
        settings.customDetectors = [.init(label: "EMP", pattern: "(")]
        #expect { try settings.validate() } throws: { String(describing: $0).contains("custom_detectors[0]") }
        settings.customDetectors = []
        settings.logFormat = "xml"
        #expect { try settings.validate() } throws: { String(describing: $0).contains("'log_format'") }
    }

    @Test func badEnvironmentValueNamesTheVariableSource() {
        #expect {
            _ = try VeilSettings.resolve(file: nil, environment: ["VEIL_PORT": "x"])
        } throws: { String(describing: $0).contains("in the environment") }
    }

    @Test func emptyLabelListMeansAll() throws {
        let settings = try VeilSettings.resolve(file: try file(#"{"labels": []}"#), environment: [:])
        #expect(settings.labels == nil)
    }
}
