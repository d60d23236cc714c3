import Foundation
import GRDB
import InboxTestSupport
import Testing

@testable import InboxCore

/// Rules (DESIGN §16, docs/rules.md): conditions in the search language, every action, first
/// match vs stop, the audit trail, status-changed, schedule rules, `rules test`, lint, snooze
/// and assignment.
@Suite struct RulesTests: StoreSuite {
    var config = StoreFixture.config(
        agents: [
            StoreFixture.ada, .init(name: "Bob", email: "bob@shop.example"),
            .init(name: "Cem", email: "cem@shop.example"),
        ],
        queues: [StoreFixture.supportQueue, .init(name: "Returns", addresses: ["returns@shop.example"])]
    ) { $0.sla = SLASettings(calendar: "Mon-Fri 09:00-17:00", timezone: "Europe/Istanbul") }

    let msg = StoreFixture.Messages(
        from: "ayse@example.com", to: "support@shop.example", subject: "Kargom nerede?",
        text: "Merhaba, siparişim hala gelmedi.")

    func book(_ toml: String) throws -> RuleBook {
        let (b, findings) = RuleBook.parse(toml, path: "rules.toml")
        try #require(findings.isEmpty, "\(findings)")
        return b
    }

    /// A book of many rules, each written by ``rule(_:on:if:then:stop:)``.
    func book(_ rules: [String]) throws -> RuleBook { try book(rules.joined(separator: "\n")) }

