/// The review pane of `inbox review`: the rubric with a score per criterion, and the note
/// (with `note`, the note line being typed: ``Overlay/note(_:)``).
public enum ReviewPaneView {
    public static func draw(_ pane: ReviewPane, note: LineEditor? = nil, into screen: inout Screen, rect: Rect) {
        guard rect.rows > 0, rect.cols > 0 else { return }
        screen.fill(rect)
        let titleStyle = Style(bold: true, reverse: true, role: .header)
        let title =
            pane.ticket.map {
                " Review of #\($0) by \(pane.reviewer)" + (pane.customer.map { " · customer \($0.score)/5" } ?? "")
                    + " · 1–5 score · 0 clear · Tab next · e note "
            }
            ?? " Review · no ticket selected "
        screen.putFitted(title, row: rect.row, col: rect.col, width: rect.cols, style: titleStyle)
        let nameWidth = min(24, (pane.rubric.map(\.count).max() ?? 8) + 1)
        for (i, criterion) in pane.rubric.enumerated() where i + 1 < rect.rows {
            let selected = i == pane.criterion
            let score = pane.scores[criterion]
            let dots = (1...5).map { n in score.map { n <= $0 ? "■" : "□" } ?? "·" }.joined(separator: " ")
            let line =
                (selected ? "▸ " : "  ") + DisplayWidth.fit(criterion, nameWidth) + " " + dots + "  "
                + (score.map { "\($0)/5" } ?? "–")
            screen.putFitted(
                line, row: rect.row + 1 + i, col: rect.col, width: rect.cols,
                style: selected ? Style(bold: true, role: .accent) : .plain)
        }
        let noteRow = rect.row + 1 + pane.rubric.count
        if noteRow < rect.row + rect.rows {
            if let editor = note {
                let label = "Note (Enter saves, Esc cancels): "
                let labelWidth = min(rect.cols, DisplayWidth.of(label))
                let shown = editor.visible(width: rect.cols - labelWidth)
                screen.putFitted(
                    label + shown.text, row: noteRow, col: rect.col, width: rect.cols, style: Style(reverse: true))
                screen.cursor = ScreenPoint(row: noteRow, col: rect.col + labelWidth + shown.cursorColumn)
            } else {
                let text = "Note: " + (pane.notes.isEmpty ? "(none — press e)" : pane.notes)
                screen.putFitted(text, row: noteRow, col: rect.col, width: rect.cols, style: Style(role: .muted))
            }
        }
    }
}
