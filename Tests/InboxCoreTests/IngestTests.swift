import Foundation
import GRDB
import InboxTestSupport
import Testing

@testable import InboxCore

/// Ingest rules of DESIGN §4, on hand-built parsed messages (no parser involved), on both
/// engines (`EngineStore.engines`): the checks read the store through the seam.
@Suite struct IngestTests {
    let config = InboxConfig(
        agent: .init(name: "Ada", email: "ada@shop.example"),
        queue: [
            .init(name: "Support", addresses: ["support@shop.example"], default: true),
            .init(name: "Returns", addresses: ["returns@shop.example"]),
        ])

    func makeDB() throws -> AppDatabase {
        let db = try AppDatabase.inMemory()
        try db.syncQueues(config)
        return db
    }

    /// A fresh store on `engine` with the config's queues; keep the `EngineStore` alive.
    func makeDB(_ engine: StoreEngineKind, _ name: String) throws -> (EngineStore, AppDatabase) {
        let store = try EngineStore.make(engine, "ingest-\(name)")
        let db = try store.open()
        try db.syncQueues(config)
        return (store, db)
    }

    /// One value read through the seam (0 when none).
    func count(_ db: AppDatabase, _ sql: String, _ arguments: StoreArguments = []) throws -> Int {
        try db.snapshot { try $0.value(Int.self, sql, arguments) } ?? 0
    }

    /// A ticket's column as text, read through the seam.
    func ticketText(_ db: AppDatabase, _ id: Int64, _ column: String) throws -> String? {
        try db.snapshot { try $0.value(String.self, "SELECT \(column) FROM ticket WHERE id = ?", [id]) }
    }

    /// A ticket's column as a number, read through the seam.
    func ticketNumber(_ db: AppDatabase, _ id: Int64, _ column: String) throws -> Double? {
        try db.snapshot { try $0.value(Double.self, "SELECT \(column) FROM ticket WHERE id = ?", [id]) }
    }

    /// The address of a ticket's customer.
    func customerOf(_ db: AppDatabase, _ id: Int64) throws -> String? {
        try db.snapshot {
            try $0.value(
                String.self, "SELECT c.address FROM ticket t JOIN customer c ON c.id = t.customer_id WHERE t.id = ?",
                [id])
        }
    }

    /// Runs one statement in a write transaction (a test's shortcut to a state).
    func run(_ db: AppDatabase, _ sql: String) throws {
        try db.transaction { try $0.exec(sql, []) }
    }

    func msg(
        _ id: String?, from: String = "ayse@example.com", to: [String] = ["support@shop.example"],
        subject: String = "Kargom nerede?", inReplyTo: [String] = [], references: [String] = [],
        deliveredTo: [String] = [], date: Double = 1_793_000_000, text: String = "Merhaba",
        loop: LoopHeaders = LoopHeaders(),
        rawSuffix: String = ""
    ) -> IncomingMessage {
        let p = ParsedMessage(
            messageID: id, inReplyTo: inReplyTo, references: references, from: MailAddress(name: nil, address: from),
            to: to.map { MailAddress(address: $0) }, deliveredTo: deliveredTo, date: Date(timeIntervalSince1970: date),
            subject: subject, text: text, loop: loop)
        let raw = Array("Message-ID: \(id ?? "none")\nFrom: \(from)\nSubject: \(subject)\n\n\(text)\(rawSuffix)".utf8)
        return IncomingMessage(raw: raw, sha256: RawDigest.sha256Hex(raw), parsed: p, source: "test")
    }

    func reasons(_ db: AppDatabase) throws -> [String: (ticket: Int64?, reason: String)] {
        try db.snapshot { db in
            var out: [String: (Int64?, String)] = [:]
            for row in try db.rows("SELECT message_id, ticket_id, thread_reason FROM message", []) {
                out[(row["message_id"] as String?) ?? "(none)"] = (row["ticket_id"], row["thread_reason"])
            }
            return out
        }
    }

