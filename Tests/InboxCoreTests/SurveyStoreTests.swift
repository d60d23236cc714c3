import Foundation
import GRDB
import InboxMail
import InboxTestSupport
import Testing

@testable import InboxCore

/// Surveys and follow-ups in the store (DESIGN §17, docs/surveys.md): who gets one and when,
/// idempotence, reading answers at ingest, the report.
@Suite struct SurveyStoreTests: StoreSuite {
    var config = StoreFixture.config(
        queues: [StoreFixture.supportQueue, .init(name: "Wholesale", addresses: ["b2b@shop.example"])]
    ) { $0.survey = SurveySettings(after: "1d", queues: ["Support"], min_days_between: 30, reopen_below: 3) }

    static let templates: TemplateLibrary = {
        let dir = TemporaryFolder("inbox-survey-templates")
        dir.write(
            "survey.en.md",
            "---\nname: survey\nlanguage: en\nsubject: \"How did we do? [#{{ticket.id}}]\"\n---\nHow did we do? Reply with a number from 1 (bad) to 5 (very good).\n"
        )
        dir.write(
            "survey.tr.md",
            "---\nname: survey\nlanguage: tr\nsubject: \"Nasıldık? [#{{ticket.id}}]\"\n---\nNasıldık? 1 (kötü) ile 5 (çok iyi) arasında bir sayıyla yanıtlayın.\n"
        )
        return try! TemplateLibrary.load(folder: dir.path)
    }()

    let msg = StoreFixture.Messages(
        from: "ayse@example.com", to: "support@shop.example", subject: "Kargom nerede?",
        text: "Merhaba, siparişim hâlâ gelmedi. Ne zaman gelir?", spans: true)

    /// A ticket from `from`, solved by Ada at `base + 3600`.
    func solvedTicket(
        _ db: AppDatabase, id: String = "<q1@example.com>", from: String = "ayse@example.com",
        to: String = "support@shop.example"
    ) throws -> Int64 {
        _ = try db.ingest([msg(id, from: from, to: to, date: base)], config: config)
        let ticket = try #require(try db.tickets().first { $0.customer.address == from && $0.status == .new }?.id)
        _ = try db.update(
            [ticket], [.status(.solved)], actor: "Ada", config: config, now: Date(timeIntervalSince1970: base + 3600))
        return ticket
    }

    func tick(_ db: AppDatabase, at offset: Double) throws -> Surveys.Result {
        try Surveys.queueDue(
            database: db, config: config, templates: Self.templates, now: Date(timeIntervalSince1970: base + offset))
    }

