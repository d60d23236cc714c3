import Foundation
import InboxCore

/// The quarantine list: age, kind, sender, subject; below it the selected message's reason and
/// first words, and the keys that act on it.
public enum QuarantineView {
    public static func draw(_ q: QuarantineListState, into screen: inout Screen, rect: Rect, now: Date = Date()) {
        guard rect.cols > 0, rect.rows > 0 else { return }
        screen.fill(rect)
        let header = Style(bold: true, underline: true, role: .header)
        let muted = Style(dim: true, role: .muted)
        let sender = rect.cols >= 90 ? 30 : rect.cols >= 70 ? 24 : 16
        let widths = [6, sender, max(4, rect.cols - 6 - sender - 4 - 3), 4]
        TicketListView.drawRow(
            ["KIND", "FROM", "SUBJECT", "AGE"], widths: widths, row: rect.row, col: rect.col, into: &screen,
            style: header)
        guard q.loaded else { return }
        if let text = q.reading, let m = q.current {
            drawReading(m, text: text, q, into: &screen, rect: rect)
            return
        }
        guard !q.items.isEmpty else {
            screen.put(
                "The quarantine is empty: no auto-replies, bounces or blocked mail are waiting.", row: rect.row + 2,
                col: rect.col + 2, maxWidth: rect.cols - 2, style: muted)
            return
        }
        // The detail of the selected message takes the last four rows when there is room.
        let detailRows = rect.rows >= 12 ? 4 : 0
        let listRows = rect.rows - 1 - detailRows
        for r in 0..<max(0, listRows) {
            let index = q.top + r
            guard q.items.indices.contains(index) else { break }
            let m = q.items[index]
            let style = index == q.selected ? Style(reverse: true, role: .selection) : Style()
            // The address is what `b` blocks, so it is shown rather than the display name.
            let from = m.from.address ?? m.from.name ?? "(no sender)"
            TicketListView.drawRow(
                [
                    kind(m), TerminalText.sanitize(from), TerminalText.sanitize(m.subject),
                    m.date.map { TicketTable.age($0, now: now) } ?? "-",
                ],
                widths: widths, row: rect.row + 1 + r, col: rect.col, into: &screen, style: style)
        }
        guard detailRows > 0, let m = q.current else { return }
        let top = rect.row + rect.rows - detailRows
        screen.put(String(repeating: "─", count: rect.cols), row: top, col: rect.col, maxWidth: rect.cols, style: muted)
        screen.put(
            "Why held: " + TerminalText.sanitize(m.reason), row: top + 1, col: rect.col + 1, maxWidth: rect.cols - 2)
        screen.put(
            TerminalText.sanitize(m.snippet), row: top + 2, col: rect.col + 1, maxWidth: rect.cols - 2, style: muted)
        screen.put(
            "Enter read it (then release) · :release N into #N · b block sender · B mark an address bouncing",
            row: top + 3, col: rect.col + 1, maxWidth: rect.cols - 2, style: muted)
    }

    /// `Enter` on a held message: why it was held first, then its text; the keys at the bottom.
    static func drawReading(
        _ m: QuarantinedMessage, text: String, _ q: QuarantineListState, into screen: inout Screen, rect: Rect
    ) {
        screen.fill(rect)
        let muted = Style(dim: true, role: .muted)
        var head = [
            ("From: ", m.from.name.map { "\($0) <\(m.from.address ?? "")>" } ?? m.from.address ?? "(no sender)"),
            ("Subject: ", m.subject),
        ]
        if m.date != nil { head.append(("Date: ", TicketText.date(m.date))) }
        var row = rect.row
        screen.putFitted(
            "Held message (\(kind(m))) — Why held: " + TerminalText.sanitize(m.reason), row: row, col: rect.col,
            width: rect.cols, style: Style(bold: true, role: .warning))
        row += 1
        for (label, value) in head where row < rect.row + rect.rows {
            let used = screen.put(label, row: row, col: rect.col, maxWidth: rect.cols, style: Style(bold: true))
            screen.put(TerminalText.sanitize(value), row: row, col: rect.col + used, maxWidth: rect.cols - used)
            row += 1
        }
        guard row < rect.row + rect.rows - 1 else { return }
        screen.put(String(repeating: "─", count: rect.cols), row: row, col: rect.col, maxWidth: rect.cols, style: muted)
        row += 1
        let footer = rect.row + rect.rows - 1
        let lines = text.components(separatedBy: "\n").flatMap {
            ConversationView.wrap(TerminalText.sanitize($0), width: max(1, rect.cols - 1))
        }
        for line in lines.dropFirst(min(q.readScroll, max(0, lines.count - 1))) where row < footer {
            screen.put(line, row: row, col: rect.col, maxWidth: rect.cols)
            row += 1
        }
        screen.putFitted(
            q.confirmRelease
                ? "Release into a new ticket? y releases · any other key keeps it"
                : "Enter release (asks) · q back · b block sender · B bouncing · u undo a release · j/k scroll",
            row: footer, col: rect.col, width: rect.cols,
            style: q.confirmRelease ? Style(reverse: true, role: .warning) : muted)
    }

    static func kind(_ m: QuarantinedMessage) -> String {
        m.bounce ? "bounce" : m.automatic ? "auto" : "held"
    }
}
