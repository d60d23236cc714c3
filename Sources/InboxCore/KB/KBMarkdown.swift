import Foundation

/// The Markdown that articles use, to HTML and to plain text: ATX headings (`#`…`######`),
/// paragraphs, `-`/`*` and `1.` lists, `>` quotes, fenced code blocks, `---` rules, and inline
/// `**strong**`, `*em*`/`_em_`, `` `code` `` and `[text](url)`. Anything else is text.
///
/// Every character of the article is escaped for HTML; control characters are dropped; a
/// link whose URL is not http(s), mailto, relative or an anchor (``isSafeURL(_:)``) keeps its
/// text and loses its link. Pure and thread-safe.
public enum KBMarkdown {
    /// The body as HTML (block elements, one per line), headings shifted down by
    /// `headingOffset` levels (the page's own title is the `<h1>`).
    public static func html(_ markdown: String, headingOffset: Int = 1) -> String {
        var out: [String] = []
        var paragraph: [String] = []
        var list: (ordered: Bool, items: [String])?
        var quote: [String] = []
        var fence: [String]?

        func flushParagraph() {
            if !paragraph.isEmpty { out.append("<p>" + inline(paragraph.joined(separator: " ")) + "</p>") }
            paragraph = []
        }
        func flushList() {
            if let l = list {
                let tag = l.ordered ? "ol" : "ul"
                out.append("<\(tag)>" + l.items.map { "<li>" + inline($0) + "</li>" }.joined() + "</\(tag)>")
            }
            list = nil
        }
        func flushQuote() {
            if !quote.isEmpty {
                out.append(
                    "<blockquote>" + html(quote.joined(separator: "\n"), headingOffset: headingOffset) + "</blockquote>"
                )
            }
            quote = []
        }
        func flushAll() {
            flushParagraph()
            flushList()
            flushQuote()
        }

        for raw in lines(markdown) {
            if var f = fence {
                if raw.trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                    out.append("<pre><code>" + escape(f.joined(separator: "\n")) + "</code></pre>")
                    fence = nil
                } else {
                    f.append(raw)
                    fence = f
                }
                continue
            }
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("```") {
                flushAll()
                fence = []
                continue
            }
            if line.hasPrefix(">") {
                flushParagraph()
                flushList()
                quote.append(String(line.dropFirst()).trimmingCharacters(in: .whitespaces))
                continue
            }
            flushQuote()
            if line.isEmpty {
                flushParagraph()
                flushList()
                continue
            }
            if let (level, text) = heading(line) {
                flushAll()
                let h = min(6, level + headingOffset)
                out.append("<h\(h)>" + inline(text) + "</h\(h)>")
                continue
            }
            if line == "---" || line == "***" || line == "___" {
                flushAll()
                out.append("<hr>")
                continue
            }
            if let (ordered, text) = listItem(line) {
                flushParagraph()
                if list?.ordered != ordered { flushList() }
                list = (ordered, (list?.items ?? []) + [text])
                continue
            }
            if list != nil, raw.first == " " || raw.first == "\t", var l = list, !l.items.isEmpty {
                l.items[l.items.count - 1] += " " + line
                list = l
                continue
            }
            flushList()
            paragraph.append(line)
        }
        if let f = fence { out.append("<pre><code>" + escape(f.joined(separator: "\n")) + "</code></pre>") }
        flushAll()
        return out.joined(separator: "\n")
    }

    /// The body without Markdown marks, for a reply: headings and paragraphs as lines, list
    /// items as "- ", links as "text (url)".
    public static func plainText(_ markdown: String) -> String {
        var out: [String] = []
        var inFence = false
        for raw in lines(markdown) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("```") {
                inFence.toggle()
                continue
            }
            if inFence {
                out.append(raw)
                continue
            }
            if let (_, text) = heading(line) {
                out.append(inlinePlain(text))
            } else if let (ordered, text) = listItem(line) {
                out.append((ordered ? String(line.prefix { $0.isNumber }) + ". " : "- ") + inlinePlain(text))
            } else if line.hasPrefix(">") {
                out.append("> " + inlinePlain(String(line.dropFirst()).trimmingCharacters(in: .whitespaces)))
            } else if line == "---" || line == "***" || line == "___" {
                out.append("")
            } else {
                out.append(inlinePlain(line))
            }
        }
        while out.first?.isEmpty == true { out.removeFirst() }
        while out.last?.isEmpty == true { out.removeLast() }
        return out.joined(separator: "\n")
    }

    /// Every `[text](url)` of the body as (line number in the file's body, url).
    public static func links(_ markdown: String) -> [(line: Int, url: String)] {
        var out: [(Int, String)] = []
        for (i, line) in markdown.components(separatedBy: "\n").enumerated() {
            var rest = Substring(line)
            while let open = rest.range(of: "](") {
                guard let close = rest[open.upperBound...].firstIndex(of: ")") else { break }
                out.append((i + 1, String(rest[open.upperBound..<close]).trimmingCharacters(in: .whitespaces)))
                rest = rest[rest.index(after: close)...]
            }
        }
        return out
    }

    /// Whether a link target may be published: http(s), mailto, a relative path or an anchor.
    public static func isSafeURL(_ url: String) -> Bool {
        let lower = url.lowercased().trimmingCharacters(in: .whitespaces)
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:")
            || lower.hasPrefix("#")
        {
            return true
        }
        // A relative path: no scheme before the first "/", "?" or "#".
        let head = lower.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return !head.contains(":") && !lower.isEmpty && !lower.hasPrefix("//")
    }

    /// Text escaped for HTML element content and attribute values; control characters
    /// (escape sequences, bidi overrides) dropped.
    public static func escape(_ s: String) -> String {
        HTMLEscape.escape(s) { $0 != "\n" && $0 != "\t" && HTMLEscape.isControlOrBidi($0) }
    }

    // MARK: Blocks

    static func lines(_ s: String) -> [String] {
        s.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
    }

    static func heading(_ line: String) -> (Int, String)? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let rest = line.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " else { return nil }
        var text = rest.trimmingCharacters(in: .whitespaces)
        while text.hasSuffix("#") { text.removeLast() }
        return (hashes, text.trimmingCharacters(in: .whitespaces))
    }

    static func listItem(_ line: String) -> (ordered: Bool, text: String)? {
        if line.hasPrefix("- ") || line.hasPrefix("* ") || line.hasPrefix("+ ") {
            return (false, String(line.dropFirst(2)).trimmingCharacters(in: .whitespaces))
        }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count <= 3 {
            let rest = line.dropFirst(digits.count)
            if rest.hasPrefix(". ") || rest.hasPrefix(") ") {
                return (true, String(rest.dropFirst(2)).trimmingCharacters(in: .whitespaces))
            }
        }
        return nil
    }

    // MARK: Inline

    /// One line of inline Markdown as HTML.
    static func inline(_ text: String) -> String {
        render(Array(text), html: true)
    }

    static func inlinePlain(_ text: String) -> String {
        render(Array(text), html: false)
    }

    /// The `)` that closes a link target starting at `start`, past balanced `(…)` inside it.
    private static func closingParen(_ c: [Character], from start: Int) -> Int? {
        var depth = 0
        var j = start
        while j < c.count {
            if c[j] == "(" {
                depth += 1
            } else if c[j] == ")" {
                if depth == 0 { return j }
                depth -= 1
            }
            j += 1
        }
        return nil
    }

    private static func render(_ c: [Character], html: Bool) -> String {
        var out = ""
        var i = 0
        func find(_ marker: [Character], from start: Int) -> Int? {
            guard start < c.count else { return nil }
            var j = start
            while j + marker.count <= c.count {
                if Array(c[j..<(j + marker.count)]) == marker { return j }
                j += 1
            }
            return nil
        }
        while i < c.count {
            let ch = c[i]
            if ch == "\\", i + 1 < c.count, "\\`*_[]()#+-.!<>".contains(c[i + 1]) {
                out += html ? escape(String(c[i + 1])) : String(c[i + 1])
                i += 2
                continue
            }
            if ch == "`", let end = find(["`"], from: i + 1) {
                let code = String(c[(i + 1)..<end])
                out += html ? "<code>" + escape(code) + "</code>" : code
                i = end + 1
                continue
            }
            if ch == "*" || ch == "_" {
                let double = i + 1 < c.count && c[i + 1] == ch
                let marker: [Character] = double ? [ch, ch] : [ch]
                let start = i + marker.count
                // Emphasis opens before a non-space and closes on the same marker; "_" inside a
                // word (snake_case) is text.
                let openOK =
                    start < c.count && c[start] != " "
                    && (ch == "*" || i == 0 || !(c[i - 1].isLetter || c[i - 1].isNumber))
                if openOK, let end = find(marker, from: start + 1), c[end - 1] != " " {
                    let inner = render(Array(c[start..<end]), html: html)
                    out += html ? (double ? "<strong>\(inner)</strong>" : "<em>\(inner)</em>") : inner
                    i = end + marker.count
                    continue
                }
            }
            if ch == "[", let close = find(["]", "("], from: i + 1), let end = closingParen(c, from: close + 2) {
                let label = render(Array(c[(i + 1)..<close]), html: html)
                let url = String(c[(close + 2)..<end]).trimmingCharacters(in: .whitespaces)
                if html {
                    out += isSafeURL(url) ? "<a href=\"\(escape(url))\">\(label)</a>" : label
                } else {
                    out += isSafeURL(url) && url != label ? "\(label) (\(url))" : label
                }
                i = end + 1
                continue
            }
            out +=
                html
                ? escape(String(ch))
                : (ch.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } ? "" : String(ch))
            i += 1
        }
        return out
    }
}
