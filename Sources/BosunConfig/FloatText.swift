import Glibc

/// Python's `%e %E %f %F %g %G` of a float, which CPython produces with correctly rounded
/// digits exactly as C's printf does for finite values; so the C library formats it, and the
/// caller pads it. The value is finite: expansions hold only ints and strings.
enum FloatText {
    static func format(_ value: Double, _ conversion: Unicode.Scalar, flags: Set<Unicode.Scalar>, precision: Int) -> String {
        var spec = "%"
        for flag in ["+", " ", "#"] as [Unicode.Scalar] where flags.contains(flag) { spec.unicodeScalars.append(flag) }
        spec += ".\(precision)"
        spec.unicodeScalars.append(conversion)
        // %f of the largest Int64 with the widest precision allowed stays below this.
        var buffer = [CChar](repeating: 0, count: 400 + precision)
        _ = withVaList([value]) { arguments in
            buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, $0.count, spec, arguments) }
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