    /// One `[[rule]]` of rules.toml (the strings TOML-quoted), so a book of many rules reads as
    /// a list of them.
    func rule(
        _ name: String, on event: String = "message-in", if condition: String? = nil, then actions: [String],
        stop: Bool = false
    ) -> String {
        func quoted(_ s: String) -> String {
            "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var lines = ["[[rule]]", "name = \(quoted(name))", "on = \(quoted(event))"]
        if let condition { lines.append("if = \(quoted(condition))") }
        lines.append("then = [\(actions.map(quoted).joined(separator: ", "))]")
        if stop { lines.append("stop = true") }
        return lines.joined(separator: "\n")
    }

    /// Ingests with the rules, as an import does.
    func ingest(_ db: AppDatabase, _ messages: [IncomingMessage], _ rules: RuleBook) throws {
        var options = IngestOptions()
        options.rules = rules
        _ = try db.ingest(messages, config: config, options: options)
    }

    func ruleEvents(_ db: AppDatabase, _ ticket: Int64) throws -> [String] {
        try db.ticketDetail(ticket).events.filter { $0.actor.hasPrefix("rule:") }.map {
            "\($0.actor) \($0.kind) \($0.old ?? "") → \($0.new ?? "")"
        }
    }

    // MARK: - Conditions

    /// A Turkish customer's İADE, a Polish return from Amazon to the Returns address, and a
    /// customer with Polish letters in their name: #1001, #1002, #1003.
    var conditionMail: [IncomingMessage] {
        [
            msg(
                "t1@x", from: "ayse@example.com", name: "Ayşe", subject: "İADE talebi", date: base,
                text: "İADE istiyorum."),
            msg(
                "p1@x", from: "orders@amazon.com", to: "returns@shop.example", subject: "Zwrot zamówienia",
                date: base + 60, text: "Dzień dobry, proszę o zwrot. Zamówienie nie dotarło, dziękuję bardzo."),
            msg(
                "z1@x", from: "zolw@example.pl", name: "Żółw Łącki", subject: "Pytanie", date: base + 120,
                text: "Hello there."),
        ]
    }

    @Test func eachConditionKindDecidesWhetherTheRuleActs() throws {
        let rules = try book([
            rule("word", if: "iade", then: ["tag+=word"]),
            rule("from-domain", if: "from:@amazon.com", then: ["tag+=amazon"]),
            rule("subject", if: "subject:zwrot*", then: ["tag+=zwrot"]),
            rule("queue", if: "queue:Returns", then: ["tag+=returns-queue"]),
            rule("status", if: "status:new", then: ["tag+=is-new"]),
            rule("hours", if: "is:business-hours", then: ["tag+=in-hours"]),
            rule("lang", if: "lang:pl", then: ["tag+=polish"]),
            rule("channel", if: "channel:email -from:@amazon.com", then: ["tag+=mail"]),
            rule("customer-or", if: "customer:zolw OR customer:ayse", then: ["tag+=named"]),
        ])
        let db = try makeDB()
        // Turkish İ folds to i: "İADE" matches "iade"; Polish "zwrot" prefix in the subject;
        // the Istanbul calendar is open at 11:00 on Monday.
        try ingest(db, conditionMail, rules)
        // Ingest runs at the wall clock, so business hours depend on when the test runs:
        // that rule is checked with an injected clock below.
        let t1 = Set(try db.ticketDetail(1001).ticket.tags).subtracting(["in-hours"])
        let t2 = Set(try db.ticketDetail(1002).ticket.tags).subtracting(["in-hours"])
        let t3 = Set(try db.ticketDetail(1003).ticket.tags).subtracting(["in-hours"])
        #expect(t1 == ["word", "is-new", "mail", "named"])
        #expect(t2 == ["amazon", "zwrot", "returns-queue", "is-new", "polish"])
        #expect(t3 == ["is-new", "mail", "named"])

        // is:business-hours with the clock injected: Monday 11:00 Istanbul yes, 20:00 no.
        let hours = try book(
            """
            [[rule]]
            name = "hours"
            on = "message-in"
            if = "is:business-hours"
            then = ["tag+=in-hours"]
            """)
        let open = try db.testRules(
            hours, config: config, since: Date(timeIntervalSince1970: 0), now: Date(timeIntervalSince1970: base))
        #expect(Set(open.map(\.ticket)) == [1001, 1002, 1003])
        let db2 = try makeDB()
        _ = try db2.ingest([msg("late@x", date: base + 9 * 3600)], config: config)  // 20:00 Istanbul
        let closed = try db2.testRules(hours, config: config, since: Date(timeIntervalSince1970: 0))
        #expect(closed.isEmpty)
    }

    @Test func turkishDotlessAndDottedIFoldAsInSearch() throws {
        let rules = try book(
            """
            [[rule]]
            name = "ilik"
            on = "message-in"
            if = "\\"ılık su\\" OR ISTANBUL"
            then = ["tag+=fold"]
            """)
        let db = try makeDB()
        try ingest(
            db,
            [
                msg("a@x", from: "a@example.com", date: base, text: "Ilık su istiyorum"),
                msg("b@x", from: "b@example.com", date: base + 1, text: "İstanbul'dan yazıyorum"),
                msg("c@x", from: "c@example.com", date: base + 2, text: "Nothing here"),
            ], rules)
        // The same words through `inbox search` find the same tickets.
        let searched = Set(try db.search("\"ılık su\" OR ISTANBUL").compactMap(\.ticket))
        #expect(searched == [1001, 1002])
        #expect(try db.ticketDetail(1001).ticket.tags == ["fold"])
        #expect(try db.ticketDetail(1002).ticket.tags == ["fold"])
        #expect(try db.ticketDetail(1003).ticket.tags == [])
    }

    // MARK: - Actions

    @Test func everyActionChangesTheTicketAndLogsItAsTheRule() throws {
        let rules = try book(
            """
            [[rule]]
            name = "Returns triage"
            on = "ticket-created"
            if = "return OR zwrot"
            then = ["queue=Returns", "tag+=return", "tag+=temp", "tag-=temp", "priority=high", "assign=Bob", "status=pending", "note=Check the parcel photo", "snooze=2h"]
            """)
        let db = try makeDB()
        try ingest(db, [msg("r1@x", subject: "Return request", date: base, text: "I want to return this.")], rules)
        let d = try db.ticketDetail(1001)
        #expect(d.ticket.queue == "Returns")
        #expect(d.ticket.tags == ["return"])
        #expect(d.ticket.priority == .high)
        #expect(d.ticket.assignee == "Bob")
        #expect(d.ticket.status == .pending)
        #expect(d.ticket.snoozedUntil != nil)
        #expect(d.messages.contains { $0.direction == .note && $0.text == "Check the parcel photo" })
        #expect(
            try ruleEvents(db, 1001).map {
                $0.replacingOccurrences(of: #"\d{4}-.*Z"#, with: "T", options: .regularExpression)
            } == [
                "rule:Returns triage queue Support → Returns", "rule:Returns triage tag  → return",
                "rule:Returns triage tag  → temp", "rule:Returns triage tag temp → ",
                "rule:Returns triage priority normal → high", "rule:Returns triage assignee  → Bob",
                "rule:Returns triage status new → pending", "rule:Returns triage note  → ",
                "rule:Returns triage snooze  → T",
            ])
        // The note is searchable once indexed.
        #expect(try db.search("parcel photo").contains { $0.ticket == 1001 })
    }

    @Test func replyActionRecordsOneAutomaticReplyPerCustomerAndDay() throws {
        let rules = try book(
            """
            [[rule]]
            name = "ack"
            on = "message-in"
            then = ["reply=ack"]
            """)
        let db = try makeDB()
        var auto = LoopHeaders()
        auto.autoSubmitted = "auto-replied"
        try ingest(
            db,
            [
                msg("c1@x", from: "ayse@example.com", date: base),
                msg("c2@x", from: "ayse@example.com", inReplyTo: ["c1@x"], date: base + 60),
                msg("c3@x", from: "ayse@example.com", subject: "Another", date: base + 120),
                msg("o1@x", from: "ada@shop.example", to: "kim@example.com", date: base + 180),
                msg(
                    "a1@x", from: "kim@example.com", inReplyTo: ["o1@x"], date: base + 200, text: "Out of office",
                    loop: auto),
                msg("z1@x", from: "zofia@example.pl", date: base + 240),
            ], rules)
        let pending = try db.pendingAutoReplies()
        #expect(pending.map(\.customer).sorted() == ["ayse@example.com", "zofia@example.pl"])
        #expect(pending.allSatisfy { $0.rule == "ack" && $0.template == "ack" })
        #expect(try ruleEvents(db, 1001) == ["rule:ack auto_reply  → ack"])
    }

    @Test func assignmentRoundRobinAndLeastBusySkipAgentsWhoAreAway() throws {
        let rr = try book(
            """
            [[rule]]
            name = "rr"
            on = "ticket-created"
            then = ["assign=round-robin"]
            """)
        let db = try makeDB()
        try db.setAway("cem", away: true, config: config, actor: "Ada")
        try ingest(db, (0..<4).map { msg("rr\($0)@x", from: "c\($0)@example.com", date: base + Double($0)) }, rr)
        #expect(try (1001...1004).map { try db.ticketDetail($0).ticket.assignee } == ["Ada", "Bob", "Ada", "Bob"])
        #expect(try db.agentAvailability(config: config).map(\.away) == [false, false, true])
        #expect(throws: InboxError.self) { try db.setAway("Zed", away: true, config: config, actor: "Ada") }

        try db.setAway("Cem", away: false, config: config, actor: "Ada")
        try db.setAway("Ada", away: true, config: config, actor: "Ada")
        let lb = try book(
            """
            [[rule]]
            name = "lb"
            on = "ticket-created"
            then = ["assign=least-busy"]
            """)
        // Bob has 2 open tickets, Cem none, Ada is away: Cem, then Cem again (1 < 2), then Bob or Cem (2 = 2, file order: Bob).
        try ingest(db, (0..<3).map { msg("lb\($0)@x", from: "d\($0)@example.com", date: base + 100 + Double($0)) }, lb)
        #expect(try (1005...1007).map { try db.ticketDetail($0).ticket.assignee } == ["Cem", "Cem", "Bob"])
    }

    // MARK: - Order

    @Test func everyMatchingRuleRunsInOrderUntilOneSaysStop() throws {
        let rules = try book([
            rule("first", if: "refund", then: ["tag+=first"]),
            rule("vip", if: "from:@vip.example", then: ["tag+=vip", "priority=urgent"], stop: true),
            rule("after-stop", then: ["tag+=later"]),
            rule("sees-earlier-change", if: "tag:first", then: ["tag+=chained"]),
        ])
        let db = try makeDB()
        try ingest(
            db,
            [
                msg("v@x", from: "ceo@vip.example", date: base, text: "refund please"),
                msg("n@x", from: "joe@example.com", date: base + 1, text: "refund please"),
            ], rules)
        // The VIP's ticket: first matched, vip matched and stopped the chain.
        #expect(try db.ticketDetail(1001).ticket.tags == ["first", "vip"])
        // Without a stop every matching rule runs, and a later rule sees an earlier one's tag.
        #expect(try db.ticketDetail(1002).ticket.tags == ["chained", "first", "later"])
    }

    /// The import reads the ticket's fields and tags once and again only after a rule changed
    /// them: each rule here reads what the one before it changed, and a note (which changes
    /// neither) in between leaves nothing stale.
    @Test func aRuleSeesTheFieldsAndTagsTheRulesBeforeItChanged() throws {
        let rules = try book([
            rule("a", if: "-tag:a -priority:high", then: ["tag+=a"]),
            rule("b", if: "tag:a -priority:high", then: ["priority=high", "note=after a"]),
            rule("c", if: "priority:high -tag:c", then: ["tag+=c", "note=after b"]),
            rule("d", if: "tag:c priority:high", then: ["tag+=d"]),
            rule("e", if: "tag:d -tag:e", then: ["tag-=a", "tag+=e"]),
            rule("f", if: "-tag:a tag:e", then: ["status=pending"]),
            rule("g", if: "status:pending", then: ["tag+=g"]),
        ])
        let db = try makeDB()
        try ingest(db, [msg("a@x", date: base)], rules)
        let detail = try db.ticketDetail(1001)
        #expect(detail.ticket.tags == ["c", "d", "e", "g"])
        #expect(detail.ticket.priority == .high && detail.ticket.status == .pending)
    }

    // MARK: - Transactions

    @Test func reimportingTheSameMailAddsNoEvent() throws {
        let rules = try book(
            """
            [[rule]]
            name = "tagger"
            on = "message-in"
            then = ["tag+=seen", "note=hello"]
            """)
        let db = try makeDB()
        let batch = [msg("a@x", date: base), msg("b@x", inReplyTo: ["a@x"], date: base + 60)]
        try ingest(db, batch, rules)
        let count = { try db.reader.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM event")! } }
        let before = try count()
        try ingest(db, batch, rules)
        #expect(try count() == before)
        // Two messages, the tag once, a note for each message.
        #expect(
            try ruleEvents(db, 1001) == ["rule:tagger tag  → seen", "rule:tagger note  → ", "rule:tagger note  → "])
    }

    @Test(arguments: EngineStore.engines)
    func statusChangedRulesRunInTheChangesTransaction(_ engine: StoreEngineKind) throws {
        let rules = try book(
            """
            [[rule]]
            name = "solved-cleanup"
            on = "status-changed"
            if = "status:solved tag:waiting"
            then = ["tag-=waiting", "priority=low"]
            """)
        let (store, db) = try oneTicket(engine, "status-rules")
        _ = store
        try db.update([1001], [.addTag("waiting")], actor: "Ada", config: config, rules: rules)
        #expect(try db.seamTicket(1001).tags == ["waiting"])
        try db.update([1001], [.status(.solved)], actor: "Ada", config: config, rules: rules)
        let d = try db.seamTicket(1001)
        #expect(d.tags == [] && d.priority == "low")
        #expect(
            try db.seamRuleEvents(1001) == [
                "rule:solved-cleanup tag waiting → ", "rule:solved-cleanup priority normal → low",
            ])
    }

