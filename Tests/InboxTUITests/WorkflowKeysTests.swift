import Foundation
import InboxCore
import InboxTestSupport
import Testing

@testable import InboxTUI

/// The ticket-changing keys (`s` `a` `A` `p` `+` `-` `u`), presence and the customer pane,
/// against a real store on each engine.
@Suite struct WorkflowKeysTests {
    func makeController(_ engine: StoreEngineKind, agent: String = "ada", cols: Int = 130) throws -> (
        AppController, AppDatabase
    ) {
        let config = InboxConfig(queue: [.init(name: "Support", addresses: ["support@shop.example"], default: true)])
        let db = try StoreFixture.database(engine, config)
        func msg(_ id: String, from: String, subject: String, text: String, minutes: Double) -> IncomingMessage {
            let p = ParsedMessage(
                messageID: id, from: MailAddress(name: nil, address: from),
                to: [MailAddress(address: "support@shop.example")],
                date: Date().addingTimeInterval(-3600 + minutes * 60), subject: subject, text: text)
            let raw = Array("Message-ID: \(id)\n\n\(text)".utf8)
            return IncomingMessage(raw: raw, sha256: RawDigest.sha256Hex(raw), parsed: p, source: "test")
        }
        _ = try db.ingest(
            [
                msg(
                    "a@x", from: "ayse@example.com", subject: "Kargom nerede?",
                    text: "Merhaba, siparişim hala gelmedi. Lütfen yardım edin.", minutes: 0),
                msg(
                    "b@x", from: "ola@example.no", subject: "Pakken", text: "Hei, jeg har ikke fått pakken ennå.",
                    minutes: 1),
            ], config: config)
        let data = DatabaseDataSource(db, agent: agent, config: config)
        return (AppController(data: data, rows: 30, cols: cols), db)
    }

    func type(_ c: AppController, _ text: String) {
        for ch in text { c.handle(.char(ch)) }
        c.handle(.enter)
    }

    @Test(arguments: EngineStore.engines) func keysChangeTheSelectedTicketAndUndoReverts(_ engine: StoreEngineKind)
        throws
    {
        let (c, db) = try makeController(engine)
        let id = try #require(c.state.list.selectedTicket?.id)
        c.handle(.char("A"))
        #expect(try db.ticketDetail(id).ticket.assignee == "ada")
        #expect(c.state.message == "#\(id): assignee=ada")
        c.handle(.char("s"))
        #expect(c.state.commandLine == "status ")
        type(c, "pending")
        #expect(try db.ticketDetail(id).ticket.status == .pending)
        c.handle(.char("+"))
        type(c, "refund damaged")
        c.handle(.char("p"))
        type(c, "urgent")
        let t = try db.ticketDetail(id).ticket
        #expect(t.tags == ["damaged", "refund"] && t.priority == .urgent)
        // The selection follows the changed ticket even though it moved in the list.
        #expect(c.state.list.selectedTicket?.id == id)
        c.handle(.char("u"))
        #expect(try db.ticketDetail(id).ticket.priority == .normal)
        #expect(c.state.message?.hasPrefix("Undid the last change") == true)
        type(c, ":status later")
        #expect(c.state.message?.contains("Unknown status") == true)
        // Every change is in the audit log with the agent's name.
        #expect(try db.ticketDetail(id).events.filter { $0.actor == "ada" }.count >= 5)
    }

    @Test(arguments: EngineStore.engines) func anOpenTicketChangedElsewhereIsAConflictNotAnOverwrite(
        _ engine: StoreEngineKind
    ) throws {
        let (c, db) = try makeController(engine)
        c.handle(.enter)
        let id = try #require(c.state.conversation?.detail.ticket.id)
        // Presence: opening records us; the header and the pane show the customer.
        #expect(try db.presence(ticket: id).map(\.agent) == ["ada"])
        let screen = c.screen().text()
        #expect(screen.contains("Customer"))
        #expect(screen.contains("language: ") && screen.contains("first contact:"))
        // Bob (another process) assigns the ticket while Ada reads it.
        try db.update([id], [.assignee("bob")], actor: "bob")
        try db.touchPresence(ticket: id, agent: "bob", activity: .replying)
        c.handle(.char(":"))
        type(c, "assign ada")
        #expect(c.state.message?.contains("was changed by someone else") == true, "\(c.state.message ?? "")")
        #expect(try db.ticketDetail(id).ticket.assignee == "bob")
        // The reload after the conflict shows Bob's change and Bob's presence.
        let after = c.screen().text()
        #expect(after.contains("bob replying") && after.contains("· bob ·"))
        c.handle(.char("q"))
        #expect(try db.presence(ticket: id).map(\.agent) == ["bob"])
    }

    @Test(arguments: EngineStore.engines) func presenceExpiresThirtySecondsAfterTheLastHeartbeat(
        _ engine: StoreEngineKind
    ) throws {
        let (c, db) = try makeController(engine)
        c.handle(.enter)
        let id = try #require(c.state.conversation?.detail.ticket.id)
        // Bob's heartbeat 20 s ago: seen now, gone 31 s after it (margins of seconds, not a
        // race with a loaded machine).
        let heartbeat = Date().addingTimeInterval(-20)
        try db.touchPresence(ticket: id, agent: "bob", now: heartbeat)
        c.reload()
        #expect(c.screen().text().contains("bob viewing"))
        #expect(!c.screen(now: heartbeat.addingTimeInterval(31)).text().contains("bob viewing"))
        #expect(try db.presence(ticket: id, now: heartbeat.addingTimeInterval(31)).map(\.agent) == ["ada"])
    }

    @Test(arguments: EngineStore.engines) func mergeFromTheTicketAndUndo(_ engine: StoreEngineKind) throws {
        let (c, db) = try makeController(engine)
        c.handle(.enter)
        let id = try #require(c.state.conversation?.detail.ticket.id)
        let other: Int64 = id == 1001 ? 1002 : 1001
        c.handle(.char("m"))
        #expect(c.state.commandLine == "merge ")
        type(c, "#\(other)")
        #expect(
            c.state.message == "Merged #\(id) into #\(other) (u on #\(other) undoes it)", "\(c.state.message ?? "")")
        #expect(c.state.mode == .list)
        #expect(try db.ticketDetail(id).mergedInto == other)
        #expect(try db.ticketDetail(other).messages.count == 2)
        _ = try db.undo(ticket: other, actor: "ada")
        #expect(try db.ticketDetail(id).mergedInto == nil)
    }

    @Test func ticketCommandsParse() throws {
        #expect(try TicketAction.parse("status on_hold", agent: "ada") == [.status(.onHold)])
        #expect(try TicketAction.parse("assign me", agent: "ada") == [.assignee("ada")])
        #expect(try TicketAction.parse("unassign", agent: "ada") == [.assignee(nil)])
        #expect(try TicketAction.parse("set status=solved tag+=x", agent: "ada") == [.status(.solved), .addTag("x")])
        #expect(try TicketAction.parse("page-down", agent: "ada") == nil)
        #expect(throws: InboxError.self) { try TicketAction.parse("priority soon", agent: "ada") }
    }
}
