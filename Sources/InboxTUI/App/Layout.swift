/// Where each part of the TUI goes at a given terminal size.
public struct Layout: Equatable, Sendable {
    public var rows: Int
    public var cols: Int
    /// Rows of the review pane under the list or conversation (0 outside `inbox review`).
    public var reviewRows: Int

    public init(rows: Int, cols: Int, reviewRows: Int = 0) {
        self.rows = max(1, rows)
        self.cols = max(1, cols)
        self.reviewRows = max(0, min(reviewRows, self.rows / 2))
    }

    /// The sidebar hides on narrow terminals (under 72 columns); the status line names the queue.
    public var sidebarWidth: Int { cols < 72 ? 0 : min(24, max(14, cols / 5)) }
    public var sidebar: Rect { Rect(row: 0, col: 0, rows: rows - 1, cols: sidebarWidth) }
    /// The list or the conversation, right of the sidebar and its separator.
    public var body: Rect {
        let left = sidebarWidth == 0 ? 0 : sidebarWidth + 1
        return Rect(row: 0, col: left, rows: rows - 1 - reviewRows, cols: cols - left)
    }
    /// The review pane, under the body and as wide.
    public var reviewPane: Rect {
        let b = body
        return Rect(row: b.row + b.rows, col: b.col, rows: reviewRows, cols: b.cols)
    }
    public var status: Rect { Rect(row: rows - 1, col: 0, rows: 1, cols: cols) }
    /// Ticket rows on screen (the list has a header line).
    public var listRows: Int { max(1, body.rows - 1) }
}
