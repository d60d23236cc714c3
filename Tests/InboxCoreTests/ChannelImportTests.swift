import Foundation
import GRDB
import InboxTestSupport
import Testing

@testable import InboxCore

/// `inbox import jsonl` (DESIGN §19, docs/channels.md) on the fixtures in Fixtures/channels:
/// chat transcripts, web forms and marketplace messages in Turkish, Polish, German, Spanish
/// and Norwegian.
@Suite struct ChannelImportTests: StoreSuite {
    static let folder = TestPaths.fixtures + "/channels"

    let config = StoreFixture.config(
        queues: [StoreFixture.supportQueue, .init(name: "Returns", addresses: ["returns@shop.example"])]
    ) { $0.channel = [ChannelSettings(name: "trendyol", queue: "Returns")] }

    func importAll(_ db: AppDatabase, rules: RuleBook? = nil, config: InboxConfig? = nil) throws
        -> ChannelImporter.Result
    {
        var options = IngestOptions(actor: "import")
        options.rules = rules
        let importer = ChannelImporter(database: db, config: config ?? self.config, options: options)
        var total = ChannelImporter.Result()
        for name in ["chat.jsonl", "webform.jsonl", "marketplace.jsonl"] {
            let r = try importer.importFile(Self.folder + "/" + name)
            total.summary.add(r.summary)
            total.badLines += r.badLines
            total.lines += r.lines
        }
        return total
    }

    func count(_ db: AppDatabase, _ sql: String, _ arguments: StoreArguments = []) throws -> Int {
        try db.seamValue(Int.self, sql, arguments) ?? 0
    }

