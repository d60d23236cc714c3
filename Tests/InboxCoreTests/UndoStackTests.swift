import Foundation
import GRDB
import InboxTestSupport
import Testing

@testable import InboxCore

/// Undo is a stack per agent per ticket (issue 20, item 15): several undos step back through
/// that agent's changes, an undo can itself be undone, another agent's changes are neither
/// undone nor overwritten, and a quarantine release can be undone. The stack's tests run on
/// both engines (issue 22), reading the ticket back through the store seam.
@Suite struct UndoStackTests {
    let store = WorkflowStoreTests()
    var config: InboxConfig { store.config }
    var base: Double { store.base }

    func ticket(_ db: AppDatabase) throws -> (status: String, priority: String, assignee: String?, tags: [String]) {
        let t = try db.seamTicket(1001)
        return (t.status, t.priority, t.assignee, t.tags)
    }

    /// Ada's undo once for each of `states`; after each, the ticket is in that state.
    func undo(
        _ db: AppDatabase, through states: [(String, String, String?, [String])],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        for state in states {
            try db.undo(ticket: 1001, actor: "Ada", config: config)
            #expect(try ticket(db) == state, sourceLocation: sourceLocation)
        }
    }

    func makeTicket(_ engine: StoreEngineKind, _ name: String) throws -> EngineDesk {
        try store.makeStore(engine, name, ingesting: [store.msg("a@x", date: base)])
    }

    @Test(arguments: EngineStore.engines)
    func severalUndosStepBackThroughTheAgentsChanges(_ engine: StoreEngineKind) throws {
        let desk = try makeTicket(engine, "undo-steps")
        let db = desk.db
        try db.update([1001], [.status(.open)], actor: "Ada", config: config)
        try db.update([1001], [.priority(.high), .addTag("zwrot")], actor: "Ada", config: config)
        try db.update([1001], [.assignee("Ayşe")], actor: "Ada", config: config)
        #expect(try ticket(db) == ("open", "high", "Ayşe", ["zwrot"]))

        try undo(
            db, through: [("open", "high", nil, ["zwrot"]), ("open", "normal", nil, []), ("new", "normal", nil, [])])
        #expect {
            try db.undo(ticket: 1001, actor: "Ada", config: config)
        } throws: { error in
            (error as? InboxError)?.code == .notFound && "\(error)".contains("no older change")
        }
        #expect(try ticket(db) == ("new", "normal", nil, []))
    }

    @Test(arguments: EngineStore.engines)
    func anUndoIsAChangeTheNextRunOfUndosReverses(_ engine: StoreEngineKind) throws {
        let desk = try makeTicket(engine, "undo-undo")
        let db = desk.db
        try db.update([1001], [.priority(.urgent)], actor: "Ada", config: config)  // A
        try db.update([1001], [.addTag("pilne")], actor: "Ada", config: config)  // B
        try db.undo(ticket: 1001, actor: "Ada", config: config)  // undo B
        #expect(try ticket(db) == ("new", "urgent", nil, []))
        try db.update([1001], [.status(.pending)], actor: "Ada", config: config)  // C
        // Back through C, then the undo of B (B comes back), then B, then A.
        try undo(
            db,
            through: [
                ("new", "urgent", nil, []), ("new", "urgent", nil, ["pilne"]), ("new", "urgent", nil, []),
                ("new", "normal", nil, []),
            ])
        #expect(throws: InboxError.self) { try db.undo(ticket: 1001, actor: "Ada", config: config) }
        // Each undo is in the audit log, marked as an undo.
        let undos = try db.seamEvents(1001).filter { $0.detail == "undo" }
        #expect(undos.count == 5)
    }

    @Test(arguments: EngineStore.engines)
    func anotherAgentsChangeStopsTheStackAndIsKept(_ engine: StoreEngineKind) throws {
        let desk = try makeTicket(engine, "undo-others")
        let db = desk.db
        try db.update([1001], [.priority(.high)], actor: "Ada", config: config)
        try db.update([1001], [.addTag("łódź")], actor: "Ada", config: config)
        try db.update([1001], [.assignee("Bob")], actor: "Bob", config: config)
        #expect {
            try db.undo(ticket: 1001, actor: "Ada", config: config)
        } throws: { error in
            (error as? InboxError)?.code == .conflict
        }
        #expect(try ticket(db) == ("new", "high", "Bob", ["łódź"]))
        // Bob's own stack is his: he undoes his change, and then Ada can go on with hers.
        try db.undo(ticket: 1001, actor: "Bob", config: config)
        #expect(try ticket(db).assignee == nil)
        #expect(throws: InboxError.self) { try db.undo(ticket: 1001, actor: "Ada", config: config) }
    }

    @Test(arguments: EngineStore.engines)
    func stacksArePerTicket(_ engine: StoreEngineKind) throws {
        let desk = try store.makeStore(
            engine, "undo-per-ticket",
            ingesting: [
                store.msg("a@x", date: base),
                store.msg("b@x", from: "lukasz@example.pl", subject: "Zwrot", date: base + 60),
            ])
        let db = desk.db
        try db.update([1001], [.priority(.high)], actor: "Ada", config: config)
        try db.update([1002], [.priority(.low)], actor: "Ada", config: config)
        try db.update([1001], [.addTag("vip")], actor: "Ada", config: config)
        try db.undo(ticket: 1002, actor: "Ada", config: config)
        #expect(try db.seamTicket(1002).priority == "normal")
        #expect(try db.seamTicket(1001).priority == "high" && db.seamTicket(1001).tags == ["vip"])
        try db.undo(ticket: 1001, actor: "Ada", config: config)
        try db.undo(ticket: 1001, actor: "Ada", config: config)
        #expect(try ticket(db) == ("new", "normal", nil, []))
    }

    @Test(arguments: EngineStore.engines)
    func aReleaseFromTheQuarantineCanBeUndone(_ engine: StoreEngineKind) throws {
        var auto = LoopHeaders()
        auto.autoSubmitted = "auto-replied"
        let desk = try store.makeStore(
            engine, "undo-release",
            ingesting: [store.msg("ooo@x", from: "robot@vendor.example", date: base, loop: auto)])
        let db = desk.db
        let held = try db.quarantine()
        #expect(try db.quarantinedText(message: held[0].id).contains("siparişim"))
        let ticket = try db.release(message: held[0].id, actor: "Ada", config: config)
        #expect(try db.quarantine().isEmpty)
        let undone = try db.undo(ticket: ticket, actor: "Ada", config: config)
        #expect(undone.kind == "release" && undone.summary.contains("back in the quarantine"))
        let again = try db.quarantine()
        #expect(again.map(\.id) == held.map(\.id) && again[0].reason == held[0].reason)
        // The ticket the release made is gone.
        #expect(throws: InboxError.self) { try db.ticketDetail(ticket) }
        #expect(throws: InboxError.self) { try db.quarantinedText(message: 999_999) }
        // Released into an existing ticket, the undo keeps that ticket and notes it.
        _ = try db.ingest([store.msg("a@x", date: base + 60)], config: config)
        let into = try db.tickets(TicketFilter()).map(\.id).max()!
        #expect(try db.release(message: held[0].id, into: into, actor: "Ada", config: config) == into)
        #expect(try db.ticketDetail(into).messages.count == 2)
        let back = try db.undo(ticket: into, actor: "Ada", config: config)
        #expect(back.tickets == [into] && back.summary.contains("from #\(into)"))
        #expect(try db.ticketDetail(into).messages.count == 1)
        #expect(try db.quarantine().map(\.id) == held.map(\.id))
    }
}
