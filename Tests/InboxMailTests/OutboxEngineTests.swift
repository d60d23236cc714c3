import Foundation
import InboxTestSupport
import Testing

@testable import InboxCore
@testable import InboxMail

/// Issue 22: the outbox's intentions, written once on the store seam, on both engines: the
/// same store (replies queued in a SQLite file, copied to PostgreSQL with `inbox db copy`'s
/// library) read, claimed, delivered, failed, resent, discarded and cancelled alike.
@Suite(.serialized) struct OutboxEngineTests {
    static let agent = InboxConfig.Agent(name: "Łukasz Żółkiewski", email: "lukasz@shop.example")
    static let config = InboxConfig(
        agent: agent, queue: [InboxConfig.Queue(name: "Support", addresses: ["support@shop.example"], default: true)])

    /// The engines a test runs on: PostgreSQL only where it is installed.
    static let engines: [StoreEngineKind] = PostgresServer.skipReason == nil ? [.sqlite, .postgresql] : [.sqlite]

    /// An inbox with two tickets and `replies` replies queued (undo window 0) on `engine`.
    /// The PostgreSQL server, when there is one, lives as long as the returned value.
    struct Desk {
        let db: AppDatabase
        let tickets: [Int64]
        let server: PostgresServer?
        let folder: TemporaryFolder
    }

    static func desk(_ engine: StoreEngineKind, replies: Int = 3) throws -> Desk {
        let folder = TemporaryFolder("outbox-engine")
        let path = folder.file("inbox.sqlite")
        let sqlite = try AppDatabase.open(path: path)
        try sqlite.syncQueues(config)
        var batch: [IncomingMessage] = []
        for (i, who) in ["Ayşe Yılmaz <ayse@example.com.tr>", "Zofia Łęcka <zofia@example.pl>"].enumerated() {
            let raw = Array(
                MailFactory.message(
                    id: "first-\(i)@example.test", from: who, subject: "Order \(i)", body: "Merhaba \(i)\n"
                ).utf8)
            batch.append(
                IncomingMessage(
                    raw: raw, sha256: RawDigest.sha256Hex(raw), parsed: MessageParser.parse(raw), source: "test"))
        }
        _ = try sqlite.ingest(batch, config: config)
        let tickets = try sqlite.tickets().map(\.id).sorted()
        #expect(tickets.count == 2)
        for k in 0..<replies {
            _ = try queue(sqlite, tickets[k % tickets.count], text: "Reply \(k): kargonuz yolda, żółw ćma.\n")
        }
        guard engine == .postgresql else { return Desk(db: sqlite, tickets: tickets, server: nil, folder: folder) }
        let server = try PostgresServer()
        try server.start()
        let url = try server.createDatabase("inbox")
        _ = try DatabaseCopy.run(from: path, to: url)
        let db = try AppDatabase.open(url: url)
        #expect(db.engine == .postgresql)
        return Desk(db: db, tickets: tickets, server: server, folder: folder)
    }

    @discardableResult
    static func queue(_ db: AppDatabase, _ ticket: Int64, text: String) throws -> Int64 {
        let detail = try db.ticketDetail(ticket)
        let reply = try ReplyComposer.compose(
            detail: detail, config: config, agent: agent, subject: SubjectTag.replySubject(detail.ticket.subject),
            text: text)
        return try db.queueReply(reply, undoWindow: 0, config: config)
    }

    /// Rows of one query, through the seam, for what no public read shows yet on PostgreSQL.
    static func count(_ db: AppDatabase, _ sql: String, _ arguments: StoreArguments = []) throws -> Int {
        try db.snapshot { try $0.value(Int.self, sql, arguments) } ?? -1
    }

    @Test(arguments: engines) func claimsTakeEachDueRowOnceThenMarkTheOutcome(_ engine: StoreEngineKind) throws {
        let desk = try Self.desk(engine)
        defer { desk.server?.stop() }
        let db = desk.db
        let rows = try db.outbox()
        #expect(rows.map(\.state) == [.queued, .queued, .queued], "\(rows)")
        #expect(rows.map(\.id) == rows.map(\.id).sorted(by: >))
        #expect(try db.outbox(states: [.sent, .failed]).isEmpty)
        #expect(try db.outboxEntry(rows[2].id)?.subject == rows[2].subject)
        #expect(try db.dueOutbox() == Array(rows.map(\.id).reversed()))

        // Two "hosts" claim at once: each gets another row, the oldest first.
        let a = try #require(try db.claimNextOutbox(attemptID: "host-a:1:1"))
        let b = try #require(try db.claimNextOutbox(attemptID: "host-b:2:2"))
        #expect(a.id == rows[2].id && b.id == rows[1].id && a.attempts == 1)
        #expect(a.raw.count > 100 && a.recipients == ["ayse@example.com.tr"])
        #expect(try db.claimOutbox(a.id, attemptID: "host-c:3:3") == nil)
        #expect(try db.sendingOutbox().map(\.id).sorted() == [a.id, b.id].sorted())
        // Past the last row a pass claimed, nothing more is due.
        #expect(try db.claimNextOutbox(after: rows[0].id, attemptID: "host-a:1:4") == nil)

        try db.markSent(a.id, attemptID: a.attemptID)
        try db.markSent(a.id, attemptID: "host-c:3:3")  // not its attempt: nothing changes
        try db.markFailed(b.id, attemptID: b.attemptID, error: "550 5.7.1 Relaying denied")
        #expect(try db.outboxEntry(a.id)?.state == .sent)
        #expect(try db.outboxEntry(a.id)?.sentAt != nil)
        let failed = try db.failedReplies(tickets: desk.tickets)
        #expect(failed[b.ticketID ?? 0]?[b.messageID] == "550 5.7.1 Relaying denied", "\(failed)")
        #expect(try Self.count(db, "SELECT COUNT(*) FROM event WHERE kind = 'reply-failed'") == 1)

        // Resent: queued again, due now, its attempts from zero; claimed and retried later.
        try db.resendOutbox(b.id, actor: "ada")
        #expect(try db.outboxEntry(b.id)?.state == .queued)
        #expect(try db.outboxEntry(b.id)?.attempts == 0)
        #expect(throws: InboxError.self) { try db.resendOutbox(a.id, actor: "ada") }
        let again = try #require(try db.claimNextOutbox(attemptID: "host-b:2:5"))
        #expect(again.id == b.id)
        let later = Date().addingTimeInterval(600)
        try db.markRetry(b.id, attemptID: again.attemptID, error: "451 later", nextAttempt: later)
        #expect(try db.outboxEntry(b.id)?.lastError == "451 later")
        #expect(try db.dueOutbox() == [rows[0].id])
        #expect(try db.dueOutbox(ignoreUndo: true) == [b.id, rows[0].id])
        #expect(try db.dueOutbox(mail: false).isEmpty)

        // An attempt that died is given back.
        let dying = try #require(try db.claimNextOutbox(attemptID: "host-a:99:6"))
        try db.releaseOutbox(dying.id, attemptID: dying.attemptID, reason: "the sender stopped")
        #expect(try db.outboxEntry(dying.id)?.state == .queued)
        #expect(try db.outboxEntry(dying.id)?.lastError == "the sender stopped")
        #expect(try db.sendingOutbox().isEmpty)
    }