    @Test(arguments: EngineStore.engines)
    func importsThreadedByChannelAndConversation(_ engine: StoreEngineKind) throws {
        let store = try engineDB(engine, "channel-threaded")
        let db = store.db
        let r = try importAll(db)
        #expect(r.badLines.isEmpty)
        #expect(r.summary.messages == 12 && r.summary.new == 12)
        #expect(r.summary.newTickets == 8)
        #expect(r.summary.joined == 4)
        // Each (channel, conversation) is one ticket, and the ticket knows both.
        let rows = try db.snapshot {
            try $0.rows(
                "SELECT channel, conversation, COUNT(*) AS n FROM ticket GROUP BY channel, conversation ORDER BY conversation",
                [])
        }
        #expect(rows.count == 8)
        #expect(rows.allSatisfy { ($0["n"] as Int) == 1 })
        let chat = try #require(
            try db.tickets(TicketFilter(text: "channel:chat")).first { $0.subject.hasPrefix("Merhaba, siparişim") })
        #expect(chat.channel == "chat")
        let detail = try db.ticketDetail(chat.id)
        #expect(detail.conversation == "tawk-5001")
        #expect(detail.messages.map(\.direction) == [.inbound, .outbound, .inbound])
        #expect(detail.ticket.status == .open)  // the agent's chat answer counts as the first response
        #expect(detail.messages[0].text.contains("TR-40218"))
        // The attachment's bytes are in the store, by digest.
        let photo = try #require(detail.messages[2].attachments.first)
        #expect(photo.filename == "ezik-kutu.jpg" && photo.contentType == "image/jpeg")
        #expect(photo.partPath.hasPrefix("sha256:"))
        let bytes = try #require(try db.rawMessage(sha256: String(photo.partPath.dropFirst(7))))
        #expect(bytes == [UInt8](FileManager.default.contents(atPath: Self.folder + "/files/ezik-kutu.jpg")!))
        // The raw bytes of a message are its JSON line.
        let raw = try #require(try db.rawMessage(sha256: detail.messages[0].sha256))
        #expect(String(decoding: raw, as: UTF8.self).hasPrefix(#"{"channel":"chat","conversation":"tawk-5001""#))
        // [[channel]] queue routes; the others go to the default queue.
        #expect(try db.tickets(TicketFilter(text: "channel:trendyol")).map(\.queue) == ["Returns"])
        #expect(try db.tickets(TicketFilter(text: "channel:allegro")).map(\.queue) == ["Support"])
        #expect(try db.tickets(TicketFilter(text: "channel:email")).isEmpty)
    }

    @Test(arguments: EngineStore.engines)
    func secondImportAddsNothing(_ engine: StoreEngineKind) throws {
        let store = try engineDB(engine, "channel-second")
        let db = store.db
        _ = try importAll(db)
        let before = try count(db, "SELECT COUNT(*) FROM message")
        let again = try importAll(db)
        #expect(again.summary.messages == 12 && again.summary.duplicates == 12 && again.summary.new == 0)
        #expect(again.summary.newTickets == 0)
        #expect(try count(db, "SELECT COUNT(*) FROM message") == before)
        #expect(try count(db, "SELECT COUNT(*) FROM ticket") == 8)
        #expect(try count(db, "SELECT COUNT(*) FROM customer") == 6)
    }

    @Test(arguments: EngineStore.engines)
    func oneCustomerAcrossChannelsByEmailAndPhone(_ engine: StoreEngineKind) throws {
        let store = try engineDB(engine, "channel-one-customer")
        let db = store.db
        _ = try importAll(db)
        #expect(try count(db, "SELECT COUNT(*) FROM customer") == 6)
        // Ayşe: a chat (e-mail and phone), a web form (the same e-mail in capitals) and
        // Trendyol (the same phone written 0090-…): one customer with three tickets.
        let ayse = try db.customer(address: "ayse.yilmaz@example.com.tr")
        #expect(ayse.ticketCount == 3)
        #expect(ayse.phone == "+905321112233")
        #expect(ayse.handles == ["trendyol:buyer-551902"])
        #expect(try db.customer(address: "+90 532 111 22 33").address == "ayse.yilmaz@example.com.tr")
        // Zofia has no e-mail: her phone is her address, her handle finds her too.
        let zofia = try db.customer(address: "chat:zofia_w")
        #expect(zofia.address == "tel:+48601234567" && zofia.ticketCount == 1 && zofia.name == "Zofia Wiśniewska")
    }

    @Test(arguments: EngineStore.engines)
    func mailFromTheSameAddressJoinsTheCustomer(_ engine: StoreEngineKind) throws {
        let store = try engineDB(engine, "channel-same-address")
        let db = store.db
        _ = try importAll(db)
        let p = ParsedMessage(
            messageID: "kari-1@example.no",
            from: MailAddress(name: "Kari Nordmann", address: "Kari.Nordmann@example.no"),
            to: [MailAddress(address: "support@shop.example")], date: Date(timeIntervalSince1970: 1_794_000_000),
            subject: "Bytte av sko", text: "Hei igjen, jeg sendte skoene i dag.")
        let raw = Array("Message-ID: <kari-1@example.no>\n\nHei".utf8)
        _ = try db.ingest(
            [IncomingMessage(raw: raw, sha256: RawDigest.sha256Hex(raw), parsed: p, source: "test")], config: config)
        let kari = try db.customer(address: "kari.nordmann@example.no")
        #expect(kari.ticketCount == 2)
        #expect(try db.tickets(TicketFilter(text: "channel:email")).count == 1)
        #expect(try db.tickets(TicketFilter(text: "channel:finn")).count == 1)
    }

    @Test(arguments: EngineStore.engines)
    func customerMergeJoinsTheRest(_ engine: StoreEngineKind) throws {
        let store = try engineDB(engine, "channel-merge")
        let db = store.db
        _ = try importAll(db)
        // Jan Nowak on Allegro (handle only) is the same person as this e-mail customer.
        let p = ParsedMessage(
            messageID: "jan-1@example.pl", from: MailAddress(name: "Jan Nowak", address: "jan.nowak@example.pl"),
            to: [MailAddress(address: "support@shop.example")], date: Date(timeIntervalSince1970: 1_794_000_000),
            subject: "Faktura", text: "Proszę o fakturę.")
        let raw = Array("Message-ID: <jan-1@example.pl>\n\nFaktura".utf8)
        _ = try db.ingest(
            [IncomingMessage(raw: raw, sha256: RawDigest.sha256Hex(raw), parsed: p, source: "test")], config: config)
        #expect(try count(db, "SELECT COUNT(*) FROM customer") == 7)
        let merged = try db.mergeCustomers(keep: "jan.nowak@example.pl", into: "allegro:jnowak84", actor: "ada")
        #expect(merged.tickets == 1 && merged.merged == "allegro:jnowak84")
        #expect(try count(db, "SELECT COUNT(*) FROM customer") == 6)
        let jan = try db.customer(address: "jan.nowak@example.pl")
        #expect(jan.ticketCount == 2 && jan.handles == ["allegro:jnowak84"])
        // New Allegro messages from the handle find the kept customer.
        let line =
            #"{"channel":"allegro","conversation":"alg-30100","message":"alg-30100-1","customer":{"handle":"jnowak84"},"text":"Jeszcze jedno pytanie."}"#
        let importer = ChannelImporter(database: db, config: config, options: IngestOptions())
        _ = try importer.importLines(Array(line.utf8), name: "t.jsonl", folder: URL(fileURLWithPath: Self.folder))
        #expect(try db.customer(address: "jan.nowak@example.pl").ticketCount == 3)
        #expect(throws: InboxError.self) {
            try db.mergeCustomers(keep: "jan.nowak@example.pl", into: "allegro:jnowak84", actor: "ada")
        }
    }

    @Test(arguments: EngineStore.engines)
    func badLinesAreReportedByNumberAndTheRestImported(_ engine: StoreEngineKind) throws {
        let store = try engineDB(engine, "channel-bad-lines")
        let db = store.db
        let importer = ChannelImporter(database: db, config: config, options: IngestOptions())
        let path = Self.folder + "/bad.jsonl"
        let r = try importer.importFile(path)
        #expect(r.summary.messages == 2 && r.summary.newTickets == 1 && r.summary.joined == 1)
        #expect(r.lines == 6)  // the blank line 4 is not counted
        #expect(r.badLines.count == 4)
        #expect(r.badLines[0] == "\(path) line 2: not valid JSON (each line must be one JSON object)")
        #expect(r.badLines[1] == "\(path) line 3: missing \"conversation\"")
        #expect(r.badLines[2].hasPrefix("\(path) line 5: \"at\" is \"i går\""))
        #expect(r.badLines[3].hasPrefix("\(path) line 6: attachment files/finnes-ikke.pdf cannot be read"))
        #expect(r.readAnything)
        // Nothing readable: the caller exits 1.
        let none = try importer.importLines(
            Array("not json\n{}\n".utf8), name: "x.jsonl", folder: URL(fileURLWithPath: "/"))
        #expect(!none.readAnything && none.badLines.count == 2)
        #expect(none.badLines[1] == "x.jsonl line 2: missing \"channel\"")
    }

    @Test(arguments: EngineStore.engines)
    func rulesSLAAndQuarantineApplyAsToMail(_ engine: StoreEngineKind) throws {
        var config = self.config
        config.sla = SLASettings(first_response: "8h")
        config.channel = [
            ChannelSettings(name: "chat", sla: SLASettings.Policy(first_response: "15m")),
            ChannelSettings(name: "trendyol", queue: "Returns"),
        ]
        let (book, findings) = RuleBook.parse(
            """
            [[rule]]
            name = "Marketplace returns"
            on = "ticket-created"
            if = 'channel:trendyol'
            then = ["tag+=marketplace", "priority=high"]
            """)
        #expect(findings.isEmpty)
        let store = try engineDB(engine, "channel-rules")
        let db = store.db
        try db.blockSender("kari.nordmann@example.no", actor: "ada", reason: "test")
        _ = try importAll(db, rules: book, config: config)
        let trendyol = try #require(try db.tickets(TicketFilter(text: "channel:trendyol")).first)
        #expect(trendyol.tags == ["marketplace"] && trendyol.priority == .high)
        // The chat policy (15 min) overrides [sla] (8 h) for chat tickets only.
        let zofia = try #require(
            try db.tickets(TicketFilter(text: "channel:chat")).first { $0.subject.hasPrefix("Dzień") })
        let created = zofia.createdAt.timeIntervalSince1970
        #expect(abs(try #require(zofia.slaDue).timeIntervalSince1970 - created - 900) < 1)
        let jurgen = try #require(
            try db.tickets(TicketFilter(text: "channel:webform")).first { $0.subject.hasPrefix("Rücksendung") })
        #expect(
            abs(try #require(jurgen.slaDue).timeIntervalSince1970 - jurgen.createdAt.timeIntervalSince1970 - 8 * 3600)
                < 1)
        // A blocked sender's channel message is quarantined and opens no ticket.
        #expect(try db.tickets(TicketFilter(text: "channel:finn")).isEmpty)
        #expect(
            try count(db, "SELECT COUNT(*) FROM message WHERE channel = 'finn' AND ticket_id IS NULL AND automatic = 1")
                == 1)
    }

    @Test func phoneNumbersNormalise() {
        #expect(PhoneNumber.normalize("+48 601-234-567") == "+48601234567")
        #expect(PhoneNumber.normalize("0048 601 234 567") == "+48601234567")
        #expect(PhoneNumber.normalize("tel:+90 (532) 111 22 33") == "+905321112233")
        #expect(PhoneNumber.normalize("call me") == nil)
        #expect(PhoneNumber.normalize("12 34") == nil)
    }
}

