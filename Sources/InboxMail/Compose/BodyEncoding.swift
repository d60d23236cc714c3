/// Content transfer encodings for outgoing mail: 7bit, quoted-printable and base64, CRLF lines.
enum BodyEncoding {
    static let maxLineLength = 76
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let hex = Array("0123456789ABCDEF".utf8)
    static let crlf: [UInt8] = [13, 10]

    /// Text split into lines at LF, CRLF or a lone CR; a final line break ends the last line
    /// (it does not start an empty one).
    static func lines(_ text: String) -> [ArraySlice<UInt8>] {
        let b = Array(text.utf8)
        var out: [ArraySlice<UInt8>] = []
        var start = 0
        var k = 0
        while k < b.count {
            if b[k] == 10 || b[k] == 13 {
                out.append(b[start..<k])
                if b[k] == 13 && k + 1 < b.count && b[k + 1] == 10 { k += 1 }
                start = k + 1
            }
            k += 1
        }
        if start < b.count { out.append(b[start..<b.count]) }
        return out
    }

    static func startsWithFrom(_ line: ArraySlice<UInt8>) -> Bool { line.starts(with: "From ".utf8) }

    /// True when the lines can go as they are: printable ASCII (and tabs), at most 76 bytes,
    /// no trailing white space, no line that mbox or SMTP would change ("From ", ".").
    static func fitsSevenBit(_ lines: [ArraySlice<UInt8>]) -> Bool {
        for line in lines {
            if line.count > maxLineLength { return false }
            if let last = line.last, last == 32 || last == 9 { return false }
            if line.first == UInt8(ascii: ".") || startsWithFrom(line) { return false }
            for c in line where !(c >= 32 && c < 127) && c != 9 { return false }
        }
        return true
    }

    static func sevenBit(_ lines: [ArraySlice<UInt8>]) -> [UInt8] {
        var out: [UInt8] = []
        for line in lines {
            out += line
            out += crlf
        }
        return out
    }

    /// Quoted-printable (RFC 2045) with lines of at most 76 characters. A "." or "From " at the
    /// start of a line is escaped too, so neither SMTP nor mbox can change the text, and the
    /// bytes of one UTF-8 character are never split by a soft line break.
    static func quotedPrintable(_ lines: [ArraySlice<UInt8>]) -> [UInt8] {
        var out: [UInt8] = []
        var token: [UInt8] = []
        for line in lines {
            var length = 0
            var k = line.startIndex
            while k < line.endIndex {
                // One character: an ASCII byte, or a whole UTF-8 sequence.
                let lead = line[k]
                var count = 1
                if lead >= 0xC0 {
                    count = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
                    var j = 1
                    while j < count && k + j < line.endIndex && line[k + j] & 0xC0 == 0x80 { j += 1 }
                    count = j
                }
                let isLast = k + count == line.endIndex
                token.removeAll(keepingCapacity: true)
                for j in k..<(k + count) {
                    let c = line[j]
                    var literal = (c >= 33 && c <= 126 && c != UInt8(ascii: "=")) || ((c == 32 || c == 9) && !isLast)
                    if length == 0 && literal
                        && (c == UInt8(ascii: ".") || (c == UInt8(ascii: "F") && startsWithFrom(line[k...])))
                    {
                        literal = false
                    }
                    if literal {
                        token.append(c)
                    } else {
                        token += [UInt8(ascii: "="), hex[Int(c >> 4)], hex[Int(c & 15)]]
                    }
                }
                // Room for the character and, unless it ends the line, a soft break "=".
                if length > 0 && length + token.count > (isLast ? maxLineLength : maxLineLength - 1) {
                    out += [UInt8(ascii: "=")] + crlf
                    length = 0
                    continue  // encode the character again at the start of the new line
                }
                out += token
                length += token.count
                k += count
            }
            out += crlf
        }
        return out
    }

    /// Base64 without line breaks.
    static func base64Line(_ data: [UInt8]) -> String {
        String(decoding: base64(data, lineLength: Int.max), as: UTF8.self)
    }

    /// Base64 in lines of `lineLength` characters, each ended by CRLF (none with `Int.max`).
    static func base64(_ data: [UInt8], lineLength: Int = maxLineLength) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count / 3 * 4 + data.count / 57 * 2 + 8)
        var column = 0
        var i = 0
        func emit(_ c: UInt8) {
            out.append(c)
            column += 1
            if column == lineLength {
                out += crlf
                column = 0
            }
        }
        while i + 3 <= data.count {
            let v = UInt32(data[i]) << 16 | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2])
            emit(alphabet[Int(v >> 18 & 63)])
            emit(alphabet[Int(v >> 12 & 63)])
            emit(alphabet[Int(v >> 6 & 63)])
            emit(alphabet[Int(v & 63)])
            i += 3
        }
        let rest = data.count - i
        if rest > 0 {
            let v = UInt32(data[i]) << 16 | (rest == 2 ? UInt32(data[i + 1]) << 8 : 0)
            emit(alphabet[Int(v >> 18 & 63)])
            emit(alphabet[Int(v >> 12 & 63)])
            emit(rest == 2 ? alphabet[Int(v >> 6 & 63)] : UInt8(ascii: "="))
            emit(UInt8(ascii: "="))
        }
        if column > 0 && lineLength != Int.max { out += crlf }
        return out
    }
}