    @Test(arguments: engines) func cancelAndDiscardGiveTheTextBackAsADraft(_ engine: StoreEngineKind) throws {
        let desk = try Self.desk(engine)
        defer { desk.server?.stop() }
        let db = desk.db
        let rows = try db.outbox()
        let outbound = "SELECT COUNT(*) FROM message WHERE direction = 'outbound'"
        #expect(try Self.count(db, outbound) == 3)

        try db.cancelOutbox(rows[0].id, actor: "ada")
        #expect(try db.outboxEntry(rows[0].id)?.state == .cancelled)
        #expect(throws: InboxError.self) { try db.cancelOutbox(rows[0].id, actor: "ada") }
        #expect(throws: InboxError.self) { try db.cancelOutbox(424_242, actor: "ada") }
        #expect(try Self.count(db, outbound) == 2)
        let draft = "SELECT COUNT(*) FROM draft WHERE agent = 'ada' AND kind = 'reply' AND body LIKE ?"
        #expect(try Self.count(db, draft, ["Reply 2:%"]) == 1)

        let d = try #require(try db.claimNextOutbox(attemptID: "host-a:1:1"))
        try db.markFailed(d.id, attemptID: d.attemptID, error: "550 no such user")
        #expect(throws: InboxError.self) { try db.discardFailedOutbox(rows[1].id, actor: "ada") }
        let version = "SELECT version FROM ticket WHERE id = ?"
        let before = try Self.count(db, version, [d.ticketID])
        try db.discardFailedOutbox(d.id, actor: "ada")
        #expect(try db.outboxEntry(d.id)?.state == .cancelled)
        #expect(try Self.count(db, outbound) == 1)
        #expect(try Self.count(db, draft, ["Reply 0:%"]) == 1)
        #expect(try Self.count(db, version, [d.ticketID]) == before + 1)
        let kinds = "SELECT COUNT(*) FROM event WHERE kind IN ('reply-cancelled', 'reply-discarded')"
        #expect(try Self.count(db, kinds) == 2)
        #expect(try db.failedReplies(tickets: desk.tickets).isEmpty)
    }

    @Test(arguments: engines) func theSenderDeliversEveryDueReplyOnce(_ engine: StoreEngineKind) async throws {
        guard SMTPSink.available else { return }
        let desk = try Self.desk(engine, replies: 4)
        defer { desk.server?.stop() }
        let dir = TemporaryFolder("smtp")
        let sink = try SMTPSink(folder: dir.file("sink"))
        let sender = OutboxSender(db: desk.db, transport: ReplyDeliveryTests.client(sink))
        let summary = await sender.flush()
        #expect(summary.sent == 4 && summary.errors.isEmpty, "\(summary)")
        #expect(await sender.flush().sent == 0)
        #expect(sink.messages().count == 4)
        #expect(try desk.db.outbox().allSatisfy { $0.state == .sent })
    }

    /// `db info`'s template usage and the export's unticketed mail read the same rows on both
    /// engines; SQLite's search index file has no PostgreSQL counterpart and says so.
    @Test(.enabled(if: PostgresServer.skipReason == nil)) func theSameRowsOnBothEngines() throws {
        let sqlite = try Self.desk(.sqlite)
        let desk = try Self.desk(.postgresql)
        defer { desk.server?.stop() }
        #expect(try desk.db.templateUsage() == sqlite.db.templateUsage())
        #expect(try desk.db.unticketedMessageIDs() == sqlite.db.unticketedMessageIDs())
        do {
            _ = try desk.db.search
            Issue.record("PostgreSQL has no search index file")
        } catch let error as InboxError {
            #expect(error.description.contains("does not run on PostgreSQL yet"), "\(error)")
            #expect(error.description.contains("--db PATH"))
        }
    }
}
