import Foundation
import GRDB
import InboxTestSupport
import Testing

@testable import InboxCore

/// Issue 18, items 1–3 and 13–14: an agent's reply leaves `new`, a merge does not hide an
/// unanswered message, one "overdue by", one agent per person, our own words are no complaint.
@Suite struct Issue18WorkflowTests: StoreSuite {
    var config = StoreFixture.config(
        agent: .init(
            name: "Ada Lindqvist", email: "ada@nordlys-sport.example", signature: "Ada\nNordlys Sport Support"),
        queues: [
            .init(name: "Support", addresses: ["support@nordlys-sport.example"], default: true),
            .init(name: "Nordlys Sport Returns", addresses: ["returns@nordlys-sport.example"]),
        ]
    ) { $0.sla = StoreFixture.aroundTheClockSLA }

    let msg = StoreFixture.Messages(
        from: "zofia@example.pl", to: "support@nordlys-sport.example", subject: "Gdzie jest paczka?",
        text: "Dzień dobry, zamówienie nie dotarło.")

    /// A reply as the CLI and the TUI queue it (InboxMail's ReplyComposer builds the same).
    func reply(_ ticket: Int64, agent: String = "Ada Lindqvist", id: String, changes: [TicketChange] = [])
        -> QueuedReply
    {
        QueuedReply(
            ticketID: ticket, agent: agent, messageID: id, inReplyTo: nil, references: [],
            from: MailAddress(name: agent, address: "support@nordlys-sport.example"),
            to: [MailAddress(address: "zofia@example.pl")],
            subject: "Re: [#\(ticket)]", text: "Paczka jest w drodze.\n", raw: Array("Message-ID: <\(id)>\n\nhi".utf8),
            envelopeFrom: "support@nordlys-sport.example", recipients: ["zofia@example.pl"], changes: changes)
    }

    func statusEvents(_ db: AppDatabase, _ ticket: Int64) throws -> [String] {
        try db.seamEvents(ticket).filter { $0.kind == "status" }.map {
            "\($0.oldValue ?? "") → \($0.newValue ?? "") \($0.detail ?? "")"
        }
    }

    // MARK: Item 1