    func surveyMessageID(_ db: AppDatabase, ticket: Int64) throws -> String {
        try #require(
            try db.ticketDetail(ticket).messages.last { $0.messageID?.hasPrefix("survey-") == true }?.messageID)
    }

    /// On both engines (issue 22): `inbox tick`'s survey step composes from the ticket view.
    @Test(arguments: EngineStore.engines)
    func aSurveyGoesOutOnceAfterTheDelayInTheCustomersLanguage(_ engine: StoreEngineKind) throws {
        let desk = try makeStore(engine, "survey-once", ingesting: [])
        let db = desk.db
        let ticket = try solvedTicket(db)
        #expect(try tick(db, at: 3600 + 3600).queued.isEmpty, "not before the delay")
        let first = try tick(db, at: 3600 + 86_400 + 60)
        #expect(first.queued.count == 1, "\(first.lines)")
        #expect(try tick(db, at: 3600 + 86_400 + 120).queued.isEmpty, "a second tick queues nothing")
        let outbox = try db.outbox()
        #expect(outbox.count == 1)
        let entry = try #require(outbox.first)
        #expect(entry.subject == "Nasıldık? [#\(ticket)]")
        let raw = try #require(
            try db.snapshot { try $0.value(Data.self, "SELECT raw FROM outbox WHERE id = ?", [entry.id]) })
        let sent = MessageParser.parse([UInt8](raw))
        #expect(sent.messageID?.hasPrefix("survey-\(ticket)-") == true)
        #expect(sent.text.contains("Nasıldık?"))
        #expect(sent.loop.autoSubmitted == "auto-generated")
        // The ticket keeps its status; the survey is in its history.
        let detail = try db.ticketDetail(ticket)
        #expect(detail.ticket.status == .solved)
        #expect(detail.events.contains { $0.kind == "survey" })
    }

    @Test func noSurveyForMergedSpamAutomaticOtherQueuesOrTooSoonAgain() throws {
        let db = try makeDB()
        // Merged: solved, then merged into another ticket.
        let merged = try solvedTicket(db, id: "<m1@example.com>", from: "merged@example.com")
        let target = try solvedTicket(db, id: "<m2@example.com>", from: "other@example.com")
        try db.merge(merged, into: target, actor: "Ada", config: config, now: Date(timeIntervalSince1970: base + 3700))
        // Spam.
        _ = try db.ingest([msg("<s1@example.com>", from: "spam@example.com", date: base)], config: config)
        let spam = try #require(try db.tickets().first { $0.customer.address == "spam@example.com" }?.id)
        _ = try db.update(
            [spam], [.status(.spam)], actor: "Ada", config: config, now: Date(timeIntervalSince1970: base + 3600))
        // Automatic: a ticket the team opened (no message from the customer).
        var out = msg("<o1@shop.example>", from: "ada@shop.example", to: "robot@example.com", date: base)
        out.parsed.to = [MailAddress(address: "robot@example.com")]
        _ = try db.ingest([out], config: config)
        let automatic = try #require(try db.tickets().first { $0.customer.address == "robot@example.com" }?.id)
        _ = try db.update(
            [automatic], [.status(.solved)], actor: "Ada", config: config, now: Date(timeIntervalSince1970: base + 3600)
        )
        // Another queue.
        let wholesale = try solvedTicket(db, id: "<w1@example.com>", from: "shop@example.com", to: "b2b@shop.example")
        // Two tickets of one customer: one survey.
        let a = try solvedTicket(db, id: "<a1@example.com>", from: "twice@example.com")
        let b = try solvedTicket(db, id: "<a2@example.com>", from: "twice@example.com")
        // Reopened meanwhile: the customer wrote again before the survey was due.
        let reopened = try solvedTicket(db, id: "<r1@example.com>", from: "again@example.com")
        _ = try db.ingest(
            [
                msg(
                    "<r2@example.com>", from: "again@example.com", inReplyTo: ["<r1@example.com>"], date: base + 7200,
                    text: "Hâlâ yok.")
            ], config: config)
        #expect(try db.ticketDetail(reopened).ticket.status == .open)

        let r = try tick(db, at: 3600 + 86_400 + 60)
        let surveyed = Set(try db.writer.read { db in try Int64.fetchAll(db, sql: "SELECT ticket_id FROM survey") })
        #expect(r.queued.count == surveyed.count)
        #expect(surveyed.contains(target))
        #expect(surveyed.intersection([merged, spam, automatic, wholesale, reopened]).isEmpty, "\(surveyed)")
        #expect(surveyed.intersection([a, b]).count == 1, "one survey per customer within min_days_between")
        // 31 days later the customer's next solved ticket may have one again.
        _ = try db.update(
            [a, b], [.status(.open)], actor: "Ada", config: config, now: Date(timeIntervalSince1970: base + 31 * 86_400)
        )
        _ = try db.update(
            [a, b], [.status(.solved)], actor: "Ada", config: config,
            now: Date(timeIntervalSince1970: base + 31 * 86_400 + 60))
        #expect(try tick(db, at: 33 * 86_400).queued.count == 1)
    }

    @Test func anAnswerIsStoredAndTheTicketStaysSolvedUnlessTheScoreIsLowOrItAsks() throws {
        let db = try makeDB()
        let ticket = try solvedTicket(db)
        _ = try tick(db, at: 3600 + 86_400 + 60)
        let survey = try surveyMessageID(db, ticket: ticket)
        let quote =
            "\n\n7 Ara 2026 Pzt, 10:00 tarihinde Destek <support@shop.example> şunu yazdı:\n> Nasıldık? 1 (kötü) ile 5 (çok iyi) arasında bir sayıyla yanıtlayın.\n"

        _ = try db.ingest(
            [
                msg(
                    "<ans1@example.com>", subject: "YNT: Nasıldık? [#\(ticket)]", inReplyTo: [survey],
                    date: base + 100_000, text: "5 - çok hızlıydınız, teşekkürler" + quote)
            ], config: config)
        var detail = try db.ticketDetail(ticket)
        #expect(detail.ticket.status == .solved)
        #expect(detail.satisfaction?.score == 5)
        #expect(detail.satisfaction?.comment == "çok hızlıydınız, teşekkürler")
        #expect(
            detail.messages.first { $0.messageID == "<ans1@example.com>" }?.threadReason.contains(
                "survey answer: score 5, ticket keeps its status") == true)
        let json = String(decoding: try JSONEncoder().encode(detail), as: UTF8.self)
        #expect(json.contains("\"satisfaction\":{"))

        /// The agent solves the ticket at `at`; the customer answers the survey 100 s later.
        func solveThenAnswer(_ id: String, at: Double, text: String) throws -> TicketDetail {
            _ = try db.update(
                [ticket], [.status(.solved)], actor: "Ada", config: config, now: Date(timeIntervalSince1970: at))
            _ = try db.ingest(
                [msg(id, subject: "YNT: Nasıldık?", inReplyTo: [survey], date: at + 100, text: text)], config: config)
            return try db.ticketDetail(ticket)
        }

        // The comment asks something: reopened (reopen_on_question defaults to true).
        detail = try solveThenAnswer(
            "<ans2@example.com>", at: base + 100_100, text: "4, faturayı tekrar gönderebilir misiniz?" + quote)
        #expect(detail.satisfaction?.score == 4)
        #expect(detail.ticket.status == .open)

        // A low score reopens.
        detail = try solveThenAnswer("<ans3@example.com>", at: base + 100_300, text: "İki" + quote)
        #expect(detail.satisfaction?.score == 2)
        #expect(detail.ticket.status == .open)

        // No score: an ordinary customer message (reopens as any reply does), the rating stays.
        detail = try solveThenAnswer("<ans4@example.com>", at: base + 100_500, text: "Teşekkürler." + quote)
        #expect(detail.satisfaction?.score == 2)
        #expect(detail.ticket.status == .open)
        #expect(
            detail.messages.first { $0.messageID == "<ans4@example.com>" }?.threadReason.contains("survey answer")
                == false)
    }

    @Test func theReportShowsCSATResponseRateAndLowScores() throws {
        let db = try makeDB()
        var tickets: [Int64] = []
        for (i, who) in ["a@example.com", "b@example.com", "c@example.com"].enumerated() {
            tickets.append(try solvedTicket(db, id: "<rep\(i)@example.com>", from: who))
        }
        _ = try db.update(
            [tickets[0]], [.addTag("kargo")], actor: "Ada", config: config,
            now: Date(timeIntervalSince1970: base + 3700))
        _ = try tick(db, at: 3600 + 86_400 + 60)
        for (i, text) in [(0, "5"), (1, "1 - çok yavaş")] {
            let survey = try surveyMessageID(db, ticket: tickets[i])
            _ = try db.ingest(
                [
                    msg(
                        "<rans\(i)@example.com>", from: ["a@example.com", "b@example.com"][i], subject: "YNT",
                        inReplyTo: [survey], date: base + 100_000, text: text)
                ], config: config)
        }
        let range = ReportRange(
            since: Date(timeIntervalSince1970: base), until: Date(timeIntervalSince1970: base + 10 * 86_400))
        let s = try #require(SatisfactionReport.build(try db.surveyRecords(range)))
        #expect(s.total.sent == 3 && s.total.answered == 2 && s.total.satisfied == 1)
        #expect(s.total.csat == 0.5)
        #expect(abs((s.total.responseRate ?? 0) - 2.0 / 3.0) < 1e-9)
        #expect(s.scores == [1, 0, 0, 0, 1])
        #expect(s.byQueue.map(\.name) == ["Support"])
        #expect(s.byAgent.map(\.name) == ["Ada"], "the agent who solved them (no assignee)")
        #expect(s.byTag.first { $0.name == "kargo" }?.csat == 1.0)
        #expect(s.lowScores.map(\.ticket) == [tickets[1]])
        #expect(s.lowScores.first?.comment == "çok yavaş")
        let text = s.textLines().joined(separator: "\n")
        #expect(text.contains("CSAT 50%") && text.contains("response rate 67%"))
        let csv = s.csvTables()
        #expect(csv.map(\.0) == ["satisfaction", "low_scores"])
        #expect(s.html().contains("<svg"))
    }

    /// Ayşe's order TR-10042, delivered a day after `base`, imported and linked to `ticket`.
    func importDeliveredOrder(_ db: AppDatabase, linkedTo ticket: Int64) throws {
        var order = ShopOrder(
            store: "shop", number: "TR-10042", emails: ["ayse@example.com"],
            placed_at: Date(timeIntervalSince1970: base - 86_400),
            financial_status: "paid", fulfillment_status: "fulfilled", source: "test")
        order.shipments = [
            .init(
                carrier: "Yurtiçi", tracking_number: "Y1", shipped_at: Date(timeIntervalSince1970: base),
                delivered_at: Date(timeIntervalSince1970: base + 86_400))
        ]
        var summary = OrderImportSummary()
        try db.importOrders([ImportedOrder(order: order, record: "{}")], summary: &summary)
        _ = try db.linkOrder(
            ticket: ticket, number: "TR-10042", actor: "Ada", now: Date(timeIntervalSince1970: base + 3600))
    }

    @Test func aFollowUpGoesOutOncePerDeliveredOrderWithTheQueuesTemplate() throws {
        let db = try makeDB()
        var c = config
        c.followup = FollowupSettings(after_delivered: "3d", templates: ["Support": "survey"])
        let ticket = try solvedTicket(db)
        try importDeliveredOrder(db, linkedTo: ticket)
        func run(_ offset: Double) throws -> Surveys.Result {
            try Surveys.queueFollowups(
                database: db, config: c, templates: Self.templates, now: Date(timeIntervalSince1970: base + offset))
        }
        #expect(try run(86_400 + 2 * 86_400).queued.isEmpty, "not before after_delivered")
        let first = try run(86_400 + 3 * 86_400 + 60)
        #expect(first.queued.count == 1, "\(first.lines)")
        #expect(first.lines.first?.contains("order TR-10042") == true)
        #expect(try run(86_400 + 3 * 86_400 + 120).queued.isEmpty, "once per order")
        #expect(try db.ticketDetail(ticket).events.contains { $0.kind == "followup" })
    }

    @Test func surveyAndFollowupConfigIsReadAndCheckedLikeTheRest() throws {
        let good = try InboxConfig.parse(
            """
            [survey]
            after = "2d"
            template = "csat"
            queues = ["Support"]
            min_days_between = 14
            reopen_below = 2
            reopen_on_question = false
            [followup]
            after_delivered = "5d"
            [followup.templates]
            Support = "care-tips"
            """)
        let survey = try #require(good.survey)
        #expect(survey.delay == 2 * 86_400 && survey.templateName == "csat" && survey.minDaysBetween == 14)
        #expect(
            survey.reopenBelow == 2 && !survey.reopenOnQuestion && survey.covers(queue: "support")
                && !survey.covers(queue: "B2B"))
        #expect(good.followup?.delay == 5 * 86_400 && good.followup?.template(queue: "Support") == "care-tips")
        #expect(good.followup?.template(queue: "Other") == nil)
        #expect(
            SurveySettings().delay == 86_400 && SurveySettings().reopenBelow == 3 && SurveySettings().reopenOnQuestion)
        func error(_ toml: String) -> String {
            do {
                _ = try InboxConfig.parse(toml, path: "config.toml")
                return ""
            } catch { return "\(error)" }
        }
        #expect(error("[survey]\nreopen_belo = 2\n").contains("did you mean reopen_below?"))
        #expect(error("[survey]\nafter = \"soon\"\n").contains("[survey] has after = \"soon\""))
        #expect(error("[followup]\nafter_delivered = \"x\"\n").contains("[followup] has after_delivered"))
    }

    @Test func anAnswerWithoutInReplyToIsKnownByTheSubjectTagAndTheSurveysSubject() throws {
        let db = try makeDB()
        let ticket = try solvedTicket(db)
        _ = try tick(db, at: 3600 + 86_400 + 60)
        // Another subject with the ticket's tag: an ordinary message, even if it starts with a number.
        _ = try db.ingest(
            [msg("<x1@example.com>", subject: "Fatura [#\(ticket)]", date: base + 100_000, text: "2 adet daha lazım.")],
            config: config)
        var detail = try db.ticketDetail(ticket)
        #expect(detail.satisfaction == nil)
        #expect(detail.ticket.status == .open)
        _ = try db.update(
            [ticket], [.status(.solved)], actor: "Ada", config: config, now: Date(timeIntervalSince1970: base + 100_100)
        )
        // The survey's subject with the tag, no In-Reply-To: the answer.
        _ = try db.ingest(
            [msg("<x2@example.com>", subject: "YNT: Nasıldık? [#\(ticket)]", date: base + 100_200, text: "5")],
            config: config)
        detail = try db.ticketDetail(ticket)
        #expect(detail.satisfaction?.score == 5)
        #expect(detail.ticket.status == .solved)
    }
}