/// Per-channel report numbers and the `[[channel]]` configuration (DESIGN §19).
@Suite struct ChannelReportAndConfigTests {
    @Test(arguments: EngineStore.engines)
    func theReportCountsTicketsPerChannel(_ engine: StoreEngineKind) throws {
        let t = ChannelImportTests()
        let store = try t.engineDB(engine, "channel-report")
        let db = store.db
        _ = try t.importAll(db)
        let since = ISO8601DateFormatter().date(from: "2026-11-01T00:00:00Z")!
        let until = ISO8601DateFormatter().date(from: "2026-11-30T00:00:00Z")!
        let report = try ReportBuilder(database: db, config: t.config).build(
            ReportRange(since: since, until: until), now: until)
        let rows = Dictionary(uniqueKeysWithValues: report.channels.map { ($0.channel, $0) })
        #expect(report.channels.map(\.channel) == ["allegro", "chat", "finn", "trendyol", "webform"])
        #expect(rows["chat"]?.created == 2 && rows["webform"]?.created == 3)
        // The chat agent answered Ayşe after 95 s; Zofia is still waiting.
        #expect(rows["chat"]?.firstResponse.count == 1 && rows["chat"]?.firstResponse.median == 95)
        #expect(rows["chat"]?.firstResponse.waiting == 1)
        #expect(report.tickets(ReportDrill.channel("webform")).count == 3)
        let text = ReportText.lines(report, width: 100).map(\.text)
        #expect(text.contains { $0.hasPrefix("CHANNELS") })
        #expect(text.contains { $0.hasPrefix("  chat") && $0.contains("2m") })
    }

