// The T5 target; see docs/ARCHITECTURE.md.
