import Foundation

/// Parses one whole response (as the ``IMAPFramer`` returns it) into an ``IMAPResponse``.
///
/// Liberal in what it accepts: keywords in any case, a bare LF, extra spaces, `""` where NIL is
/// expected, unknown responses (kept as ``IMAPResponse/other(keyword:values:)``). A response it
/// cannot make sense of throws ``IMAPProtocolError`` quoting its start, so the caller can report
/// it and go on.
public enum IMAPResponseParser {
    public static func parse(_ frame: [UInt8]) throws -> IMAPResponse {
        try frame.withUnsafeBufferPointer { p in
            var c = Cursor(p)
            do {
                return try c.response()
            } catch let error as IMAPProtocolError {
                throw IMAPProtocolError("\(error.description) in \"\(Self.excerpt(frame))\"")
            }
        }
    }

    static func excerpt(_ frame: [UInt8]) -> String {
        var text = String(decoding: frame.prefix(120), as: UTF8.self)
        text = text.replacingOccurrences(of: "\r", with: "").replacingOccurrences(of: "\n", with: " ")
        return frame.count > 120 ? text + "…" : text
    }

    struct Cursor {
        let p: UnsafeBufferPointer<UInt8>
        var i = 0

        init(_ p: UnsafeBufferPointer<UInt8>) { self.p = p }

        var atEnd: Bool { i >= p.count || p[i] == 0x0D || p[i] == 0x0A }
        var peek: UInt8? { i < p.count ? p[i] : nil }

        mutating func skipSpaces() { while i < p.count, p[i] == 0x20 || p[i] == 0x09 { i += 1 } }

        func fail(_ what: String) -> IMAPProtocolError { IMAPProtocolError("expected \(what) at byte \(i)") }

        mutating func response() throws -> IMAPResponse {
            guard let first = peek else { throw fail("a response") }
            if first == UInt8(ascii: "+") {
                i += 1
                skipSpaces()
                return .continuation(restOfLine())
            }
            let tag = word()
            skipSpaces()
            if tag == "*" { return try untagged() }
            guard !tag.isEmpty else { throw fail("a tag") }
            let keyword = word().uppercased()
            guard let status = IMAPStatus(rawValue: keyword) else { throw fail("OK, NO or BAD after the tag") }
            let (code, text) = try responseText()
            return .tagged(tag: tag, status: status, code: code, text: text)
        }

        /// A run of non-space bytes (tags, keywords).
        mutating func word() -> String {
            let start = i
            while i < p.count, p[i] != 0x20, p[i] != 0x0D, p[i] != 0x0A { i += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: p[start..<i]), as: UTF8.self)
        }

