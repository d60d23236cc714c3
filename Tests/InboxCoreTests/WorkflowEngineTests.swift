import Foundation
import GRDB
import InboxTestSupport
import Testing

@testable import InboxCore

/// Issue 22: the workflow's writes on the store seam hold to the same assertions on SQLite
/// and PostgreSQL: presence expires and is cleaned up, notes, drafts, reviews, and the
/// status-changed rules a change runs in its transaction.
@Suite struct WorkflowEngineTests: StoreSuite {
    var config = StoreFixture.config { $0.sla = StoreFixture.aroundTheClockSLA }

    let msg = StoreFixture.Messages(
        from: "lukasz@example.pl", to: "support@shop.example", subject: "Zwrot: żółta kurtka",
        text: "Dzień dobry, chcę zwrócić kurtkę.")

    func desk(_ engine: StoreEngineKind, _ name: String) throws -> EngineDesk {
        try makeStore(engine, name, ingesting: [msg("a@x", date: base)])
    }

    /// A heartbeat older than its lifetime is not shown; one ten lifetimes old is deleted by
    /// maintenance (each TUI's, every minute: a crashed TUI never says it left).
    @Test(arguments: EngineStore.engines)
    func presenceExpiresAndIsCleanedUp(_ engine: StoreEngineKind) throws {
        let d = try desk(engine, "presence")
        let db = d.db
        let t0 = Date(timeIntervalSince1970: base + 60)
        try db.touchPresence(ticket: 1001, agent: "Bob", activity: .replying, now: t0)
        try db.touchPresence(ticket: 1001, agent: "Ayşe", activity: .viewing, now: t0.addingTimeInterval(20))
        #expect(try db.presence(ticket: 1001, now: t0.addingTimeInterval(25)).map(\.agent) == ["Ayşe", "Bob"])
        // Bob's lease has run out: hidden, not yet deleted.
        #expect(try db.presence(ticket: 1001, now: t0.addingTimeInterval(31)).map(\.agent) == ["Ayşe"])
        #expect(try db.seamValue(Int.self, "SELECT COUNT(*) FROM presence") == 2)
        // Ten lifetimes on, maintenance sweeps both old rows away; a heartbeat alone does not
        // (on PostgreSQL, sweeping in every heartbeat made overlapping heartbeats conflict).
        let late = t0.addingTimeInterval(10 * PresenceInfo.lifetime + 21)
        try db.touchPresence(ticket: 1001, agent: "Ada", activity: .viewing, now: late)
        #expect(try db.seamValue(Int.self, "SELECT COUNT(*) FROM presence") == 3)
        _ = try db.runMaintenance(now: late)
        #expect(try db.seamValue(Int.self, "SELECT COUNT(*) FROM presence") == 1)
        #expect(try db.presence(ticket: 1001, now: late).map(\.agent) == ["Ada"])
        #expect(throws: InboxError.self) { try db.touchPresence(ticket: 4242, agent: "Ada", now: late) }
        try db.leave(ticket: 1001, agent: "Ada")
        #expect(try db.presence(ticket: 1001, now: late).isEmpty)
    }