    /// On both engines (issue 22): the ticket is read back through the store seam.
    @Test(arguments: EngineStore.engines)
    func aQueuedReplyMovesNewToOpenOnceWithAnEventAndMeetsTheFirstResponse(_ engine: StoreEngineKind) throws {
        let desk = try makeStore(
            engine, "reply-new-open",
            ingesting: [
                msg("pl1@example.pl", date: base),
                msg("pl2@example.pl", from: "jan@example.pl", subject: "Zwrot", date: base + 60),
            ])
        let db = desk.db
        #expect(try db.seamTicket(1001).status == "new")
        let due = "SELECT first_response_due FROM ticket WHERE id = 1001"
        #expect(try db.seamValue(Double.self, due) != nil)
        let at = Date(timeIntervalSince1970: base + 600)
        try db.queueReply(reply(1001, id: "r1@nordlys"), undoWindow: 0, config: config, now: at)
        #expect(try db.seamTicket(1001).status == "open")
        #expect(try statusEvents(db, 1001) == ["new → open agent replied"])
        // The first-response clock is met at once: no due time left behind in the Breaching view.
        #expect(try db.seamValue(Double.self, due) == nil)
        #expect(
            try db.seamValue(Double.self, "SELECT first_response_at FROM ticket WHERE id = 1001")
                == at.timeIntervalSince1970)
        // A second reply changes no status again.
        try db.queueReply(reply(1001, id: "r2@nordlys"), undoWindow: 0, config: config, now: at.addingTimeInterval(60))
        #expect(try statusEvents(db, 1001) == ["new → open agent replied"])
        #expect(
            try db.seamValue(Int.self, "SELECT COUNT(*) FROM outbox WHERE ticket_id = 1001 AND state = 'queued'") == 2)
        // A reply whose template says pending goes new → open → pending, each an event.
        try db.queueReply(
            reply(1002, id: "r3@nordlys", changes: [.status(.pending)]), undoWindow: 0, config: config, now: at)
        #expect(try statusEvents(db, 1002) == ["new → open agent replied", "open → pending "])
    }

    @Test func mailFromOurOwnAddressThreadedInMovesNewToOpenOnce() throws {
        let db = try makeDB()
        _ = try db.ingest([msg("pl1@example.pl", date: base)], config: config)
        // Ada answered from another mail client; the copy comes in through ingest.
        let ours = msg(
            "out1@nordlys", from: "support@nordlys-sport.example", name: "Nordlys Sport Support",
            to: "zofia@example.pl",
            subject: "Re: Gdzie jest paczka?", inReplyTo: ["pl1@example.pl"], date: base + 900, text: "Wysłane wczoraj."
        )
        _ = try db.ingest([ours], config: config)
        #expect(try db.ticketDetail(1001).ticket.status == .open)
        #expect(try statusEvents(db, 1001) == ["new → open agent replied"])
    }

    // MARK: Item 2

    /// On both engines (issue 22): the ticket is read back through the store seam.
    @Test(arguments: EngineStore.engines)
    func mergingAnUnansweredMessageIntoAPendingTicketReopensItAndStartsItsClock(_ engine: StoreEngineKind) throws {
        // The same customer writes again an hour later, as a new ticket nobody answers.
        let desk = try makeStore(
            engine, "merge-reopens",
            ingesting: [
                msg("a1@example.pl", date: base),
                msg("a2@example.pl", subject: "Jeszcze raz: paczka", date: base + 3600),
            ])
        let db = desk.db
        try db.queueReply(
            reply(1001, id: "r1@nordlys", changes: [.status(.pending)]), undoWindow: 0, config: config,
            now: Date(timeIntervalSince1970: base + 600))
        #expect(try db.seamTicket(1001).status == "pending")
        let mergeAt = Date(timeIntervalSince1970: base + 7200)
        try db.merge(1002, into: 1001, actor: "Ada Lindqvist", config: config, now: mergeAt)
        #expect(try db.seamTicket(1001).status == "open")
        #expect(try db.seamTicket(1002).status == "merged")
        #expect(try statusEvents(db, 1001).last == "pending → open unanswered customer message merged from #1002")
        // Its clock runs (DESIGN §6): a next response is due, so the Breaching view will see it.
        let sla = try #require(try db.slaReport(1001, config: config, now: mergeAt))
        let next = try #require(sla.open(.nextResponse))
        #expect(next.state == .running)
        let due = try db.seamValue(Double.self, "SELECT next_response_due FROM ticket WHERE id = 1001")
        #expect(due == next.due?.timeIntervalSince1970)
        #expect(due != nil)
        // Undoing the merge puts the target back as it was.
        try db.undo(ticket: 1001, actor: "Ada Lindqvist", config: config, now: mergeAt.addingTimeInterval(60))
        #expect(try db.seamTicket(1001).status == "pending")
        #expect(try db.seamTicket(1002).status == "new")
    }

    @Test func mergingAnsweredMailKeepsThePendingTarget() throws {
        let db = try makeDB()
        _ = try db.ingest([msg("b1@example.pl", from: "jan@example.pl", date: base)], config: config)
        // #1002 was opened earlier and answered by the reply to #1001's customer that came later.
        _ = try db.ingest(
            [msg("b0@example.pl", from: "jan@example.pl", subject: "Inne", date: base - 3600)], config: config)
        try db.queueReply(
            reply(1001, id: "r1@nordlys", changes: [.status(.pending)]), undoWindow: 0, config: config,
            now: Date(timeIntervalSince1970: base + 600))
        try db.merge(
            1002, into: 1001, actor: "Ada Lindqvist", config: config, now: Date(timeIntervalSince1970: base + 7200))
        #expect(try db.ticketDetail(1001).ticket.status == .pending)
    }

    // MARK: Item 3

    @Test func overdueByIsTheSameFigureRunningAndPaused() throws {
        // Business hours: before the fix a paused clock said business time, a running one wall time.
        let (a, b, now) = try StoreFixture.overdueResolutionClocks()
        #expect(a.state == .running && b.state == .paused)
        let due = try #require(a.due)
        #expect(a.overdueBy == now.timeIntervalSince(due))
        #expect(b.overdueBy == a.overdueBy)
        // JSON carries the same figure.
        let json = String(decoding: try JSONEncoder().encode(b), as: UTF8.self)
        #expect(json.contains("\"overdue_by\":\(Int(a.overdueBy!))"))
    }

    // MARK: Items 13, 14

    @Test func theReportCountsOneAgentPerPersonAndTeamForTheSharedMailbox() throws {
        let db = try makeDB()
        _ = try db.ingest([msg("c1@example.pl", date: base)], config: config)
        _ = try db.ingest(
            [msg("c2@example.pl", from: "jan@example.pl", subject: "Zwrot", date: base + 60)], config: config)
        _ = try db.ingest(
            [msg("c3@example.pl", from: "ola@example.pl", subject: "Rozmiar", date: base + 120)], config: config)
        // Ada replies through the inbox (the name is hers), solves as her login "ada".
        try db.queueReply(
            reply(1001, id: "r1@nordlys"), undoWindow: 0, config: config, now: Date(timeIntervalSince1970: base + 600))
        try db.update(
            [1001], [.status(.solved)], actor: "ada", config: config, now: Date(timeIntervalSince1970: base + 700))
        try db.update(
            [1002], [.status(.solved)], actor: "ada@nordlys-sport.example", config: config,
            now: Date(timeIntervalSince1970: base + 800))
        // Someone answers #1003 from the returns mailbox in another client.
        let shared = msg(
            "out3@nordlys", from: "returns@nordlys-sport.example", name: "Nordlys Sport Returns", to: "ola@example.pl",
            subject: "Re: Rozmiar", inReplyTo: ["c3@example.pl"], date: base + 900, text: "Proszę odesłać.")
        _ = try db.ingest([shared], config: config)
        var builder = try ReportBuilder(database: db, config: config)
        builder.login = "ada"
        let report = try builder.build(
            ReportRange(
                since: Date(timeIntervalSince1970: base - 86400), until: Date(timeIntervalSince1970: base + 86400)),
            now: Date(timeIntervalSince1970: base + 86400))
        let names = report.agents.map(\.agent).sorted()
        #expect(names == ["Ada Lindqvist", "team"])
        let ada = try #require(report.agents.first { $0.agent == "Ada Lindqvist" })
        #expect(ada.replies == 1 && ada.solved == 2 && ada.firstResponses == 1)
        let team = try #require(report.agents.first { $0.agent == "team" })
        #expect(team.replies == 1 && team.firstResponses == 1)
    }

    @Test func ourOwnNamesAndDomainsAreNoComplaint() throws {
        let db = try makeDB()
        let texts = [
            "Hello Nordlys Sport, my parcel from nordlys-sport.example is broken. Ada Lindqvist said returns are free.",
            "Nordlys Sport support: the parcel arrived broken, says ada@nordlys-sport.example",
            "Dear Nordlys Sport Returns, broken parcel again",
        ]
        for (i, t) in texts.enumerated() {
            _ = try db.ingest(
                [
                    msg(
                        "d\(i)@example.com", from: "c\(i)@example.com", subject: "Parcel \(i)",
                        date: base + Double(i) * 60, text: t)
                ], config: config)
        }
        let report = try ReportBuilder(database: db, config: config).build(
            ReportRange(
                since: Date(timeIntervalSince1970: base - 86400), until: Date(timeIntervalSince1970: base + 86400)),
            now: Date(timeIntervalSince1970: base + 86400))
        let words = report.complaints.words.map(\.term)
        #expect(words.contains("broken") && words.contains("parcel"))
        for own in ["nordlys", "sport", "example", "returns", "ada", "lindqvist", "support"] {
            #expect(!words.contains(own), "\(own) is our own word")
        }
    }
}
