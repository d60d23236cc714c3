import Foundation
import InboxTestSupport
import Testing

@testable import InboxCore

/// Templates: front matter, every placeholder, lint findings, ranking, order numbers (issue 6).
@Suite struct TemplateTests {
    static let now = Date(timeIntervalSince1970: 1_793_700_720)  // Tue 2026-11-03 10:12 UTC
    static let utc = TimeZone(secondsFromGMT: 0)!

    static func context(
        name: String? = "Ayşe Yılmaz", language: String? = "tr", orders: [String] = ["TR-55012"],
        signature: String? = "Ada\nNordlys Support"
    ) -> ReplyContext {
        ReplyContext(
            ticketID: 1042, ticketSubject: "Kargom nerede?", ticketStatus: "open", ticketPriority: "high",
            queue: "Support",
            ticketTags: ["shipping"], customerName: name, customerEmail: "ayse@example.com.tr",
            customerLanguage: language,
            customerOrganisation: "Yılmaz Ltd", agentName: "Ada Lindqvist", agentEmail: "ada@nordlys.example",
            agentSignature: signature, orders: orders, now: now, timeZone: utc)
    }

    static let file = """
        ---
        name: where-is-my-order
        language: tr
        tags: [shipping, order]
        subject: "Siparişiniz {{order.id}} [#{{ticket.id}}]"
        actions:
          status: pending
          tags:
            - shipping
          assignee: me
        ---
        Merhaba {{customer.first_name}},

        """

    @Test func frontMatterParses() throws {
        let t = try ReplyTemplate.parse(Self.file + "body\n", path: "t.md")
        #expect(t.name == "where-is-my-order")
        #expect(t.language == "tr")
        #expect(t.tags == ["shipping", "order"])
        #expect(t.subject == "Siparişiniz {{order.id}} [#{{ticket.id}}]")
        #expect(t.actions == ReplyTemplate.Actions(status: "pending", tags: ["shipping"], assignee: "me"))
        #expect(t.body.hasPrefix("Merhaba {{customer.first_name}},"))
        #expect(t.frontMatterProblems.isEmpty)
    }

