import Foundation
import InboxCore
import InboxTestSupport
import Testing

@testable import InboxTUI

/// `Space` marks tickets; triage commands then change the whole marked set, against a real
/// store on each engine.
@Suite struct MarksTests {
    func makeController(_ engine: StoreEngineKind) throws -> (AppController, AppDatabase, [Int64]) {
        let config = InboxConfig(queue: [.init(name: "Support", addresses: ["support@shop.example"], default: true)])
        let db = try StoreFixture.database(engine, config)
        func msg(_ id: String, from: String, subject: String, minutes: Double) -> IncomingMessage {
            let p = ParsedMessage(
                messageID: id, from: MailAddress(name: nil, address: from),
                to: [MailAddress(address: "support@shop.example")],
                date: Date().addingTimeInterval(-3600 + minutes * 60), subject: subject, text: "Hello")
            let raw = Array("Message-ID: \(id)\n\nHello \(id)".utf8)
            return IncomingMessage(raw: raw, sha256: RawDigest.sha256Hex(raw), parsed: p, source: "test")
        }
        _ = try db.ingest(
            [
                msg("a@x", from: "ayse@example.com", subject: "Kargom nerede?", minutes: 0),
                msg("b@x", from: "ola@example.no", subject: "Pakken", minutes: 1),
                msg("c@x", from: "lukasz@example.pl", subject: "Zwrot", minutes: 2),
            ], config: config)
        let c = AppController(data: DatabaseDataSource(db, agent: "ada", config: config), rows: 20, cols: 120)
        return (c, db, c.state.list.rows.map(\.id))
    }

    func type(_ c: AppController, _ text: String) {
        for ch in text { c.handle(.char(ch)) }
        c.handle(.enter)
    }

    @Test(arguments: EngineStore.engines) func spaceMarksMovesDownAndShowsTheCount(_ engine: StoreEngineKind) throws {
        let (c, _, ids) = try makeController(engine)
        #expect(ids.count == 3)
        c.handle(.char(" "))
        #expect(c.state.marks == [ids[0]])
        #expect(c.state.list.selected == 1)
        c.handle(.char(" "))
        #expect(c.state.marks == [ids[0], ids[1]])
        let screen = c.screen()
        #expect(screen.text().contains("LIST │ All tickets │ 3/3 │ 2 marked"))
        // The marker column: marked rows start with "*", the other does not.
        let body = c.state.layout.body
        #expect(screen.line(1).dropFirst(body.col).hasPrefix("*#\(ids[0])"))
        #expect(screen.line(2).dropFirst(body.col).hasPrefix("*#\(ids[1])"))
        #expect(screen.line(3).dropFirst(body.col).hasPrefix(" #\(ids[2])"))
        // Space on a marked ticket unmarks it.
        c.handle(.char("k"))
        c.handle(.char(" "))
        #expect(c.state.marks == [ids[0]])
        #expect(c.screen().text().contains("│ 1 marked"))
        c.run(.clearMarks)
        #expect(c.state.marks.isEmpty && !c.screen().text().contains("marked"))
    }

    @Test(arguments: EngineStore.engines) func triageAppliesToEveryMarkedTicketThenClearsTheMarks(
        _ engine: StoreEngineKind
    ) throws {
        let (c, db, ids) = try makeController(engine)
        c.handle(.char(" "))
        c.handle(.char("j"))
        c.handle(.char(" "))  // marks ids[0] and ids[2]
        #expect(c.state.marks == [ids[0], ids[2]])
        c.handle(.char("s"))
        type(c, "pending")
        #expect(try db.ticketDetail(ids[0]).ticket.status == .pending)
        #expect(try db.ticketDetail(ids[2]).ticket.status == .pending)
        #expect(try db.ticketDetail(ids[1]).ticket.status == .new)
        #expect(c.state.marks.isEmpty)
        #expect(c.state.message == "2 of 2 marked tickets changed: status=pending")

        // assign-me, assign, priority, tag and untag take the marked set too.
        func marked(_ keys: () -> Void) throws {
            for id in [ids[0], ids[1]] {
                let row = try #require(c.state.list.rows.firstIndex { $0.id == id })
                c.state.list.select(c.state.list.loadedOffset + row)
                c.handle(.char(" "))
            }
            #expect(c.state.marks.count == 2)
            keys()
            #expect(c.state.marks.isEmpty, "\(c.state.message ?? "")")
        }
        try marked { c.handle(.char("A")) }
        #expect(try [ids[0], ids[1]].allSatisfy { try db.ticketDetail($0).ticket.assignee == "ada" })
        #expect(try db.ticketDetail(ids[2]).ticket.assignee == nil)
        try marked {
            c.handle(.char("a"))
            type(c, "bob")
        }
        #expect(try [ids[0], ids[1]].allSatisfy { try db.ticketDetail($0).ticket.assignee == "bob" })
        try marked {
            c.handle(.char("p"))
            type(c, "urgent")
        }
        #expect(try [ids[0], ids[1]].allSatisfy { try db.ticketDetail($0).ticket.priority == .urgent })
        #expect(try db.ticketDetail(ids[2]).ticket.priority == .normal)
        try marked {
            c.handle(.char("+"))
            type(c, "vip refund")
        }
        #expect(try [ids[0], ids[1]].allSatisfy { try db.ticketDetail($0).ticket.tags == ["refund", "vip"] })
        try marked {
            c.handle(.char("-"))
            type(c, "vip")
        }
        #expect(try [ids[0], ids[1]].allSatisfy { try db.ticketDetail($0).ticket.tags == ["refund"] })
        #expect(try db.ticketDetail(ids[2]).ticket.tags == [])
    }