    @Test(arguments: EngineStore.engines) func newTicketThenReplyJoinsByInReplyTo(_ engine: StoreEngineKind) throws {
        let (store, db) = try makeDB(engine, "reply")
        defer { _ = store }
        let s = try db.ingest(
            [msg("a@x"), msg("b@x", from: "ada@shop.example", to: ["ayse@example.com"], inReplyTo: ["a@x"])],
            config: config)
        #expect(s.newTickets == 1 && s.joined == 1 && s.new == 2)
        let r = try reasons(db)
        #expect(r["a@x"]!.reason == "new ticket")
        #expect(r["b@x"]!.reason == "In-Reply-To <a@x>")
        #expect(r["a@x"]!.ticket == r["b@x"]!.ticket)
        #expect(try ticketText(db, r["a@x"]!.ticket!, "status") == "open")  // the agent answered a new ticket
        let directions = try db.snapshot {
            try $0.values(
                String.self, "SELECT direction FROM message WHERE ticket_id = ? ORDER BY id", [r["a@x"]!.ticket!])
        }
        #expect(directions == ["inbound", "outbound"])
        #expect(r["a@x"]!.ticket == 1001)
    }

    @Test(arguments: EngineStore.engines) func duplicateMessageIDAddsNothingButTheRoute(_ engine: StoreEngineKind)
        throws
    {
        let (store, db) = try makeDB(engine, "duplicate")
        defer { _ = store }
        _ = try db.ingest([msg("a@x", deliveredTo: ["support@shop.example"])], config: config)
        let s = try db.ingest([msg("a@x", deliveredTo: ["returns@shop.example"], rawSuffix: " ")], config: config)
        #expect(s.duplicates == 1 && s.new == 0)
        let (messages, routes, raws) = try db.snapshot { db in
            (
                try db.value(Int.self, "SELECT COUNT(*) FROM message")!,
                try db.values(String.self, "SELECT address FROM message_route ORDER BY address"),
                try db.value(Int.self, "SELECT COUNT(*) FROM raw_message")!
            )
        }
        #expect(messages == 1)
        #expect(routes == ["returns@shop.example", "support@shop.example"])
        #expect(raws == 2)  // both deliveries' bytes are kept
    }

    @Test(arguments: EngineStore.engines) func messageWithoutIDIsDedupedByBytes(_ engine: StoreEngineKind) throws {
        let (store, db) = try makeDB(engine, "bytes")
        defer { _ = store }
        _ = try db.ingest([msg(nil)], config: config)
        let again = try db.ingest([msg(nil)], config: config)
        #expect(again.duplicates == 1)
        let different = try db.ingest([msg(nil, rawSuffix: "!")], config: config)
        #expect(different.new == 1)
        // The bytes come back exactly as they went in.
        let m = msg(nil, rawSuffix: "!")
        let stored = try db.snapshot {
            try $0.value(Data.self, "SELECT bytes FROM raw_message WHERE sha256 = ?", [m.sha256])
        }
        #expect(stored.map { [UInt8]($0) } == m.raw)
    }

    @Test(arguments: EngineStore.engines) func ourOwnMessageIDThreadsFirst(_ engine: StoreEngineKind) throws {
        let (store, db) = try makeDB(engine, "own")
        defer { _ = store }
        _ = try db.ingest([msg("a@x"), msg("other@x", from: "bob@example.org")], config: config)
        let s = try db.ingest(
            [msg("c@x", inReplyTo: ["other@x"], references: ["ticket-1001.abc@shop.example", "other@x"])],
            config: config)
        #expect(s.joined == 1)
        let r = try reasons(db)
        #expect(r["c@x"]!.ticket == 1001)
        #expect(r["c@x"]!.reason.hasPrefix("reply to our message <ticket-1001.abc@shop.example>"))
    }

    @Test func subjectTagIsTheFirstWellFormedTag() {
        #expect(ThreadResolver.subjectTag("Re: [#1042] Paket") == 1042)
        #expect(ThreadResolver.subjectTag("[#] [#12x] Şikayet [#7]") == 7)
        #expect(ThreadResolver.subjectTag("Zwrot [#99999999999999999999] [#5]") == 5)
        #expect(ThreadResolver.subjectTag("Re: [#1042") == nil)
        #expect(ThreadResolver.subjectTag("order #1042") == nil)
        #expect(ThreadResolver.subjectTag("") == nil)
    }

    @Test(arguments: EngineStore.engines) func subjectTagOnlyFromParticipants(_ engine: StoreEngineKind) throws {
        let (store, db) = try makeDB(engine, "tag")
        defer { _ = store }
        _ = try db.ingest([msg("a@x")], config: config)
        _ = try db.ingest(
            [
                msg("b@x", subject: "Re: [#1001] Kargom nerede?"),
                msg("c@x", from: "stranger@evil.example", subject: "[#1001] give me the data"),
            ], config: config)
        let r = try reasons(db)
        #expect(r["b@x"]!.ticket == 1001 && r["b@x"]!.reason == "subject tag [#1001] from a participant")
        #expect(r["c@x"]!.ticket != 1001 && r["c@x"]!.reason == "new ticket")
    }

