import Foundation
import GRDB
import InboxTestSupport
import Testing

@testable import InboxCore

/// Issue 19: the store reads its tables through records (`Store/Records/`), GRDB's
/// Codable style with `enum Columns`, typed with the store's enums and dates.
@Suite struct StoreRecordsTests {
    let w = WorkflowStoreTests()

    /// A record that misses a column (one added by a later migration) would read a partial
    /// row and write it back without that column: every record names every column of its table,
    /// on both engines (the read side selects a record's columns by its coding keys). PostgreSQL's
    /// generated full-text column is no record's, and it has no `search_pending` (SQLite's index
    /// file's bookkeeping).
    @Test(arguments: EngineStore.engines) func everyRecordKnowsEveryColumnOfItsTable(_ engine: StoreEngineKind) throws {
        let store = try EngineStore.make(engine, "record-columns")
        let db = try store.open()
        let records: [(String, [String])] = [
            (TicketRecord.databaseTableName, TicketRecord.CodingKeys.allCases.map(\.rawValue)),
            (QueueRecord.databaseTableName, QueueRecord.CodingKeys.allCases.map(\.rawValue)),
            (ReviewRecord.databaseTableName, ReviewRecord.CodingKeys.allCases.map(\.rawValue)),
            (PresenceRecord.databaseTableName, PresenceRecord.CodingKeys.allCases.map(\.rawValue)),
            (UndoEntryRecord.databaseTableName, UndoEntryRecord.CodingKeys.allCases.map(\.rawValue)),
            (MessageRecord.databaseTableName, MessageRecord.CodingKeys.allCases.map(\.rawValue)),
            (AttachmentRecord.databaseTableName, AttachmentRecord.CodingKeys.allCases.map(\.rawValue)),
            (EventRecord.databaseTableName, EventRecord.CodingKeys.allCases.map(\.rawValue)),
            (OutboxRecord.databaseTableName, OutboxRecord.CodingKeys.allCases.map(\.rawValue)),
            (CustomerRecord.databaseTableName, CustomerRecord.CodingKeys.allCases.map(\.rawValue)),
            (CustomerHandleRecord.databaseTableName, CustomerHandleRecord.CodingKeys.allCases.map(\.rawValue)),
            (SentSurveyRecord.databaseTableName, SentSurveyRecord.CodingKeys.allCases.map(\.rawValue)),
            (FollowupRecord.databaseTableName, FollowupRecord.CodingKeys.allCases.map(\.rawValue)),
            (RuleReplyRecord.databaseTableName, RuleReplyRecord.CodingKeys.allCases.map(\.rawValue)),
            (AgentAwayRecord.databaseTableName, AgentAwayRecord.CodingKeys.allCases.map(\.rawValue)),
            (RuleStateRecord.databaseTableName, RuleStateRecord.CodingKeys.allCases.map(\.rawValue)),
            (
                ChannelConversationRecord.databaseTableName,
                ChannelConversationRecord.CodingKeys.allCases.map(\.rawValue)
            ),
            (AccountStateRecord.databaseTableName, AccountStateRecord.CodingKeys.allCases.map(\.rawValue)),
            (SpoolSeenRecord.databaseTableName, SpoolSeenRecord.CodingKeys.allCases.map(\.rawValue)),
            (SearchPendingRecord.databaseTableName, SearchPendingRecord.CodingKeys.allCases.map(\.rawValue)),
            (DraftRecord.databaseTableName, DraftRecord.CodingKeys.allCases.map(\.rawValue)),
            (ShopOrderRecord.databaseTableName, ShopOrderRecord.CodingKeys.allCases.map(\.rawValue)),
            (OrderLineRecord.databaseTableName, OrderLineRecord.CodingKeys.allCases.map(\.rawValue)),
            (ShipmentRecord.databaseTableName, ShipmentRecord.CodingKeys.allCases.map(\.rawValue)),
            (TicketOrderRecord.databaseTableName, TicketOrderRecord.CodingKeys.allCases.map(\.rawValue)),
            (OrderLookupRecord.databaseTableName, OrderLookupRecord.CodingKeys.allCases.map(\.rawValue)),
        ]
        try db.snapshot { d in
            for (table, keys) in records {
                if engine == .postgresql && table == SearchPendingRecord.databaseTableName { continue }
                let columns =
                    engine == .sqlite
                    ? try d.values(String.self, "SELECT name FROM pragma_table_info(?)", [table])
                    : try d.values(
                        String.self,
                        """
                        SELECT column_name FROM information_schema.columns
                        WHERE table_schema = current_schema() AND table_name = ? AND is_generated = 'NEVER'
                            AND NOT (table_name = 'message' AND column_name = 'search')
                        """, [table])
                // `message.search` (PostgreSQL's full text) is written by ingest's own statement
                // and a trigger, never through the record (v14-pg-ingest-speed).
                #expect(Set(keys) == Set(columns), "\(table)")
                #expect(keys.count == columns.count, "\(table)")
            }
        }
    }