    // MARK: - Schedule

    @Test(arguments: EngineStore.engines)
    func scheduleRuleSolvesPendingTicketsAfterFiveQuietBusinessDays(_ engine: StoreEngineKind) throws {
        let rules = try book(
            """
            [[rule]]
            name = "auto-solve"
            on = "schedule"
            every = "1h"
            if = "status:pending idle:5bd"
            then = ["status=solved", "tag+=auto-solved"]
            """)
        let (store, db) = try ruleStore(engine, "schedule") { db in
            try setUpQuietTickets(db)
        }
        _ = store
        // Friday: not five business days yet.
        let friday = Date(timeIntervalSince1970: base + 4 * 86400)
        #expect(try db.runScheduleRules(rules, config: config, now: friday).isEmpty)
        // The next Monday 11:00 is five business days (Mon-Fri 09-17) after Monday 11:00.
        let monday = Date(timeIntervalSince1970: base + 7 * 86400 + 60)
        let done = try db.runScheduleRules(rules, config: config, now: monday)
        #expect(done.map(\.ticket) == [1001])
        #expect(try db.seamTicket(1001).status == "solved")
        #expect(try db.seamTicket(1002).status == "pending")
        // Once per `every`: a tick a minute later does not run the rule again.
        try db.update([1002], [.status(.pending)], actor: "Ada", config: config)
        let later = Date(timeIntervalSince1970: base + 9 * 86400 + 3600)
        #expect(try db.runScheduleRules(rules, config: config, now: monday.addingTimeInterval(600)).isEmpty)
        #expect(try db.runScheduleRules(rules, config: config, now: later).map(\.ticket) == [1002])
    }

