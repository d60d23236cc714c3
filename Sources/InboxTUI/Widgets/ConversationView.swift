import Foundation
import InboxCore
import InboxMail

/// A line of text with one style.
public struct StyledLine: Equatable, Sendable {
    public var text: String
    public var style: Style

    public init(_ text: String, _ style: Style = .plain) {
        self.text = text
        self.style = style
    }
}

/// An open ticket: a header line, then its messages oldest first.
///
/// Inbound and outbound messages and internal notes have distinct styles (a note is labelled
/// `NOTE` and barred in the margin); quoted history folds to one line unless shown; hard-wrapped
/// paragraphs are reflowed to the pane. A ticket opens at its newest customer message
/// (``AppState/show(_:)``).
public enum ConversationView {
    /// Columns of the customer pane beside the conversation on wide terminals.
    public static let paneWidth = 30

    /// Whether the customer pane shows at a body width of `cols`.
    static func showsPane(_ d: TicketDetail, cols: Int) -> Bool { d.customerProfile != nil && cols >= 90 }

    /// Columns the conversation text gets in a body of `cols` columns.
    public static func textWidth(_ d: TicketDetail, cols: Int) -> Int {
        showsPane(d, cols: cols) ? cols - paneWidth - 1 : cols
    }

    public static func draw(
        _ c: ConversationState, into screen: inout Screen, rect: Rect, now: Date = Date(), agent: String? = nil
    ) {
        guard rect.cols > 0, rect.rows > 0 else { return }
        screen.fill(rect)
        let t = c.detail.ticket
        let customer = [t.customer.name, t.customer.address.map { "<\($0)>" }].compactMap { $0 }.joined(separator: " ")
        // Where the ticket is and how it is labelled, so a move or a tag by a rule shows here.
        var parts = ["#\(t.id)", t.queue, t.status.rawValue, t.priority.rawValue, t.assignee ?? "unassigned"]
        if !t.tags.isEmpty { parts.append("[" + t.tags.joined(separator: ",") + "]") }
        if let rating = c.detail.satisfaction { parts.append("rated \(rating.score)/5") }
        // The channel tag of a chat, web-form or marketplace ticket (docs/channels.md).
        if t.channel != "email" {
            parts.insert("[\(t.channel)" + (c.detail.conversation.map { " \($0)" } ?? "") + "]", at: 1)
        }
        // Others on this ticket first: it is what an agent must not miss before replying.
        let others = c.detail.presence.filter { $0.isLive(at: now) && $0.agent != agent }
        if !others.isEmpty {
            parts.append(others.map { "\($0.agent) \($0.activity.rawValue)" }.joined(separator: ", "))
        }
        if let sla = c.detail.sla,
            let clock = sla.clocks.filter({ $0.state == .running || $0.state == .paused }).min(by: {
                ($0.due ?? .distantFuture) < ($1.due ?? .distantFuture)
            })
        {
            // A paused clock says why: the ticket waits on the customer or on a third party.
            parts.append(
                "SLA " + SLAText.clock(clock, now: now) + (clock.state == .paused ? pauseReason(t.status) : ""))
        }
        let thanks = t.thanksOnly && t.waitingOn == .us
        if thanks { parts.append("the customer only said thanks: not overdue") }
        parts.append(customer)
        let breaching = !thanks && (c.detail.sla?.warnAt.map { $0 <= now } ?? false)
        screen.putFitted(
            parts.joined(separator: " · "), row: rect.row, col: rect.col, width: rect.cols,
            style: Style(bold: true, reverse: true, role: breaching ? .warning : .header))
        let width = textWidth(c.detail, cols: rect.cols)
        let (body, starts) = layout(
            c.detail, width: width, showQuotes: c.showQuotes, showReasons: c.showReasons,
            card: cardAbove(c, cols: rect.cols, now: now), failed: c.failedReplies)
        // With several messages, the one `}`/`{` moved to has its head line reversed.
        let selectedHead =
            c.detail.messages.count > 1 && starts.indices.contains(c.selectedMessage) ? starts[c.selectedMessage] : nil
        for r in 0..<max(0, rect.rows - 1) {
            let i = c.scroll + r
            guard body.indices.contains(i) else { break }
            var style = body[i].style
            if i == selectedHead { style.reverse = true }
            screen.putFitted(body[i].text, row: rect.row + 1 + r, col: rect.col, width: width, style: style)
        }
        if showsPane(c.detail, cols: rect.cols), let profile = c.detail.customerProfile {
            let col = rect.col + width
            for r in 1..<rect.rows {
                screen.put("│", row: rect.row + r, col: col, style: Style(dim: true, role: .muted))
            }
            var pane = CustomerPane.lines(profile, excluding: t.id).map { line in
                StyledLine(line, line.hasPrefix("⚠") ? Style(bold: true, role: .warning) : .plain)
            }
            pane.insert(StyledLine("Customer", Style(bold: true, role: .header)), at: 0)
            if let rating = c.detail.satisfaction {
                // The customer's own rating (a survey answer, docs/surveys.md), under the name.
                var lines = [
                    StyledLine(
                        "rating \(rating.score)/5 (survey)",
                        Style(bold: true, role: rating.score < 3 ? .warning : .accent))
                ]
                if let comment = rating.comment.split(separator: "\n").first {
                    lines.append(StyledLine(TerminalText.sanitize("“" + comment + "”"), Style(role: .muted)))
                }
                pane.insert(contentsOf: lines, at: min(pane.count, 3))
            }
            // The order card goes before the customer's other tickets, which may be many.
            let card = OrderCard.lines(c.orders, width: paneWidth - 2, now: now)
            if !card.isEmpty {
                let at = (pane.firstIndex { $0.text.hasPrefix("tickets: ") } ?? (pane.count - 1)) + 1
                pane.insert(contentsOf: [StyledLine("")] + card + [StyledLine("")], at: min(at, pane.count))
            }
            for (i, line) in pane.prefix(rect.rows - 1).enumerated() {
                screen.putFitted(
                    line.text, row: rect.row + 1 + i, col: col + 2, width: paneWidth - 2, style: line.style)
            }
        }
    }

