import ArgumentParser
import Foundation

@main
struct Veil: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "veil",
        abstract: "A privacy proxy for OpenAI-compatible LLM APIs.",
        // ArgumentParser wraps help at 80 columns but keeps these line breaks: lines stay short.
        discussion: """
        Point your OpenAI client at Veil (base_url http://localhost:8080/v1): it
        redacts personal data from every prompt, forwards the request upstream
        and restores the values in the answer.

        Quickstart:
          veil serve --upstream https://api.openai.com
              then use base_url http://127.0.0.1:8080/v1 in your OpenAI client
          echo 'Mail bob@example.org' | veil anonymize
              shows what the provider would receive
          veil anonymize --jsonl --progress batch-*.jsonl > redacted.jsonl
              redacts files of {"id","text"} lines

        Start with 'serve'; 'anonymize' and 'reidentify' run the same redaction
        offline; 'config check' validates a configuration before you deploy it.

        \(CLIError.statusHelp)
        """,
        subcommands: [ServeCommand.self, AnonymizeCommand.self, ReidentifyCommand.self, ConfigCommand.self, T5Command.self,
                      HealthCommand.self, LabelsCommand.self],
        defaultSubcommand: nil
    )

    /// ArgumentParser's own `main`, plus the typed `CLIError`s: their one line on stderr and their
    /// status (its `exit(withError:)` would map every non-parser error to 1).
    static func main() async {
        do {
            var command = try await asyncParseAsRoot(nil)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as CLIError {
            FileHandle.standardError.write(Data("Error: \(error.description)\n".utf8))
            Foundation.exit(error.status.rawValue)
        } catch {
            exit(withError: error)
        }
    }
}
