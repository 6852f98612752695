print("t5-bench: see docs/T5-ENGINE.md")
