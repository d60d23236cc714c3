/// Turns bytes labelled with a MIME charset into text.
///
/// Labels follow the WHATWG Encoding Standard: `iso-8859-1`, `latin1` → windows-1252,
/// `iso-8859-9` → windows-1254, `gb2312` → GBK (read as GB18030), `ks_c_5601-1987` → CP949,
/// and so on, case-insensitively. UTF-8 and windows-1252 are decoded in Swift; other legacy
/// charsets go through iconv, opened per call, so every function here is thread-safe.
public enum Charset {
    /// Decodes bytes labelled with a MIME charset.
    ///
    /// WHATWG label rules: iso-8859-1/latin1/us-ascii/ascii → windows-1252, iso-8859-9 → windows-1254, gb2312 →
    /// GBK, ks_c_5601-1987 → CP949, case-insensitive aliases, unknown label → valid UTF-8 else windows-1252 and a
    /// problem sentence. Undecodable bytes → U+FFFD. Never throws.
    ///
    /// A `us-ascii` label on bytes that are valid UTF-8 reads them as UTF-8 (any 8-bit byte is a
    /// mislabel, and UTF-8 is by far the most common one); a nil label is read the same way.
    public static func decode(_ bytes: some Collection<UInt8>, label: String?) -> (text: String, problem: String?) {
        let result =
            bytes.withContiguousStorageIfAvailable { decode(buffer: $0, label: label) }
            ?? Array(bytes).withUnsafeBufferPointer { decode(buffer: $0, label: label) }
        guard let unknown = result.unknownLabel else { return (result.text, nil) }
        return (result.text, "Unknown charset \"\(unknown)\"; decoded as \(result.fallback).")
    }

    /// The outcome of one decode, for callers that word their own problem sentence.
    struct Decoded {
        var text: String
        /// The label as given, when it was not recognised.
        var unknownLabel: String?
        /// What an unknown label was read as: "UTF-8" or "windows-1252".
        var fallback: String = ""
    }

    static func decode(buffer: Bytes, label: String?) -> Decoded {
        guard let label, !label.isEmpty else { return Decoded(text: utf8OrWindows1252(buffer)) }
        if let encoding = CharsetLabels.encoding(for: label) {
            return Decoded(text: decode(buffer: buffer, encoding: encoding))
        }
        if let name = CharsetLabels.iconvCandidate(label), let text = IconvConverter.decode(buffer, from: name) {
            return Decoded(text: text)
        }
        if ByteScan.isValidUTF8(buffer) {
            return Decoded(text: stringFromValidUTF8(buffer), unknownLabel: label, fallback: "UTF-8")
        }
        return Decoded(text: windows1252(buffer), unknownLabel: label, fallback: "windows-1252")
    }

    static func decode(buffer: Bytes, encoding: CharsetEncoding) -> String {
        switch encoding {
        case .utf8:
            var b = buffer
            if b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { b = Bytes(rebasing: b[3...]) }
            return String(decoding: b, as: UTF8.self)
        case .ascii:
            return utf8OrWindows1252(buffer)
        case .windows1252:
            return windows1252(buffer)
        case .utf16LE, .utf16BE:
            var name = encoding == .utf16LE ? "UTF-16LE" : "UTF-16BE"
            var b = buffer
            if b.count >= 2 {
                if b[0] == 0xFF && b[1] == 0xFE {
                    name = "UTF-16LE"
                    b = Bytes(rebasing: b[2...])
                } else if b[0] == 0xFE && b[1] == 0xFF {
                    name = "UTF-16BE"
                    b = Bytes(rebasing: b[2...])
                }
            }
            return IconvConverter.decode(b, from: name) ?? utf8OrWindows1252(b)
        case .iconv(let name):
            if ByteScan.isASCII(buffer) && !name.hasPrefix("ISO-2022") && name != "UTF-7" {
                return String(decoding: buffer, as: UTF8.self)
            }
            return IconvConverter.decode(buffer, from: name) ?? utf8OrWindows1252(buffer)
        }
    }

    /// Raw 8-bit text with no trustworthy label (headers, unlabelled bodies): UTF-8 when it is valid UTF-8, else
    /// windows-1252.
    ///
    /// Text that is mostly UTF-8 with a few broken bytes (more well-formed multi-byte characters than bad bytes)
    /// stays UTF-8 with U+FFFD for the bad bytes.
    static func utf8OrWindows1252(_ buffer: Bytes) -> String {
        if ByteScan.isValidUTF8(buffer) { return stringFromValidUTF8(buffer) }
        let (valid, invalid) = ByteScan.utf8SequenceCounts(buffer)
        if valid > invalid { return String(decoding: buffer, as: UTF8.self) }
        return windows1252(buffer)
    }

    @inline(__always)
    static func stringFromValidUTF8(_ buffer: Bytes) -> String {
        String(decoding: buffer, as: UTF8.self)
    }

    /// windows-1252 as WHATWG defines it (the five unassigned bytes map to C1 controls).
    static func windows1252(_ buffer: Bytes) -> String {
        if ByteScan.isASCII(buffer) { return String(decoding: buffer, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: buffer.count * 3) { out in
            var o = 0
            for c in buffer {
                if c < 0x80 {
                    out[o] = c
                    o += 1
                    continue
                }
                let scalar: UInt32 = c < 0xA0 ? UInt32(c1Table[Int(c) - 0x80]) : UInt32(c)
                if scalar < 0x800 {
                    out[o] = UInt8(0xC0 | (scalar >> 6))
                    out[o + 1] = UInt8(0x80 | (scalar & 0x3F))
                    o += 2
                } else {
                    out[o] = UInt8(0xE0 | (scalar >> 12))
                    out[o + 1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                    out[o + 2] = UInt8(0x80 | (scalar & 0x3F))
                    o += 3
                }
            }
            return o
        }
    }

    /// windows-1252 bytes 0x80–0x9F.
    private static let c1Table: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]
}
