import Foundation
import GRDB
import InboxTestSupport
import Testing

@testable import InboxCore
@testable import InboxMail

/// The demo mailbox of `Fixtures/demo` imported end to end, checked against `expected.json`.
@Suite(.serialized) struct FixtureImportTests {
    struct Expected: Decodable {
        struct Conversation: Decodable {
            var key: String
            var queue: String
            var message_ids: [String]
        }
        struct NoID: Decodable {
            var subject: String
            var conversation: String
        }
        var conversations: [Conversation]
        var quarantine_message_ids: [String]
        var auto_reply_message_id: String
        var bounce_message_id: String
        var bounce_returns_message_id: String
        var bounce_conversation: String
        var dual_delivery_message_id: String
        var no_message_id: NoID
        var unique_messages: Int
        var deliveries: Int
    }

    static func bare(_ id: String) -> String { String(id.dropFirst().dropLast()) }

    func importAll(_ database: AppDatabase) throws -> IngestSummary {
        let config = try InboxConfig.load(path: TestPaths.demo + "/config.toml")
        let importer = try SpoolImporter(database: database, config: config)
        var summary = IngestSummary()
        let a = importer.importMbox(paths: [TestPaths.demo + "/support.mbox"])
        let b = importer.importMaildir(paths: [TestPaths.demo + "/returns"])
        let c = importer.importEml(paths: [TestPaths.demo + "/eml"])
        for r in [a, b, c] {
            #expect(r.failures.isEmpty, "\(r.failures)")
            summary.add(r.summary)
        }
        return summary
    }

    @Test(arguments: EngineStore.engines)
    func demoMailboxImportsIntoOneTicketPerConversation(_ engine: StoreEngineKind) throws {
        let expected = try JSONDecoder().decode(
            Expected.self, from: Data(contentsOf: URL(fileURLWithPath: TestPaths.demo + "/expected.json")))
        let store = try EngineStore.make(engine, "fixture")
        let database = try store.open()

        let first = try importAll(database)
        #expect(first.messages == expected.deliveries)
        #expect(first.new == expected.unique_messages)
        #expect(first.duplicates == expected.deliveries - expected.unique_messages)
        #expect(try database.ticketCount() == expected.conversations.count)

        let second = try importAll(database)
        #expect(second.new == 0 && second.newTickets == 0, "re-import added \(second.line)")
        #expect(try database.ticketCount() == expected.conversations.count)

        let rows = try database.snapshot { db in
            try db.rows(
                """
                SELECT m.message_id, m.ticket_id, m.thread_reason, m.automatic, m.bounce, m.subject, q.name AS queue
                FROM message m LEFT JOIN ticket t ON t.id = m.ticket_id LEFT JOIN queue q ON q.id = t.queue_id
                """, [])
        }
        #expect(rows.count == expected.unique_messages)
        var ticketOf: [String: Int64?] = [:]
        for r in rows {
            #expect(!(r["thread_reason"] as String).isEmpty)
            if let id: String = r["message_id"] { ticketOf[id] = r["ticket_id"] }
        }
        // Every conversation is exactly one ticket, in its queue, and no two share a ticket.
        var seenTickets = Set<Int64>()
        for c in expected.conversations where c.message_ids.contains(where: { $0 != "(no message-id)" }) {
            let tickets = Set(c.message_ids.filter { $0 != "(no message-id)" }.map { ticketOf[Self.bare($0)] ?? nil })
            #expect(tickets.count == 1, "conversation \(c.key) spans tickets \(tickets)")
            guard let t = tickets.first ?? nil else {
                Issue.record("conversation \(c.key) has no ticket")
                continue
            }
            #expect(seenTickets.insert(t).inserted, "conversation \(c.key) shares ticket #\(t)")
            #expect(try database.ticketDetail(t).ticket.queue == c.queue, "conversation \(c.key) is in the wrong queue")
        }
        // The auto-reply joined its conversation's ticket without opening one and is flagged.
        let autoRow = rows.first { ($0["message_id"] as String?) == Self.bare(expected.auto_reply_message_id) }
        #expect(autoRow?["automatic"] == true)
        let autoReason: String? = autoRow?["thread_reason"]
        #expect(autoReason?.hasPrefix("new ticket") == false)
        // The bounce sits in the ticket of the message it returns.
        let bounceTicket = ticketOf[Self.bare(expected.bounce_message_id)] ?? nil
        #expect(bounceTicket != nil)
        #expect(bounceTicket == ticketOf[Self.bare(expected.bounce_returns_message_id)] ?? nil)
        #expect(
            rows.first { ($0["message_id"] as String?) == Self.bare(expected.bounce_message_id) }?["bounce"] == true)
        // Quarantined mail has no ticket.
        for q in expected.quarantine_message_ids { #expect((ticketOf[Self.bare(q)] ?? nil) == nil) }
        // The message delivered to both addresses is stored once, with both routes.
        let dual = Self.bare(expected.dual_delivery_message_id)
        let routes = try database.snapshot { db in
            try db.values(
                String.self,
                "SELECT r.address FROM message_route r JOIN message m ON m.id = r.message_id WHERE m.message_id = ?",
                [dual])
        }
        #expect(rows.filter { ($0["message_id"] as String?) == dual }.count == 1)
        #expect(Set(routes) == ["support@nordlys.example", "returns@nordlys.example"])
        // The message without a Message-ID opened its own ticket.
        let noID = rows.filter { ($0["message_id"] as String?) == nil }
        #expect(noID.count == 1)
        #expect((noID.first?["subject"] as String?) == expected.no_message_id.subject)
        #expect((noID.first?["ticket_id"] as Int64?) != nil)
    }