    /// Why the SLA clocks are paused (DESIGN §6: pending and on-hold pause them).
    static func pauseReason(_ status: TicketStatus) -> String {
        switch status {
        case .pending: " (pending: waiting on the customer)"
        case .onHold: " (on hold: waiting on a third party)"
        default: " (\(status.rawValue))"
        }
    }

    /// The shortened order card above the conversation when the pane does not show.
    static func cardAbove(_ c: ConversationState, cols: Int, now: Date = Date()) -> [StyledLine] {
        showsPane(c.detail, cols: cols)
            ? [] : OrderCard.short(c.orders, width: textWidth(c.detail, cols: cols), now: now)
    }

    /// The conversation's lines below the header, wrapped to `width`.
    public static func lines(_ d: TicketDetail, width: Int, showQuotes: Bool, showReasons: Bool = false) -> [StyledLine]
    {
        layout(d, width: width, showQuotes: showQuotes, showReasons: showReasons).lines
    }

    /// The conversation's lines, and the index of each message's head line among them.
    public static func layout(
        _ d: TicketDetail, width: Int, showQuotes: Bool, showReasons: Bool, card: [StyledLine] = [],
        failed: [String: String] = [:]
    ) -> (lines: [StyledLine], starts: [Int]) {
        let width = max(1, width)
        var out: [StyledLine] = [StyledLine(TerminalText.sanitize(d.ticket.subject), Style(bold: true))] + card
        var starts: [Int] = []
        for m in d.messages {
            let inbound = m.direction == .inbound
            let note = m.direction == .note
            let from = [m.from.name, m.from.address.map { "<\($0)>" }].compactMap { $0 }.joined(separator: " ")
            var flags: [String] = []
            if m.automatic { flags.append("automatic") }
            if m.bounce { flags.append("bounce") }
            // Mail with a third party (a carrier, the warehouse), not with the customer.
            if m.direction == .thirdParty { flags.append("THIRD PARTY") }
            // An internal note says so in words too, so it reads as one on a monochrome terminal.
            let arrow = note ? "✎ NOTE · " : inbound ? "▶ " : "◀ "
            let head =
                arrow + from + " · " + TicketText.date(m.date)
                + (flags.isEmpty ? "" : " · " + flags.joined(separator: ", "))
            out.append(StyledLine(""))
            starts.append(out.count)
            let headRole: ColorRole = note ? .note : inbound ? .inbound : .outbound
            out.append(StyledLine(head, Style(bold: true, underline: !inbound && !note, role: headRole)))
            if m.direction == .forward {
                let to = "→ forwarded to " + m.to.map(\.address).joined(separator: ", ") + ", not to the customer"
                for w in wrap(TerminalText.sanitize(to), width: width) {
                    out.append(StyledLine(w, Style(bold: true, role: .accent)))
                }
            }
            if let id = m.messageID, let why = failed[id] {
                for w in wrap(
                    TerminalText.sanitize("✗ NOT DELIVERED: \(why) — :outbox sends it again or discards it"),
                    width: width)
                {
                    out.append(StyledLine(w, Style(bold: true, role: .warning)))
                }
            }
            if showReasons {
                for w in wrap(TerminalText.sanitize("  why here: " + m.threadReason), width: width) {
                    out.append(StyledLine(w, Style(dim: true, role: .muted)))
                }
            }
            for (n, a) in m.attachments.enumerated() {
                let number = m.attachments.count > 1 ? "\(n + 1). " : ""
                out.append(
                    StyledLine(
                        "📎 \(number)\(a.filename ?? a.safeFilename) (\(a.contentType), \(a.size) bytes)",
                        Style(role: .accent)))
            }
            let bodyStyle = Style(role: note ? .note : inbound ? .normal : .outbound)
            // A note's lines keep a bar in the margin: it never reads as mail the customer saw.
            let margin = note ? "┃ " : ""
            let textWidth = max(1, width - DisplayWidth.of(margin))
            for item in fold(m.text, subject: m.subject, showQuotes: showQuotes) {
                switch item {
                case .text(let line):
                    for w in wrap(TerminalText.sanitize(line), width: textWidth) {
                        out.append(StyledLine(margin + w, bodyStyle))
                    }
                case .quote(let line):
                    for w in wrap(TerminalText.sanitize(line), width: textWidth) {
                        out.append(StyledLine(margin + w, Style(dim: true, role: .quote)))
                    }
                case .folded(let n):
                    out.append(
                        StyledLine(margin + "[… \(n) quoted line\(n == 1 ? "" : "s")]", Style(dim: true, role: .quote)))
                }
            }
        }
        // With the reasons shown, the history too: who (an agent, a rule:NAME) changed what.
        if showReasons && !d.events.isEmpty {
            out.append(StyledLine(""))
            out.append(StyledLine("History", Style(bold: true)))
            for e in d.events {
                let change = [e.old, e.new].compactMap { $0 }.joined(separator: " → ")
                let line =
                    "\(TicketText.date(e.at))  \(e.actor)  \(e.kind) \(change)" + (e.detail.map { " (\($0))" } ?? "")
                for w in wrap(TerminalText.sanitize(line), width: width) {
                    out.append(StyledLine(w, Style(dim: true, role: .muted)))
                }
            }
        }
        return (out, starts)
    }

