import Foundation
import InboxMail
import InboxTestSupport
import Testing

@testable import InboxCore

/// Surveys, follow-ups and channel customers through the store seam on both engines (issue 22):
/// the mail and the solve go in on SQLite (ingest and workflow move at the same time) and are
/// copied; what this area writes and reads then runs on the engine under test, held to the
/// same assertions on SQLite and PostgreSQL.
@Suite struct ShopEngineTests {
    let surveys = SurveyStoreTests()
    var base: Double { surveys.base }
    let agent = InboxConfig.Agent(name: "Ada", email: "ada@shop.example")

    /// The mail a survey or follow-up of `ticket` sends, composed on the SQLite store.
    func reply(_ db: AppDatabase, ticket: Int64, messageID: String, now: Date) throws -> QueuedReply {
        try ReplyComposer.compose(
            detail: try db.ticketDetail(ticket), config: surveys.config, agent: agent,
            subject: "Nasıldık? [#\(ticket)]", text: "Nasıldık? 1 (kötü) ile 5 (çok iyi) arasında bir sayı.",
            template: "survey", now: now, messageID: messageID)
    }

    @Test(arguments: EngineStore.engines) func aSurveyAndItsOutboxRowGoInOneTransactionThenTheAnswerIsRead(
        _ engine: StoreEngineKind
    ) throws {
        let settings = try #require(surveys.config.survey)
        let now = Date(timeIntervalSince1970: base + 3600 + 86_400 + 60)
        var ticket: Int64 = 0
        var mail: QueuedReply?
        let store = try ShopEngineStore.make(engine, "survey-engine") { db in
            ticket = try surveys.solvedTicket(db)
            _ = try db.update(
                [ticket], [.addTag("kargo"), .addTag("łódź")], actor: "Ada", config: surveys.config,
                now: Date(timeIntervalSince1970: base + 3700))
            mail = try reply(db, ticket: ticket, messageID: "survey-\(ticket)-1@shop.example", now: now)
        }
        let db = store.db
        let r = try #require(mail)
        #expect(
            try db.dueSurveys(settings, now: Date(timeIntervalSince1970: base + 7200)).isEmpty, "not before the delay")
        let due = try db.dueSurveys(settings, now: now)
        #expect(due.map(\.ticketID) == [ticket])
        let c = try #require(due.first)
        #expect(c.customer == "ayse@example.com" && c.queue == "Support" && c.assignee == "Ada")
        let outboxID = try #require(try db.queueSurvey(c, reply: r, language: "tr", settings: settings, now: now))
        #expect(try db.queueSurvey(c, reply: r, language: "tr", settings: settings, now: now) == nil, "once")
        #expect(try db.dueSurveys(settings, now: now).isEmpty)
        #expect(try db.surveyCount() == 1)
        #expect(try db.outbox().map(\.id) == [outboxID])
        #expect(try db.outbox().first?.subject == "Nasıldık? [#\(ticket)]")
        #expect(
            try store.count(
                "SELECT COUNT(*) FROM message WHERE ticket_id = ? AND direction = 'outbound' AND automatic = 1",
                [ticket])
                == 1)
        #expect(try store.count("SELECT COUNT(*) FROM event WHERE ticket_id = ? AND kind = 'survey'", [ticket]) == 1)
        #expect(try db.satisfaction(ticket: ticket) == nil)

        // The answer as ingest stores it: found by its In-Reply-To, then by the subject alone.
        let answeredAt = now.addingTimeInterval(3600)
        try db.transaction { c in
            let sent = try #require(
                try AppDatabase.answeredSurvey(c, ids: ["<x@y>", r.messageID], ticket: ticket, subject: "Re: x"))
            #expect(
                try AppDatabase.answeredSurvey(c, ids: [], ticket: ticket, subject: "Re: Nasıldık? [#\(ticket)]")?.id
                    == sent.id)
            #expect(try AppDatabase.answeredSurvey(c, ids: [], ticket: ticket, subject: "Başka bir konu") == nil)
            try AppDatabase.recordSurveyAnswer(
                c, survey: sent.id, ticket: ticket, answer: SurveyAnswer(score: 2, comment: "Kargo çok geç geldi."),
                messageID: "<a1@example.com>", actor: "ayse@example.com", at: answeredAt)
        }
        let rating = try #require(try db.satisfaction(ticket: ticket))
        #expect(rating.score == 2 && rating.comment == "Kargo çok geç geldi." && rating.at == answeredAt)
        #expect(try db.customerSatisfaction(address: "AYSE@example.com")?.ticket == ticket)
        #expect(try db.customerSatisfaction(address: "nobody@example.com") == nil)
        let range = ReportRange(
            since: Date(timeIntervalSince1970: base), until: now.addingTimeInterval(86_400), queue: "SUPPORT",
            agent: "ada")
        let rows = try db.surveyRecords(range)
        #expect(rows.count == 1)
        #expect(rows.first?.tags == ["kargo", "łódź"] && rows.first?.score == 2 && rows.first?.agent == "Ada")
        #expect(try db.surveyRecords(ReportRange(since: range.since, until: range.until, queue: "Wholesale")).isEmpty)
    }

    @Test(arguments: EngineStore.engines) func aFollowUpGoesOutOncePerDeliveredOrder(_ engine: StoreEngineKind) throws {
        let now = Date(timeIntervalSince1970: base + 86_400 + 3 * 86_400 + 60)
        var ticket: Int64 = 0
        var mail: QueuedReply?
        let store = try ShopEngineStore.make(engine, "followup-engine") { db in
            ticket = try surveys.solvedTicket(db)
            mail = try reply(db, ticket: ticket, messageID: "followup-TR-10042@shop.example", now: now)
        }
        let db = store.db
        try surveys.importDeliveredOrder(db, linkedTo: ticket)
        let settings = FollowupSettings(after_delivered: "3d", templates: ["Support": "survey"])
        #expect(try db.dueFollowups(settings, now: Date(timeIntervalSince1970: base + 3 * 86_400)).isEmpty)
        let due = try db.dueFollowups(settings, now: now)
        #expect(due.map(\.orderNumber) == ["TR-10042"])
        let c = try #require(due.first)
        #expect(c.ticketID == ticket && c.queue == "Support" && c.deliveredAt == base + 86_400)
        let r = try #require(mail)
        let outboxID = try #require(try db.queueFollowup(c, reply: r, template: "survey", now: now))
        #expect(try db.queueFollowup(c, reply: r, template: "survey", now: now) == nil, "once per order")
        #expect(try db.dueFollowups(settings, now: now).isEmpty)
        #expect(try db.outbox().map(\.id) == [outboxID])
        #expect(try store.count("SELECT COUNT(*) FROM event WHERE ticket_id = ? AND kind = 'followup'", [ticket]) == 1)
    }

    @Test(arguments: EngineStore.engines) func channelCustomersConversationsAndAMerge(_ engine: StoreEngineKind) throws
    {
        var ticket: Int64 = 0
        let store = try ShopEngineStore.make(engine, "channel-engine") { db in
            ticket = try surveys.solvedTicket(db, id: "<j1@example.pl>", from: "jan.nowak@example.pl")
        }
        let db = store.db
        let at = Date(timeIntervalSince1970: base + 86_400)
        let (byHandle, again, byPhone, byEmail) = try db.transaction { c in
            let byHandle = try AppDatabase.channelCustomer(
                c, ChannelCustomer(name: "Jan N.", handle: " JNowak84 "), channel: "allegro", conversation: "alg-1",
                at: at)
            let again = try AppDatabase.channelCustomer(
                c, ChannelCustomer(handle: "jnowak84", phone: "+48 600 100 200"), channel: "allegro",
                conversation: "alg-2", at: at)
            let byPhone = try AppDatabase.channelCustomer(
                c, ChannelCustomer(phone: "0048600100200"), channel: "whatsapp", conversation: "wa-1", at: at)
            let byEmail = try AppDatabase.channelCustomer(
                c, ChannelCustomer(email: "Jan.Nowak@example.pl"), channel: "whatsapp", conversation: "wa-2", at: at)
            try AppDatabase.setConversationTicket(c, channel: "allegro", conversation: "alg-1", ticket: ticket)
            try AppDatabase.setConversationTicket(c, channel: "allegro", conversation: "alg-1", ticket: ticket)
            return (byHandle, again, byPhone, byEmail)
        }
        #expect(byHandle == again && byPhone == byHandle && byEmail != byHandle)
        try db.snapshot { c throws in
            #expect(try AppDatabase.conversationTicket(c, channel: "allegro", conversation: "alg-1") == ticket)
            #expect(try AppDatabase.conversationTicket(c, channel: "allegro", conversation: "alg-9") == nil)
            #expect(try AppDatabase.customerID(c, named: "tel:+48600100200") == byHandle)
            #expect(try AppDatabase.customerID(c, named: "Allegro:JNOWAK84") == byHandle)
        }
        #expect(
            try store.count("SELECT COUNT(*) FROM customer WHERE address = 'allegro:jnowak84' AND name = 'Jan N.'") == 1
        )
        let merged = try db.mergeCustomers(
            keep: "jan.nowak@example.pl", into: "allegro:jnowak84", actor: "ada", now: at)
        #expect(
            merged == AppDatabase.CustomerMerge(kept: "jan.nowak@example.pl", merged: "allegro:jnowak84", tickets: 0))
        try db.snapshot { c throws in
            #expect(try AppDatabase.customerID(c, named: "allegro:jnowak84") == byEmail)
            #expect(try AppDatabase.customerID(c, named: "+48 600 100 200") == byEmail)
        }
        #expect(try store.count("SELECT COUNT(*) FROM customer") == 1)
        #expect(try store.count("SELECT COUNT(*) FROM customer WHERE name = 'Jan N.' AND phone = '+48600100200'") == 1)
        #expect(
            try store.count("SELECT COUNT(*) FROM customer WHERE created_at = ?", [base]) == 1, "the earlier first-seen"
        )
        #expect(try store.count("SELECT COUNT(*) FROM event WHERE kind = 'customer_merged'") == 1)
        #expect(throws: InboxError.self) {
            try db.mergeCustomers(keep: "jan.nowak@example.pl", into: "allegro:jnowak84", actor: "ada")
        }
    }
}
