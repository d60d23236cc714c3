import InboxCore

/// RFC 5322 address lists (From, To, Cc, Reply-To), read leniently.
///
/// Handles commas inside quoted names, groups (`team: a@x, b@y;`, `undisclosed-recipients:;`),
/// quoted names with backslash escapes, comments (an old-style `a@x (Name)` comment becomes the
/// name), encoded words in names (also inside quotes, as many mailers send them), `<addr>` alone,
/// bare addresses and raw UTF-8. A name equal to the address is dropped.
enum AddressParser {
    struct Result {
        var addresses: [MailAddress] = []
        /// Entries that held text but no address, as written.
        var unreadable: [String] = []
    }

    static func parse(_ value: [UInt8]) -> Result {
        value.withUnsafeBufferPointer { parse($0) }
    }

    /// - Parameter simpleForms: read plain `addr` and `Name <addr>` entries on a short path
    ///   (tests turn it off to compare both paths).
    static func parse(_ v: Bytes, simpleForms: Bool = true) -> Result {
        var result = Result()
        var chunkStart = 0
        var i = 0
        let n = v.count
        var inQuote = false
        var comment = 0
        var inAngle = false
        var sawAngle = false
        while i < n {
            let c = v[i]
            if inQuote {
                if c == UInt8(ascii: "\\") {
                    i += 2
                    continue
                }
                if c == UInt8(ascii: "\"") { inQuote = false }
            } else if comment > 0 {
                if c == UInt8(ascii: "\\") {
                    i += 2
                    continue
                }
                if c == UInt8(ascii: "(") { comment += 1 } else if c == UInt8(ascii: ")") { comment -= 1 }
            } else {
                switch c {
                case UInt8(ascii: "\""): inQuote = true
                case UInt8(ascii: "("): comment = 1
                case UInt8(ascii: "<"):
                    inAngle = true
                    sawAngle = true
                case UInt8(ascii: ">"): inAngle = false
                case UInt8(ascii: ","), UInt8(ascii: ";"):
                    if !inAngle {
                        mailbox(v, chunkStart..<i, simpleForms: simpleForms, into: &result)
                        chunkStart = i + 1
                        sawAngle = false
                    }
                case UInt8(ascii: ":"):
                    // A group name ends here; its members follow.
                    if !inAngle && !sawAngle { chunkStart = i + 1 }
                default: break
                }
            }
            i += 1
        }
        mailbox(v, chunkStart..<n, simpleForms: simpleForms, into: &result)
        return result
    }

    /// Reads one mailbox (`name <addr>`, `addr (name)` or `addr`) and appends it.
    private static func mailbox(_ v: Bytes, _ range: Range<Int>, simpleForms: Bool, into result: inout Result) {
        let r = ByteScan.trim(v, range)
        guard !r.isEmpty else { return }
        var address: [UInt8]
        var name: String?
        var angle: Int?
        if simpleForms, let simple = simpleMailbox(v, r) {
            (address, name, angle) = simple
        } else {
            guard let read = anyMailbox(v, r, into: &result) else { return }
            (address, name, angle) = read
        }
        while let last = address.last, last == UInt8(ascii: ".") || last == UInt8(ascii: ">") {
            address.removeLast()
        }
        guard !address.isEmpty else {
            if name != nil || angle == nil {
                result.unreadable.append(Charset.utf8OrWindows1252(Bytes(rebasing: v[r])))
            }
            return
        }
        let addressText = address.withUnsafeBufferPointer { Charset.utf8OrWindows1252($0) }
        if let n = name {
            let bare = n.trimmingASCII(" '\"<>")
            if bare.isEmpty || Self.sameIgnoringCase(bare, addressText) { name = nil }
        }
        result.addresses.append(MailAddress(name: name, address: addressText))
    }