    @Test(arguments: EngineStore.engines) func outOfOrderAndMissingParentsStillThread(_ engine: StoreEngineKind) throws
    {
        let (store, db) = try makeDB(engine, "order")
        defer { _ = store }
        // The child arrives before its parent; two siblings share a parent we never received.
        _ = try db.ingest(
            [
                msg("child@x", inReplyTo: ["parent@x"], references: ["parent@x"]),
                msg("parent@x"),
                msg("s1@x", from: "jan@example.pl", references: ["ghost@x"]),
                msg("s2@x", from: "jan@example.pl", references: ["ghost@x"]),
                msg("loop1@x", from: "kari@example.no", references: ["loop2@x", "loop1@x"]),
                msg("loop2@x", from: "kari@example.no", inReplyTo: ["loop1@x"], references: ["loop1@x", "loop2@x"]),
            ], config: config)
        let r = try reasons(db)
        #expect(r["parent@x"]!.ticket == r["child@x"]!.ticket)
        #expect(r["parent@x"]!.reason.hasPrefix("parent of a message already in the ticket"))
        #expect(r["s1@x"]!.ticket == r["s2@x"]!.ticket)
        #expect(r["s2@x"]!.reason.hasPrefix("shares the reference <ghost@x>"))
        #expect(r["loop1@x"]!.ticket == r["loop2@x"]!.ticket)
        #expect(try count(db, "SELECT COUNT(*) FROM ticket") == 3)
    }

