/// A one-line preview of a message text: quoted lines skipped, whitespace collapsed.
public enum Snippet {
    /// Reads only as much of `text` as the preview needs; quoted lines are skipped whole.
    public static func make(_ text: String, limit: Int = 160) -> String {
        var text = text
        return text.withUTF8 { make(utf8: $0, limit: limit) }
    }

    private static func make(utf8 u: UnsafeBufferPointer<UInt8>, limit: Int) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(min(u.count, limit * 2))
        var count = 0
        var pendingSpace = false
        var atLineStart = true
        var i = 0
        let n = u.count
        while i < n {
            let b = u[i]
            if b == 0x0A {
                atLineStart = true
                pendingSpace = count > 0
                i += 1
                continue
            }
            if atLineStart {
                atLineStart = false
                if b == UInt8(ascii: ">") {
                    // A quoted line: on to the next line.
                    while i < n && u[i] != 0x0A { i += 1 }
                    continue
                }
            }
            // One scalar: its bytes and its value.
            let length = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
            let end = min(i + length, n)
            var value = UInt32(b)
            if length > 1 {
                value = UInt32(b) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                for k in (i + 1)..<end { value = value << 6 | UInt32(u[k] & 0x3F) }
            }
            let isSpace =
                value < 0x21 || (0x7F..<0xA0).contains(value)
                || (value >= 0xA0 && (Unicode.Scalar(value)?.properties.isWhitespace ?? false))
            if isSpace {
                pendingSpace = count > 0
            } else {
                if pendingSpace {
                    out.append(0x20)
                    count += 1
                    pendingSpace = false
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: u[i..<end]))
                count += 1
                if count >= limit { break }
            }
            i = end
        }
        return String(decoding: out, as: UTF8.self)
    }
}