    /// The address, name and "<" position of any entry in `r` (trimmed, not empty); nil when
    /// it names nobody or was recorded as unreadable.
    private static func anyMailbox(
        _ v: Bytes, _ r: Range<Int>, into result: inout Result
    ) -> (address: [UInt8], name: String?, angle: Int?)? {
        // An entry that is only a comment, e.g. "(no To-header on input)", names nobody.
        if v[r.lowerBound] == UInt8(ascii: "("), stripComments(v, r, keepWhitespace: false).isEmpty { return nil }
        // Find a top-level "<".
        var i = r.lowerBound
        var inQuote = false
        var comment = 0
        var angle: Int? = nil
        while i < r.upperBound {
            let c = v[i]
            if inQuote {
                if c == UInt8(ascii: "\\") { i += 1 } else if c == UInt8(ascii: "\"") { inQuote = false }
            } else if comment > 0 {
                if c == UInt8(ascii: "\\") {
                    i += 1
                } else if c == UInt8(ascii: "(") {
                    comment += 1
                } else if c == UInt8(ascii: ")") {
                    comment -= 1
                }
            } else if c == UInt8(ascii: "\"") {
                inQuote = true
            } else if c == UInt8(ascii: "(") {
                comment = 1
            } else if c == UInt8(ascii: "<") {
                angle = i
                break
            }
            i += 1
        }

        var address: [UInt8]
        var name: String?
        if let open = angle {
            let close = ByteScan.find(UInt8(ascii: ">"), in: v, from: open + 1, to: r.upperBound) ?? r.upperBound
            address = stripComments(v, (open + 1)..<close, keepWhitespace: false)
            // Obsolete source route: "<@a,@b:user@c>".
            if address.first == UInt8(ascii: "@"), let colon = address.lastIndex(of: UInt8(ascii: ":")) {
                address = Array(address[(colon + 1)...])
            }
            name = phrase(v, r.lowerBound..<open)
            if name == nil, close < r.upperBound { name = commentText(v, (close + 1)..<r.upperBound) }
        } else {
            address = stripComments(v, r, keepWhitespace: false)
            name = commentText(v, r)
            let plain = stripComments(v, r, keepWhitespace: true)
            let trimmedPlain = plain.withUnsafeBufferPointer { ByteScan.trim($0, 0..<plain.count) }
            if plain[trimmedPlain].contains(where: { ByteScan.isWhite($0) }) && !plain.contains(UInt8(ascii: "\"")) {
                // "Name addr@host" without brackets: the token with an "@" is the address.
                let tokens = plain.split(whereSeparator: { ByteScan.isWhite($0) })
                if let at = tokens.lastIndex(where: { $0.contains(UInt8(ascii: "@")) }) {
                    address = Array(tokens[at])
                    let rest = tokens.enumerated().filter { $0.offset != at }.map { Array($0.element) }
                    let joined = Array(rest.joined(separator: [ByteScan.space]))
                    if !joined.isEmpty { name = EncodedWords.decode(unquote(joined)) }
                } else {
                    result.unreadable.append(Charset.utf8OrWindows1252(Bytes(rebasing: v[r])))
                    return nil
                }
            }
        }
        return (address, name, angle)
    }

    /// `addr` or `Name Words <addr>` in plain ASCII, without quotes, comments, escapes or
    /// encoded words: most entries of a long Cc list. Gives what ``anyMailbox`` gives for them,
    /// with fewer copies; nil for anything else.
    private static func simpleMailbox(_ v: Bytes, _ r: Range<Int>) -> (address: [UInt8], name: String?, angle: Int?)? {
        var open = -1
        var close = -1
        var white = false
        var previous: UInt8 = 0
        for i in r {
            let c = v[i]
            switch c {
            case 0x80...0xFF, UInt8(ascii: "\""), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\\"):
                return nil
            case UInt8(ascii: "?") where previous == UInt8(ascii: "="):
                return nil
            case UInt8(ascii: "<"):
                guard open < 0 else { return nil }
                open = i
            case UInt8(ascii: ">"):
                guard close < 0, open >= 0 else { return nil }
                close = i
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                if open < 0 || close >= 0 { white = true } else { return nil }  // white space inside <>
            default:
                break
            }
            previous = c
        }
        if open < 0 {
            guard !white, close < 0 else { return nil }
            return (Array(v[r]), nil, nil)
        }
        guard close > open + 1, v[open + 1] != UInt8(ascii: "@") else { return nil }
        var words: [UInt8] = []
        var i = r.lowerBound
        while i < open {
            while i < open, ByteScan.isWhite(v[i]) { i += 1 }
            let start = i
            while i < open, !ByteScan.isWhite(v[i]) { i += 1 }
            if i > start {
                if !words.isEmpty { words.append(ByteScan.space) }
                words.append(contentsOf: Bytes(rebasing: v[start..<i]))
            }
        }
        let name = words.isEmpty ? nil : String(decoding: words, as: UTF8.self)
        return (Array(v[(open + 1)..<close]), name, open)
    }

