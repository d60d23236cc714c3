import Foundation

/// The `k` panel beside the draft: suggested articles, the customer's language first, and the
/// selected one's text.
public enum KBPanel {
    public static func draw(_ p: KBPickerState, into screen: inout Screen, rect: Rect) {
        guard rect.rows > 0, rect.cols > 4 else { return }
        screen.fill(rect)
        screen.putFitted(
            "Articles — Enter link · T text · Esc closes", row: rect.row, col: rect.col, width: rect.cols,
            style: Style(bold: true, reverse: true, role: .header))
        guard rect.rows > 1 else { return }
        if p.items.isEmpty {
            let text =
                p.empty ? "No articles in \(p.folder) (see docs/kb.md)" : "No article matches the customer's message"
            var row = rect.row + 1
            for l in ComposeView.wrapped(text, width: rect.cols) where row < rect.row + rect.rows {
                screen.putFitted(l, row: row, col: rect.col, width: rect.cols, style: Style(dim: true))
                row += 1
            }
            return
        }
        let listRows = max(1, min(p.items.count, (rect.rows - 1) / 2))
        let top = max(0, p.selected - listRows + 1)
        for (r, i) in (top..<min(p.items.count, top + listRows)).enumerated() {
            let s = p.items[i].suggestion
            let selected = i == p.selected
            screen.putFitted(
                (selected ? "▶ " : "  ") + s.title + " (\(s.language))", row: rect.row + 1 + r, col: rect.col,
                width: rect.cols, style: selected ? Style(reverse: true, role: .selection) : .plain)
        }
        guard let item = p.current else { return }
        var row = rect.row + 1 + listRows
        let last = rect.row + rect.rows
        if row < last {
            screen.putFitted(
                String(repeating: "─", count: rect.cols), row: row, col: rect.col, width: rect.cols,
                style: Style(dim: true, role: .muted))
            row += 1
        }
        // The link wraps rather than being cut: it is what Enter inserts.
        for l in ComposeView.wrapped(item.suggestion.url, width: rect.cols) where row < last {
            screen.putFitted(l, row: row, col: rect.col, width: rect.cols, style: Style(role: .accent))
            row += 1
        }
        for l in ComposeView.wrapped(item.text, width: rect.cols) where row < last {
            screen.putFitted(l, row: row, col: rect.col, width: rect.cols)
            row += 1
        }
    }
}
