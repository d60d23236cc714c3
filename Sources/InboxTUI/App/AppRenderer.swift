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
            if state.currentSource == .quarantine {
                QuarantineView.draw(state.quarantine, into: &screen, rect: layout.body, now: now)
            } else {
                TicketListView.draw(
                    state.list, into: &screen, rect: layout.body, now: now, emptyText: "No tickets here.",
                    marks: state.marks,
                    updated: state.updates.updated(in: state.list.rows), failed: state.failedTickets)
            }
        case .conversation:
            if let compose = state.compose {
                ComposeView.draw(compose, into: &screen, rect: layout.body)
            } else if let c = state.conversation {
                ConversationView.draw(c, into: &screen, rect: layout.body, now: now, agent: state.agent)
                if let offer = state.draftOffer, offer.ticketID == c.detail.ticket.id, layout.body.rows > 2 {
                    screen.putFitted(
                        offer.line(), row: layout.body.row + layout.body.rows - 1, col: layout.body.col,
                        width: ConversationView.textWidth(c.detail, cols: layout.body.cols),
                        style: Style(bold: true, role: .accent))
                }
            }
        }
        if state.mode == .list, let outbox = state.outboxScreen {
            OutboxView.draw(
                outbox, into: &screen, rect: Rect(row: 0, col: 0, rows: state.rows - 1, cols: state.cols), now: now)
        }
        if state.mode == .list, let report = state.report {
            ReportView.draw(
                report, into: &screen, rect: Rect(row: 0, col: 0, rows: state.rows - 1, cols: state.cols), now: now)
        }
        if let pane = state.review { ReviewPaneView.draw(pane, into: &screen, rect: layout.reviewPane) }
        StatusLine.draw(state, into: &screen, rect: layout.status)
        if state.showHelp {
            HelpOverlay.draw(
                keyMap, into: &screen, rect: Rect(row: 0, col: 0, rows: state.rows - 1, cols: state.cols),
                scroll: state.helpScroll)
        }
        return screen
    }
}
