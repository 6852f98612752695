extension Unicode.Scalar {
    /// `\n`, `\r`, vertical tab, form feed, NEL, and the Unicode line and paragraph separators.
    var isLineBreak: Bool {
        switch value {
        case 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }
}
