import Foundation
import InboxCore

/// The ticket list: #id, who is waiting and status, priority, SLA, customer, subject (with a
/// `[chat]` label for a ticket of another channel than e-mail, and tags when they fit),
/// assignee, age.
///
/// Draws only the loaded rows. Columns share the width by need (``widths(_:assigneeNeed:)``).
public enum TicketListView {
    /// Drawn in the first column of a marked row.
    public static let markGlyph = "*"
    /// Drawn in the first column of a ticket that changed since the agent last looked.
    public static let updatedGlyph = "+"
    /// Before the status: the customer wrote last (the next move is ours), as `▶` heads their
    /// messages in the conversation.
    public static let customerWroteLastGlyph = "▶"
    /// Before the status: we wrote last (the next move is the customer's).
    public static let weWroteLastGlyph = "◀"
    /// The SLA cell of a ticket whose last customer message only says thanks: not overdue.
    public static let thanksText = "thx"

    public static func draw(
        _ list: ListState, into screen: inout Screen, rect: Rect, now: Date = Date(),
        emptyText: String = "No tickets here.", marks: Set<Int64> = [], updated: Set<Int64> = [],
        failed: Set<Int64> = []
    ) {
        guard rect.cols > 0, rect.rows > 0 else { return }
        screen.fill(rect)
        let onScreen = (0..<max(0, rect.rows - 1)).compactMap { r -> TicketSummary? in
            let i = list.top + r - list.loadedOffset
            return list.top + r < list.total && list.rows.indices.contains(i) ? list.rows[i] : nil
        }
        let assigneeNeed = onScreen.map { t in t.assignee.map { DisplayWidth.of($0) } ?? 0 }.max() ?? 0
        let columns = widths(rect.cols, assigneeNeed: max(assigneeNeed, list.total == 0 ? 8 : 0))
        let slaCol = rect.col + columns[0] + columns[1] + columns[2] + 3
        drawRow(
            fields([" #", " STATUS", "PRIO", "SLA", "CUSTOMER", "SUBJECT", "ASSIGNEE", "AGE"], widths: columns),
            widths: columns,
            row: rect.row, col: rect.col, into: &screen, style: Style(bold: true, underline: true, role: .header))
        if list.total == 0 {
            screen.put(
                emptyText, row: rect.row + 2, col: rect.col + 2, maxWidth: rect.cols - 2,
                style: Style(dim: true, role: .muted))
            return
        }
        for r in 0..<max(0, rect.rows - 1) {
            let index = list.top + r
            let i = index - list.loadedOffset
            guard index < list.total, list.rows.indices.contains(i) else { continue }
            let t = list.rows[i]
            let customer = t.customer.name ?? t.customer.address ?? "-"
            // A channel beyond e-mail is a label before the subject (docs/channels.md).
            var subject = t.channel == "email" ? t.subject : "[\(t.channel)] " + t.subject
            // Back from snooze (docs/rules.md): marked until it is snoozed again.
            if let woke = t.snoozeWoke {
                subject = "(back: \(woke == "reply" ? "customer replied" : "snooze over")) " + subject
            }
            // A reply the outbox gave up on: marked until it is resent or discarded (:outbox).
            if failed.contains(t.id) { subject = "✗ not delivered · " + subject }
            // Tags show when there is room for all of them after the whole subject.
            if !t.tags.isEmpty {
                let tagged = subject + "  [" + t.tags.joined(separator: ",") + "]"
                if DisplayWidth.of(tagged) <= columns[5] { subject = tagged }
            }
            let selected = index == list.selected
            let marked = marks.contains(t.id)
            var style = Style(role: failed.contains(t.id) ? .warning : roleFor(t))
            if selected { style = Style(reverse: true, role: .selection) }
            let changed = updated.contains(t.id)
            if t.status == .new || marked || changed { style.bold = true }
            let row = rect.row + 1 + r
            let waiting = t.waitingOn.map { $0 == .us ? customerWroteLastGlyph : weWroteLastGlyph } ?? " "
            drawRow(
                fields(
                    [
                        (marked ? markGlyph : changed ? updatedGlyph : " ") + "#\(t.id)", waiting + t.status.rawValue,
                        priority(t.priority, width: columns[2]), "", customer, subject, t.assignee ?? "",
                        TicketTable.age(t.lastCustomerAt ?? t.createdAt, now: now),
                    ], widths: columns),
                widths: columns, row: row, col: rect.col, into: &screen, style: style)
            guard columns[3] > 0 else { continue }
            // A thanks-only last message leaves nothing to answer: never shown overdue.
            if t.thanksOnly && t.waitingOn == .us {
                var thanks = style
                thanks.role = selected ? .selection : .muted
                screen.putFitted(thanksText, row: row, col: slaCol, width: columns[3], style: thanks)
                continue
            }
            // The SLA cell keeps its own colour (red when breaching) even on the selected row.
            if let due = t.slaDue {
                let breaching = t.slaWarnAt.map { $0 <= now } ?? (due <= now)
                var sla = style
                if breaching {
                    sla.role = .warning
                    sla.bold = true
                    if selected { sla.reverse = false }
                }
                screen.putFitted(slaText(due, now: now), row: row, col: slaCol, width: columns[3], style: sla)
            }
        }
    }

