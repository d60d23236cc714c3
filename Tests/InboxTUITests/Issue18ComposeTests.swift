import Foundation
import InboxCore
import InboxMail
import InboxTestSupport
import Testing

@testable import InboxTUI

/// Issue 18 in the TUI: `r` moves a new ticket to open (item 1), the picker marks a template in
/// another language than the customer's (item 10), and "overdue by" is one figure (item 3).
@Suite(.serialized) struct Issue18ComposeTests {
    @Test(arguments: EngineStore.engines) func theInlineReplyMovesNewToOpenOnce(_ engine: StoreEngineKind) throws {
        let (c, db, dir) = try ComposeTests.setUp(engine)
        defer { withExtendedLifetime(dir) {} }
        let id = try ComposeTests.ticket(db, subject: "Refund please")
        #expect(try db.ticketDetail(id).ticket.status == .new)
        ComposeTests.open(c, id)
        ComposeTests.write(c, "r", "Hi Bob, done.")
        c.handle(.char("y"))
        let detail = try db.ticketDetail(id)
        #expect(detail.ticket.status == .open)
        #expect(
            detail.events.filter { $0.kind == "status" }.map { "\($0.old ?? "") → \($0.new ?? "")" } == ["new → open"])
    }

    @Test(arguments: EngineStore.engines) func thePickerMarksAVariantInAnotherLanguage(_ engine: StoreEngineKind) throws
    {
        let (c, db, dir) = try ComposeTests.setUp(engine)
        defer { withExtendedLifetime(dir) {} }
        let id = try ComposeTests.ticket(db, subject: "Gdzie jest paczka?")
        try db.updateCustomer(address: "zofia@example.pl", field: "language", value: "pl", actor: "Ada Lindqvist")
        ComposeTests.open(c, id)
        c.handle(.char("t"))
        let picker = try #require(c.state.compose?.picker)
        #expect(picker.all.first?.name == "shipped")
        #expect(picker.all.first?.isLanguageFallback == false)
        #expect(picker.all.filter(\.isLanguageFallback).map(\.name).sorted() == ["refund-started", "welcome"])
        ComposeTests.type(c, "refund")
        let text = c.screen().text()
        #expect(text.contains("▶ ⚠ refund-started (en ≠ customer pl)"))
        #expect(text.contains("⚠ No pl variant: this is the en text, and the customer writes pl"))
        // The customer's own language is not marked.
        c.handle(.escape)
        c.handle(.char("t"))
        ComposeTests.type(c, "shp")
        #expect(c.screen().text().contains("▶ shipped (pl) shipping"))
    }

    @Test func overdueByReadsTheSameRunningAndPaused() throws {
        let (a, b, now) = try StoreFixture.overdueResolutionClocks()
        let runningText = SLAText.clock(a, now: now)
        let pausedText = SLAText.clock(b, now: now)
        #expect(runningText == "resolution overdue by 16d 22h")
        #expect(pausedText == "resolution paused, overdue by 16d 22h")
    }
}
