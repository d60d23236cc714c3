import Foundation
import InboxCore

/// The ticket list: #id, status, priority, customer, subject, age.
///
/// Draws only the loaded rows.
public enum TicketListView {
    /// Drawn in the first column of a marked row.
    public static let markGlyph = "*"
    /// Drawn in the first column of a ticket that changed since the agent last looked.
    public static let updatedGlyph = "+"

    public static func draw(
        _ list: ListState, into screen: inout Screen, rect: Rect, now: Date = Date(),
        emptyText: String = "No tickets here.", marks: Set<Int64> = [], updated: Set<Int64> = [], failed: Set<Int64> = []
    ) {
        guard rect.cols > 0, rect.rows > 0 else { return }
        screen.fill(rect)
        let columns = widths(rect.cols)
        drawRow(
            fields([" #", "STATUS", "PRIO", "SLA", "CUSTOMER", "SUBJECT", "ASSIGNEE", "AGE"], widths: columns), widths: columns,
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
            var subject = t.subject
            if !t.tags.isEmpty { subject += "  [" + t.tags.joined(separator: ",") + "]" }
            // Back from snooze (docs/rules.md): marked until it is snoozed again.
            if let woke = t.snoozeWoke { subject = "(back: \(woke == "reply" ? "customer replied" : "snooze over")) " + subject }
            // A reply the outbox gave up on: marked until it is resent or discarded (:outbox).
            if failed.contains(t.id) { subject = "✗ not delivered · " + subject }
            let selected = index == list.selected
            let marked = marks.contains(t.id)
            var style = Style(role: failed.contains(t.id) ? .warning : roleFor(t))
            if selected { style = Style(reverse: true, role: .selection) }
            let changed = updated.contains(t.id)
            if t.status == "new" || marked || changed { style.bold = true }
            let row = rect.row + 1 + r
            drawRow(
                fields(
                    [
                        (marked ? markGlyph : changed ? updatedGlyph : " ") + "#\(t.id)", t.status, t.priority, "", customer, subject, t.assignee ?? "",
                        TicketTable.age(t.updatedAt, now: now),
                    ], widths: columns),
                widths: columns, row: row, col: rect.col, into: &screen, style: style)
            // The SLA cell keeps its own colour (red when breaching) even on the selected row.
            if columns[3] > 0, let due = t.slaDue {
                let breaching = t.slaWarnAt.map { $0 <= now } ?? (due <= now)
                var sla = style
                if breaching {
                    sla.role = .warning
                    sla.bold = true
                    if selected { sla.reverse = false }
                }
                screen.putFitted(slaText(due, now: now), row: row, col: rect.col + columns[0] + columns[1] + columns[2] + 3, width: columns[3], style: sla)
            }
        }
    }

    /// Column widths: mark and id, status, priority, SLA, customer, subject, assignee, age. The
    /// SLA and assignee columns appear when the list is wide enough (0 = left out); the subject
    /// takes what is left.
    static func widths(_ total: Int) -> [Int] {
        let sla = total >= 88 ? 6 : 0
        let assignee = total >= 95 ? 10 : 0
        let customer = assignee > 0 ? 18 : total >= 90 ? 22 : total >= 70 ? 16 : 12
        var columns = [7, 8, 6, sla, customer, 0, assignee, 4]
        let used = columns.reduce(0, +) + columns.filter { $0 > 0 }.count - 1
        columns[5] = max(4, total - used - 1)
        return columns
    }

    /// The fields of the columns that are shown.
    static func fields(_ all: [String], widths: [Int]) -> [String] { zip(all, widths).filter { $0.1 > 0 }.map(\.0) }

    /// Time left to the SLA due time ("3h", "45m"), or how long it is overdue ("-2h").
    static func slaText(_ due: Date, now: Date) -> String {
        let left = due.timeIntervalSince(now)
        let text = TicketTable.age(now.addingTimeInterval(-abs(left)), now: now)
        return left < 0 ? "-" + text : text
    }

    static func drawRow(_ fields: [String], widths all: [Int], row: Int, col: Int, into screen: inout Screen, style: Style)
    {
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
        case "urgent", "high": .warning
        default: t.status == "pending" || t.status == "solved" || t.status == "closed" ? .muted : .normal
        }
    }
}
