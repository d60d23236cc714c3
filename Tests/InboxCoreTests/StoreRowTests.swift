import Foundation
import GRDB
import InboxTestSupport
import Testing

@testable import InboxCore

/// ``StoreRow``: a query's columns read into a struct by their Swift names, no `CodingKeys`.
@Suite struct StoreRowTests {
    struct Sample: StoreRow, Sendable {
        var ticketID: Int64
        var toJSON: String
        /// Not selected: nil.
        var rawSHA256: String?
        var sentAt: Date

        var status: TicketStatus
    }

    @Test func columnNamesBecomeSwiftNames() {
        let names = ["ticket_id", "to_json", "raw_sha256", "removals_seen", "merged_into_id", "at", "tracking_url"]
        #expect(
            names.map { StoreRowKey(column: $0).stringValue }
                == ["ticketID", "toJSON", "rawSHA256", "removalsSeen", "mergedIntoID", "at", "trackingURL"])
    }

    /// Dates are REAL seconds since 1970, enums their raw text, a missing optional column nil,
    /// on both engines (PostgreSQL's rows come through the store seam).
    @Test(arguments: EngineStore.engines) func aRowDecodesByItsColumns(_ engine: StoreEngineKind) throws {
        let store = try EngineStore.make(engine, "store-row")
        let row = try store.open().snapshot { db in
            try db.record(
                Sample.self,
                """
                SELECT 1042 AS ticket_id, '["a@x"]' AS to_json, CAST(1780000000.5 AS DOUBLE PRECISION) AS sent_at,
                    'on_hold' AS status
                """)
        }
        let sample = try #require(row)
        #expect(sample.ticketID == 1042)
        #expect(sample.toJSON == #"["a@x"]"#)
        #expect(sample.rawSHA256 == nil)
        #expect(sample.sentAt == Date(timeIntervalSince1970: 1_780_000_000.5))
        #expect(sample.status == .onHold)
    }
}
