import Foundation
import GRDB
import InboxTestSupport
import Testing

@testable import InboxCore

extension StoreRecordsTests {
    /// The workflow's own tables read back typed through their records: a queue's default
    /// priority, a presence's activity and an undo entry's dates, a review's scores and its
    /// date stored as REAL seconds (as before records). On both engines (issue 22): the rows are
    /// read through the store seam (the queue's records, through GRDB, on SQLite).
    @Test(arguments: EngineStore.engines)
    func workflowRowsReadBackTyped(_ engine: StoreEngineKind) throws {
        let desk = try w.makeStore(
            engine, "records-workflow", ingesting: [w.msg("a@x", from: "ayse@example.com", date: w.base)])
        let db = desk.db
        let at = Date(timeIntervalSince1970: w.base + 60)
        try db.touchPresence(ticket: 1001, agent: "Ada", activity: .replying, now: at)
        // A second heartbeat replaces the first.
        try db.touchPresence(ticket: 1001, agent: "Ada", activity: .viewing, now: at + 5)
        try db.update([1001], [.priority(.high), .addTag("vip")], actor: "Ada", config: w.config, now: at)
        try db.saveReview(
            TicketReview(ticket: 1001, reviewer: "Bo", scores: ["tone": 4], notes: "kind", updatedAt: at))
        if engine == .sqlite {
            try db.reader.read { d in
                let queue = try #require(try QueueRecord.named("SUPPORT").fetchOne(d))
                #expect(queue.defaultPriority == .normal && queue.isDefault)
                #expect(queue.addressList == ["support@shop.example"])
                #expect(try QueueRecord.names(d) == ["Support"])
            }
        }
        try db.snapshot { d in
            let presence = try d.records(PresenceRecord.self, "SELECT * FROM presence")
            #expect(presence.map(\.activity) == [.viewing])
            #expect(presence.map(\.seenAt) == [at + 5])
            let undo = try d.records(UndoEntryRecord.self, "SELECT * FROM undo_entry")
            #expect(undo.map(\.kind) == ["change"])
            #expect(undo.first?.at == at && undo.first?.undoneAt == nil && undo.first?.undoes == nil)
            let review = try #require(try d.record(ReviewRecord.self, "SELECT * FROM review"))
            #expect(review.review.scores == ["tone": 4] && review.updatedAt == at)
            #expect(try d.value(Double.self, "SELECT updated_at FROM review") == at.timeIntervalSince1970)
        }
        #expect(try db.presence(ticket: 1001, now: at + 6).map(\.activity) == [.viewing])
        #expect(try db.review(ticket: 1001, reviewer: "Bo")?.notes == "kind")

        // The undo marks its entry and records its own reversal, naming the entry it undid.
        try db.undo(ticket: 1001, actor: "Ada", config: w.config, now: at + 10)
        try db.snapshot { d in
            let undo = try d.records(UndoEntryRecord.self, "SELECT * FROM undo_entry ORDER BY id")
            #expect(undo.map(\.undoneAt) == [at + 10, nil])
            #expect(undo.map(\.undoes) == [nil, undo.first?.id])
        }
        #expect(try db.seamTicket(1001).priority == "normal")
        #expect(try db.seamTicket(1001).tags.isEmpty)

        try db.leave(ticket: nil, agent: "Ada")
        #expect(try db.presence(ticket: 1001, now: at + 6).isEmpty)
    }
}
