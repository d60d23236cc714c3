import Foundation

/// Text from mail made safe for a document: no control characters (ESC, C1, NUL…) and no
/// bidirectional overrides, which could hide or reorder what a reader sees. Line ends become
/// `\n`; tabs stay.
public enum ExportText {
    public static func clean(_ text: String, keepNewlines: Bool = true) -> String {
        var out = String.UnicodeScalarView()
        var previousCR = false
        for s in text.unicodeScalars {
            let v = s.value
            defer { previousCR = v == 0x0D }
            switch v {
            case 0x0A:
                if previousCR { continue }
                out.append(keepNewlines ? s : " ")
            case 0x0D: out.append(keepNewlines ? "\n" : " ")
            case 0x09: out.append(keepNewlines ? s : " ")
            case 0x00..<0x20, 0x7F, 0x80..<0xA0: out.append("\u{FFFD}")
            case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: continue
            default: out.append(s)
            }
        }
        return String(out)
    }

    static func date(_ d: Date?) -> String {
        guard let d else { return "(no date)" }
        return DateFormatter(format: "yyyy-MM-dd HH:mm 'UTC'", timeZone: TimeZone(identifier: "UTC")).string(from: d)
    }

    /// A history line of both transcripts: "date actor: kind old → new (detail)".
    static func event(_ e: EventInfo) -> String {
        var line = "\(date(e.at)) \(e.actor): \(e.kind)"
        if e.old != nil || e.new != nil { line += " \(e.old ?? "–") → \(e.new ?? "–")" }
        if let detail = e.detail { line += " (\(detail))" }
        return line
    }

    static func iso(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        return f.string(from: d)
    }

    static func person(_ name: String?, _ address: String?) -> String {
        switch (name?.isEmpty == false ? name : nil, address) {
        case let (n?, a?): "\(n) <\(a)>"
        case let (n?, nil): n
        case let (nil, a?): a
        default: "(unknown sender)"
        }
    }
}

/// The readable transcript of `inbox export --format html`: one standalone page, no
/// scripts and no external resources (a Content-Security-Policy forbids both), styled for
/// screen and print. Every piece of mail text is escaped.
public enum HTMLTranscript {
    public static func escape(_ s: String) -> String { HTMLEscape.escape(ExportText.clean(s)) }

