import ArgumentParser
import Foundation
import T5
import Tokenizer

/// `veil t5 …`: run a T5 export from the command line (debugging and external parity checks).
struct T5Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "t5",
        abstract: "Run a Hugging Face T5 export with Veil's own engine.",
        subcommands: [Generate.self]
    )

    /// `veil t5 generate --model DIR [--max-new-tokens N] [--ids] [--input-ids] [--threads T]`
    ///
    /// Reads one input per stdin line and prints one line per input: the greedy output as text, or with
    /// `--ids` the generated ids separated by spaces (no decoder start token; EOS included when produced).
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Greedy-decode each stdin line.")

        @Option(help: "Hugging Face model folder (config.json, model.safetensors, tokenizer.json).")
        var model: String
        @Option(help: "Most tokens to generate per input.") var maxNewTokens = 20
        @Flag(help: "Print generated token ids instead of text.") var ids = false
        @Flag(help: "Stdin lines are space-separated token ids instead of text.") var inputIds = false
        @Option(help: "Compute threads.") var threads = 1

        func validate() throws {
            guard maxNewTokens > 0 else { throw ValidationError("--max-new-tokens must be positive") }
            guard threads > 0 else { throw ValidationError("--threads must be positive") }
        }

        func run() throws {
            let folder = URL(fileURLWithPath: model)
            let t5 = try T5Model(folder: folder, threads: threads)
            let codec = inputIds && ids ? nil : try TextCodec(folder: folder)
            let options = T5GenerationOptions(maxNewTokens: maxNewTokens)
            while let line = readLine() {
                let input = try inputIds ? Self.parseIds(line) : codec?.encode(line) ?? []
                guard !input.isEmpty else { Self.emit(""); continue }
                let output = try t5.generate([input], options: options)[0]
                Self.emit(ids ? output.map(String.init).joined(separator: " ") : codec?.decode(output) ?? "")
            }
        }

        /// One unbuffered line per input, so a caller can pipe inputs one at a time.
        static func emit(_ line: String) {
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }

        static func parseIds(_ line: String) throws -> [Int] {
            try line.split(separator: " ").map { field in
                guard let id = Int(field) else { throw CLIError.dataError("not a token id: \(field)") }
                return id
            }
        }
    }
}

/// Text ↔ ids for `generate`: the only place the CLI touches the Tokenizer target.
struct TextCodec {
    let tokenizer: Tokenizer

    init(folder: URL) throws {
        tokenizer = try Tokenizer.load(from: folder.appendingPathComponent("tokenizer.json"))
    }

    func encode(_ text: String) -> [Int] { tokenizer.encode(text, addSpecialTokens: true) }
    func decode(_ ids: [Int]) -> String { tokenizer.decode(ids, skipSpecialTokens: true) }
}