    @Test(arguments: EngineStore.engines) func aBadValueKeepsTheMarksAndTheOpenTicketIgnoresThem(
        _ engine: StoreEngineKind
    ) throws {
        let (c, db, ids) = try makeController(engine)
        c.handle(.char(" "))
        c.handle(.char("s"))
        type(c, "later")
        #expect(c.state.message?.contains("Unknown status") == true)
        #expect(c.state.marks == [ids[0]])
        // In the conversation, changes go to the open ticket only.
        c.handle(.enter)
        #expect(c.state.mode.isConversation)
        let open = try #require(c.state.conversation?.detail.ticket.id)
        c.handle(.char("p"))
        type(c, "high")
        #expect(try db.ticketDetail(open).ticket.priority == .high)
        #expect(try ids.filter { $0 != open }.allSatisfy { try db.ticketDetail($0).ticket.priority == .normal })
        #expect(c.state.marks == [ids[0]])
    }

    @Test(arguments: EngineStore.engines) func undoRightAfterAChangeOnMarksUndoesItOnEveryTicket(
        _ engine: StoreEngineKind
    ) throws {
        let (c, db, ids) = try makeController(engine)
        c.handle(.char(" "))
        c.handle(.char("j"))
        c.handle(.char(" "))  // marks ids[0] and ids[2]
        c.handle(.char("+"))
        type(c, "vip")
        #expect(try [ids[0], ids[2]].allSatisfy { try db.ticketDetail($0).ticket.tags == ["vip"] })
        c.handle(.char("u"))
        #expect(try ids.allSatisfy { try db.ticketDetail($0).ticket.tags == [] })
        let two = [ids[0], ids[2]].sorted()
        let said = "Undid the last change on 2 tickets (#\(two[0]) #\(two[1]))"
        #expect(c.state.message == said)
        #expect(c.screen().text().contains(said))

        // With a key between, `u` is the selected ticket's own undo again.
        c.handle(.char(" "))
        #expect(c.state.marks.count == 1)
        c.handle(.char("+"))
        type(c, "vip")
        let marked = try #require(ids.first { try db.ticketDetail($0).ticket.tags == ["vip"] })
        c.handle(.char("j"))
        let selected = try #require(c.state.list.selectedTicket?.id)
        c.handle(.char("u"))
        #expect(try db.ticketDetail(marked).ticket.tags == ["vip"] || selected == marked)
        #expect(c.state.message?.hasPrefix("Undid the last change on") == false)
    }

    @Test(arguments: EngineStore.engines) func aStatusAfterIsInTheFilterSuggestsTheStatusField(
        _ engine: StoreEngineKind
    ) throws {
        let (c, _, _) = try makeController(engine)
        c.handle(.char("\\"))
        type(c, "is:open")
        #expect(c.state.filter == nil)
        #expect(c.state.message?.contains("did you mean status:open?") == true, "\(c.state.message ?? "")")
        #expect(c.screen().text().contains("did you mean status:open?"))
    }

    @Test(arguments: EngineStore.engines) func marksClearWhenTheQueueChanges(_ engine: StoreEngineKind) throws {
        let (c, _, _) = try makeController(engine)
        c.handle(.char(" "))
        c.handle(.char("J"))
        #expect(c.state.marks.isEmpty)
    }
}