    @Test func threadingLooksUpTicketsInTheIndexAndFollowsMerges() throws {
        let db = try makeDB()
        _ = try db.ingest([msg("first@x"), msg("other@x", from: "jan@example.pl", subject: "Zwrot")], config: config)
        let r = try reasons(db)
        let (first, other) = (r["first@x"]!.ticket!, r["other@x"]!.ticket!)
        // The lookup of a Message-ID's ticket reads the index alone, never the message rows.
        let plan = try db.reader.read { db in
            try Row.fetchAll(
                db,
                sql: "EXPLAIN QUERY PLAN SELECT ticket_id FROM message WHERE message_id = ? AND ticket_id IS NOT NULL",
                arguments: ["first@x"]
            ).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("COVERING INDEX message_ticket_by_message_id") }, "\(plan)")
        // After a merge, a reply to the merged ticket's message lands in the surviving ticket.
        try db.merge(first, into: other, actor: "Ada", config: config)
        _ = try db.ingest([msg("reply@x", inReplyTo: ["first@x"])], config: config)
        #expect(try reasons(db)["reply@x"]!.ticket == other)
    }

    @Test(arguments: EngineStore.engines) func automaticMailIsQuarantinedOrJoinsWithoutReopening(
        _ engine: StoreEngineKind
    ) throws {
        let (store, db) = try makeDB(engine, "automatic")
        defer { _ = store }
        let ooo = LoopHeaders(autoSubmitted: "auto-replied")
        _ = try db.ingest(
            [
                msg("news@x", from: "news@shop-news.example", loop: LoopHeaders(precedence: "bulk")),
                msg("a@x"),
            ], config: config)
        try run(db, "UPDATE ticket SET status = 'pending'")
        let s = try db.ingest([msg("ooo@x", inReplyTo: ["a@x"], loop: ooo)], config: config)
        #expect(s.joined == 1 && s.newTickets == 0)
        let r = try reasons(db)
        #expect(r["news@x"]!.ticket == nil && r["news@x"]!.reason.hasPrefix("quarantined: automatic message"))
        #expect(try ticketText(db, 1001, "status") == "pending")  // an auto-reply does not reopen
        if engine == .sqlite { #expect(try db.viewCounts().quarantine == 1) }
        #expect(try count(db, "SELECT COUNT(*) FROM message WHERE ticket_id IS NULL AND automatic = 1") == 1)
        for h in [
            LoopHeaders(hasAutoreplyHeader: true), LoopHeaders(autoResponseSuppress: "OOF, AutoReply"),
            LoopHeaders(precedence: "junk"),
        ] {
            #expect(LoopProtection.automaticReason(ParsedMessage(loop: h)) != nil)
        }
        #expect(LoopProtection.automaticReason(ParsedMessage(loop: LoopHeaders(autoSubmitted: "no"))) == nil)
    }

    @Test(arguments: EngineStore.engines) func bounceJoinsTheTicketOfTheReturnedMessageAndFlagsTheAddress(
        _ engine: StoreEngineKind
    ) throws {
        let (store, db) = try makeDB(engine, "bounce")
        defer { _ = store }
        _ = try db.ingest(
            [msg("a@x"), msg("reply@shop", from: "ada@shop.example", to: ["ayse@example.com"], inReplyTo: ["a@x"])],
            config: config)
        let bounce = msg(
            "dsn@mx", from: "MAILER-DAEMON@mx.shop.example",
            loop: LoopHeaders(
                returnPath: "<>", isDeliveryStatusReport: true, reportedMessageIDs: ["reply@shop"],
                failedRecipients: ["ayse@example.com"]))
        let s = try db.ingest([bounce], config: config)
        #expect(s.joined == 1 && s.newTickets == 0)
        let r = try reasons(db)
        #expect(r["dsn@mx"]!.ticket == 1001 && r["dsn@mx"]!.reason == "bounce of <reply@shop>")
        let failing = try db.snapshot {
            try $0.value(Bool.self, "SELECT failing FROM customer WHERE address = 'ayse@example.com'")
        }
        #expect(failing == true)
    }

    @Test(arguments: EngineStore.engines) func mailFromOurOwnAddressesIsOutbound(_ engine: StoreEngineKind) throws {
        let (store, db) = try makeDB(engine, "outbound")
        defer { _ = store }
        _ = try db.ingest(
            [
                msg("out@x", from: "ada@shop.example", to: ["kari@example.no"], subject: "Your order"),
                msg("self@x", from: "support@shop.example", to: ["returns@shop.example"]),
            ], config: config)
        let r = try reasons(db)
        #expect(r["out@x"]!.reason == "new ticket: sent by the team to kari@example.no")
        #expect(try customerOf(db, r["out@x"]!.ticket!) == "kari@example.no")
        #expect(r["self@x"]!.ticket == nil)
    }

    @Test(arguments: EngineStore.engines) func routingByDeliveredToThenToThenCc(_ engine: StoreEngineKind) throws {
        let (store, db) = try makeDB(engine, "routing")
        defer { _ = store }
        _ = try db.ingest(
            [
                msg("1@x", to: ["support@shop.example"], deliveredTo: ["returns@shop.example"]),
                msg("2@x", from: "b@example.org", to: ["returns@shop.example"]),
                msg("3@x", from: "c@example.org", to: ["someone@else.example"]),
            ], config: config)
        let queues = try db.snapshot {
            try $0.rows(
                "SELECT c.address, q.name FROM ticket t JOIN customer c ON c.id = t.customer_id JOIN queue q ON q.id = t.queue_id",
                []
            ).reduce(into: [String: String]()) { $0[$1["address"]] = $1["name"] }
        }
        #expect(queues["ayse@example.com"] == "Returns")
        #expect(queues["b@example.org"] == "Returns")
        #expect(queues["c@example.org"] == "Support")
        let forced = try db.ingest(
            [msg("4@x", from: "d@example.org")], config: config, options: IngestOptions(queue: "returns"))
        #expect(forced.newTickets == 1)
        #expect(throws: InboxError.self) {
            try db.ingest([msg("5@x")], config: config, options: IngestOptions(queue: "nope"))
        }
    }

    @Test(arguments: EngineStore.engines) func customerRepliesReopenAndClosedTicketsStartAnewLinked(
        _ engine: StoreEngineKind
    ) throws {
        let (store, db) = try makeDB(engine, "reopen")
        defer { _ = store }
        _ = try db.ingest([msg("a@x")], config: config)
        try run(db, "UPDATE ticket SET status = 'solved'")
        _ = try db.ingest([msg("b@x", inReplyTo: ["a@x"])], config: config)
        #expect(try ticketText(db, 1001, "status") == "open")
        try run(db, "UPDATE ticket SET status = 'closed'")
        let s = try db.ingest([msg("c@x", inReplyTo: ["b@x"])], config: config)
        #expect(s.newTickets == 1 && s.joined == 0)
        #expect(try ticketNumber(db, 1002, "linked_ticket_id") == 1001)
        #expect(try reasons(db)["c@x"]?.reason.contains("ticket #1001 is closed") == true)
        #expect(try reasons(db)["c@x"]?.ticket == 1002)
    }

    @Test(arguments: EngineStore.engines) func archiveModeLandsSolvedWithOriginalDates(_ engine: StoreEngineKind) throws
    {
        let (store, db) = try makeDB(engine, "archive")
        defer { _ = store }
        _ = try db.ingest([msg("a@x", date: 1_600_000_000)], config: config, options: IngestOptions(archive: true))
        #expect(try ticketText(db, 1001, "status") == "solved")
        #expect(try ticketNumber(db, 1001, "created_at") == 1_600_000_000)
        // A later archived message on the ticket moves its solved time on (the later of the two).
        _ = try db.ingest(
            [msg("b@x", inReplyTo: ["a@x"], date: 1_600_000_500)], config: config, options: IngestOptions(archive: true)
        )
        #expect(try ticketNumber(db, 1001, "solved_at") == 1_600_000_500)
        #expect(try ticketText(db, 1001, "status") == "solved")
    }

    @Test(arguments: EngineStore.engines) func checkpointCommitsOnlyWithItsMessages(_ engine: StoreEngineKind) throws {
        let (store, db) = try makeDB(engine, "checkpoint")
        defer { _ = store }
        _ = try db.ingest(
            [msg("a@x")], config: config, checkpoint: .file(kind: "mbox", source: "/m", identity: "i", offset: 10))
        #expect(try db.fileCheckpoint(kind: "mbox", source: "/m")?.offset == 10)
        // A batch that fails part-way leaves neither its messages nor its checkpoint.
        #expect(throws: InboxError.self) {
            try db.ingest(
                [msg("b@x")], config: config, options: IngestOptions(queue: "missing"),
                checkpoint: .file(kind: "mbox", source: "/m", identity: "i", offset: 99))
        }
        #expect(try db.fileCheckpoint(kind: "mbox", source: "/m")?.offset == 10)
        _ = try db.ingest([], config: config, checkpoint: .seen(source: "maildir:/d", names: ["1", "2"]))
        #expect(try db.seenNames(source: "maildir:/d") == ["1", "2"])
        _ = try db.ingest([], config: config, checkpoint: .seen(source: "maildir:/d", names: ["2", "3"]))
        #expect(try db.seenNames(source: "maildir:/d") == ["1", "2", "3"])
        _ = try db.ingest(
            [], config: config,
            checkpoint: .imap(account: "a", folder: "INBOX", uidValidity: 7, lastUID: 42, highestModSeq: 9))
        #expect(try db.imapState(account: "a", folder: "INBOX")?.lastUID == 42)
    }

    @Test func fullTextSearchIgnoresDiacritics() throws {
        let db = try makeDB()
        _ = try db.ingest(
            [
                msg("tr@x", subject: "Müşteri hizmetleri", text: "Siparişim gelmedi"),
                msg("pl@x", from: "jan@example.pl", subject: "Zamówienie", text: "Żółw przyszedł uszkodzony z Łodzi"),
                msg("no@x", from: "kari@example.no", subject: "Retur", text: "Hilsen Kari Ødegård"),
            ], config: config)
        func hits(_ q: String) throws -> Int { try db.tickets(TicketFilter(text: q)).count }
        #expect(try hits("musteri") == 1)
        #expect(try hits("zolw") == 1)
        #expect(try hits("lodzi") == 1)
        #expect(try hits("odegard") == 1)
        #expect(try hits("siparis*") == 1)
        #expect(try hits("siparis") == 0)  // words match whole; refu* asks for a prefix
        #expect(throws: SearchQueryError.self) { try hits("\" OR 1=1 --") }
    }

    @Test func databaseFileIsPrivate() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("inbox-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/sub/inbox.sqlite"
        let db = try AppDatabase.open(path: path)
        try db.syncQueues(config)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! Int
        #expect(mode & 0o077 == 0)
        let journal = try db.writer.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
    }

    @Test func configParsingAndErrors() throws {
        let c = try InboxConfig.parse(
            """
            [agent]
            name = "Ada"
            email = "Ada@Shop.example"
            [[queue]]
            name = "Support"
            addresses = ["support@shop.example"]
            default = true
            [smtp]
            host = "x"
            """)
        #expect(c.queues.count == 1 && c.ownAddresses.contains("ada@shop.example"))
        #expect(throws: InboxError.self) { try InboxConfig.parse("[[queue]]\nname = \"A\"\naddresses = [\n") }
        #expect(throws: InboxError.self) {
            try InboxConfig.parse("[[queue]]\nname = \"A\"\naddresses = []\n[[queue]]\nname = \"a\"\naddresses = []\n")
        }
        #expect(InboxConfig().queues.first?.name == "Support")
    }

    @Test func durationsAreReadAsIntegersFloatsOrWithAUnit() throws {
        let c = try InboxConfig.parse(
            "[smtp]\nhost = \"x\"\ntimeout = 20\n[replies]\nundo_window = 2.5\nretry_base = \"5m\"\n")
        #expect(c.smtp?.timeout == 20)
        #expect(c.replies?.undoWindow == 2.5)
        #expect(c.replies?.retryBase == 300)
        #expect(throws: InboxError.self) { try InboxConfig.parse("[smtp]\ntimeout = \"soon\"\n") }
    }

    @Test func anUndoWindowOfZeroMeansNone() throws {
        #expect(try InboxConfig.parse("[replies]\nundo_window = \"0s\"\n").replies?.undoWindow == 0)
        #expect(try InboxConfig.parse("[replies]\nundo_window = 0\n").replies?.undoWindow == 0)
        // Zero stays refused where it makes no sense: a timeout of nothing.
        #expect(throws: InboxError.self) { try InboxConfig.parse("[smtp]\ntimeout = \"0s\"\n") }
    }
}