    @Test(arguments: EngineStore.engines)
    func storedRawBytesAreExactlyTheFiles(_ engine: StoreEngineKind) throws {
        let store = try EngineStore.make(engine, "fixture")
        let database = try store.open()
        _ = try importAll(database)
        var files: [String] = []
        for sub in ["new", "cur"] {
            let folder = TestPaths.demo + "/returns/" + sub
            files += try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") }.map {
                folder + "/" + $0
            }
        }
        files += try FileManager.default.contentsOfDirectory(atPath: TestPaths.demo + "/eml").map {
            TestPaths.demo + "/eml/" + $0
        }
        #expect(files.count > 30)
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
            let stored = try database.rawMessage(sha256: RawDigest.sha256Hex(bytes))
            #expect(stored == bytes, "\(file) is not stored byte-exact")
        }
    }

    @Test(arguments: EngineStore.engines)
    func appendedMailIsReadIncrementally(_ engine: StoreEngineKind) throws {
        let store = try EngineStore.make(engine, "fixture-append")
        let dir = store.folder
        let database = try store.open()
        let path = dir.write(
            "spool", MailFactory.mbox([MailFactory.message(id: "1@x"), MailFactory.message(id: "2@x")]))
        let importer = try SpoolImporter(database: database, config: InboxConfig())
        #expect(importer.importMbox(paths: [path]).summary.new == 2)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(MailFactory.mbox([MailFactory.message(id: "3@x", inReplyTo: "1@x")]).utf8))
        try handle.close()
        let again = importer.importMbox(paths: [path])
        #expect(again.summary.messages == 1 && again.summary.new == 1 && again.summary.joined == 1)
        // A rewritten file (other first line) is read from the start; dedupe keeps it exact.
        let rewritten =
            "From other@x Wed Nov  4 09:00:00 2026\n" + MailFactory.message(id: "4@x") + "\n"
            + MailFactory.mbox([MailFactory.message(id: "1@x")])
        try rewritten.write(toFile: path, atomically: false, encoding: .utf8)
        let third = importer.importMbox(paths: [path])
        #expect(third.summary.new == 1 && third.summary.duplicates == 1)
    }
}