    @Test func everyPlaceholderRenders() throws {
        // The order.* and shipment.* placeholders need a linked order: OrderTemplateTests.
        let body = ReplyContext.placeholders.filter { !ReplyContext.needsOrder($0.name) }.map {
            "\($0.name)=[{{\($0.name)}}]"
        }
        .joined(separator: "\n")
        let (text, unresolved) = try TemplateRenderer.render(body, context: Self.context())
        #expect(unresolved.isEmpty)
        let expected = [
            "ticket.id=[1042]", "ticket.subject=[Kargom nerede?]", "ticket.status=[open]", "ticket.priority=[high]",
            "ticket.queue=[Support]", "ticket.tags=[shipping]", "customer.first_name=[Ayşe]",
            "customer.last_name=[Yılmaz]",
            "customer.name=[Ayşe Yılmaz]", "customer.email=[ayse@example.com.tr]", "customer.language=[tr]",
            "customer.organisation=[Yılmaz Ltd]", "agent.name=[Ada Lindqvist]", "agent.first_name=[Ada]",
            "agent.email=[ada@nordlys.example]", "agent.signature=[Ada\nNordlys Support]", "order.id=[TR-55012]",
            "order.ids=[TR-55012]", "date.today=[03.11.2026]", "date.tomorrow=[04.11.2026]",
            "date.in_3_days=[06.11.2026]",
            "date.in_a_week=[10.11.2026]", "customer.salutation=[Merhaba]",
        ]
        for e in expected { #expect(text.contains(e), "\(e)") }
        #expect(text.contains("date.year=[2026]"))
        #expect(text.contains("date.weekday=[") && !text.contains("date.weekday=[]"))
        // Plain text: no HTML escaping.
        let (amp, _) = try TemplateRenderer.render(
            "{{customer.organisation}}",
            context: ReplyContext(
                ticketID: 1, ticketSubject: "", customerEmail: "a@b", customerOrganisation: "A & B <x>", agentName: "A")
        )
        #expect(amp == "A & B <x>")
    }

    @Test func namesSplitInEveryForm() {
        #expect(ReplyContext.splitName("Nowak, Jan", email: "j@x") == ("Jan", "Nowak"))
        #expect(ReplyContext.splitName("Zofia Maria Wójcik", email: "z@x") == ("Zofia", "Maria Wójcik"))
        #expect(ReplyContext.splitName("z@x", email: "z@x") == (nil, nil))
        #expect(ReplyContext.splitName(nil, email: "z@x") == (nil, nil))
    }

    @Test func anEmptyPlaceholderBlocksTheSendUnlessItHasAFallback() throws {
        let t = ReplyTemplate(name: "x", body: "Hi {{customer.first_name}}, order {{order.id}}.\n")
        let r = try TemplateRenderer.render(t, context: Self.context(name: nil, orders: []))
        #expect(r.unresolved == ["customer.first_name", "order.id"])
        #expect(r.blockingReason?.contains("{{customer.first_name}}, {{order.id}}") == true)
        let guarded = ReplyTemplate(
            name: "x",
            body:
                "Hi {{#customer.first_name}}{{customer.first_name}}{{/customer.first_name}}{{^customer.first_name}}there{{/customer.first_name}}.\n"
        )
        let g = try TemplateRenderer.render(guarded, context: Self.context(name: nil))
        #expect(g.unresolved.isEmpty)
        #expect(g.body == "Hi there.\n")
        let unknown = try TemplateRenderer.render(
            ReplyTemplate(name: "x", body: "{{customer.shoe_size}}"), context: Self.context())
        #expect(unknown.unresolved == ["customer.shoe_size"])
    }

    @Test func theSubjectKeepsTheTicketTag() throws {
        let t = try ReplyTemplate.parse(Self.file, path: "t.md")
        #expect(try TemplateRenderer.render(t, context: Self.context()).subject == "Siparişiniz TR-55012 [#1042]")
        let plain = ReplyTemplate(name: "x", body: "x")
        #expect(try TemplateRenderer.render(plain, context: Self.context()).subject == "Re: Kargom nerede? [#1042]")
        let dropping = ReplyTemplate(name: "x", subject: "Your order", body: "x")
        #expect(try TemplateRenderer.render(dropping, context: Self.context()).subject == "Your order [#1042]")
    }

    @Test func lintReportsEveryKindOfFinding() throws {
        let bad = try ReplyTemplate.parse(
            """
            ---
            name: bad
            language: english
            colour: blue
            subject: Your order
            actions:
              status: done
            ---
            Hi {{customer.first_name}}, {{customer.shoe_size}}
            {{#order.id}}Order {{order.id}}{{/order.id}}
            """, path: "bad.md")
        let kinds = TemplateLibrary.lint(bad).map(\.kind)
        #expect(kinds.filter { $0 == .badFrontMatter }.count == 3)  // language, colour, status
        #expect(kinds.contains(.unknownPlaceholder))
        #expect(kinds.filter { $0 == .emptyWithoutFallback }.count == 1)  // first_name; order.id is guarded
        #expect(kinds.contains(.subjectDropsTag))
        let broken = ReplyTemplate(name: "b", body: "{{#order.id}} never closed")
        #expect(TemplateLibrary.lint(broken).map(\.kind).contains(.badMustache))
        let library = TemplateLibrary(templates: [
            ReplyTemplate(name: "a", body: "x"), ReplyTemplate(name: "a", body: "y"),
        ])
        #expect(library.lint().map(\.kind) == [.duplicateVariant])
        #expect(throws: InboxError.self) { try ReplyTemplate.parse("no front matter") }
        #expect(throws: InboxError.self) { try ReplyTemplate.parse("---\nlanguage: en\n---\nx") }
        let good = try ReplyTemplate.parse(
            Self.file.replacingOccurrences(
                of: "{{customer.first_name}}",
                with: "{{#customer.first_name}}{{customer.first_name}}{{/customer.first_name}}"
            ).replacingOccurrences(of: "{{order.id}} ", with: ""))
        #expect(TemplateLibrary.lint(good).isEmpty, "\(TemplateLibrary.lint(good))")
    }

    @Test func theCustomersLanguageRanksFirstThenUsageThenTheLastMessage() {
        let library = TemplateLibrary(templates: [
            ReplyTemplate(name: "refund", language: "en", tags: ["refund"], body: "We refunded your money."),
            ReplyTemplate(name: "refund", language: "pl", tags: ["refund"], body: "Zwrot pieniędzy."),
            ReplyTemplate(
                name: "shipping", language: "pl", tags: ["shipping"], body: "Paczka jest w drodze, przesyłka."),
            ReplyTemplate(name: "greeting", language: "pl", body: "Dzień dobry."),
            ReplyTemplate(name: "shipping", language: "en", body: "Your parcel is on its way."),
        ])
        let ranked = library.ranked(
            customerLanguage: "pl", usage: ["refund": 5], lastMessage: "Gdzie jest moja przesyłka? Paczka nie dotarła.")
        #expect(
            ranked.map { "\($0.name)/\($0.language)" } == [
                "refund/pl", "shipping/pl", "greeting/pl", "refund/en", "shipping/en",
            ])
        let noUsage = library.ranked(
            customerLanguage: "pl", lastMessage: "Gdzie jest moja przesyłka? Paczka nie dotarła.")
        #expect(noUsage.first?.name == "shipping")
        #expect(library.ranked(customerLanguage: "pl", filter: "shp").map(\.name) == ["shipping", "shipping"])
        #expect((try? library.template(named: "refund", language: "tr"))?.language == "en")
        #expect((try? library.template(named: "REFUND", language: "pl"))?.language == "pl")
    }

