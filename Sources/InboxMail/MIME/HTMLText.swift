/// HTML made readable as plain text for an agent.
///
/// Drops head, script, style, title and comments; block elements become line breaks (paragraphs
/// and headings a blank line); `li` becomes "• "; table cells are separated by " | "; links
/// become "label [1]" with a "[1] URL" list at the end (not when the label already is the URL);
/// character references are decoded; whitespace is collapsed except inside `pre`; lines inside
/// `blockquote` start with "> " per level, as in plain-text mail, so quotes are recognised. One
/// pass, no DOM, linear in the input.
enum HTMLText {
    static func text(_ html: String) -> String {
        var html = html
        return html.withUTF8 { buf in
            var c = Converter(buf)
            c.run()
            return c.finish()
        }
    }

    private struct Converter {
        let v: Bytes
        var i = 0
        var out: [UInt8] = []
        var pendingSpace = false
        var pendingBreaks = 0
        var preDepth = 0
        var quoteDepth = 0
        var cellIndex = 0
        var footnotes: [String] = []
        var footnoteIndex: [String: Int] = [:]
        var openLinks: [(href: String, start: Int)] = []
        var missingTags = Set<String>()

        init(_ v: Bytes) {
            self.v = v
            out.reserveCapacity(v.count / 2)
        }

        mutating func run() {
            let n = v.count
            while i < n {
                let c = v[i]
                if c == UInt8(ascii: "<") {
                    tag()
                } else if c == UInt8(ascii: "&") {
                    entity()
                } else {
                    text(c)
                    i += 1
                }
            }
        }

        // MARK: Output

        mutating func text(_ c: UInt8) {
            if c == 32 || c == 9 || c == 10 || c == 13 || c == 12 {
                if preDepth > 0 {
                    if c == 13 { return }
                    flush()
                    out.append(c == 12 ? 32 : c)
                } else {
                    pendingSpace = true
                }
                return
            }
            flush()
            out.append(c)
        }

        mutating func raw(_ bytes: some Sequence<UInt8>) {
            flush()
            out.append(contentsOf: bytes)
        }

        mutating func flush() {
            if pendingBreaks > 0 {
                if !out.isEmpty {
                    var have = 0
                    var k = out.count - 1
                    while k >= 0 && have < 2 && out[k] == 10 {
                        have += 1
                        k -= 1
                    }
                    while out.last == 32 { out.removeLast() }
                    if have < pendingBreaks { for _ in have..<pendingBreaks { out.append(10) } }
                }
                pendingBreaks = 0
                pendingSpace = false
            } else if pendingSpace {
                if let last = out.last, last != 10, last != 32 { out.append(32) }
                pendingSpace = false
            }
            if quoteDepth > 0 && (out.isEmpty || out.last == 10) {
                for _ in 0..<min(quoteDepth, 20) { out.append(UInt8(ascii: ">")) }
                out.append(32)
            }
        }

        mutating func lineBreak(_ n: Int) { pendingBreaks = max(pendingBreaks, n) }

        // MARK: Character references

        mutating func entity() {
            let n = v.count
            var j = i + 1
            if j < n && v[j] == UInt8(ascii: "#") {
                j += 1
                var hex = false
                if j < n && (v[j] | 0x20) == UInt8(ascii: "x") {
                    hex = true
                    j += 1
                }
                let start = j
                var value: UInt32 = 0
                while j < n, j - start < 8 {
                    if hex, let h = ByteScan.hexValue(v[j]) {
                        value = value * 16 + UInt32(h)
                    } else if !hex, ByteScan.isDigit(v[j]) {
                        value = value * 10 + UInt32(v[j] - 48)
                    } else {
                        break
                    }
                    j += 1
                }
                guard j > start else {
                    text(v[i])
                    i += 1
                    return
                }
                if j < n && v[j] == UInt8(ascii: ";") { j += 1 }
                emitScalar(numericReference(value))
                i = j
                return
            }
            let start = j
            while j < n && j - start < 32 && (ByteScan.isAlpha(v[j]) || ByteScan.isDigit(v[j])) { j += 1 }
            if j > start {
                let name = String(decoding: Bytes(rebasing: v[start..<j]), as: UTF8.self)
                let hasSemicolon = j < n && v[j] == UInt8(ascii: ";")
                if let scalar = HTMLEntities.scalar(named: name),
                    hasSemicolon || HTMLEntities.legacyWithoutSemicolon.contains(name)
                {
                    emitScalar(scalar)
                    i = hasSemicolon ? j + 1 : j
                    return
                }
            }
            text(v[i])
            i += 1
        }

        /// HTML's reading of numeric references: C1 values as windows-1252, invalid ones as U+FFFD.
        func numericReference(_ value: UInt32) -> UInt32 {
            if value >= 0x80 && value <= 0x9F {
                let b = [UInt8(value)]
                return b.withUnsafeBufferPointer { Charset.windows1252($0) }.unicodeScalars.first?.value ?? 0xFFFD
            }
            if value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF) { return 0xFFFD }
            return value
        }

