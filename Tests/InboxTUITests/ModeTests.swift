import Foundation
import InboxCore
import Testing

@testable import InboxTUI

/// What the screen is lives in one `Mode` and one `Overlay` (docs/architecture.md, "The TUI's
/// modes"): these check the transitions between them and that the accessors only read them.
@Suite struct ModeTests {
    @Test func aTicketOpenedFromTheOutboxGoesBackToIt() {
        let app = AppController(data: FakeData(ReducerTests.many(5)), rows: 12, cols: 100)
        type(app, ":outbox")
        guard case .outbox = app.state.mode else {
            Issue.record("`:outbox` shows the outbox, not \(app.state.mode)")
            return
        }
        type(app, ":3")
        guard case .conversation(let c, compose: nil, back: .outbox) = app.state.mode else {
            Issue.record("`:3` opens #3 over the outbox, not \(app.state.mode)")
            return
        }
        #expect(c.detail.ticket.id == 3 && app.state.outboxScreen != nil)
        #expect(app.screen(now: Fixture.now).text().contains("TICKET │"))
        app.handle(.char("q"))
        if case .outbox = app.state.mode {} else { Issue.record("q goes back to the outbox, not \(app.state.mode)") }
        app.handle(.char("q"))
        #expect(app.state.mode == .list && app.state.outboxScreen == nil && app.running)
    }

    @Test func theHelpAndTheLineAreOneOverlay() {
        let app = AppController(data: FakeData(ReducerTests.many(5)), rows: 12, cols: 100)
        app.handle(.enter)
        let open = app.state.conversation
        app.handle(.char("?"))
        #expect(app.state.overlay == .help(scroll: 0) && app.state.conversation == open)
        app.handle(.char("j"))
        #expect(app.state.overlay == .help(scroll: 1), "j scrolls the help, not the ticket under it")
        #expect(app.state.conversation?.scroll == open?.scroll)
        // `:` over the help closes it: one overlay at a time.
        app.handle(.char(":"))
        #expect(app.state.overlay == .line(.command, LineEditor("")) && !app.state.showHelp)
        app.handle(.escape)
        #expect(app.state.overlay == .none && app.state.mode.isConversation)
        // The search line keeps its prompt until Enter reads it.
        app.handle(.char("q"))
        app.handle(.char("/"))
        #expect(app.state.prompt == .search)
        type(app, "Ticket 2")
        #expect(app.state.overlay == .none && app.state.lastSearch == "Ticket 2")
    }

    @Test func aComposeExistsOnlyOnAnOpenTicket() {
        var state = AppState(rows: 24, cols: 100)
        let t = Fixture.ticket(7, subject: "Zwrot", customer: "Łucja", queue: "Returns", age: 60)
        state.compose = ComposeState(ticketID: 7, kind: .reply, stage: .review)
        #expect(state.compose == nil && state.mode == .list, "without a ticket there is nothing to write on")
        state.show(Fixture.detail(t, []))
        state.compose = ComposeState(ticketID: 7, kind: .reply, stage: .review)
        #expect(state.compose?.ticketID == 7)
        // Leaving the ticket leaves its compose with it.
        state.conversation = nil
        #expect(state.mode == .list && state.compose == nil)
    }

    private func type(_ app: AppController, _ text: String) {
        for ch in text { app.handle(.char(ch)) }
        app.handle(.enter)
    }
}
