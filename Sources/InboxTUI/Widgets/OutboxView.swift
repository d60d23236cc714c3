import Foundation
import InboxCore

/// Draws the `:outbox` screen: a title, one line per reply (state, ticket, recipients,
/// subject, when) with the server's words under a failed or retried one, and the keys.
public enum OutboxView {
    public static func draw(_ state: OutboxScreenState, into screen: inout Screen, rect: Rect, now: Date = Date()) {
        screen.fill(rect)
        guard rect.rows > 2 else { return }
        let failed = state.rows.filter { $0.state == .failed }.count
        let queued = state.rows.filter { $0.state == .queued || $0.state == .sending }.count
        screen.putFitted(
            " Outbox — \(queued) queued · \(failed) failed · \(state.rows.count - queued - failed) sent",
            row: rect.row, col: rect.col, width: rect.cols, style: Style(bold: true, reverse: true, role: .header))
        let hintRow = rect.row + rect.rows - 1
        var row = rect.row + 1
        if let error = state.error {
            screen.putFitted(
                error, row: row, col: rect.col + 1, width: rect.cols - 2, style: Style(bold: true, role: .warning))
            row += 1
        } else if state.rows.isEmpty {
            screen.putFitted(
                " The outbox is empty.", row: row, col: rect.col, width: rect.cols,
                style: Style(dim: true, role: .muted))
        }
        for (i, entry) in state.rows.enumerated().dropFirst(state.top) where row < hintRow {
            let selected = i == state.selected
            let line = " " + Self.line(entry, cols: rect.cols, now: now)
            let style: Style =
                selected
                ? Style(reverse: true, role: .selection)
                : entry.state == .failed
                    ? Style(bold: true, role: .warning) : entry.state == .sent ? Style(dim: true) : .plain
            screen.putFitted(line, row: row, col: rect.col, width: rect.cols, style: style)
            row += 1
            if let e = entry.lastError, entry.state != .sent, row < hintRow {
                screen.putFitted("     ✗ " + e, row: row, col: rect.col, width: rect.cols, style: Style(role: .warning))
                row += 1
            }
        }
        screen.putFitted(
            " j/k select · Enter ticket · R send again · D discard · u take back (queued) · r reload · q back",
            row: hintRow, col: rect.col, width: rect.cols, style: Style(dim: true, role: .muted))
    }

    /// "FAILED  #1042  ayse@example.com.tr  Re: Kargom nerede? [#1042]  2 attempts".
    static func line(_ e: OutboxEntry, cols: Int, now: Date) -> String {
        let state = e.state == .failed ? "FAILED" : e.state == .sending ? "SENDING" : e.state.rawValue
        var fields = [
            state.padding(toLength: 8, withPad: " ", startingAt: 0), "#\(e.ticketID.map(String.init) ?? "-")",
            e.recipients.joined(separator: ", "), TerminalText.sanitize(e.subject ?? ""),
        ]
        switch e.state {
        case .queued:
            let at = max(e.notBefore, e.nextAttemptAt ?? e.notBefore)
            let s = Int(at.timeIntervalSince(now).rounded(.up))
            // Seconds for an undo window or a retry; a survey due hours later shows its time.
            fields.append(s <= 0 ? "due" : s < 120 ? "in \(s) s" : "at " + TicketText.date(at))
            if e.attempts > 0 { fields.append("\(e.attempts) attempt\(e.attempts == 1 ? "" : "s")") }
        case .failed: fields.append("\(e.attempts) attempt\(e.attempts == 1 ? "" : "s")")
        case .sent: if let t = e.sentAt { fields.append("sent " + TicketText.date(t)) }
        default: break
        }
        return fields.joined(separator: "  ")
    }
}