    @Test func channelTablesAreCheckedLikeTheRest() throws {
        let good = try InboxConfig.parse(
            """
            [[queue]]
            name = "Returns"
            addresses = ["returns@shop.example"]
            from_name = "Nordlys Returns"
            from_address = "returns@nordlys.example"
            signature = "Nordlys Returns Team"
            [[channel]]
            name = "Chat"
            send_command = "~/bin/chat-send.sh"
            send_timeout = "45s"
            queue = "Returns"
            [channel.sla]
            first_response = "15m"
            """)
        #expect(good.channelSettings("chat")?.send_timeout == 45)
        #expect(good.channelSettings("chat")?.sla?.first_response == "15m")
        #expect(good.queueSettings("returns")?.from_address == "returns@nordlys.example")
        #expect(good.ownAddresses.contains("returns@nordlys.example"))
        #expect(throws: InboxError.self) {
            try InboxConfig.parse("[[channel]]\nname = \"chat\"\nqueue = \"Nowhere\"\n")
        }
        #expect(throws: InboxError.self) { try InboxConfig.parse("[[channel]]\nname = \"email\"\n") }
        do {
            _ = try InboxConfig.parse("[[channel]]\nname = \"chat\"\nsend_comand = \"x\"\n")
            Issue.record("a misspelt key was accepted")
        } catch let error as InboxError {
            #expect(
                error.description.contains(
                    "config.toml line 3: unknown key send_comand in [channel] (did you mean send_command?)"))
        }
    }
}
