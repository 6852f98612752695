import ArgumentParser

@main
struct Veil: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "veil",
        abstract: "A privacy proxy for OpenAI-compatible LLM APIs.",
        discussion: """
        Point your OpenAI client at Veil (base_url http://localhost:8080/v1): it redacts personal
        data from every prompt, forwards the request upstream and restores the values in the answer.
        """,
        subcommands: [ServeCommand.self, AnonymizeCommand.self, ReidentifyCommand.self, ConfigCommand.self, T5Command.self,
                      HealthCommand.self],
        defaultSubcommand: nil
    )
}