    enum Item: Equatable {
        case text(String)
        case quote(String)
        case folded(Int)
    }

    /// Splits a body into lines, folding each run of quoted history into one item unless shown.
    ///
    /// Quoted history is what the parser marks as quote (`MessageParser.textSpans`): `>` lines,
    /// and everything below an Outlook-style "From:/Sent:/To:/Subject:" block (in its
    /// translations too: "Od:/Wysłano:", "Von:/Gesendet:", "Kimden:/Gönderildi:", "Fra:/Sendt:"),
    /// which folds with the block. A one-line attribution ("On … wrote:") stays, as it says
    /// whose words are folded. Runs of the sender's own text are reflowed (``Reflow``);
    /// signatures and quotes are kept as they are.
    static func fold(_ text: String, subject: String = "", showQuotes: Bool) -> [Item] {
        var items: [Item] = []
        var run = 0
        var prose: [String] = []
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        var lines = normalized.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var quoted = Array(repeating: false, count: lines.count)
        var kept = Array(repeating: false, count: lines.count)
        for span in MessageParser.textSpans(normalized, subject: subject) {
            let range = span.startLine..<min(lines.count, span.startLine + span.lineCount)
            guard !range.isEmpty else { continue }
            switch span.kind {
            case .quote: for k in range { quoted[k] = true }
            case .attribution where span.lineCount > 1: for k in range { quoted[k] = true }
            case .attribution, .signature: for k in range { kept[k] = true }
            }
        }
        // Blank lines between two quoted ones (under an Outlook block, before its quote) fold with them.
        let blank = lines.map { $0.trimmingCharacters(in: .whitespaces).isEmpty }
        var k = 0
        while k < lines.count {
            guard blank[k], !quoted[k], k > 0, quoted[k - 1] else {
                k += 1
                continue
            }
            var end = k
            while end < lines.count && blank[end] && !quoted[end] { end += 1 }
            if end < lines.count && quoted[end] { for b in k..<end { quoted[b] = true } }
            k = end
        }
        while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
        func flush() {
            for line in Reflow.paragraphs(prose) { items.append(.text(line)) }
            prose.removeAll()
        }
        for (k, line) in lines.enumerated() {
            if quoted[k] {
                flush()
                if showQuotes { items.append(.quote(line)) } else { run += 1 }
                continue
            }
            if run > 0 {
                items.append(.folded(run))
                run = 0
            }
            if kept[k] {
                flush()
                items.append(.text(line))
            } else {
                prose.append(line)
            }
        }
        flush()
        if run > 0 { items.append(.folded(run)) }
        return items
    }

    /// Breaks a sanitised line into pieces of at most `width` columns, at spaces when it can.
    static func wrap(_ line: String, width: Int) -> [String] {
        if DisplayWidth.of(line) <= width { return [line] }
        var out: [String] = []
        var current = ""
        var used = 0
        var lastSpace: String.Index?
        for ch in line {
            let w = DisplayWidth.of(ch)
            if used + w > width {
                if let s = lastSpace, s > current.startIndex {
                    let head = String(current[..<s])
                    let tail = String(current[current.index(after: s)...])
                    out.append(head)
                    current = tail
                    used = DisplayWidth.of(tail)
                } else {
                    out.append(current)
                    current = ""
                    used = 0
                }
                lastSpace = nil
            }
            if ch == " " { lastSpace = current.endIndex }
            current.append(ch)
            used += w
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}
