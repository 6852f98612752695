import Anonymizer
import ArgumentParser
import Foundation

/// `veil reidentify --map FILE`: restores placeholders in stdin with a saved map.
struct ReidentifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reidentify",
        abstract: "Restore placeholders in text on stdin using a map saved by 'veil anonymize --save-map'."
    )

    @Option(help: "The map file written by 'veil anonymize --save-map'.") var map: String

    func run() async throws {
        let loaded: PlaceholderMap
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: map))
            loaded = try PlaceholderMap(serialized: Array(data))
        } catch let error as PlaceholderMapError {
            throw CLIError.dataError("invalid map \(map): \(error)")
        } catch {
            throw CLIError.noInput("cannot read map \(map): \(error.localizedDescription)")
        }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard let text = String(validating: data, as: UTF8.self) else { throw CLIError.dataError("input is not valid UTF-8") }
        FileHandle.standardOutput.write(Data(Reidentifier(map: loaded).reidentify(text).utf8))
    }
}
