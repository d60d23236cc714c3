/// RFC 2047 encoded words (`=?charset?B?…?=`, `=?charset*lang?Q?…?=`) in header text.
///
/// Encoded words separated only by whitespace are joined without it; the bytes of adjacent
/// words in the same charset are concatenated before decoding, so a character split across two
/// words survives. Malformed words stay as written. Raw 8-bit text outside encoded words is read
/// as UTF-8 when valid, else windows-1252.
enum EncodedWords {
    /// Decodes a header value (already unfolded).
    ///
    /// `unknownCharset` receives the first charset label that was not recognised.
    static func decode(_ value: [UInt8], unknownCharset: inout String?) -> String {
        value.withUnsafeBufferPointer { decode($0, unknownCharset: &unknownCharset) }
    }

    static func decode(_ value: [UInt8]) -> String {
        var ignored: String?
        return decode(value, unknownCharset: &ignored)
    }

    static func decode(_ v: Bytes, unknownCharset: inout String?) -> String {
        let n = v.count
        guard var j = firstWordStart(v, from: 0) else { return Charset.utf8OrWindows1252(v) }

        var out = [UInt8]()
        out.reserveCapacity(n)
        var pendingCharset: Range<Int>? = nil
        var pending = [UInt8]()
        var plainStart = 0
        var previousWasWord = false

        func flush() {
            guard let cs = pendingCharset else { return }
            let label = ByteScan.string(v, cs)
            let decoded = pending.withUnsafeBufferPointer { Charset.decode(buffer: $0, label: label) }
            if let unknown = decoded.unknownLabel, unknownCharset == nil { unknownCharset = unknown }
            for c in decoded.text.utf8 {
                // Encoded words may smuggle line breaks or NULs into a one-line value.
                out.append(c < 0x20 && c != ByteScan.tab ? ByteScan.space : c)
            }
            pending.removeAll(keepingCapacity: true)
            pendingCharset = nil
        }
        func appendPlain(_ r: Range<Int>) {
            guard !r.isEmpty else { return }
            let slice = Bytes(rebasing: v[r])
            if ByteScan.isASCII(slice) {
                out.append(contentsOf: slice)
            } else {
                out.append(contentsOf: Charset.utf8OrWindows1252(slice).utf8)
            }
        }

        while true {
            if let word = parseWord(v, at: j) {
                let gap = plainStart..<j
                let gapIsSpace = gap.allSatisfy { ByteScan.isWhite(v[$0]) }
                if !(previousWasWord && gapIsSpace) {
                    flush()
                    appendPlain(gap)
                }
                if let cs = pendingCharset, !sameLabel(v, cs, word.charset) { flush() }
                if pendingCharset == nil { pendingCharset = word.charset }
                let text = Bytes(rebasing: v[word.text])
                if word.isBase64 {
                    pending.append(contentsOf: TransferDecoding.base64(text))
                } else {
                    pending.append(contentsOf: TransferDecoding.qEncoding(text))
                }
                previousWasWord = true
                plainStart = word.end
                j = word.end
            } else {
                j += 2
            }
            guard let next = firstWordStart(v, from: j) else { break }
            j = next
        }
        if plainStart < n && previousWasWord && (plainStart..<n).allSatisfy({ ByteScan.isWhite(v[$0]) }) {
            flush()
        } else {
            flush()
            appendPlain(plainStart..<n)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Index of the next "=?" at or after `from`.
    @inline(__always)
    private static func firstWordStart(_ v: Bytes, from: Int) -> Int? {
        var i = from
        while let eq = ByteScan.find(UInt8(ascii: "="), in: v, from: i, to: v.count) {
            if eq + 1 < v.count && v[eq + 1] == UInt8(ascii: "?") { return eq }
            i = eq + 1
        }
        return nil
    }

    private struct Word {
        /// The charset label without any RFC 2231 language suffix.
        var charset: Range<Int>
        var isBase64: Bool
        var text: Range<Int>
        var end: Int
    }

    /// Parses `=?charset?X?text?=` at `start` (which holds "=?").
    private static func parseWord(_ v: Bytes, at start: Int) -> Word? {
        let n = v.count
        var k = start + 2
        var langStar: Int? = nil
        while k < n && v[k] != UInt8(ascii: "?") {
            let c = v[k]
            if c <= 32 || c >= 127 || c == UInt8(ascii: "=") || k - start > 80 { return nil }
            if c == UInt8(ascii: "*") && langStar == nil { langStar = k }
            k += 1
        }
        let charsetEnd = langStar ?? k
        guard k < n, k + 2 < n, v[k + 2] == UInt8(ascii: "?") else { return nil }
        let enc = v[k + 1] | 0x20
        guard enc == UInt8(ascii: "b") || enc == UInt8(ascii: "q") else { return nil }
        let textStart = k + 3
        var e = textStart
        while e + 1 < n {
            let c = v[e]
            if c == UInt8(ascii: "?") {
                if v[e + 1] == UInt8(ascii: "=") { break }
                return nil
            }
            // Encoded text has no spaces; broken Q words do, but a space never precedes a new word.
            if c == ByteScan.space || c == ByteScan.tab {
                var k = e + 1
                while k < n && ByteScan.isWSP(v[k]) { k += 1 }
                if k + 1 < n && v[k] == UInt8(ascii: "=") && v[k + 1] == UInt8(ascii: "?") { return nil }
                e = k
                continue
            }
            e += 1
        }
        guard e + 1 < n else { return nil }
        return Word(
            charset: (start + 2)..<charsetEnd, isBase64: enc == UInt8(ascii: "b"), text: textStart..<e,
            end: e + 2)
    }

    private static func sameLabel(_ v: Bytes, _ a: Range<Int>, _ b: Range<Int>) -> Bool {
        guard a.count == b.count else { return false }
        for i in 0..<a.count where ByteScan.lower(v[a.lowerBound + i]) != ByteScan.lower(v[b.lowerBound + i]) {
            return false
        }
        return true
    }
}
