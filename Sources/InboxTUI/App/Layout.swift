/// Where each part of the TUI goes at a given terminal size.
public struct Layout: Equatable, Sendable {
    public var rows: Int
    public var cols: Int

    public init(rows: Int, cols: Int) {
        self.rows = max(1, rows)
        self.cols = max(1, cols)
    }

    /// The sidebar hides on narrow terminals (under 72 columns); the status line names the queue.
    public var sidebarWidth: Int { cols < 72 ? 0 : min(24, max(14, cols / 5)) }
    public var sidebar: Rect { Rect(row: 0, col: 0, rows: rows - 1, cols: sidebarWidth) }
    /// The list or the conversation, right of the sidebar and its separator.
    public var body: Rect {
        let left = sidebarWidth == 0 ? 0 : sidebarWidth + 1
        return Rect(row: 0, col: left, rows: rows - 1, cols: cols - left)
    }
    public var status: Rect { Rect(row: rows - 1, col: 0, rows: 1, cols: cols) }
    /// Ticket rows on screen (the list has a header line).
    public var listRows: Int { max(1, body.rows - 1) }
}
