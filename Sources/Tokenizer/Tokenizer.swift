// The Tokenizer target; see docs/ARCHITECTURE.md.
