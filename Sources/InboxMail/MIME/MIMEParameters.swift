/// The `; name=value` parameters of Content-Type and Content-Disposition.
///
/// Reads quoted strings (with `\"` and `\\` escapes; other backslashes are kept so Windows paths
/// survive), tokens, missing semicolons, comments, RFC 2231 continuations (`name*0*=`,
/// `name*1=`) and charsets (`name*=utf-8'en'%E2%82%AC`), and RFC 2047 words inside values.
/// Names are lower-cased; the first occurrence of a name wins, an RFC 2231 form wins over a
/// plain one.
struct MIMEParameters: Sendable {
    private(set) var entries: [(name: String, value: String)] = []

    subscript(_ name: String) -> String? {
        for e in entries where e.name == name { return e.value }
        return nil
    }

    /// Parses parameters starting at `from` (typically just after the media type).
    ///
    /// `unknownCharset` receives an RFC 2231 or 2047 charset that was not recognised.
    static func parse(_ v: Bytes, from: Int, unknownCharset: inout String?) -> MIMEParameters {
        var raws: [RawParameter] = []
        var i = from
        let n = v.count
        while i < n {
            // Skip separators and comments.
            let c = v[i]
            if c == UInt8(ascii: ";") || ByteScan.isWhite(c) || c == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if c == UInt8(ascii: "(") {
                i = ByteScan.skipComment(v, from: i, limit: v.count)
                continue
            }
            // Attribute name.
            let nameStart = i
            while i < n {
                let d = v[i]
                if d == UInt8(ascii: "=") || d == UInt8(ascii: ";") || ByteScan.isWhite(d) { break }
                i += 1
            }
            let nameEnd = i
            while i < n && ByteScan.isWhite(v[i]) { i += 1 }
            guard i < n, v[i] == UInt8(ascii: "=") else {
                // A name without a value: skip to the next separator.
                while i < n && v[i] != UInt8(ascii: ";") { i += 1 }
                continue
            }
            i += 1
            while i < n && ByteScan.isWhite(v[i]) { i += 1 }
            var value: [UInt8] = []
            var quoted = false
            if i < n && v[i] == UInt8(ascii: "\"") {
                quoted = true
                i += 1
                while i < n {
                    let d = v[i]
                    if d == UInt8(ascii: "\\") && i + 1 < n
                        && (v[i + 1] == UInt8(ascii: "\"") || v[i + 1] == UInt8(ascii: "\\"))
                    {
                        value.append(v[i + 1])
                        i += 2
                        continue
                    }
                    if d == UInt8(ascii: "\"") {
                        i += 1
                        break
                    }
                    value.append(d)
                    i += 1
                }
            } else {
                let vs = i
                while i < n && v[i] != UInt8(ascii: ";") && !ByteScan.isWhite(v[i]) { i += 1 }
                var ve = i
                // "name=My File.pdf": a space not followed by "token=" belongs to the value.
                var j = i
                while j < n && ByteScan.isWhite(v[j]) { j += 1 }
                if j < n && v[j] != UInt8(ascii: ";") && v[j] != UInt8(ascii: "(") && !startsParameter(v, j) {
                    while j < n && v[j] != UInt8(ascii: ";") { j += 1 }
                    ve = ByteScan.trim(v, vs..<j).upperBound
                    i = j
                }
                value = Array(v[vs..<ve])
            }
            guard nameEnd > nameStart else { continue }
            var name = [UInt8]()
            name.reserveCapacity(nameEnd - nameStart)
            for k in nameStart..<nameEnd { name.append(ByteScan.lower(v[k])) }
            raws.append(RawParameter(name: name, value: value, quoted: quoted))
        }
        return assemble(raws, unknownCharset: &unknownCharset)
    }

    private struct RawParameter {
        var name: [UInt8]
        var value: [UInt8]
        var quoted: Bool
    }

