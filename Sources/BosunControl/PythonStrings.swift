extension String {
    /// Python's `str.split()`: runs of whitespace separate, no empty words.
    func words() -> [String] {
        split(whereSeparator: { $0.isWhitespace }).map(String.init)
    }

    /// Python's `'%-Ns' % self`: left-justified, padded by code points.
    func padded(to width: Int) -> String {
        let length = unicodeScalars.count
        return length >= width ? self : self + String(repeating: " ", count: width - length)
    }
}

/// Python's default string ordering: by code point.
func pythonOrder(_ lhs: String, _ rhs: String) -> Bool {
    lhs.unicodeScalars.lexicographicallyPrecedes(rhs.unicodeScalars)
}
