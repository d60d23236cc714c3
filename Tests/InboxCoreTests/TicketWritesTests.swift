import Foundation
import GRDB
import InboxTestSupport
import Testing

@testable import InboxCore

/// Issue 19: creating a ticket and finding or creating its customer have one home in the
/// store (`AppDatabase+TicketWrites.swift`), so every path that opens a ticket behaves alike.
@Suite struct TicketWritesTests {
    let w = WorkflowStoreTests()

    func customerOf(_ ticket: Int64, in db: AppDatabase) throws -> Int64? {
        try db.seamValue(Int64.self, "SELECT customer_id FROM ticket WHERE id = ?", [ticket])
    }

    /// A merged customer's old address stays an alias: mail from it released from the
    /// quarantine, or split off, belongs to the customer kept, as ingested mail does (the
    /// release and the split once looked up the address alone and made a second customer).
    @Test(arguments: EngineStore.engines)
    func releasedAndSplitMailFromAMergedAddressFindsTheCustomerKept(_ engine: StoreEngineKind) throws {
        let store = try w.engineDB(engine, "merged-address")
        let db = store.db
        let base = w.base
        _ = try db.ingest(
            [
                w.msg("a@x", from: "ayse@example.com", date: base),
                w.msg("b@x", from: "old@example.com", date: base + 60),
            ],
            config: w.config)
        _ = try db.mergeCustomers(keep: "ayse@example.com", into: "old@example.com", actor: "Ada")
        let kept = try #require(try customerOf(1001, in: db))
        #expect(try customerOf(1002, in: db) == kept)

        var auto = LoopHeaders()
        auto.autoSubmitted = "auto-replied"
        _ = try db.ingest([w.msg("c@x", from: "old@example.com", date: base + 120, loop: auto)], config: w.config)
        let held = try db.quarantine()
        #expect(held.count == 1)
        let released = try db.release(message: held[0].id, actor: "Ada", config: w.config)
        #expect(try customerOf(released, in: db) == kept)

        // A reply from the old address joins ticket 1002; splitting it off keeps the customer.
        _ = try db.ingest(
            [w.msg("d@x", from: "old@example.com", inReplyTo: ["b@x"], date: base + 180)], config: w.config)
        let split = try db.split(1002, positions: [2], actor: "Ada", config: w.config)
        #expect(try customerOf(split, in: db) == kept)
        let customers = try db.seamValue(Int.self, "SELECT COUNT(*) FROM customer")
        #expect(customers == 1)
    }

    /// Every ticket, whichever path made it, has the next number and exactly one `created`
    /// event whose new value is the status it opened with.
    @Test(arguments: EngineStore.engines)
    func everyNewTicketHasTheNextNumberAndOneCreatedEvent(_ engine: StoreEngineKind) throws {
        let store = try w.engineDB(engine, "next-number")
        let db = store.db
        let base = w.base
        var auto = LoopHeaders()
        auto.autoSubmitted = "auto-replied"
        _ = try db.ingest(
            [
                w.msg("a@x", date: base), w.msg("b@x", inReplyTo: ["a@x"], date: base + 60),
                w.msg("c@x", from: "robot@vendor.example", date: base + 120, loop: auto),
            ], config: w.config)
        let released = try db.release(message: try db.quarantine()[0].id, actor: "Ada", config: w.config)
        let split = try db.split(1001, positions: [2], actor: "Ada", config: w.config)
        #expect([released, split] == [1002, 1003])
        let created = try db.snapshot {
            try $0.rows("SELECT ticket_id, new_value FROM event WHERE kind = 'created' ORDER BY ticket_id", [])
                .map { "\($0["ticket_id"] as Int64) \($0["new_value"] as String)" }
        }
        #expect(created == ["1001 new", "1002 new", "1003 open"])
    }
}