    /// True when `v[at...]` reads `token=`.
    private static func startsParameter(_ v: Bytes, _ at: Int) -> Bool {
        var i = at
        while i < v.count {
            let c = v[i]
            if c == UInt8(ascii: "=") { return i > at }
            if c <= 32 || c >= 127 || c == UInt8(ascii: ";") || c == UInt8(ascii: "\"") { return false }
            i += 1
        }
        return false
    }

    private static func assemble(_ raws: [RawParameter], unknownCharset: inout String?) -> MIMEParameters {
        var result = MIMEParameters()
        guard !raws.isEmpty else { return result }
        // Plain parameters, and RFC 2231 pieces grouped by base name.
        var plain: [(String, [UInt8])] = []
        var pieces: [String: [(section: Int, extended: Bool, value: [UInt8])]] = [:]
        var order: [String] = []
        var known = Set<String>()
        for raw in raws {
            guard let star = raw.name.firstIndex(of: UInt8(ascii: "*")) else {
                let name = String(decoding: raw.name, as: UTF8.self)
                if known.insert(name).inserted { order.append(name) }
                plain.append((name, raw.value))
                continue
            }
            let base = String(decoding: raw.name[..<star], as: UTF8.self)
            let rest = raw.name[(star + 1)...]
            var section = 0
            var extended = false
            if rest.isEmpty {
                extended = true
            } else {
                var digits = rest[...]
                if digits.last == UInt8(ascii: "*") {
                    extended = true
                    digits = digits.dropLast()
                }
                guard !digits.isEmpty, digits.count < 6, digits.allSatisfy(ByteScan.isDigit) else { continue }
                section = digits.reduce(0) { $0 * 10 + Int($1 - 48) }
            }
            if known.insert(base).inserted { order.append(base) }
            pieces[base, default: []].append((section, extended, raw.value))
        }
        var firstPlain: [String: [UInt8]] = [:]
        for (name, value) in plain where firstPlain[name] == nil { firstPlain[name] = value }
        for name in order {
            if var parts = pieces[name] {
                parts.sort { $0.section < $1.section }
                var bytes: [UInt8] = []
                var charset: String? = nil
                var seen = Set<Int>()
                for (index, part) in parts.enumerated() {
                    guard seen.insert(part.section).inserted else { continue }
                    var value = part.value[...]
                    if index == 0 && part.extended {
                        // charset'language'value
                        if let q1 = value.firstIndex(of: UInt8(ascii: "'")),
                            let q2 = value[(q1 + 1)...].firstIndex(of: UInt8(ascii: "'"))
                        {
                            let cs = String(decoding: value[..<q1], as: UTF8.self)
                            if !cs.isEmpty { charset = cs }
                            value = value[(q2 + 1)...]
                        }
                    }
                    if part.extended {
                        bytes.append(contentsOf: percentDecode(value))
                    } else {
                        bytes.append(contentsOf: value)
                    }
                }
                let text: String
                if let charset {
                    let decoded = bytes.withUnsafeBufferPointer { Charset.decode(buffer: $0, label: charset) }
                    if let u = decoded.unknownLabel, unknownCharset == nil { unknownCharset = u }
                    text = decoded.text
                } else {
                    text = EncodedWords.decode(bytes, unknownCharset: &unknownCharset)
                }
                result.entries.append((name, text))
            } else if let value = firstPlain[name] {
                result.entries.append((name, EncodedWords.decode(value, unknownCharset: &unknownCharset)))
            }
        }
        return result
    }

    private static func percentDecode(_ s: ArraySlice<UInt8>) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(s.count)
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c == UInt8(ascii: "%"), i + 2 < s.endIndex, let hi = ByteScan.hexValue(s[i + 1]),
                let lo = ByteScan.hexValue(s[i + 2])
            {
                out.append(hi << 4 | lo)
                i += 3
                continue
            }
            out.append(c)
            i += 1
        }
        return out
    }
}