@Suite struct SubjectCleanerTests {
    @Test func stripsReplyAndForwardPrefixesInManyLanguages() {
        #expect(SubjectCleaner.clean("Re: Kargom nerede?") == "Kargom nerede?")
        #expect(SubjectCleaner.clean("YNT: RE: Fwd: Sipariş TR-40218") == "Sipariş TR-40218")
        #expect(SubjectCleaner.clean("AW: WG: Bestellung DE-88120") == "Bestellung DE-88120")
        #expect(SubjectCleaner.clean("Odp: Zamówienie PL-7781") == "Zamówienie PL-7781")
        #expect(SubjectCleaner.clean("SV: VS: Ordre 5531") == "Ordre 5531")
        #expect(SubjectCleaner.clean("Re[2]: [#1042] Refund") == "Refund")
        #expect(SubjectCleaner.clean("Order: 5531 missing") == "Order: 5531 missing")
        #expect(SubjectCleaner.clean("Re:") == "Re:")
    }
}

extension IngestTests {
    @Test(arguments: EngineStore.engines) func anOlderCustomerMessageNamesTheCustomerOfATicketOpenedByOurReply(
        _ engine: StoreEngineKind
    ) throws {
        let (store, db) = try makeDB(engine, "older")
        defer { _ = store }
        _ = try db.ingest(
            [
                msg(
                    "reply@shop", from: "ada@shop.example", to: ["typo@example.com"], inReplyTo: ["orig@x"], date: 2_000
                ),
                msg("orig@x", from: "kasia@example.pl", date: 1_000),
            ], config: config)
        #expect(try customerOf(db, 1001) == "kasia@example.pl")
        #expect(try ticketNumber(db, 1001, "created_at") == 1_000)
        #expect(try count(db, "SELECT COUNT(*) FROM ticket") == 1)
    }
}

