import Foundation
import GRDB
import Testing

@testable import InboxCore

/// Ingest rules of DESIGN §4, on hand-built parsed messages (no parser involved).
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
        try db.reader.read { db in
            var out: [String: (Int64?, String)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT message_id, ticket_id, thread_reason FROM message") {
                out[(row["message_id"] as String?) ?? "(none)"] = (row["ticket_id"], row["thread_reason"])
            }
            return out
        }
    }

    @Test func newTicketThenReplyJoinsByInReplyTo() throws {
        let db = try makeDB()
        let s = try db.ingest(
            [msg("a@x"), msg("b@x", from: "ada@shop.example", to: ["ayse@example.com"], inReplyTo: ["a@x"])],
            config: config)
        #expect(s.newTickets == 1 && s.joined == 1 && s.new == 2)
        let r = try reasons(db)
        #expect(r["a@x"]!.reason == "new ticket")
        #expect(r["b@x"]!.reason == "In-Reply-To <a@x>")
        #expect(r["a@x"]!.ticket == r["b@x"]!.ticket)
        let detail = try db.ticketDetail(r["a@x"]!.ticket!)
        #expect(detail.ticket.status == .open)  // the agent answered a new ticket
        #expect(detail.messages.map(\.direction) == [.inbound, .outbound])
        #expect(r["a@x"]!.ticket == 1001)
    }

    @Test func duplicateMessageIDAddsNothingButTheRoute() throws {
        let db = try makeDB()
        _ = try db.ingest([msg("a@x", deliveredTo: ["support@shop.example"])], config: config)
        let s = try db.ingest([msg("a@x", deliveredTo: ["returns@shop.example"], rawSuffix: " ")], config: config)
        #expect(s.duplicates == 1 && s.new == 0)
        let (messages, routes, raws) = try db.reader.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM message")!,
                try String.fetchAll(db, sql: "SELECT address FROM message_route ORDER BY address"),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM raw_message")!
            )
        }
        #expect(messages == 1)
        #expect(routes == ["returns@shop.example", "support@shop.example"])
        #expect(raws == 2)  // both deliveries' bytes are kept
    }

    @Test func messageWithoutIDIsDedupedByBytes() throws {
        let db = try makeDB()
        _ = try db.ingest([msg(nil)], config: config)
        let again = try db.ingest([msg(nil)], config: config)
        #expect(again.duplicates == 1)
        let different = try db.ingest([msg(nil, rawSuffix: "!")], config: config)
        #expect(different.new == 1)
    }

    @Test func ourOwnMessageIDThreadsFirst() throws {
        let db = try makeDB()
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

    @Test func subjectTagOnlyFromParticipants() throws {
        let db = try makeDB()
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

    @Test func outOfOrderAndMissingParentsStillThread() throws {
        let db = try makeDB()
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
        #expect(try db.ticketCount() == 3)
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

    @Test func automaticMailIsQuarantinedOrJoinsWithoutReopening() throws {
        let db = try makeDB()
        let ooo = LoopHeaders(autoSubmitted: "auto-replied")
        _ = try db.ingest(
            [
                msg("news@x", from: "news@shop-news.example", loop: LoopHeaders(precedence: "bulk")),
                msg("a@x"),
            ], config: config)
        try db.writer.write { try $0.execute(sql: "UPDATE ticket SET status = 'pending'") }
        let s = try db.ingest([msg("ooo@x", inReplyTo: ["a@x"], loop: ooo)], config: config)
        #expect(s.joined == 1 && s.newTickets == 0)
        let r = try reasons(db)
        #expect(r["news@x"]!.ticket == nil && r["news@x"]!.reason.hasPrefix("quarantined: automatic message"))
        #expect(try db.ticketDetail(1001).ticket.status == .pending)  // an auto-reply does not reopen
        #expect(try db.viewCounts().quarantine == 1)
        for h in [
            LoopHeaders(hasAutoreplyHeader: true), LoopHeaders(autoResponseSuppress: "OOF, AutoReply"),
            LoopHeaders(precedence: "junk"),
        ] {
            #expect(LoopProtection.automaticReason(ParsedMessage(loop: h)) != nil)
        }
        #expect(LoopProtection.automaticReason(ParsedMessage(loop: LoopHeaders(autoSubmitted: "no"))) == nil)
    }

    @Test func bounceJoinsTheTicketOfTheReturnedMessageAndFlagsTheAddress() throws {
        let db = try makeDB()
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
        let failing = try db.reader.read {
            try Bool.fetchOne($0, sql: "SELECT failing FROM customer WHERE address = 'ayse@example.com'")
        }
        #expect(failing == true)
    }

    @Test func mailFromOurOwnAddressesIsOutbound() throws {
        let db = try makeDB()
        _ = try db.ingest(
            [
                msg("out@x", from: "ada@shop.example", to: ["kari@example.no"], subject: "Your order"),
                msg("self@x", from: "support@shop.example", to: ["returns@shop.example"]),
            ], config: config)
        let r = try reasons(db)
        #expect(r["out@x"]!.reason == "new ticket: sent by the team to kari@example.no")
        let t = try db.ticketDetail(r["out@x"]!.ticket!)
        #expect(t.ticket.customer.address == "kari@example.no")
        #expect(r["self@x"]!.ticket == nil)
    }

    @Test func routingByDeliveredToThenToThenCc() throws {
        let db = try makeDB()
        _ = try db.ingest(
            [
                msg("1@x", to: ["support@shop.example"], deliveredTo: ["returns@shop.example"]),
                msg("2@x", from: "b@example.org", to: ["returns@shop.example"]),
                msg("3@x", from: "c@example.org", to: ["someone@else.example"]),
            ], config: config)
        let queues = try db.tickets().reduce(into: [String: String]()) { $0[$1.customer.address!] = $1.queue }
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

    @Test func customerRepliesReopenAndClosedTicketsStartAnewLinked() throws {
        let db = try makeDB()
        _ = try db.ingest([msg("a@x")], config: config)
        try db.writer.write { try $0.execute(sql: "UPDATE ticket SET status = 'solved'") }
        _ = try db.ingest([msg("b@x", inReplyTo: ["a@x"])], config: config)
        #expect(try db.ticketDetail(1001).ticket.status == .open)
        try db.writer.write { try $0.execute(sql: "UPDATE ticket SET status = 'closed'") }
        let s = try db.ingest([msg("c@x", inReplyTo: ["b@x"])], config: config)
        #expect(s.newTickets == 1 && s.joined == 0)
        let newTicket = try db.ticketDetail(1002)
        #expect(newTicket.linkedTicket == 1001)
        #expect(newTicket.messages.first?.threadReason.contains("ticket #1001 is closed") == true)
    }

    @Test func archiveModeLandsSolvedWithOriginalDates() throws {
        let db = try makeDB()
        _ = try db.ingest([msg("a@x", date: 1_600_000_000)], config: config, options: IngestOptions(archive: true))
        let t = try db.ticketDetail(1001).ticket
        #expect(t.status == .solved)
        #expect(t.createdAt == Date(timeIntervalSince1970: 1_600_000_000))
    }

    @Test func checkpointCommitsOnlyWithItsMessages() throws {
        let db = try makeDB()
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
    @Test func anOlderCustomerMessageNamesTheCustomerOfATicketOpenedByOurReply() throws {
        let db = try makeDB()
        _ = try db.ingest(
            [
                msg(
                    "reply@shop", from: "ada@shop.example", to: ["typo@example.com"], inReplyTo: ["orig@x"], date: 2_000
                ),
                msg("orig@x", from: "kasia@example.pl", date: 1_000),
            ], config: config)
        let t = try db.ticketDetail(1001)
        #expect(t.ticket.customer.address == "kasia@example.pl")
        #expect(t.ticket.createdAt == Date(timeIntervalSince1970: 1_000))
        #expect(try db.ticketCount() == 1)
    }
}
