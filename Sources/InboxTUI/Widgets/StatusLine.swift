import InboxCore

/// The bottom line: mode, where we are, counts and the last message; or the `:` line.
public enum StatusLine {
    public static func draw(_ state: AppState, into screen: inout Screen, rect: Rect) {
        guard rect.cols > 0, rect.rows > 0 else { return }
        if case .line(let prompt, let editor) = state.overlay {
            screen.fill(rect)
            let promptWidth = screen.put(prompt.rawValue, row: rect.row, col: rect.col, maxWidth: rect.cols)
            let shown = editor.visible(width: rect.cols - promptWidth)
            let used =
                promptWidth
                + screen.put(shown.text, row: rect.row, col: rect.col + promptWidth, maxWidth: rect.cols - promptWidth)
            screen.cursor = ScreenPoint(row: rect.row, col: rect.col + promptWidth + shown.cursorColumn)
            // `\\` opens empty: the filter in force is shown beside it (Enter on an empty line clears it).
            if case .filter = prompt, editor.isEmpty, let current = state.filter, used + 4 < rect.cols {
                screen.put(
                    "  now: \(current) (Enter on an empty line clears it)", row: rect.row, col: rect.col + used,
                    maxWidth: rect.cols - used - 1, style: Style(dim: true, role: .muted))
            }
            if !state.history.candidates.isEmpty, used + 4 < rect.cols {
                screen.put(
                    "  " + state.history.candidates.joined(separator: " "), row: rect.row, col: rect.col + used,
                    maxWidth: rect.cols - used - 1, style: Style(dim: true, role: .muted))
            }
            return
        }
        let style = Style(reverse: true, role: .statusBar)
        var left = " \(state.review != nil ? "REVIEW " : "")\(state.mode.label)"
        // The report and the outbox are not the list: its view, filter and row count are not theirs.
        if case .report(let r) = state.mode {
            left += " │ \(r.length.rawValue) \(r.offset == 0 ? "(current)" : "(\(-r.offset) back)")"
        } else if case .outbox(let o) = state.mode {
            left += o.rows.isEmpty ? " │ empty" : " │ \(o.selected + 1)/\(o.rows.count)"
        } else {
            left += " │ \(state.currentTitle)"
            if let filter = state.filter { left += " \\ \(filter)" }
        }
        switch state.mode {
        case .report, .outbox: break
        case .list:
            if state.currentSource == .quarantine {
                let q = state.quarantine
                left += q.items.isEmpty ? " │ empty" : " │ \(q.selected + 1)/\(q.items.count) held"
            } else {
                left += state.list.total == 0 ? " │ 0 tickets" : " │ \(state.list.selected + 1)/\(state.list.total)"
            }
            if let marked = state.marksLabel { left += " │ \(marked)" }
        case .conversation(let c, _, _):
            left +=
                " │ #\(c.detail.ticket.id) │ \(c.detail.messages.count) message\(c.detail.messages.count == 1 ? "" : "s")"
            if c.showQuotes { left += " │ quotes shown" }
            if c.showReasons { left += " │ reasons shown" }
        }
        var right = (state.message ?? "? help  : command") + " "
        // The undo key stays in sight while the reply can still be taken back.
        if let u = state.undoSend, u.secondsLeft > 0 { right = "u undo send (\(u.secondsLeft) s) │ " + right }
        screen.fill(rect, style: style)
        let leftWidth = DisplayWidth.of(TerminalText.sanitize(left))
        let rightWidth = DisplayWidth.of(TerminalText.sanitize(right))
        screen.put(left, row: rect.row, col: rect.col, maxWidth: rect.cols, style: style)
        if leftWidth + 2 + rightWidth <= rect.cols {
            screen.put(right, row: rect.row, col: rect.col + rect.cols - rightWidth, style: style)
        } else if leftWidth + 2 < rect.cols, state.message != nil {
            screen.putFitted(
                right, row: rect.row, col: rect.col + leftWidth + 2, width: rect.cols - leftWidth - 2, style: style)
        }
    }
}