    public static func header(title: String, subtitle: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="AgentInbox">
        <title>\(escape(title))</title>
        <style>
        :root { --ink: #1d2433; --muted: #5f6b7a; --line: #d9dee5; --in: #2e7d32; --out: #6a1b9a; --note: #b26a00; }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 56rem; padding: 1.5rem; color: var(--ink); background: #fff;
               font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", "DejaVu Sans", sans-serif; }
        h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
        .subtitle { color: var(--muted); margin: 0 0 1.5rem; }
        article.ticket { border-top: 3px solid var(--ink); padding-top: .75rem; margin: 2rem 0; }
        article.ticket > h2 { font-size: 1.25rem; margin: 0 0 .5rem; }
        dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: 0 0 1rem; color: var(--muted); }
        dl.meta dt { font-weight: 600; } dl.meta dd { margin: 0; }
        section.message { border: 1px solid var(--line); border-left: 4px solid var(--in); border-radius: 4px; margin: .75rem 0; padding: .5rem .75rem; }
        section.message.outbound { border-left-color: var(--out); background: #faf7fc; }
        section.message.note { border-left-color: var(--note); background: #fff8e6; }
        section.message header { display: flex; flex-wrap: wrap; justify-content: space-between; gap: .5rem; font-weight: 600; }
        section.message header .when, .direction, .flags { color: var(--muted); font-weight: 400; }
        .subject { color: var(--muted); margin: .1rem 0 .4rem; }
        pre.body { white-space: pre-wrap; overflow-wrap: anywhere; margin: .25rem 0 0; font: 14px/1.45 ui-monospace, "DejaVu Sans Mono", monospace; }
        pre.body .quote { color: var(--muted); }
        ul.attachments { margin: .25rem 0; padding-left: 1.25rem; color: var(--muted); }
        details.history { margin-top: .75rem; color: var(--muted); } details.history ul { margin: .25rem 0; }
        nav.contents ol { padding-left: 1.25rem; } a { color: #1a4fa0; }
        @media print {
          body { max-width: none; padding: 0; font-size: 11pt; }
          article.ticket { break-before: page; border-top: none; }
          article.ticket:first-of-type { break-before: auto; }
          section.message { break-inside: avoid; background: none !important; }
          nav.contents { display: none; }
          a { color: inherit; text-decoration: none; }
        }
        </style>
        </head>
        <body>
        <header><h1>\(escape(title))</h1><p class="subtitle">\(escape(subtitle))</p></header>
        <main>

        """
    }

    public static func ticket(_ d: TicketDetail) -> String {
        let t = d.ticket
        var out = "<article class=\"ticket\" id=\"ticket-\(t.id)\">\n"
        out += "<h2>#\(t.id) · \(escape(t.subject))</h2>\n<dl class=\"meta\">\n"
        func meta(_ k: String, _ v: String) { out += "<dt>\(k)</dt><dd>\(escape(v))</dd>\n" }
        meta("Customer", ExportText.person(t.customer.name, t.customer.address))
        meta("Queue", t.queue)
        meta("Status", t.status.rawValue)
        meta("Priority", t.priority.rawValue)
        meta("Assignee", t.assignee ?? "unassigned")
        if !t.tags.isEmpty { meta("Tags", t.tags.joined(separator: ", ")) }
        meta("Created", ExportText.date(t.createdAt))
        meta("Updated", ExportText.date(t.updatedAt))
        out += "</dl>\n"
        for m in d.messages {
            let kind = [.inbound, .outbound, .note].contains(m.direction) ? m.direction.rawValue : "inbound"
            out += "<section class=\"message \(kind)\">\n<header><span class=\"from\">"
            out += escape(ExportText.person(m.from.name, m.from.address)) + "</span>"
            var flags = [kind == "note" ? "internal note" : kind]
            if m.automatic { flags.append("automatic") }
            if m.bounce { flags.append("bounce") }
            out += " <span class=\"flags\">\(escape(flags.joined(separator: " · ")))</span>"
            if let date = m.date {
                out += " <time class=\"when\" datetime=\"\(ExportText.iso(date))\">\(ExportText.date(date))</time>"
            }
            out += "</header>\n"
            if !m.to.isEmpty {
                out +=
                    "<div class=\"subject\">To: \(escape(m.to.map { ExportText.person($0.name, $0.address) }.joined(separator: ", ")))</div>\n"
            }
            out += "<div class=\"subject\">\(escape(m.subject))</div>\n"
            if !m.attachments.isEmpty {
                out += "<ul class=\"attachments\">\n"
                for a in m.attachments {
                    out +=
                        "<li>\(escape(a.filename ?? a.safeFilename)) (\(escape(a.contentType)), \(a.size) bytes)</li>\n"
                }
                out += "</ul>\n"
            }
            out += "<pre class=\"body\">"
            for (i, line) in ExportText.clean(m.text).split(separator: "\n", omittingEmptySubsequences: false)
                .enumerated()
            {
                if i > 0 { out += "\n" }
                if line.hasPrefix(">") {
                    out += "<span class=\"quote\">\(escape(String(line)))</span>"
                } else {
                    out += escape(String(line))
                }
            }
            out += "</pre>\n</section>\n"
        }
        if !d.events.isEmpty {
            out += "<details class=\"history\" open><summary>History</summary>\n<ul>\n"
            for e in d.events {
                out += "<li>\(escape(ExportText.event(e)))</li>\n"
            }
            out += "</ul>\n</details>\n"
        }
        return out + "</article>\n"
    }

    /// Closes the page; `contents` (ticket number, subject) becomes a list of links.
    public static func footer(contents: [(Int64, String)]) -> String {
        var out = "</main>\n"
        if contents.count > 1 {
            out += "<nav class=\"contents\"><h2>Contents</h2>\n<ol>\n"
            for (id, subject) in contents {
                out += "<li><a href=\"#ticket-\(id)\">#\(id) · \(escape(subject))</a></li>\n"
            }
            out += "</ol>\n</nav>\n"
        }
        return out + "</body>\n</html>\n"
    }
}

/// The same transcript in Markdown: metadata escaped, mail text in fenced blocks so nothing
/// in a message (HTML, links, headings) is interpreted by a Markdown renderer.
public enum MarkdownTranscript {
    /// `s` on one line with Markdown and HTML punctuation backslash-escaped.
    public static func inline(_ s: String) -> String {
        var out = ""
        for ch in ExportText.clean(s, keepNewlines: false) {
            // Never at the start of a line, so list markers (1. - +) need no escape.
            if "\\`*_[]<>#|~&".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    static func fenced(_ text: String) -> String {
        let clean = ExportText.clean(text)
        var longest = 0
        var run = 0
        for ch in clean {
            if ch == "`" || ch == "~" {
                run += 1
                longest = max(longest, run)
            } else {
                run = 0
            }
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + "text\n" + clean + (clean.hasSuffix("\n") ? "" : "\n") + fence + "\n"
    }

    public static func header(title: String, subtitle: String) -> String {
        "# \(inline(title))\n\n\(inline(subtitle))\n\n"
    }

    public static func ticket(_ d: TicketDetail) -> String {
        let t = d.ticket
        var out = "## \\#\(t.id) · \(inline(t.subject))\n\n"
        out += "- **Customer:** \(inline(ExportText.person(t.customer.name, t.customer.address)))\n"
        out +=
            "- **Queue:** \(inline(t.queue)) · **Status:** \(inline(t.status.rawValue)) · **Priority:** \(inline(t.priority.rawValue))"
        out += " · **Assignee:** \(inline(t.assignee ?? "unassigned"))\n"
        if !t.tags.isEmpty { out += "- **Tags:** \(inline(t.tags.joined(separator: ", ")))\n" }
        out += "- **Created:** \(ExportText.date(t.createdAt)) · **Updated:** \(ExportText.date(t.updatedAt))\n\n"
        for m in d.messages {
            let kind = m.direction == .note ? "internal note" : m.direction.rawValue
            var flags = [kind]
            if m.automatic { flags.append("automatic") }
            if m.bounce { flags.append("bounce") }
            out +=
                "### \(inline(ExportText.person(m.from.name, m.from.address))) · \(ExportText.date(m.date)) · \(flags.joined(separator: ", "))\n\n"
            if !m.to.isEmpty {
                out += "To: \(inline(m.to.map { ExportText.person($0.name, $0.address) }.joined(separator: ", ")))  \n"
            }
            out += "Subject: \(inline(m.subject))\n\n"
            for a in m.attachments {
                out +=
                    "- Attachment: \(inline(a.filename ?? a.safeFilename)) (\(inline(a.contentType)), \(a.size) bytes)\n"
            }
            if !m.attachments.isEmpty { out += "\n" }
            out += fenced(m.text) + "\n"
        }
        if !d.events.isEmpty {
            out += "#### History\n\n"
            for e in d.events {
                out += "- \(inline(ExportText.event(e)))\n"
            }
            out += "\n"
        }
        return out
    }
}
