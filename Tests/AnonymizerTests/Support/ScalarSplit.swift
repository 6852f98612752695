/// `text` cut at Unicode-scalar `offsets` (ascending) into consecutive pieces — how the streaming
/// tests feed a placeholder split at every position.
func splitScalars(_ text: String, at offsets: [Int]) -> [String] {
    let scalars = Array(text.unicodeScalars)
    var pieces: [String] = []
    var last = 0
    for offset in offsets + [scalars.count] {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[last..<offset])
        pieces.append(String(view))
        last = offset
    }
    return pieces
}
