import Foundation
import GRDB
import InboxTestSupport
import Testing

@testable import InboxCore

/// Issue 22: the read side written once on the store seam answers the same on both engines.
/// The inbox is written on SQLite (ingest and the workflow are not on the seam yet) and read
/// there, or copied to PostgreSQL and read there (``EngineCopy``); the customers' own writes
/// and the quarantine's block list run on the engine itself.
@Suite struct ReadEngineTests: StoreSuite {
    var config = StoreFixture.config(
        agents: [InboxConfig.Agent(name: "Łukasz", email: "lukasz@shop.example")],
        queues: [
            StoreFixture.supportQueue, InboxConfig.Queue(name: "Zwroty", addresses: ["zwroty@shop.example"]),
        ]
    ) { $0.sla = StoreFixture.aroundTheClockSLA }

    let msg = StoreFixture.Messages(
        from: "ayse@example.com", to: "support@shop.example", subject: "Kargom nerede?",
        text: "Merhaba, siparişim hala gelmedi. Lütfen yardım edin.")

    /// Six tickets in two queues from four customers, with statuses, priorities, assignees,
    /// tags (case and diacritics), a note, a thanks-only last message and an auto-reply.
    func desk() throws -> AppDatabase {
        let db = try makeDB()
        var auto = LoopHeaders()
        auto.autoSubmitted = "auto-replied"
        _ = try db.ingest(
            [
                msg("a@x", date: base),
                msg(
                    "b@x", from: "krzysztof@example.pl", name: "Krzysztof Żółkiewski", subject: "Żółw", date: base + 60,
                    text: "Dzień dobry, moje zamówienie jeszcze nie dotarło. Pozdrawiam"),
                msg(
                    "c@x", from: "ole@example.no", to: "zwroty@shop.example", subject: "Ødegård", date: base + 120,
                    text: "Hei, jeg har ikke fått pakken ennå. Vennlig hilsen Ola"),
                msg("d@x", from: "İlkay@Example.com", subject: "İADE", date: base + 180, text: "İade istiyorum."),
                msg(
                    "e@x", from: "krzysztof@example.pl", subject: "Faktura", date: base + 240, text: "Proszę o fakturę."
                ),
                msg(
                    "f@x", from: "ole@example.no", to: "zwroty@shop.example", subject: "Retur", date: base + 300,
                    text: "Hvor er pengene mine?"),
                msg(
                    "g@x", from: "noreply@carrier.example", subject: "Out of office", date: base + 360,
                    text: "I am away.", loop: auto),
            ], config: config)
        _ = try db.ingest(
            [msg("h@x", inReplyTo: ["a@x"], date: base + 4000, text: "Çok teşekkürler!\n\nAyşe")], config: config)
        let ada = "Ada"
        _ = try db.update(
            [1001], [.priority(.urgent), .addTag("Zwrot"), .addTag("ödeme"), .addTag("VIP")], actor: ada,
            expectedVersion: nil, config: config)
        _ = try db.update(
            [1002], [.status(.pending), .assignee("Łukasz"), .addTag("żółw")], actor: ada, expectedVersion: nil,
            config: config)
        _ = try db.update([1003], [.status(.solved)], actor: ada, expectedVersion: nil, config: config)
        _ = try db.update(
            [1004], [.assignee("Ada"), .priority(.high), .addTag("İade"), .addTag("iade")], actor: ada,
            expectedVersion: nil, config: config)
        _ = try db.addNote(
            ticket: 1005, agent: ada, text: "Sprawdź fakturę", now: Date(timeIntervalSince1970: base + 500))
        try db.snooze([1006], until: Date(timeIntervalSince1970: base + 90 * 86400), actor: ada)
        return db
    }