    /// #1001 and #1002 pending since Monday, #1002's customer wrote again on Wednesday, and
    /// #1003 answered on Thursday (pending).
    func setUpQuietTickets(_ db: AppDatabase) throws {
        _ = try db.ingest(
            [msg("a@x", from: "a@example.com", date: base), msg("b@x", from: "b@example.com", date: base)],
            config: config)
        try db.update([1001, 1002], [.status(.pending)], actor: "Ada", config: config)
        // The customer of #1002 wrote again on Wednesday (that reopens it; pending again).
        _ = try db.ingest(
            [msg("b2@x", from: "b@example.com", inReplyTo: ["b@x"], date: base + 2 * 86400)], config: config)
        try db.update([1002], [.status(.pending)], actor: "Ada", config: config)
        // #1003's customer wrote on Monday too, and the agent answered on Thursday and set it
        // pending: the customer has had one business day to answer, not five.
        _ = try db.ingest([msg("c@x", from: "c@example.com", date: base)], config: config)
        let answer = QueuedReply(
            ticketID: 1003, agent: "Ada", messageID: "r3@nordlys", inReplyTo: "c@x", references: ["c@x"],
            from: MailAddress(name: "Ada", address: "support@example.com"), to: [MailAddress(address: "c@example.com")],
            subject: "Re: [#1003]", text: "Could you send a photo?\n",
            raw: Array("Message-ID: <r3@nordlys>\n\nhi".utf8),
            envelopeFrom: "support@example.com", recipients: ["c@example.com"], changes: [.status(.pending)])
        try db.queueReply(
            answer, undoWindow: 0, config: config, now: Date(timeIntervalSince1970: base + 3 * 86400))
    }

