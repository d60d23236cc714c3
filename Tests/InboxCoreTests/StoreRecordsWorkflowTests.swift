import Foundation
import GRDB
import Testing

@testable import InboxCore

extension StoreRecordsTests {
    /// The workflow's own tables read back typed through their records: a queue's default
    /// priority, a presence's activity and an undo entry's dates, a review's scores and its
    /// date stored as REAL seconds (as before records).
    @Test func workflowRowsReadBackTyped() throws {
        let db = try w.makeDB()
        let at = Date(timeIntervalSince1970: w.base + 60)
        _ = try db.ingest([w.msg("a@x", from: "ayse@example.com", date: w.base)], config: w.config)
        try db.touchPresence(ticket: 1001, agent: "Ada", activity: .replying, now: at)
        // A second heartbeat replaces the first.
        try db.touchPresence(ticket: 1001, agent: "Ada", activity: .viewing, now: at + 5)
        try db.update([1001], [.priority(.high), .addTag("vip")], actor: "Ada", config: w.config, now: at)
        try db.saveReview(
            TicketReview(ticket: 1001, reviewer: "Bo", scores: ["tone": 4], notes: "kind", updatedAt: at))
        try db.reader.read { d in
            let queue = try #require(try QueueRecord.named("SUPPORT").fetchOne(d))
            #expect(queue.defaultPriority == .normal && queue.isDefault)
            #expect(queue.addressList == ["support@shop.example"])
            #expect(try QueueRecord.names(d) == ["Support"])
            let presence = try PresenceRecord.fetchAll(d)
            #expect(presence.map(\.activity) == [.viewing])
            #expect(presence.map(\.seenAt) == [at + 5])
            let undo = try UndoEntryRecord.fetchAll(d)
            #expect(undo.map(\.kind) == ["change"])
            #expect(undo.first?.at == at && undo.first?.undoneAt == nil && undo.first?.undoes == nil)
            let review = try #require(try ReviewRecord.fetchOne(d))
            #expect(review.review.scores == ["tone": 4] && review.updatedAt == at)
            #expect(try Double.fetchOne(d, sql: "SELECT updated_at FROM review") == at.timeIntervalSince1970)
        }
        #expect(try db.presence(ticket: 1001, now: at + 6).map(\.activity) == [.viewing])
        #expect(try db.review(ticket: 1001, reviewer: "Bo")?.notes == "kind")

        // The undo marks its entry and records its own reversal, naming the entry it undid.
        try db.undo(ticket: 1001, actor: "Ada", config: w.config, now: at + 10)
        try db.reader.read { d in
            let undo = try UndoEntryRecord.order(UndoEntryRecord.Columns.id).fetchAll(d)
            #expect(undo.map(\.undoneAt) == [at + 10, nil])
            #expect(undo.map(\.undoes) == [nil, undo.first?.id])
        }
        #expect(try db.ticketDetail(1001).ticket.priority == .normal)
        #expect(try db.ticketDetail(1001).ticket.tags.isEmpty)

        try db.leave(ticket: nil, agent: "Ada")
        #expect(try db.presence(ticket: 1001, now: at + 6).isEmpty)
    }
}
