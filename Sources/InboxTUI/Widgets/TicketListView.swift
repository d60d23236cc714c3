import Foundation
import InboxCore

/// The ticket list: #id, status, priority, customer, subject, age.
///
/// Draws only the loaded rows.
public enum TicketListView {
    /// Drawn in the first column of a marked row.
    public static let markGlyph = "*"

    public static func draw(
        _ list: ListState, into screen: inout Screen, rect: Rect, now: Date = Date(),
        emptyText: String = "No tickets here.", marks: Set<Int64> = []
    ) {
        guard rect.cols > 0, rect.rows > 0 else { return }
        screen.fill(rect)
        let columns = widths(rect.cols)
        drawRow(
            [" #", "STATUS", "PRIO", "CUSTOMER", "SUBJECT", "AGE"], widths: columns, row: rect.row, col: rect.col,
            into: &screen, style: Style(bold: true, underline: true, role: .header))
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
            let selected = index == list.selected
            let marked = marks.contains(t.id)
            var style = Style(role: roleFor(t))
            if selected { style = Style(reverse: true, role: .selection) }
            if t.status == "new" || marked { style.bold = true }
            drawRow(
                [(marked ? markGlyph : " ") + "#\(t.id)", t.status, t.priority, customer, subject, TicketTable.age(t.updatedAt, now: now)],
                widths: columns,
                row: rect.row + 1 + r, col: rect.col, into: &screen, style: style)
        }
    }

    /// Column widths; the subject takes what is left.
    static func widths(_ total: Int) -> [Int] {
        let customer = total >= 90 ? 22 : total >= 70 ? 16 : 12
        // The first column is the mark (`*`) and the id.
        let fixed = [7, 8, 6, customer, 0, 4]
        let gaps = fixed.count - 1
        let subject = max(4, total - fixed.reduce(0, +) - gaps)
        return [7, 8, 6, customer, subject, 4]
    }

    static func drawRow(_ fields: [String], widths: [Int], row: Int, col: Int, into screen: inout Screen, style: Style)
    {
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