    // MARK: - rules test

    @Test(arguments: EngineStore.engines)
    func rulesTestReportsWhatWouldHappenAndChangesNothing(_ engine: StoreEngineKind) throws {
        let (store, db) = try ruleStore(engine, "replay") {
            _ = try $0.ingest(
                [
                    msg("a@x", from: "a@example.com", subject: "Zwrot", date: base, text: "zwrot proszę"),
                    msg("b@x", from: "b@example.com", date: base + 10),
                    msg("a2@x", from: "a@example.com", inReplyTo: ["a@x"], date: base + 20, text: "hello?"),
                ], config: config)
        }
        _ = store
        let rules = try book(
            """
            [[rule]]
            name = "returns"
            on = "ticket-created"
            if = "zwrot"
            then = ["queue=Returns", "tag+=return", "note=auto"]
            [[rule]]
            name = "ack"
            on = "message-in"
            then = ["reply=ack", "snooze=1d", "assign=round-robin"]
            """)
        func dump() throws -> String {
            try db.snapshot { d in
                var out: [String] = []
                for table in ["ticket", "event", "outbox", "tag", "message", "rule_reply", "rule_state", "customer"] {
                    // Columns sorted by name: PostgreSQL's rows are keyed by name, in no set order.
                    out += try d.rows("SELECT * FROM \(table)", []).map { row in
                        "\(table) " + row.map { "\($0)=\($1)" }.sorted().joined(separator: " ")
                    }.sorted()
                }
                return out.joined(separator: "\n")
            }
        }
        let before = try dump()
        let outcomes = try db.testRules(rules, config: config, since: Date(timeIntervalSince1970: base - 86400))
        #expect(try dump() == before)
        #expect(outcomes.filter { $0.rule == "returns" }.map(\.ticket) == [1001])
        #expect(outcomes.first { $0.rule == "returns" }?.actions == ["queue=Returns", "tag+=return", "note=auto"])
        let acks = outcomes.filter { $0.rule == "ack" }
        #expect(acks.map(\.ticket) == [1001, 1002, 1001])
        // The customer of #1001 writes twice the same day: the second reply is skipped.
        #expect(acks[2].skipped.contains { $0.hasPrefix("reply=ack: a@example.com already had an automatic reply") })
    }