    /// Ingested rows read back typed: the status and direction as enums, the REAL dates as the
    /// dates they were written with.
    @Test(arguments: EngineStore.engines) func ingestedRowsReadBackTyped(_ engine: StoreEngineKind) throws {
        let db = try w.makeDB()
        let base = w.base
        _ = try db.ingest([w.msg("a@x", from: "ayse@example.com", date: base)], config: w.config)
        try db.reader.read { d in
            let ticket = try #require(try TicketRecord.fetchOne(d, key: 1001))
            #expect(ticket.status == .new)
            #expect(ticket.priority == .normal)
            #expect(ticket.channel == "email")
            let message = try #require(
                try MessageRecord.filter(MessageRecord.Columns.ticketID == 1001).fetchOne(d))
            #expect(message.direction == .inbound)
            #expect(message.date == Date(timeIntervalSince1970: base))
            #expect(message.fromAddress == "ayse@example.com")
            let events = try EventRecord.filter(EventRecord.Columns.ticketID == 1001).fetchAll(d)
            #expect(events.map(\.kind) == ["created"])
            let customer = try #require(
                try CustomerRecord.filter(CustomerRecord.Columns.address == "ayse@example.com").fetchOne(d))
            #expect(ticket.customerID == customer.id)
            #expect(!customer.failing)
        }
        let detail = try EngineCopy.reading(db, on: engine).ticketDetail(1001)
        #expect(detail.messages.map(\.direction) == [.inbound])
        #expect(detail.messages.first?.date == Date(timeIntervalSince1970: base))
        #expect(detail.version == 1)
    }

    /// A record writes its dates as REAL seconds since 1970 (the schema's), not GRDB's text
    /// default, and its enums as their raw text.
    @Test func recordsWriteTheSchemasEncodings() throws {
        let db = try w.makeDB()
        let at = Date(timeIntervalSince1970: 1_780_000_000.5)
        try db.writer.write { d in
            var outbox = OutboxRecord(
                id: nil, ticketID: nil, messageID: "<r@x>", raw: Data("raw".utf8), recipients: #"["a@x"]"#,
                state: .queued, attempts: 0, lastError: nil, notBefore: at, nextAttemptAt: nil, createdAt: at,
                sentAt: nil, envelopeFrom: "us@x", template: nil, agent: "Ada", subject: "Hi", attemptID: nil,
                leaseUntil: nil, channel: nil)
            try outbox.insert(d)
            #expect(outbox.id != nil)
            let row = try #require(
                try Row.fetchOne(d, sql: "SELECT state, created_at, typeof(created_at) AS type FROM outbox"))
            #expect(row["state"] as String == "queued")
            #expect(row["type"] as String == "real")
            #expect(row["created_at"] as Double == at.timeIntervalSince1970)
        }
        let entries = try db.outbox(states: [.queued])
        #expect(entries.map(\.messageID) == ["<r@x>"])
        #expect(entries.first?.recipients == ["a@x"])
        #expect(entries.first?.createdAt == at)
        #expect(try db.outbox(states: [.failed]).isEmpty)
        #expect(try db.outbox(states: []).isEmpty)
        let id = try #require(entries.first?.id)
        let delivery = try #require(try db.claimOutbox(id, attemptID: "A1", now: at))
        #expect(delivery.raw == Array("raw".utf8))
        #expect(delivery.envelopeFrom == "us@x")
        #expect(delivery.attempts == 1)
        #expect(try db.sendingOutbox().map(\.attemptID) == ["A1"])
    }
}