    /// Column widths: mark and id, waiting glyph and status, priority, SLA, customer, subject,
    /// assignee, age (0 = left out). The SLA column stays down to a 62-column list (an
    /// 80-column terminal has 63), 4 wide there with the priority shortened; the assignee column is
    /// as wide as the widest name on screen (`assigneeNeed`, at most 14; none when nobody is
    /// assigned) and shows from 95 columns; the subject takes what is left.
    static func widths(_ total: Int, assigneeNeed: Int = 10) -> [Int] {
        let sla = total >= 88 ? 6 : total >= 62 ? 4 : 0
        let prio = total >= 88 ? 6 : total >= 62 ? 4 : 6
        let assignee = total >= 95 && assigneeNeed > 0 ? max(8, min(14, assigneeNeed)) : 0
        let customer = total >= 95 ? 18 : total >= 90 ? 22 : total >= 70 ? 16 : 12
        var columns = [7, 8, prio, sla, customer, 0, assignee, 4]
        let used = columns.reduce(0, +) + columns.filter { $0 > 0 }.count - 1
        columns[5] = max(4, total - used - 1)
        return columns
    }

    /// The priority as wide as its column: "urgent" is "urg!" and "normal" "norm" in 4 columns.
    static func priority(_ p: TicketPriority, width: Int) -> String {
        guard width < 6 else { return p.rawValue }
        switch p {
        case .urgent: return "urg!"
        case .normal: return "norm"
        default: return p.rawValue
        }
    }

    /// The fields of the columns that are shown.
    static func fields(_ all: [String], widths: [Int]) -> [String] { zip(all, widths).filter { $0.1 > 0 }.map(\.0) }

    /// Time left to the SLA due time ("3h", "45m"), or how long it is overdue ("-2h").
    static func slaText(_ due: Date, now: Date) -> String {
        let left = due.timeIntervalSince(now)
        let text = TicketTable.age(now.addingTimeInterval(-abs(left)), now: now)
        return left < 0 ? "-" + text : text
    }

    static func drawRow(
        _ fields: [String], widths all: [Int], row: Int, col: Int, into screen: inout Screen, style: Style
    ) {
        let widths = all.filter { $0 > 0 }
        var c = col
        for (i, field) in fields.enumerated() {
            let w = widths[i]
            let text =
                i == fields.count - 1
                ? String(repeating: " ", count: max(0, w - DisplayWidth.of(field))) + field : field
            screen.putFitted(text, row: row, col: c, width: w, style: style)
            c += w
            if i < fields.count - 1 {
                screen.putFitted(" ", row: row, col: c, width: 1, style: style)
                c += 1
            }
        }
    }

    static func roleFor(_ t: TicketSummary) -> ColorRole {
        switch t.priority {
        case .urgent, .high: .warning
        default: t.status == .pending || t.status == .solved || t.status == .closed ? .muted : .normal
        }
    }
}
