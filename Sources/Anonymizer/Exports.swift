// The JSON values and parser every request walker works on live in their own target, shared with the
// T5 engine's `config.json` reader; Anonymizer's users get them with `import Anonymizer` as before.
@_exported import JSON
