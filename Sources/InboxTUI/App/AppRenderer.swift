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
        case .list: drawList(state, into: &screen, now: now)
        case .conversation(_, let compose?, _):
            ComposeView.draw(compose, into: &screen, rect: layout.body)
        case .conversation(let c, nil, _):
            ConversationView.draw(c, into: &screen, rect: layout.body, now: now, agent: state.agent)
            if let offer = c.draftOffer, offer.ticketID == c.detail.ticket.id, layout.body.rows > 2 {
                screen.putFitted(
                    offer.line(), row: layout.body.row + layout.body.rows - 1, col: layout.body.col,
                    width: ConversationView.textWidth(c.detail, cols: layout.body.cols),
                    style: Style(bold: true, role: .accent))
            }
        case .outbox(let outbox):
            // The outbox and the report cover the list (drawn first, as the sidebar is) but the status line.
            drawList(state, into: &screen, now: now)
            OutboxView.draw(
                outbox, into: &screen, rect: Rect(row: 0, col: 0, rows: state.rows - 1, cols: state.cols), now: now)
        case .report(let report):
            drawList(state, into: &screen, now: now)
            ReportView.draw(
                report, into: &screen, rect: Rect(row: 0, col: 0, rows: state.rows - 1, cols: state.cols), now: now)
        }
        if let pane = state.review {
            ReviewPaneView.draw(pane, note: state.noteEditor, into: &screen, rect: layout.reviewPane)
        }
        StatusLine.draw(state, into: &screen, rect: layout.status)
        if case .help(let scroll) = state.overlay {
            HelpOverlay.draw(
                keyMap, into: &screen, rect: Rect(row: 0, col: 0, rows: state.rows - 1, cols: state.cols),
                scroll: scroll)
        }
        return screen
    }

    /// The current source's tickets, or the held messages when it is the Quarantine.
    private static func drawList(_ state: AppState, into screen: inout Screen, now: Date) {
        let layout = state.layout
        if state.currentSource == .quarantine {
            QuarantineView.draw(state.quarantine, into: &screen, rect: layout.body, now: now)
        } else {
            TicketListView.draw(
                state.list, into: &screen, rect: layout.body, now: now, emptyText: "No tickets here.",
                marks: state.marks,
                updated: state.updates.updated(in: state.list.rows), failed: state.failedTickets)
        }
    }
}
