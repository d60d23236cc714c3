import Foundation

/// Draws the whole TUI for a state: a pure function, so tests read the result as text.
public enum AppRenderer {
    public static func render(_ state: AppState, keyMap: KeyMap = .standard, now: Date = Date()) -> Screen {
        var screen = Screen(rows: state.rows, cols: state.cols)
        let layout = state.layout
        if layout.sidebarWidth > 0 {
            Sidebar.draw(state.sidebar, selected: state.sidebarIndex, into: &screen, rect: layout.sidebar)
            for r in 0..<layout.sidebar.rows {
                screen.put("│", row: r, col: layout.sidebarWidth, style: Style(dim: true, role: .muted))
            }
        }
        switch state.mode {
        case .list:
            let empty =
                state.currentSource == .quarantine
                ? "Quarantined mail (auto-replies, bounces) opened no ticket; listing it here is not built yet."
                : "No tickets here."
            TicketListView.draw(state.list, into: &screen, rect: layout.body, now: now, emptyText: empty, marks: state.marks)
        case .conversation:
            if let c = state.conversation {
                ConversationView.draw(c, into: &screen, rect: layout.body, now: now, agent: state.agent)
            }
        }
        if let pane = state.review { ReviewPaneView.draw(pane, into: &screen, rect: layout.reviewPane) }
        StatusLine.draw(state, into: &screen, rect: layout.status)
        if state.showHelp {
            HelpOverlay.draw(keyMap, scroll: state.helpScroll, into: &screen, rect: Rect(row: 0, col: 0, rows: state.rows - 1, cols: state.cols))
        }
        return screen
    }
}