    /// The bytes of `range` without comments; quoted strings are kept with their delimiters and
    /// escapes, and white space outside them is dropped unless `keepWhitespace`.
    private static func stripComments(_ v: Bytes, _ range: Range<Int>, keepWhitespace: Bool) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(range.count)
        var inQuote = false
        var i = range.lowerBound
        while i < range.upperBound {
            let c = v[i]
            if inQuote {
                out.append(c)
                if c == UInt8(ascii: "\\"), i + 1 < range.upperBound {
                    out.append(v[i + 1])
                    i += 1
                } else if c == UInt8(ascii: "\"") {
                    inQuote = false
                }
            } else if c == UInt8(ascii: "(") {
                i = ByteScan.skipComment(v, from: i, limit: range.upperBound)
                continue
            } else if c == UInt8(ascii: "\"") {
                inQuote = true
                out.append(c)
            } else if keepWhitespace || !ByteScan.isWhite(c) {
                out.append(c)
            }
            i += 1
        }
        return out
    }

    /// A display name: quoted strings unquoted, comments dropped, whitespace runs collapsed, encoded words
    /// decoded.
    ///
    /// Nil when empty.
    private static func phrase(_ v: Bytes, _ range: Range<Int>) -> String? {
        var out = [UInt8]()
        out.reserveCapacity(range.count)
        var i = range.lowerBound
        var inQuote = false
        var pendingSpace = false
        while i < range.upperBound {
            let c = v[i]
            if inQuote {
                if c == UInt8(ascii: "\\"), i + 1 < range.upperBound {
                    out.append(v[i + 1])
                    i += 1
                } else if c == UInt8(ascii: "\"") {
                    inQuote = false
                } else {
                    out.append(c)
                }
            } else if c == UInt8(ascii: "\"") {
                if pendingSpace && !out.isEmpty { out.append(ByteScan.space) }
                pendingSpace = false
                inQuote = true
            } else if c == UInt8(ascii: "(") {
                i = ByteScan.skipComment(v, from: i, limit: range.upperBound)
                pendingSpace = true
                continue
            } else if ByteScan.isWhite(c) {
                pendingSpace = true
            } else {
                if pendingSpace && !out.isEmpty { out.append(ByteScan.space) }
                pendingSpace = false
                out.append(c)
            }
            i += 1
        }
        guard !out.isEmpty else { return nil }
        let s = EncodedWords.decode(out).trimmingASCII(" \t")
        return s.isEmpty ? nil : s
    }

    /// The text of the first comment in `range`, decoded; nil when there is none.
    private static func commentText(_ v: Bytes, _ range: Range<Int>) -> String? {
        guard let open = ByteScan.find(UInt8(ascii: "("), in: v, from: range.lowerBound, to: range.upperBound)
        else { return nil }
        var depth = 0
        var out = [UInt8]()
        var i = open
        while i < range.upperBound {
            let c = v[i]
            if c == UInt8(ascii: "\\"), i + 1 < range.upperBound {
                out.append(v[i + 1])
                i += 2
                continue
            }
            if c == UInt8(ascii: "(") {
                depth += 1
                if depth == 1 {
                    i += 1
                    continue
                }
            } else if c == UInt8(ascii: ")") {
                depth -= 1
                if depth == 0 { break }
            }
            out.append(c)
            i += 1
        }
        let s = EncodedWords.decode(out).trimmingASCII(" \t\"")
        return s.isEmpty ? nil : s
    }

    /// `a.lowercased() == b.lowercased()`, without building either when both are ASCII.
    static func sameIgnoringCase(_ a: String, _ b: String) -> Bool {
        let x = a.utf8
        let y = b.utf8
        guard x.allSatisfy({ $0 < 0x80 }) && y.allSatisfy({ $0 < 0x80 }) else {
            return a.lowercased() == b.lowercased()
        }
        guard x.count == y.count else { return false }
        for (p, q) in zip(x, y) where p != q {
            let lp = p >= 0x41 && p <= 0x5A ? p | 0x20 : p
            let lq = q >= 0x41 && q <= 0x5A ? q | 0x20 : q
            if lp != lq { return false }
        }
        return true
    }

    private static func unquote(_ b: [UInt8]) -> [UInt8] {
        b.filter { $0 != UInt8(ascii: "\"") }
    }
}
