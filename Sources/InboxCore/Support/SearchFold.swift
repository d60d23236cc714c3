import Foundation

/// Folds the letters that SQLite's `unicode61 remove_diacritics 2` keeps distinct because
/// Unicode does not decompose them (ł, ø, ı, đ, ħ, ŧ, ß, æ, œ, þ), so that `zolw` finds
/// `żółw`, `odegard` finds `Ødegård` and `kirik` finds `kırık`. Applied to indexed text
/// (through the `inbox_fold` SQL function in the FTS triggers) and to queries.
public enum SearchFold {
    private static let map: [Unicode.Scalar: String] = [
        "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ı": "i", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H", "ŧ": "t",
        "Ŧ": "T", "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "TH", "ð": "d",
        "Ð": "D", "ŀ": "l", "Ŀ": "L",
    ]

    /// Replacements indexed by the two UTF-8 bytes of a letter with lead byte 0xC3...0xC5:
    /// `(lead - 0xC3) * 64 + (continuation & 0x3F)`; empty when the letter stays.
    private static let twoByte: [[UInt8]] = {
        var table = [[UInt8]](repeating: [], count: 3 * 64)
        for (scalar, replacement) in map {
            let bytes = Array(String(scalar).utf8)
            guard bytes.count == 2, (0xC3...0xC5).contains(bytes[0]) else { continue }
            table[Int(bytes[0] - 0xC3) * 64 + Int(bytes[1] & 0x3F)] = Array(replacement.utf8)
        }
        return table
    }()

    /// Works on UTF-8 bytes and returns `text` itself when no letter needs folding: it runs
    /// on every message an import stores.
    public static func fold(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String? in
            let n = bytes.count
            var i = 0
            var out: [UInt8] = []
            var copied = 0
            while i < n {
                let b = bytes[i]
                if b < 0xC3 || (b > 0xC5 && b != 0xE1) {
                    i += 1
                    continue
                }
                var replacement: [UInt8]?
                var width = 1
                if b <= 0xC5, i + 1 < n {
                    let r = twoByte[Int(b - 0xC3) * 64 + Int(bytes[i + 1] & 0x3F)]
                    if !r.isEmpty && bytes[i + 1] & 0xC0 == 0x80 {
                        replacement = r
                        width = 2
                    }
                } else if b == 0xE1, i + 2 < n, bytes[i + 1] == 0xBA, bytes[i + 2] == 0x9E {
                    // ẞ (U+1E9E), the one folded letter outside that range.
                    replacement = Array("SS".utf8)
                    width = 3
                }
                if let replacement {
                    if out.isEmpty { out.reserveCapacity(n + 16) }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<i]))
                    out.append(contentsOf: replacement)
                    copied = i + width
                }
                i += width
            }
            if copied == 0 { return nil }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<n]))
            return String(decoding: out, as: UTF8.self)
        } ?? text
    }

    /// `text` without its quoted (`>`) lines; returns `text` itself when it has none. Works
    /// on the UTF-8 bytes, a line at a time (memchr): it runs on every message an import stores.
    public static func withoutQuotedLines(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String? in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return nil }
            let n = bytes.count
            /// Index just past the LF that ends the line starting at `i` (or `n`).
            func lineEnd(_ i: Int) -> Int {
                guard let lf = memchr(base + i, 0x0A, n - i) else { return n }
                return UnsafeRawPointer(lf) - UnsafeRawPointer(base) + 1
            }
            var firstQuote = 0
            while firstQuote < n, base[firstQuote] != UInt8(ascii: ">") { firstQuote = lineEnd(firstQuote) }
            guard firstQuote < n else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(n)
            out.append(contentsOf: UnsafeBufferPointer(start: base, count: firstQuote))
            var lineStart = firstQuote
            while lineStart < n {
                let end = lineEnd(lineStart)
                if base[lineStart] != UInt8(ascii: ">") {
                    out.append(contentsOf: UnsafeBufferPointer(start: base + lineStart, count: end - lineStart))
                }
                lineStart = end
            }
            return String(decoding: out, as: UTF8.self)
        } ?? text
    }

    /// Lower case, diacritics removed, folded: how `customer:` and `from:` compare names
    /// (`ayse` finds "Ayşe Yılmaz"). Slower than ``fold(_:)``; used on short strings.
    public static func plain(_ text: String) -> String {
        fold(text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)).lowercased()
    }
}