    @Test(arguments: EngineStore.engines)
    func notesAndDraftsOnBothEngines(_ engine: StoreEngineKind) throws {
        let d = try desk(engine, "notes")
        let db = d.db
        let at = Date(timeIntervalSince1970: base + 120)
        try db.saveDraft(ticket: 1001, agent: "Ada", kind: "note", body: "szkic", now: at)
        try db.saveDraft(ticket: 1001, agent: "Ada", body: "Dzień dobry,", template: "zwrot", now: at)
        try db.saveDraft(ticket: 1001, agent: "Ada", body: "Dzień dobry, Łukasz", template: "zwrot", now: at + 5)
        let draft = try #require(try db.draft(ticket: 1001, agent: "Ada"))
        #expect(draft.body == "Dzień dobry, Łukasz" && draft.template == "zwrot" && draft.startedAt == at)
        #expect(throws: InboxError.self) { try db.saveDraft(ticket: 4242, agent: "Ada", body: "x") }

        let version = try db.seamTicket(1001).version
        let id = try db.addNote(ticket: 1001, agent: "Ada", text: "  Kurtka wróciła do magazynu w Łodzi.  ", now: at)
        #expect(
            try db.seamValue(String.self, "SELECT text FROM message WHERE id = ? AND direction = 'note'", [id])
                == "Kurtka wróciła do magazynu w Łodzi.")
        #expect(try db.seamTicket(1001).version == version + 1)
        #expect(try db.seamEvents(1001).filter { $0.kind == "note" }.map(\.actor) == ["Ada"])
        // The note draft went with the note; the reply draft stays until discarded.
        #expect(try db.draft(ticket: 1001, agent: "Ada", kind: "note") == nil)
        try db.discardDraft(ticket: 1001, agent: "Ada")
        #expect(try db.draft(ticket: 1001, agent: "Ada") == nil)
        #expect(throws: InboxError.self) { try db.addNote(ticket: 1001, agent: "Ada", text: "  ") }
    }

    @Test(arguments: EngineStore.engines)
    func reviewsOnBothEngines(_ engine: StoreEngineKind) throws {
        let d = try desk(engine, "reviews")
        let db = d.db
        let at = Date(timeIntervalSince1970: base + 60)
        try db.saveReview(TicketReview(ticket: 1001, reviewer: "Bo", scores: ["tone": 4], notes: "miło", updatedAt: at))
        try db.saveReview(TicketReview(ticket: 1001, reviewer: "Bo", scores: ["tone": 5], notes: "", updatedAt: at + 1))
        try db.saveReview(TicketReview(ticket: 1001, reviewer: "Ada", scores: ["tone": 3], notes: "", updatedAt: at))
        #expect(try db.review(ticket: 1001, reviewer: "Bo")?.scores == ["tone": 5])
        #expect(try db.reviewSummary(ticket: 1001).map(\.reviewer) == ["Ada", "Bo"])
        let summary = try db.reviewSummary()
        #expect(summary.tickets == 1 && summary.reviewed == 1 && summary.averages == ["tone": 4])
        #expect(throws: InboxError.self) {
            try db.saveReview(TicketReview(ticket: 4242, reviewer: "Bo", scores: [:], notes: "", updatedAt: at))
        }
    }

    /// Due times follow every change, the SLA report reads them, and a ticket solved four
    /// days ago closes, on both engines.
    @Test(arguments: EngineStore.engines)
    func dueTimesAndClosingSolvedOnBothEngines(_ engine: StoreEngineKind) throws {
        let start = Date().addingTimeInterval(-3 * 3600).timeIntervalSince1970.rounded()
        func at(_ minutes: Double) -> Date { Date(timeIntervalSince1970: start + minutes * 60) }
        let d = try makeStore(engine, "sla", ingesting: [msg("a@x", date: start)])
        let db = d.db
        func dues() throws -> (first: Double?, resolution: Double?, warn: Double?) {
            try db.snapshot { c in
                let r = try #require(
                    try c.row("SELECT first_response_due, resolution_due, sla_warn_at FROM ticket WHERE id = 1001"))
                return (r["first_response_due"], r["resolution_due"], r["sla_warn_at"])
            }
        }
        var due = try dues()
        #expect(due.first == start + 4 * 3600 && due.resolution == start + 3 * 86400 && due.warn == start + 3 * 3600)
        try db.update([1001], [.status(.pending)], actor: "Ada", config: config, now: at(10))
        due = try dues()
        #expect(due.first == nil && due.resolution == nil && due.warn == nil)  // paused
        try db.update([1001], [.status(.open)], actor: "Ada", config: config, now: at(20))
        #expect(try dues().first == start + 4 * 3600 + 600)  // ten minutes paused
        let report = try #require(try db.slaReport(1001, config: config, now: at(25)))
        #expect(report.clocks.first?.metric == .firstResponse && report.timeline.contains { $0.kind == .paused })
        // Without an SLA the due times go; with it again they come back.
        #expect(try db.recomputeSLA(config: InboxConfig()) == 1)
        #expect(try dues().first == nil)
        #expect(try db.recomputeSLA(config: config) == 1)
        #expect(try dues().first != nil)

        try db.update([1001], [.status(.solved)], actor: "Ada", config: config, now: at(30))
        #expect(try db.runMaintenance(now: at(30).addingTimeInterval(3.9 * 86400)).isEmpty)
        #expect(try db.runMaintenance(now: at(30).addingTimeInterval(4.1 * 86400)) == [1001])
        #expect(try db.seamTicket(1001).status == "closed")
        let closed = try #require(try db.seamEvents(1001).last { $0.kind == "status" })
        #expect(closed.actor == "inbox" && closed.newValue == "closed" && closed.detail == "solved for 4 days")
        #expect(try db.seamValue(Double.self, "SELECT closed_at FROM ticket WHERE id = 1001") != nil)
        #expect(
            try db.seamValue(Double.self, "SELECT solved_at FROM ticket WHERE id = 1001")
                == at(30).timeIntervalSince1970)
    }

    /// A merge and its undo on both engines; the ticket's creation time is the earlier one's.
    @Test(arguments: EngineStore.engines)
    func mergeAndItsUndoOnBothEngines(_ engine: StoreEngineKind) throws {
        let d = try makeStore(
            engine, "merge",
            ingesting: [msg("a@x", date: base), msg("b@x", from: "ola@example.pl", subject: "Inne", date: base - 600)])
        let db = d.db
        try db.update([1002], [.addTag("dup")], actor: "Ada", config: config)
        try db.merge(1002, into: 1001, actor: "Ada", config: config)
        #expect(try db.seamTicket(1001).tags == ["dup"] && db.seamTicket(1002).status == "merged")
        #expect(try db.seamValue(Double.self, "SELECT created_at FROM ticket WHERE id = 1001") == base - 600)
        #expect(try db.seamValue(Int.self, "SELECT COUNT(*) FROM message WHERE ticket_id = 1001") == 2)
        #expect(throws: InboxError.self) { try db.merge(1001, into: 1002, actor: "Ada", config: config) }
        let u = try db.undo(ticket: 1002, actor: "Ada", config: config)
        #expect(u.kind == "merge")
        #expect(try db.seamTicket(1002).status == "new" && db.seamTicket(1001).tags.isEmpty)
        #expect(try db.seamValue(Double.self, "SELECT created_at FROM ticket WHERE id = 1001") == base)
    }

    /// A split makes a ticket with the next number and the first moved message's customer;
    /// its undo moves the messages back and removes the ticket nothing else joined.
    @Test(arguments: EngineStore.engines)
    func splitAndItsUndoOnBothEngines(_ engine: StoreEngineKind) throws {
        let d = try makeStore(
            engine, "split",
            ingesting: [
                msg("a@x", date: base), msg("b@x", inReplyTo: ["a@x"], date: base + 60),
                msg("c@x", from: "mehmet@example.com", subject: "Başka bir konu", inReplyTo: ["b@x"], date: base + 120),
            ])
        let db = d.db
        #expect(throws: InboxError.self) { try db.split(1001, positions: [1, 2, 3], actor: "Ada", config: config) }
        let created = try db.split(1001, positions: [3], actor: "Ada", config: config)
        #expect(created == 1002)
        #expect(try db.seamTicket(created).status == "open")
        #expect(
            try db.seamValue(String.self, "SELECT thread_reason FROM message WHERE ticket_id = ?", [created])
                == "split from #1001")
        // The new ticket's customer is the moved message's sender.
        #expect(
            try db.seamValue(
                String.self, "SELECT c.address FROM ticket t JOIN customer c ON c.id = t.customer_id WHERE t.id = ?",
                [created]) == "mehmet@example.com")
        #expect(try db.seamValue(Int.self, "SELECT COUNT(*) FROM message WHERE ticket_id = 1001") == 2)
        let u = try db.undo(ticket: 1001, actor: "Ada", config: config)
        #expect(u.kind == "split")
        #expect(try db.seamValue(Int.self, "SELECT COUNT(*) FROM message WHERE ticket_id = 1001") == 3)
        #expect(try db.seamValue(Int.self, "SELECT COUNT(*) FROM ticket WHERE id = ?", [created]) == 0)
    }

    /// Status-changed rules run in the change's transaction on both engines: conditions on the
    /// ticket's words (folded: `zwrot*` finds "Zwrot:") and fields, actions logged as the rule.
    @Test(arguments: EngineStore.engines)
    func statusRulesRunInTheChangesTransaction(_ engine: StoreEngineKind) throws {
        let d = try desk(engine, "rules")
        let (book, findings) = RuleBook.parse(
            """
            [[rule]]
            name = "solved-tag"
            on = "status-changed"
            if = "status:solved zwrot*"
            then = ["tag+=done"]

            [[rule]]
            name = "never"
            on = "status-changed"
            if = "status:solved iade"
            then = ["tag+=iade"]
            """)
        #expect(findings.isEmpty, "\(findings)")
        try d.db.update([1001], [.status(.solved)], actor: "Ada", config: config, rules: book)
        #expect(try d.db.seamTicket(1001).status == "solved")
        #expect(try d.db.seamTicket(1001).tags == ["done"])
        #expect(
            try d.db.seamValue(
                Int.self, "SELECT COUNT(*) FROM event WHERE ticket_id = 1001 AND actor = 'rule:solved-tag'")
                == 1)
    }
}