        mutating func emitScalar(_ value: UInt32) {
            if value == 0xA0 || value == 32 {
                // A non-breaking space is kept, not collapsed.
                flush()
                out.append(32)
                return
            }
            if value == 10 || value == 9 || value == 13 {
                text(UInt8(value))
                return
            }
            guard let scalar = Unicode.Scalar(value) else { return }
            flush()
            var buffer = [UInt8]()
            UTF8.encode(scalar) { buffer.append($0) }
            out.append(contentsOf: buffer)
        }

        // MARK: Tags

        mutating func tag() {
            let n = v.count
            guard i + 1 < n else {
                text(v[i])
                i += 1
                return
            }
            let next = v[i + 1]
            if next == UInt8(ascii: "!") {
                if i + 3 < n && v[i + 2] == UInt8(ascii: "-") && v[i + 3] == UInt8(ascii: "-") {
                    i = (ByteScan.find(Array("-->".utf8), in: v, from: i + 4, to: n)).map { $0 + 3 } ?? n
                } else {
                    i = (ByteScan.find(UInt8(ascii: ">"), in: v, from: i + 2, to: n)).map { $0 + 1 } ?? n
                }
                return
            }
            if next == UInt8(ascii: "?") {
                i = (ByteScan.find(UInt8(ascii: ">"), in: v, from: i + 2, to: n)).map { $0 + 1 } ?? n
                return
            }
            var j = i + 1
            var closing = false
            if next == UInt8(ascii: "/") {
                closing = true
                j += 1
            }
            guard j < n, ByteScan.isAlpha(v[j]) else {
                text(v[i])
                i += 1
                return
            }
            let nameStart = j
            while j < n
                && (ByteScan.isAlpha(v[j]) || ByteScan.isDigit(v[j]) || v[j] == UInt8(ascii: ":")
                    || v[j] == UInt8(ascii: "-"))
            {
                j += 1
            }
            let name = ContentType.lowered(v, nameStart..<j)
            // Attributes up to ">", quotes respected.
            let attrStart = j
            var quote: UInt8 = 0
            while j < n {
                let c = v[j]
                if quote != 0 {
                    if c == quote { quote = 0 }
                } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                    quote = c
                } else if c == UInt8(ascii: ">") {
                    break
                }
                j += 1
            }
            let attrs = attrStart..<j
            i = min(j + 1, n)
            handle(name: name, closing: closing, attrs: attrs)
        }

        mutating func handle(name: String, closing: Bool, attrs: Range<Int>) {
            switch name {
            case "script", "style", "title", "template", "xml":
                if !closing { skipPast(closingTag: name) }
            case "head":
                if !closing {
                    if let end = findTag("</head") {
                        i = end
                    } else if let body = findTag("<body") {
                        i = body
                    }
                }
            case "br":
                flush()
                out.append(10)
            case "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "hr":
                lineBreak(2)
            case "blockquote":
                lineBreak(2)
                quoteDepth = max(0, quoteDepth + (closing ? -1 : 1))
            case "pre":
                lineBreak(2)
                preDepth = max(0, preDepth + (closing ? -1 : 1))
            case "div", "dt", "dd", "header", "footer", "section", "article", "nav", "aside", "address", "center",
                "form", "fieldset", "figure", "figcaption", "main", "caption", "option", "tbody", "thead", "tfoot":
                lineBreak(1)
            case "tr":
                lineBreak(1)
                cellIndex = 0
            case "li":
                lineBreak(1)
                if !closing { raw("• ".utf8) }
            case "td", "th":
                if !closing {
                    if cellIndex > 0 { raw(" | ".utf8) }
                    cellIndex += 1
                }
            case "a":
                // Links do not nest: a new one closes the open one, as browsers do.
                closeLink()
                if !closing, let href = attribute("href", in: attrs) {
                    flush()
                    openLinks.append((href, out.count))
                }
            default:
                break
            }
        }

        mutating func closeLink() {
            guard let link = openLinks.popLast() else { return }
            let href = link.href.trimmingASCII(" \t\r\n")
            let lower = href.lowercased()
            guard !href.isEmpty, !href.hasPrefix("#"), !lower.hasPrefix("javascript:") else { return }
            let labelLength = max(0, out.count - link.start)
            var label = ""
            // Only a label about as long as the link can show it; longer ones need no comparison.
            if labelLength <= href.utf8.count + 16 {
                label = String(decoding: out[min(link.start, out.count)...], as: UTF8.self).trimmingASCII(" \t\n")
                if Self.sameTarget(label: label, href: href) { return }
            } else {
                label = "x"
            }
            let number: Int
            if let known = footnoteIndex[href] {
                number = known
            } else {
                footnotes.append(href)
                number = footnotes.count
                footnoteIndex[href] = number
            }
            if label.isEmpty {
                raw("[\(number)]".utf8)
            } else {
                raw(" [\(number)]".utf8)
            }
        }

        /// True when the label already shows the link target.
        static func sameTarget(label: String, href: String) -> Bool {
            if label == href { return true }
            func bare(_ s: String) -> String {
                var t = s.lowercased()
                for prefix in ["mailto:", "https://", "http://"] where t.hasPrefix(prefix) {
                    t.removeFirst(prefix.count)
                    break
                }
                if let q = t.firstIndex(of: "?"), s.lowercased().hasPrefix("mailto:") { t = String(t[..<q]) }
                while t.hasSuffix("/") { t.removeLast() }
                return t
            }
            let b = bare(href)
            return !b.isEmpty && b == bare(label)
        }

        /// The decoded value of attribute `wanted` in `v[attrs]`.
        func attribute(_ wanted: String, in attrs: Range<Int>) -> String? {
            var j = attrs.lowerBound
            let end = attrs.upperBound
            while j < end {
                while j < end && (ByteScan.isWhite(v[j]) || v[j] == UInt8(ascii: "/")) { j += 1 }
                let ns = j
                while j < end && !ByteScan.isWhite(v[j]) && v[j] != UInt8(ascii: "=") && v[j] != UInt8(ascii: ">") {
                    j += 1
                }
                let nameRange = ns..<j
                while j < end && ByteScan.isWhite(v[j]) { j += 1 }
                var valueRange = j..<j
                if j < end && v[j] == UInt8(ascii: "=") {
                    j += 1
                    while j < end && ByteScan.isWhite(v[j]) { j += 1 }
                    if j < end && (v[j] == UInt8(ascii: "\"") || v[j] == UInt8(ascii: "'")) {
                        let q = v[j]
                        let vs = j + 1
                        j = vs
                        while j < end && v[j] != q { j += 1 }
                        valueRange = vs..<j
                        j += 1
                    } else {
                        let vs = j
                        while j < end && !ByteScan.isWhite(v[j]) { j += 1 }
                        valueRange = vs..<j
                    }
                }
                if nameRange.isEmpty {
                    j += 1
                    continue
                }
                if ContentType.lowered(v, nameRange) == wanted {
                    let rawValue = String(decoding: Bytes(rebasing: v[valueRange]), as: UTF8.self)
                    return rawValue.contains("&") ? HTMLText.decodeReferences(rawValue) : rawValue
                }
            }
            return nil
        }

        mutating func skipPast(closingTag name: String) {
            if let end = findTag("</" + name) {
                i = (ByteScan.find(UInt8(ascii: ">"), in: v, from: end, to: v.count)).map { $0 + 1 } ?? v.count
            } else {
                i = v.count
            }
        }

        /// Index of the next `prefix` (lower-case, starting with "<") at or after `i`, ignoring case.
        ///
        /// A prefix once not found is not searched again (keeps repeated `<head>` tags linear).
        mutating func findTag(_ prefix: String) -> Int? {
            if missingTags.contains(prefix) { return nil }
            let hit = searchTag(prefix)
            if hit == nil { missingTags.insert(prefix) }
            return hit
        }

        func searchTag(_ prefix: String) -> Int? {
            let p = Array(prefix.utf8)
            var j = i
            while let lt = ByteScan.find(UInt8(ascii: "<"), in: v, from: j, to: v.count) {
                if lt + p.count <= v.count {
                    var ok = true
                    for k in 1..<p.count where ByteScan.lower(v[lt + k]) != p[k] {
                        ok = false
                        break
                    }
                    if ok {
                        let after = lt + p.count
                        if after == v.count || !ByteScan.isAlpha(v[after]) { return lt }
                    }
                }
                j = lt + 1
            }
            return nil
        }

        // MARK: Result

        mutating func finish() -> String {
            while !openLinks.isEmpty { closeLink() }
            // Trim each line's trailing spaces, keep at most one empty line in a row.
            var cleaned = [UInt8]()
            cleaned.reserveCapacity(out.count + footnotes.count * 40)
            var lineStart = 0
            var emptyRun = 0
            var k = 0
            let n = out.count
            while k <= n {
                if k == n || out[k] == 10 {
                    var e = k
                    while e > lineStart && (out[e - 1] == 32 || out[e - 1] == 9) { e -= 1 }
                    if e == lineStart {
                        emptyRun += 1
                    } else {
                        if !cleaned.isEmpty { cleaned.append(contentsOf: emptyRun > 0 ? [10, 10] : [10]) }
                        cleaned.append(contentsOf: out[lineStart..<e])
                        emptyRun = 0
                    }
                    lineStart = k + 1
                }
                k += 1
            }
            if !footnotes.isEmpty {
                if !cleaned.isEmpty { cleaned.append(contentsOf: [10, 10]) }
                for (index, href) in footnotes.enumerated() {
                    if index > 0 { cleaned.append(10) }
                    cleaned.append(contentsOf: "[\(index + 1)] \(href)".utf8)
                }
            }
            return String(decoding: cleaned, as: UTF8.self)
        }
    }

    /// Decodes character references in a short string (an attribute value).
    static func decodeReferences(_ s: String) -> String {
        var s = s
        return s.withUTF8 { buf in
            var c = Converter(buf)
            c.preDepth = 1
            c.run()
            return String(decoding: c.out, as: UTF8.self)
        }
    }
}