    @Test(arguments: EngineStore.engines) func theListTheCountsAndEveryTicketReadAlike(_ engine: StoreEngineKind) throws
    {
        let sqlite = try desk()
        let db = try EngineCopy.reading(sqlite, on: engine)
        #expect(db.engine == engine)
        var filters: [TicketFilter] = [TicketFilter(), TicketFilter(limit: 2, offset: 1), TicketFilter(status: "open")]
        filters.append(TicketFilter(queue: "ZWROTY"))
        filters.append(TicketFilter(assignee: "Łukasz"))
        filters.append(TicketFilter(breachingAt: Date(timeIntervalSince1970: base + 30 * 86400)))
        for order in [TicketOrder.updated, .urgency] {
            for offset in [0, 2, 4] {
                var f = TicketFilter(limit: 3, offset: offset)
                f.order = order
                filters.append(f)
            }
        }
        var snoozed = TicketFilter()
        snoozed.includeSnoozed = true
        snoozed.order = .urgency
        filters.append(snoozed)
        for f in filters {
            #expect(try db.tickets(f) == sqlite.tickets(f), "\(f)")
            #expect(try db.ticketIDs(f) == sqlite.ticketIDs(f), "\(f)")
            #expect(try db.ticketCount(f) == sqlite.ticketCount(f), "\(f)")
        }
        let urgent = try db.tickets(snoozed).map(\.id)
        #expect(urgent.count == 6 && urgent.first == 1001, "\(urgent)")
        #expect(
            try db.tickets(TicketFilter(breachingAt: Date(timeIntervalSince1970: base + 30 * 86400))).map(\.id)
                .contains(1001) == false, "1001's customer only said thanks")
        #expect(try db.queueSummaries() == sqlite.queueSummaries())
        #expect(try db.viewCounts() == sqlite.viewCounts())
        #expect(try db.viewCounts().quarantine == 1)
        #expect(try db.ticketCount() == 6)
        for id in try sqlite.ticketIDs(snoozed) {
            #expect(try db.ticketDetail(id) == sqlite.ticketDetail(id), "#\(id)")
        }
        #expect(try db.ticketDetail(1001).ticket.tags == ["VIP", "Zwrot", "ödeme"])
        #expect(try db.ticketSummaries([1004, 1001, 9999]) == sqlite.ticketSummaries([1004, 1001, 9999]))
        #expect(throws: InboxError.self) { try db.ticketDetail(9999) }
        #expect(throws: InboxError.self) { try db.tickets(TicketFilter(queue: "Nowhere")) }
        for address in ["ayse@example.com", "KRZYSZTOF@example.pl", "ole@example.no", "İlkay@Example.com"] {
            #expect(try db.customer(address: address) == sqlite.customer(address: address), "\(address)")
        }
        #expect(try db.quarantine() == sqlite.quarantine())
        let held = try #require(try db.quarantine().first)
        #expect(try db.quarantinedText(message: held.id) == sqlite.quarantinedText(message: held.id))
        let sha = try sqlite.snapshot {
            try $0.value(String.self, "SELECT raw_sha256 FROM message ORDER BY id LIMIT 1")
        }
        #expect(try db.rawMessage(sha256: sha ?? "") == sqlite.rawMessage(sha256: sha ?? ""))
    }

    /// The customer's fields, the block list and a bouncing address, written and read on the engine.
    @Test(arguments: EngineStore.engines) func customersAndTheBlockListOnTheEngine(_ engine: StoreEngineKind) throws {
        let db = try EngineCopy.reading(try desk(), on: engine)
        try db.updateCustomer(
            address: "Krzysztof@example.pl", field: "salutation", value: "Panie Krzysztofie", actor: "Ada")
        try db.updateCustomer(address: "krzysztof@example.pl", field: "language", value: "pl", actor: "Ada")
        try db.updateCustomer(
            address: "krzysztof@example.pl", field: "organisation", value: "Żółw Sp. z o.o.", actor: "Ada")
        #expect(throws: InboxError.self) {
            try db.updateCustomer(address: "nobody@example.com", field: "name", value: "X", actor: "Ada")
        }
        let p = try db.customer(address: "krzysztof@example.pl")
        #expect(p.salutation == "Panie Krzysztofie" && p.language == "pl" && p.languageSource == "set")
        #expect(p.organisation == "Żółw Sp. z o.o." && p.ticketCount == 2 && p.openCount == 2)
        #expect(p.name == "Krzysztof Żółkiewski")
        #expect(try db.customer(address: "ole@example.no").language == "no")

        try db.blockSender("Spam@Example.com", actor: "Ada")
        try db.blockSender("@junk.example", actor: "Ada", reason: "junk")
        try db.blockSender("spam@example.com", actor: "Ada")
        #expect(try db.blockedSenders() == ["@junk.example", "spam@example.com"])
        #expect(try db.unblockSender("SPAM@example.com", actor: "Ada"))
        #expect(try !db.unblockSender("spam@example.com", actor: "Ada"))
        try db.markBouncing("Ole@Example.no", actor: "Ada")
        #expect(try db.customer(address: "ole@example.no").failing)
        let kinds = try db.snapshot {
            try $0.values(String.self, "SELECT kind FROM event WHERE ticket_id IS NULL ORDER BY id")
        }
        #expect(
            kinds == [
                "customer_salutation", "customer_language", "customer_organisation", "sender_blocked",
                "sender_blocked", "sender_unblocked", "address_failing",
            ], "\(kinds)")
    }
}
