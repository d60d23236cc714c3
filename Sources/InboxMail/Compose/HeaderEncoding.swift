import InboxCore

/// Writing header values: RFC 2047 encoded words, display names, folding.
enum HeaderEncoding {
    /// No encoded word is longer than this, so one always fits on a folded line.
    static let maxWordLength = 64
    /// No header line is longer than this (without the CRLF), unless one word is longer.
    static let maxLineLength = 76

    // MARK: Encoded words

    /// Bytes allowed as themselves in a "Q" word in every header context (RFC 2047 5(3)).
    @inline(__always)
    static func isQSafe(_ c: UInt8) -> Bool {
        ByteScan.isAlpha(c) || ByteScan.isDigit(c) || c == UInt8(ascii: "!") || c == UInt8(ascii: "*")
            || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: "/")
    }

    /// `text` as UTF-8 encoded words separated by spaces, "Q" or "B" whichever is shorter.
    ///
    /// Words are cut only between Unicode scalars, so every word decodes on its own.
    static func encodedWords(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let escaped = bytes.filter { !isQSafe($0) && $0 != ByteScan.space }.count
        let qLength = bytes.count + 2 * escaped
        let bLength = (bytes.count + 2) / 3 * 4
        return (qLength <= bLength ? qWords(text) : bWords(text)).joined(separator: " ")
    }

    private static let hex = Array("0123456789ABCDEF".utf8)

    static func qWords(_ text: String) -> [String] {
        let prefix = "=?UTF-8?Q?"
        let room = maxWordLength - prefix.utf8.count - 2
        var words: [String] = []
        var current: [UInt8] = []
        for scalar in text.unicodeScalars {
            var piece: [UInt8] = []
            for c in String(scalar).utf8 {
                if c == ByteScan.space {
                    piece.append(UInt8(ascii: "_"))
                } else if isQSafe(c) {
                    piece.append(c)
                } else {
                    piece += [UInt8(ascii: "="), hex[Int(c >> 4)], hex[Int(c & 15)]]
                }
            }
            if current.count + piece.count > room && !current.isEmpty {
                words.append(prefix + String(decoding: current, as: UTF8.self) + "?=")
                current = []
            }
            current += piece
        }
        if !current.isEmpty || words.isEmpty { words.append(prefix + String(decoding: current, as: UTF8.self) + "?=") }
        return words
    }

    static func bWords(_ text: String) -> [String] {
        let prefix = "=?UTF-8?B?"
        let room = (maxWordLength - prefix.utf8.count - 2) / 4 * 3
        var words: [String] = []
        var current: [UInt8] = []
        for scalar in text.unicodeScalars {
            let piece = Array(String(scalar).utf8)
            if current.count + piece.count > room && !current.isEmpty {
                words.append(prefix + BodyEncoding.base64Line(current) + "?=")
                current = []
            }
            current += piece
        }
        if !current.isEmpty || words.isEmpty { words.append(prefix + BodyEncoding.base64Line(current) + "?=") }
        return words
    }

    // MARK: Values

    /// Control characters (CR and LF above all: header injection) become spaces.
    static func clean(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return s }
        return String(
            String.UnicodeScalarView(s.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
    }

    /// An unstructured value (Subject): as it is when it is printable ASCII that folds well and
    /// cannot be mistaken for encoded words, else encoded words.
    ///
    /// With `strict` false (extra headers, which may be structured, such as List-Unsubscribe),
    /// printable ASCII is always kept as it is; only other text is encoded.
    static func unstructured(_ value: String, strict: Bool = true) -> String {
        let s = clean(value)
        let bytes = Array(s.utf8)
        let ascii = bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        if ascii && !strict { return s.trimmingASCII(" ") }
        let plain =
            ascii && !s.contains("=?")
            && !bytes.split(separator: ByteScan.space).contains { $0.count > maxWordLength }
            && bytes.first != ByteScan.space && bytes.last != ByteScan.space && !s.contains("  ")
        return plain ? s : encodedWords(s)
    }

    /// RFC 5322 `atext`.
    static func isAtext(_ c: UInt8) -> Bool {
        if ByteScan.isAlpha(c) || ByteScan.isDigit(c) { return true }
        return "!#$%&'*+-/=?^_`{|}~".utf8.contains(c)
    }

    /// A display name as a phrase: atoms, a quoted string, or encoded words.
    static func phrase(_ name: String) -> String {
        let s = clean(name).trimmingASCII(" ")
        let bytes = Array(s.utf8)
        if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) && !s.contains("=?") {
            if bytes.allSatisfy({ isAtext($0) || $0 == ByteScan.space }) && !s.contains("  ") { return s }
            var quoted = "\""
            for ch in s.unicodeScalars {
                if ch == "\"" || ch == "\\" { quoted.unicodeScalars.append("\\") }
                quoted.unicodeScalars.append(ch)
            }
            return quoted + "\""
        }
        return encodedWords(s)
    }

    /// "Name <address>", or the address alone.
    static func mailbox(_ a: MailAddress) -> String {
        let address = String(
            String.UnicodeScalarView(a.address.unicodeScalars.filter { $0.value > 0x20 && $0 != "<" && $0 != ">" }))
        guard let name = a.name, !clean(name).trimmingASCII(" ").isEmpty, name != a.address else { return address }
        return phrase(name) + " <" + address + ">"
    }

    // MARK: Folding

    /// "Name: value" with CRLF, folded before spaces so lines stay within ``maxLineLength``.
    static func field(_ name: String, _ value: String) -> [UInt8] {
        var out = Array(name.utf8) + [UInt8(ascii: ":")]
        var lineLength = out.count
        let bytes = Array(value.utf8)
        // Segments: the first word, then each following space with its word.
        var segments: [ArraySlice<UInt8>] = []
        var start = 0
        var k = 1
        while k <= bytes.count {
            if k == bytes.count || bytes[k] == ByteScan.space {
                segments.append(bytes[start..<k])
                start = k
            }
            k += 1
        }
        for (index, segment) in segments.enumerated() {
            // Every piece starts with the space a fold goes before.
            let piece = index == 0 ? [ByteScan.space] + segment : Array(segment)
            if lineLength + piece.count > maxLineLength {
                // Fold, unless the line holds nothing but the name (then only when that helps).
                let onlyName = lineLength == name.utf8.count + 1
                if !onlyName || piece.count <= maxLineLength {
                    out += [ByteScan.cr, ByteScan.lf]
                    lineLength = 0
                }
            }
            out += piece
            lineLength += piece.count
        }
        out += [ByteScan.cr, ByteScan.lf]
        return out
    }
}
