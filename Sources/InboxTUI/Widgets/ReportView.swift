import Foundation
import InboxCore

/// Draws the `:report` screen: the text report's lines with the selected number in reverse,
/// or the list of tickets behind it, and a key hint on the last row.
public enum ReportView {
    public static func draw(_ state: ReportScreenState, into screen: inout Screen, rect: Rect, now: Date = Date()) {
        screen.fill(rect)
        guard rect.rows > 1 else { return }
        let hintRow = rect.row + rect.rows - 1
        let page = rect.rows - 1
        if let d = state.drill {
            screen.putFitted(
                " \(d.title) — \(d.rows.count) ticket\(d.rows.count == 1 ? "" : "s")", row: rect.row, col: rect.col,
                width: rect.cols, style: Style(bold: true, role: .header))
            var list = ListState()
            list.total = d.rows.count
            list.rows = d.rows
            list.visibleRows = max(1, page - 2)
            list.selected = d.selected
            list.top = d.top
            list.scrollToSelection()
            TicketListView.draw(
                list, into: &screen, rect: Rect(row: rect.row + 1, col: rect.col, rows: page - 1, cols: rect.cols),
                now: now, emptyText: "No tickets.")
            screen.putFitted(
                " Enter open · j/k move · q back to the report", row: hintRow, col: rect.col, width: rect.cols,
                style: Style(dim: true, role: .muted))
            return
        }
        if let error = state.error {
            screen.put(error, row: rect.row, col: rect.col + 1, maxWidth: rect.cols - 2, style: Style(role: .warning))
        }
        for (i, line) in state.lines.dropFirst(state.scroll).prefix(page).enumerated() {
            let index = state.scroll + i
            let style: Style =
                index == state.selected && line.drill != nil
                ? Style(reverse: true, role: .selection)
                : line.kind == .title
                    ? Style(bold: true, role: .header)
                    : line.kind == .heading ? Style(bold: true, role: .accent) : .plain
            if index == state.selected && line.drill != nil {
                screen.putFitted(
                    line.text, row: rect.row + i, col: rect.col, width: min(rect.cols, max(line.text.count, 40)),
                    style: style)
            } else {
                screen.put(line.text, row: rect.row + i, col: rect.col, maxWidth: rect.cols, style: style)
            }
        }
        let period = "\(state.length.rawValue)\(state.offset == 0 ? " (current)" : " \(state.offset)")"
        screen.putFitted(
            " \(period) · [ ] previous/next · w m Q week/month/quarter · j/k select · Enter tickets · q back",
            row: hintRow, col: rect.col, width: rect.cols, style: Style(dim: true, role: .muted))
    }
}
