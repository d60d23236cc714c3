/// The queues and views with their counts.
public enum Sidebar {
    public static func draw(_ items: [SidebarItem], selected: Int, into screen: inout Screen, rect: Rect) {
        guard rect.cols > 0, rect.rows > 0 else { return }
        screen.fill(rect)
        screen.putFitted(
            "Views", row: rect.row, col: rect.col, width: rect.cols, style: Style(bold: true, role: .header))
        var row = rect.row + 1
        var queuesTitled = false
        for (i, item) in items.enumerated() {
            if item.isQueue && !queuesTitled {
                queuesTitled = true
                row += 1
                guard row < rect.row + rect.rows else { return }
                screen.putFitted(
                    "Queues", row: row, col: rect.col, width: rect.cols, style: Style(bold: true, role: .header))
                row += 1
            }
            guard row < rect.row + rect.rows else { return }
            let count = String(item.count)
            let nameWidth = max(1, rect.cols - 2 - count.count - 1)
            let style =
                i == selected ? Style(reverse: true, role: .selection) : Style(role: item.count == 0 ? .muted : .normal)
            screen.putFitted(" " + item.title, row: row, col: rect.col, width: nameWidth + 1, style: style)
            screen.putFitted(
                String(repeating: " ", count: max(0, rect.cols - nameWidth - 1 - count.count)) + count, row: row,
                col: rect.col + nameWidth + 1, width: rect.cols - nameWidth - 1, style: style)
            row += 1
        }
    }
}