        mutating func restOfLine() -> String {
            let start = i
            while !atEnd { i += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: p[start..<i]), as: UTF8.self)
        }

        mutating func responseText() throws -> (IMAPResponseCode?, String) {
            skipSpaces()
            var code: IMAPResponseCode?
            if peek == UInt8(ascii: "[") {
                i += 1
                let name = atomText(stopAtBracket: true).uppercased()
                var values: [IMAPValue] = []
                skipSpaces()
                while let b = peek, b != UInt8(ascii: "]"), !atEnd {
                    values.append(try value(inCode: true))
                    skipSpaces()
                }
                if peek == UInt8(ascii: "]") { i += 1 }
                code = IMAPResponseCode(name: name, values: values)
                skipSpaces()
            }
            return (code, restOfLine())
        }

        mutating func untagged() throws -> IMAPResponse {
            let first = word()
            skipSpaces()
            if let n = UInt32(first) {
                let keyword = word().uppercased()
                skipSpaces()
                switch keyword {
                case "EXISTS": return .exists(n)
                case "RECENT": return .recent(n)
                case "EXPUNGE": return .expunge(n)
                case "FETCH": return .fetch(IMAPFetch(sequence: n, items: try fetchItems()))
                default: return .other(keyword: "\(n) \(keyword)", values: try values())
                }
            }
            let keyword = first.uppercased()
            if let status = IMAPStatus(rawValue: keyword) {
                let (code, text) = try responseText()
                return .status(status, code: code, text: text)
            }
            switch keyword {
            case "CAPABILITY":
                return .capability(restOfLine().split(separator: " ").map { $0.uppercased() })
            case "ENABLED":
                return .enabled(restOfLine().split(separator: " ").map { $0.uppercased() })
            case "FLAGS":
                return .flags((try value().list ?? []).compactMap(\.text))
            case "SEARCH", "SORT":
                var uids: [UInt32] = []
                for v in try values() { if let n = v.number { uids.append(UInt32(truncatingIfNeeded: n)) } }
                return .search(uids)
            case "ESEARCH":
                let vals = try values()
                var uids: [UInt32] = []
                var k = 0
                while k < vals.count {
                    if vals[k].text?.uppercased() == "ALL", k + 1 < vals.count, let set = vals[k + 1].text {
                        uids = IMAPSequenceSet.expand(set)
                    }
                    k += 1
                }
                return .search(uids)
            case "LIST", "LSUB", "XLIST":
                let attributes = (try value().list ?? []).compactMap(\.text)
                skipSpaces()
                let delimiter = try value().text
                skipSpaces()
                let name = try value().bytes ?? []
                return .list(attributes: attributes, delimiter: delimiter, name: name)
            case "VANISHED":
                var earlier = false
                if peek == UInt8(ascii: "(") {
                    let l = try value()
                    earlier = l.list?.first?.text?.uppercased() == "EARLIER"
                    skipSpaces()
                }
                return .vanished(earlier: earlier, set: restOfLine())
            default:
                return .other(keyword: keyword, values: try values())
            }
        }

        mutating func values() throws -> [IMAPValue] {
            var out: [IMAPValue] = []
            skipSpaces()
            while !atEnd {
                out.append(try value())
                skipSpaces()
            }
            return out
        }

        mutating func fetchItems() throws -> [IMAPFetchItem] {
            guard peek == UInt8(ascii: "(") else { throw fail("( after FETCH") }
            i += 1
            var items: [IMAPFetchItem] = []
            while true {
                skipSpaces()
                guard let b = peek else { throw fail(") closing FETCH") }
                if b == UInt8(ascii: ")") {
                    i += 1
                    break
                }
                if b == 0x0D || b == 0x0A { throw fail(") closing FETCH") }
                let name = atomText(stopAtBracket: false).uppercased()
                if name.isEmpty { throw fail("a FETCH item name") }
                skipSpaces()
                items.append(IMAPFetchItem(name: name, value: try value()))
            }
            return items
        }

        /// Atom characters; `[…]` sections (which may hold spaces and parentheses) are part of
        /// the atom unless `stopAtBracket` (inside a response code).
        mutating func atomText(stopAtBracket: Bool) -> String {
            let start = i
            while i < p.count {
                let b = p[i]
                if b == 0x20 || b == 0x0D || b == 0x0A || b == UInt8(ascii: "(") || b == UInt8(ascii: ")")
                    || b == UInt8(ascii: "\"") || b == UInt8(ascii: "{")
                {
                    break
                }
                if b == UInt8(ascii: "]") { break }
                if b == UInt8(ascii: "["), !stopAtBracket {
                    var depth = 0
                    while i < p.count, p[i] != 0x0D, p[i] != 0x0A {
                        if p[i] == UInt8(ascii: "[") { depth += 1 }
                        if p[i] == UInt8(ascii: "]") {
                            depth -= 1
                            if depth == 0 {
                                i += 1
                                break
                            }
                        }
                        i += 1
                    }
                    continue
                }
                i += 1
            }
            return String(decoding: UnsafeBufferPointer(rebasing: p[start..<i]), as: UTF8.self)
        }

        mutating func value(inCode: Bool = false) throws -> IMAPValue {
            skipSpaces()
            guard let b = peek, !atEnd else { throw fail("a value") }
            switch b {
            case UInt8(ascii: "("):
                i += 1
                var items: [IMAPValue] = []
                while true {
                    skipSpaces()
                    guard let c = peek else { throw fail(")") }
                    if c == UInt8(ascii: ")") {
                        i += 1
                        return .list(items)
                    }
                    if c == 0x0D || c == 0x0A { throw fail(")") }
                    items.append(try value(inCode: inCode))
                }
            case UInt8(ascii: "\""):
                i += 1
                var bytes: [UInt8] = []
                while true {
                    guard i < p.count, p[i] != 0x0D, p[i] != 0x0A else { throw fail("a closing quote") }
                    let c = p[i]
                    i += 1
                    if c == UInt8(ascii: "\"") { break }
                    if c == UInt8(ascii: "\\"), i < p.count {
                        bytes.append(p[i])
                        i += 1
                    } else {
                        bytes.append(c)
                    }
                }
                return .string(bytes)
            case UInt8(ascii: "{"), UInt8(ascii: "~"):
                if b == UInt8(ascii: "~") { i += 1 }
                guard peek == UInt8(ascii: "{") else { return .atom(atomText(stopAtBracket: inCode)) }
                i += 1
                var n = 0
                while let d = peek, d >= 0x30, d <= 0x39 {
                    n = n * 10 + Int(d - 0x30)
                    i += 1
                }
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { i += 1 }
                guard peek == UInt8(ascii: "}") else { throw fail("} closing a literal size") }
                i += 1
                if peek == 0x0D { i += 1 }
                guard peek == 0x0A else { throw fail("a line end after a literal size") }
                i += 1
                guard i + n <= p.count else { throw fail("\(n) literal bytes") }
                let bytes = Array(UnsafeBufferPointer(rebasing: p[i..<(i + n)]))
                i += n
                return .string(bytes)
            default:
                let text = atomText(stopAtBracket: inCode)
                if text.isEmpty {
                    throw fail("a value, found \"\(String(decoding: [b], as: UTF8.self))\"")
                }
                if let n = UInt64(text) { return .number(n) }
                if text.count == 3, text.uppercased() == "NIL" { return .nil }
                return .atom(text)
            }
        }
    }
}

/// UID and sequence sets (`1:5,7,9:*`).
public enum IMAPSequenceSet {
    /// Expands a set without `*`; a `*` ends a range at its start value. Ranges larger than a
    /// million are cut there (no server sends them in a search result).
    public static func expand(_ set: String) -> [UInt32] {
        var out: [UInt32] = []
        for part in set.split(separator: ",") {
            let ends = part.split(separator: ":")
            guard let a = UInt32(ends[0]) else { continue }
            let b = ends.count > 1 ? UInt32(ends[1]) ?? a : a
            let (lo, hi) = (min(a, b), max(a, b))
            if hi - lo > 1_000_000 { continue }
            out.append(contentsOf: lo...hi)
        }
        return out
    }

    /// Compresses sorted UIDs into a set string (`1:3,5`).
    public static func compress(_ uids: [UInt32]) -> String {
        var parts: [String] = []
        var k = 0
        while k < uids.count {
            var j = k
            while j + 1 < uids.count, uids[j + 1] == uids[j] + 1 { j += 1 }
            parts.append(j == k ? "\(uids[k])" : "\(uids[k]):\(uids[j])")
            k = j + 1
        }
        return parts.joined(separator: ",")
    }
}