    // MARK: - Lint

    @Test func lintFindsUnknownFieldsBadQueriesUnknownNamesAndRulesThatNeverMatch() throws {
        let text = """
            [[rule]]
            name = "typo"
            on = "message-in"
            iff = "refund"
            then = ["tag+=x"]

            [[rule]]
            name = "bad query"
            on = "message-in"
            if = "refund (return"
            then = ["tag+=x"]

            [[rule]]
            name = "unknowns"
            on = "message-in"
            then = ["queue=Nowhere", "assign=Zed", "reply=missing"]

            [[rule]]
            name = "never"
            on = "ticket-created"
            if = "status:pending"
            then = ["tag+=x"]

            [[rule]]
            name = "contradiction"
            on = "message-in"
            if = "tag:vip -tag:vip"
            then = ["tag+=x"]

            [[rule]]
            name = "bad action"
            on = "schedule"
            then = ["colour=red"]
            """
        let templates = TemplateLibrary(templates: [
            try ReplyTemplate.parse("---\nname: ack\nlanguage: en\n---\nThanks!\n")
        ])
        let findings = RuleLinter.lint(text, path: "rules.toml", config: config, templates: templates)
        let lines = findings.map(\.description)
        #expect(lines.contains { $0.hasPrefix("rules.toml:1: rule \"typo\" error: unknown field \"iff\"") })
        #expect(
            lines.contains {
                $0.hasPrefix("rules.toml:7: rule \"bad query\" error: if: column 8: this \"(\" is never closed")
            })
        #expect(lines.contains { $0.contains("\"unknowns\" error: queue=Nowhere: there is no such queue") })
        #expect(lines.contains { $0.contains("\"unknowns\" error: assign=Zed: there is no such agent") })
        #expect(
            lines.contains {
                $0.contains("\"unknowns\" error: reply=missing: there is no such template (templates: ack)")
            })
        #expect(lines.contains { $0.contains("\"never\" warning: can never match") })
        #expect(
            lines.contains {
                $0.contains("\"contradiction\" warning: can never match: it asks for a term and its negation")
            })
        #expect(lines.contains { $0.contains("\"bad action\" error: \"colour=red\": unknown action") })
        #expect(lines.contains { $0.contains("\"bad action\" error: a schedule rule needs every") })
        // Loading refuses a file with errors, naming the place.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID().uuidString).toml").path
        FileManager.default.createFile(atPath: dir, contents: Data(text.utf8))
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect { try RuleBook.load(path: dir) } throws: {
            ($0 as? InboxError)?.description.contains(":1: rule \"typo\"") == true
        }
        #expect(try RuleBook.load(path: dir + ".missing").isEmpty)
    }

    // MARK: - Both engines

    /// A store on `engine` with one ticket, #1001, from `from`.
    func oneTicket(_ engine: StoreEngineKind, _ name: String, from: String = "ayse@example.com") throws -> (
        store: EngineStore, db: AppDatabase
    ) {
        try ruleStore(engine, name) { _ = try $0.ingest([msg("a@x", from: from, date: base)], config: config) }
    }

    /// The words of a condition fold as search folds them, on both engines: Turkish İ/ı, Polish
    /// prefixes, a phrase; with fields (`from:`, `customer:`, `queue:`, `subject:`) and a
    /// negation. The replay runs every inbound message through the rules as they arrive.
    @Test(arguments: EngineStore.engines)
    func conditionsDecideAlikeOnBothEngines(_ engine: StoreEngineKind) throws {
        let rules = try book([
            rule("first", on: "ticket-created", if: "status:new İade", then: ["tag+=first"]),
            rule("iade", if: "iade", then: ["tag+=iade"]),
            rule("zwrot", if: "zwrot*", then: ["tag+=zwrot"]),
            rule("subject", if: "subject:zwrot*", then: ["tag+=subject"]),
            rule("ilik", if: "\"ılık su\" OR ISTANBUL", then: ["tag+=fold"]),
            rule("from-domain", if: "from:@amazon.com", then: ["tag+=amazon"]),
            rule("customer-or", if: "customer:zolw OR customer:ayse", then: ["tag+=named"]),
            rule("queue", if: "queue:Returns", then: ["tag+=returns-queue"]),
            rule("not-amazon", if: "-from:@amazon.com", then: ["tag+=mail"]),
            rule("tagged", if: "tag:zwrot", then: ["priority=high"]),
        ])
        let (store, db) = try ruleStore(engine, "conditions") {
            _ = try $0.ingest(
                conditionMail + [
                    msg("i1@x", from: "c@example.com", subject: "Su", date: base + 180, text: "Ilık su istiyorum"),
                    msg(
                        "i2@x", from: "d@example.com", subject: "Şehir", date: base + 240,
                        text: "İstanbul'dan yazıyorum"),
                ], config: config)
        }
        _ = store
        let outcomes = try db.testRules(rules, config: config, since: Date(timeIntervalSince1970: base - 86400))
        var matched: [String: [Int64]] = [:]
        for o in outcomes { matched[o.rule, default: []].append(o.ticket) }
        #expect(
            matched == [
                "first": [1001], "iade": [1001], "zwrot": [1002], "subject": [1002], "ilik": [1004, 1005],
                "from-domain": [1002], "customer-or": [1001, 1003], "queue": [1002],
                "not-amazon": [1001, 1003, 1004, 1005], "tagged": [1002],
            ])
        #expect(outcomes.first { $0.rule == "tagged" }?.actions == ["priority=high"])
        // A replay: nothing stayed.
        #expect(try db.seamTicket(1002).tags.isEmpty && db.seamTicket(1002).priority == "normal")
    }

    /// Snooze, unsnooze and the tick's wake-up, on both engines.
    @Test(arguments: EngineStore.engines)
    func snoozeUnsnoozeAndWakeOnBothEngines(_ engine: StoreEngineKind) throws {
        let (store, db) = try ruleStore(engine, "snooze") {
            _ = try $0.ingest(
                [msg("a@x", date: base), msg("b@x", from: "b@example.com", date: base + 1)], config: config)
        }
        _ = store
        let now = Date(timeIntervalSince1970: base + 60)
        let until = now.addingTimeInterval(86400)
        try db.snooze([1001, 1002], until: until, actor: "Ada", now: now)
        #expect(try db.snoozedCount() == 2)
        #expect(throws: InboxError.self) { try db.snooze([4242], until: until, actor: "Ada", now: now) }
        #expect(throws: InboxError.self) { try db.snooze([1001], until: now, actor: "Ada", now: now) }
        try db.unsnooze([1002], actor: "Ada", now: now.addingTimeInterval(60))
        #expect(try db.snoozedCount() == 1)
        #expect(try db.wakeSnoozed(now: until.addingTimeInterval(-1)).isEmpty)
        #expect(try db.wakeSnoozed(now: until) == [1001])
        #expect(try db.snoozedCount() == 0)
        #expect(try db.seamValue(String.self, "SELECT snooze_woke FROM ticket WHERE id = 1001") == "time")
        #expect(try db.seamValue(String.self, "SELECT snooze_woke FROM ticket WHERE id = 1002") == "agent")
        #expect(try db.seamEvents(1001).filter { $0.kind == "snooze" }.map(\.detail) == [nil, "woke at its time"])
        #expect(
            try db.seamEvents(1002).filter { $0.kind == "snooze" }.map(\.detail) == [nil, "snooze ended by Ada"])
        #expect(try db.seamTicket(1001).version == 3)
    }

    /// A `reply=` rule records one automatic reply; the tick finishes it (here: skipped, with
    /// an event saying why), on both engines.
    @Test(arguments: EngineStore.engines)
    func automaticRepliesArePendingUntilFinished(_ engine: StoreEngineKind) throws {
        let rules = try book(
            """
            [[rule]]
            name = "ack"
            on = "status-changed"
            if = "status:pending"
            then = ["reply=ack", "snooze=2h"]
            """)
        let (store, db) = try oneTicket(engine, "auto-replies", from: "zofia@example.pl")
        _ = store
        let now = Date(timeIntervalSince1970: base + 60)
        try db.update([1001], [.status(.pending)], actor: "Ada", config: config, rules: rules, now: now)
        let pending = try db.pendingAutoReplies()
        #expect(pending.map(\.customer) == ["zofia@example.pl"])
        #expect(pending.map(\.template) == ["ack"] && pending.map(\.createdAt) == [now])
        #expect(try db.snoozedCount() == 1)
        try db.finishAutoReply(pending[0], outboxID: nil, error: "no template named ack", now: now)
        #expect(try db.pendingAutoReplies().isEmpty)
        #expect(try db.outboxID(messageID: "nothing@x") == nil)
        #expect(
            try db.seamRuleEvents(1001) == [
                "rule:ack auto_reply  → ack", "rule:ack snooze  → 2026-11-02T10:01:00Z",
                "rule:ack auto_reply_skipped  → ack",
            ])
    }

    // MARK: - Snooze

    @Test func snoozedTicketWakesAtItsTimeInTheSLATimeZone() throws {
        let db = try makeDB()
        _ = try db.ingest([msg("a@x", date: base)], config: config)
        let now = Date(timeIntervalSince1970: base)  // Monday 11:00 Istanbul
        let zone = try config.slaCalendar().timeZone
        let until = try SnoozeTime.parse("tue 09:00", now: now, timeZone: zone)
        #expect(until == Date(timeIntervalSince1970: base + 86400 - 2 * 3600))  // Tuesday 06:00Z
        #expect(try SnoozeTime.parse("2026-11-03 09:00", now: now, timeZone: zone) == until)
        try db.snooze([1001], until: until, actor: "Ada", now: now)
        #expect(try db.tickets(TicketFilter()).isEmpty)
        #expect(try db.tickets(TicketFilter(text: "is:snoozed")).map(\.id) == [1001])
        #expect(try db.queueSummaries()[0].open == 0)
        #expect(try db.snoozedCount() == 1)
        #expect(try db.wakeSnoozed(now: until.addingTimeInterval(-1)).isEmpty)
        #expect(try db.wakeSnoozed(now: until) == [1001])
        let d = try db.ticketDetail(1001)
        #expect(d.ticket.snoozedUntil == nil && d.ticket.snoozeWoke == "time")
        #expect(try db.tickets(TicketFilter()).map(\.id) == [1001])
        #expect(d.events.contains { $0.kind == "snooze" && $0.actor == "inbox" && $0.detail == "woke at its time" })
    }

    @Test func snoozedTicketWakesEarlyOnACustomerReplyButNotOnAutomaticMail() throws {
        let db = try makeDB()
        _ = try db.ingest([msg("a@x", date: base)], config: config)
        let now = Date(timeIntervalSince1970: base + 60)
        try db.snooze([1001], until: now.addingTimeInterval(3 * 86400), actor: "Ada", now: now)
        var auto = LoopHeaders()
        auto.autoSubmitted = "auto-replied"
        _ = try db.ingest(
            [msg("auto@x", inReplyTo: ["a@x"], date: base + 120, text: "I am away", loop: auto)], config: config)
        #expect(try db.ticketDetail(1001).ticket.snoozedUntil != nil)
        _ = try db.ingest([msg("b@x", inReplyTo: ["a@x"], date: base + 180, text: "Any news?")], config: config)
        let d = try db.ticketDetail(1001)
        #expect(d.ticket.snoozedUntil == nil && d.ticket.snoozeWoke == "reply")
        #expect(d.events.contains { $0.kind == "snooze" && $0.detail == "woke early: the customer replied" })
        #expect(throws: InboxError.self) { try SnoozeTime.parse("someday", now: now, timeZone: .gmt) }
    }
}