extension IngestTests {
    /// The SLA due times a batch sets, and a snoozed ticket woken by its customer's reply, on
    /// both engines.
    @Test(arguments: EngineStore.engines) func slaDueTimesAndWakingOnReply(_ engine: StoreEngineKind) throws {
        var config = self.config
        config.sla = SLASettings(first_response: "8h")
        let store = try EngineStore.make(engine, "ingest-sla")
        let db = try store.open()
        try db.syncQueues(config)
        _ = try db.ingest([msg("a@x", date: 1_000_000)], config: config)
        let due = try ticketNumber(db, 1001, "first_response_due")
        #expect(due != nil && due! > 1_000_000, "\(String(describing: due))")
        #expect(try ticketText(db, 1001, "sla_policy") != nil)
        try run(db, "UPDATE ticket SET snoozed_until = 9999999999, status = 'pending'")
        _ = try db.ingest([msg("b@x", inReplyTo: ["a@x"], date: 1_000_100)], config: config)
        #expect(try ticketNumber(db, 1001, "snoozed_until") == nil)
        #expect(try ticketText(db, 1001, "snooze_woke") == "reply")
        #expect(try ticketText(db, 1001, "status") == "open")
        #expect(try count(db, "SELECT COUNT(*) FROM event WHERE ticket_id = 1001 AND kind = 'snooze'") == 1)
    }
}