    @Test func orderNumbersAreFound() throws {
        let finder = OrderNumberFinder()
        #expect(finder.find(in: "Order #US-55012 arrived broken") == ["US-55012"])
        #expect(finder.find(in: "Zamówienie PL-7781 nie dotarło") == ["PL-7781"])
        #expect(finder.find(in: "Hei, ordre 5531 mangler") == ["5531"])
        #expect(finder.find(in: "sipariş no: 12345 ve order #9876") == ["12345", "9876"])
        #expect(finder.find(in: "call me at 555-1234").isEmpty)
        let custom = OrderNumberFinder(patterns: [#"\bINV(\d+)\b"#])
        #expect(custom.find(in: "see INV778") == ["778"])
        #expect(throws: InboxError.self) { try OrderNumberFinder(patterns: ["("]).validate() }
    }
}

/// Drafts, notes and the outbox in the store.
@Suite struct ReplyStoreTests {
    @Test(arguments: EngineStore.engines)
    func draftsSurviveAndKeepTheirStart(_ engine: StoreEngineKind) throws {
        let store = try EngineDB.make(engine, "reply-store-drafts")
        let db = store.db
        let ticket = try makeTicket(db)
        let t0 = Date(timeIntervalSince1970: 1_793_700_000)
        try db.saveDraft(ticket: ticket, agent: "ada", body: "Hi", now: t0)
        try db.saveDraft(ticket: ticket, agent: "ada", body: "Hi there", now: t0.addingTimeInterval(5))
        let d = try #require(try db.draft(ticket: ticket, agent: "ada"))
        #expect(d.body == "Hi there")
        #expect(d.startedAt == t0)
        try db.discardDraft(ticket: ticket, agent: "ada")
        #expect(try db.draft(ticket: ticket, agent: "ada") == nil)
    }

    @Test(arguments: EngineStore.engines)
    func notesAreStoredAsNoteMessages(_ engine: StoreEngineKind) throws {
        let store = try EngineDB.make(engine, "reply-store-notes")
        let db = store.db
        let ticket = try makeTicket(db)
        try db.addNote(ticket: ticket, agent: "ada", text: "Customer called; refund approved.")
        let m = try #require(try db.ticketDetail(ticket).messages.last)
        #expect(m.direction == .note)
        #expect(m.text == "Customer called; refund approved.")
        #expect(try db.outbox().isEmpty)
        #expect(throws: InboxError.self) { try db.addNote(ticket: ticket, agent: "ada", text: "  ") }
    }

    func makeTicket(_ db: AppDatabase) throws -> Int64 {
        let config = InboxConfig()
        try db.syncQueues(config)
        let p = ParsedMessage(
            messageID: "m1@x", from: MailAddress(name: "Jan Nowak", address: "jan@example.pl"), to: [], date: Date(),
            subject: "Paczka", text: "Gdzie?")
        let raw = Array("Message-ID: m1@x\n\nGdzie?".utf8)
        _ = try db.ingest(
            [IncomingMessage(raw: raw, sha256: RawDigest.sha256Hex(raw), parsed: p, source: "test")], config: config)
        return try #require(try db.tickets().first).id
    }
}
