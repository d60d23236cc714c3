import Foundation
import InboxCore
import InboxMail
import InboxTestSupport
import Testing

@testable import InboxTUI

/// The TUI half of replies (issue 6): the picker, the inline and external editors, the review
/// screen, the placeholder block and drafts, over a real store on each engine.
@Suite(.serialized) struct ComposeTests {
    static let agent = InboxConfig.Agent(
        name: "Ada Lindqvist", email: "ada@shop.example", signature: "Ada, Nordlys Support")
    static let config = InboxConfig(
        agent: agent, queue: [InboxConfig.Queue(name: "Support", addresses: ["support@shop.example"], default: true)])

    static let shipped = MailFactory.shippedTemplate(actions: ["status: pending", "tags: [shipping]"])
    static let refund = """
        ---
        name: refund-started
        language: en
        tags: [refund, money]
        ---
        Hi {{customer.first_name}}, we started your refund.
        """
    static let welcome = """
        ---
        name: welcome
        language: en
        tags: [hello]
        ---
        Welcome {{customer.first_name}}!
        """

    /// Ticket 1: Zofia (keep the folder alive: it is deleted with its last reference) with order PL-7781 (Polish); ticket 2: Bob without an order.
    static func setUp(_ engine: StoreEngineKind, editor: String? = nil) throws -> (
        AppController, AppDatabase, TemporaryFolder
    ) {
        let dir = TemporaryFolder("compose")
        dir.write("templates/shipped.md", shipped)
        dir.write("templates/refund.md", refund)
        dir.write("templates/welcome.md", welcome)
        let db = try StoreFixture.database(engine, config)
        try ingest(
            db,
            [
                (
                    "pl1@example.pl", "Zofia Wójcik <zofia@example.pl>", "Gdzie jest paczka?",
                    "Dzień dobry,\nzamówienie PL-7781 nie dotarło.\n"
                ),
                ("bob1@example.com", "Bob Stone <bob@example.com>", "Refund please", "Hello, I want my money back.\n"),
            ])
        let controller = AppController(
            data: DatabaseDataSource(db, agent: agent.name, config: config), rows: 30, cols: 100)
        controller.composer = ComposeService(
            database: db, config: config, agent: agent, templatesFolder: dir.file("templates"), editorCommand: editor)
        return (controller, db, dir)
    }

    /// Ingests a plain-text mail for each (Message-ID, From, Subject, body), one new ticket each.
    static func ingest(_ db: AppDatabase, _ mails: [(id: String, from: String, subject: String, body: String)]) throws {
        let batch = mails.map {
            StoreFixture.incoming(MailFactory.message(id: $0.id, from: $0.from, subject: $0.subject, body: $0.body))
        }
        _ = try db.ingest(batch, config: config)
    }

    static func ticket(_ db: AppDatabase, subject: String) throws -> Int64 {
        try #require(try db.tickets().first { $0.subject == subject }).id
    }

    static func open(_ c: AppController, _ id: Int64) {
        c.openForTest(id)
    }

    static func type(_ c: AppController, _ text: String) {
        for ch in text { c.handle(.char(ch)) }
    }

    /// Opens the ticket whose subject is `subject`; returns its number.
    @discardableResult
    static func open(_ c: AppController, _ db: AppDatabase, subject: String) throws -> Int64 {
        let id = try ticket(db, subject: subject)
        open(c, id)
        return id
    }

    /// `key` (r reply, i note, t templates…), `text` typed, then `finish` (Ctrl-X: to the review).
    static func write(_ c: AppController, _ key: Character, _ text: String, then finish: Key = .ctrl("x")) {
        c.handle(.char(key))
        type(c, text)
        c.handle(finish)
    }

    @Test(arguments: EngineStore.engines) func pickerFiltersRanksAndPreviewsForTheCustomer(_ engine: StoreEngineKind)
        throws
    {
        let (c, db, dir) = try Self.setUp(engine)
        defer { withExtendedLifetime(dir) {} }
        let id = try Self.open(c, db, subject: "Gdzie jest paczka?")
        c.handle(.char("t"))
        let picker = try #require(c.state.compose?.picker)
        // The Polish variant first for a Polish customer? Language comes from the profile; else English first.
        #expect(Set(picker.all.map(\.name)) == ["shipped", "refund-started", "welcome"])
        Self.type(c, "shp")
        #expect(c.state.compose?.picker?.visible.map(\.name) == ["shipped"])
        let text = c.screen().text()
        #expect(text.contains("Filter: shp"))
        #expect(text.contains("▶ shipped (pl) shipping"))
        #expect(text.contains("Subject: Zamówienie PL-7781 wysłane [#\(id)]"))
        #expect(text.contains("Dzień dobry Zofia,"))
        #expect(text.contains("On send: status → pending, tag +shipping"))
        // Backspace widens the filter again.
        c.handle(.backspace)
        c.handle(.backspace)
        c.handle(.backspace)
        #expect(c.state.compose?.picker?.visible.count == 3)
        c.handle(.escape)
        #expect(c.state.compose == nil)
    }

    @Test(arguments: EngineStore.engines) func rankingFollowsTheLibrary(_ engine: StoreEngineKind) throws {
        let (c, db, dir) = try Self.setUp(engine)
        try Self.open(c, db, subject: "Refund please")
        c.handle(.char("t"))
        let library = try TemplateLibrary.load(folder: dir.file("templates"))
        let expected = library.ranked(customerLanguage: nil, usage: [:], lastMessage: "Hello, I want my money back.\n")
            .map(\.name)
        #expect(c.state.compose?.picker?.all.map(\.name) == expected)
        #expect(expected.first == "refund-started")  // shares "money" with the customer's message
    }

    @Test(arguments: EngineStore.engines) func templateReviewAndSendQueuesTheReplyAndAppliesActions(
        _ engine: StoreEngineKind
    ) throws {
        let (c, db, dir) = try Self.setUp(engine)
        defer { withExtendedLifetime(dir) {} }
        let id = try Self.open(c, db, subject: "Gdzie jest paczka?")
        Self.write(c, "t", "ship", then: .enter)
        #expect(c.state.compose?.stage == .review)
        let text = c.screen().text()
        #expect(text.contains("Review reply to #\(id) — y send · Y +pending · S +solved · a attach"))
        #expect(text.contains("To:      Zofia Wójcik <zofia@example.pl>"))
        #expect(text.contains("Subject: Zamówienie PL-7781 wysłane [#\(id)]"))
        #expect(text.contains("Actions: status → pending, tag +shipping"))
        // Going to the review screen saved the draft.
        #expect(try db.draft(ticket: id, agent: Self.agent.name)?.template == "shipped")
        c.handle(.char("y"))
        #expect(c.state.compose == nil)
        #expect(c.state.message?.contains("Queued reply") == true, "\(c.state.message ?? "")")
        let row = try #require(try db.outbox().first)
        #expect(row.state == .queued)
        #expect(row.subject == "Zamówienie PL-7781 wysłane [#\(id)]")
        #expect(try db.ticketDetail(id).ticket.status == .pending)
        #expect(try db.draft(ticket: id, agent: Self.agent.name) == nil)
    }

    @Test(arguments: EngineStore.engines) func anUnresolvedPlaceholderBlocksSendingAndIsNamed(_ engine: StoreEngineKind)
        throws
    {
        let (c, db, dir) = try Self.setUp(engine)
        defer { withExtendedLifetime(dir) {} }
        try Self.open(c, db, subject: "Refund please")  // no order number here
        c.handle(.char("t"))
        Self.type(c, "shipped")
        var text = c.screen().text()
        #expect(text.contains("✗ Cannot be sent as is: {{order.id}} unresolved or empty"))
        c.handle(.enter)
        text = c.screen().text()
        #expect(text.contains("✗ {{order.id}} is unresolved or empty: y will not send (e edits)"))
        #expect(text.contains("zamówienie {{order.id}} jest w drodze."))
        c.handle(.char("y"))
        #expect(c.state.compose?.stage == .review)
        #expect(c.state.message?.contains("Cannot send: unresolved or empty placeholder {{order.id}}") == true)
        #expect(try db.outbox().isEmpty)
        // Editing the placeholders away (inline editor) unblocks it.
        c.handle(.char("e"))
        #expect(c.state.compose?.stage == .editing)
        var compose = try #require(c.state.compose)
        compose.setText(compose.editableText.replacingOccurrences(of: "{{order.id}}", with: "PL-1"))
        #expect(compose.unresolved.isEmpty)
        #expect(compose.blockingReason == nil)
    }

    @Test(arguments: EngineStore.engines) func inlineReplyQuotesTheCustomerAndSends(_ engine: StoreEngineKind) throws {
        let (c, db, dir) = try Self.setUp(engine)
        defer { withExtendedLifetime(dir) {} }
        let id = try Self.open(c, db, subject: "Refund please")
        c.handle(.char("r"))
        #expect(c.state.compose?.stage == .editing)
        var text = c.screen().text()
        #expect(text.contains("Subject: Re: Refund please [#\(id)]"))
        #expect(text.contains("> Hello, I want my money back."))
        #expect(text.contains("Ada, Nordlys Support"))
        // The cursor starts on the first line of text, under the subject.
        #expect(c.state.compose?.editor?.line == 2)
        Self.type(c, "Hi Bob, done.")
        c.handle(.ctrl("x"))
        #expect(c.state.compose?.stage == .review)
        text = c.screen().text()
        #expect(text.contains("Hi Bob, done."))
        #expect(text.contains("Actions: none"))
        c.handle(.char("y"))
        let row = try #require(try db.outbox().first)
        #expect(row.subject == "Re: Refund please [#\(id)]")
        let stored = try #require(try db.ticketDetail(id).messages.last)
        #expect(stored.direction == .outbound)
        #expect(stored.text.hasPrefix("Hi Bob, done."))
        #expect(stored.text.contains("> Hello, I want my money back."))
    }

    @Test(arguments: EngineStore.engines) func anotherAgentsReplyMakesSendAskFirst(_ engine: StoreEngineKind) throws {
        let (c, db, dir) = try Self.setUp(engine)
        defer { withExtendedLifetime(dir) {} }
        let id = try Self.open(c, db, subject: "Refund please")
        Self.write(c, "r", "Refund is on its way.")
        // Jonas answers the same ticket meanwhile.
        Thread.sleep(forTimeInterval: 0.01)
        let jonas = InboxConfig.Agent(name: "Jonas Berg", email: "jonas@shop.example")
        let other = try ReplyComposer.compose(
            detail: try db.ticketDetail(id), config: Self.config, agent: jonas, subject: "Re: Refund please",
            text: "Done.\n")
        try db.queueReply(other, undoWindow: 0, config: Self.config)
        c.handle(.char("y"))
        #expect(c.state.compose?.stage == .review)
        #expect(c.state.message?.contains("Jonas Berg replied") == true, "\(c.state.message ?? "")")
        #expect(c.screen().text().contains("! Another agent replied after this draft began: y sends anyway"))
        #expect(try db.outbox().count == 1)
        c.handle(.char("y"))
        #expect(c.state.compose == nil)
        #expect(try db.outbox().count == 2)
    }

    @Test(arguments: EngineStore.engines) func noteIsStoredAndNeverQueued(_ engine: StoreEngineKind) throws {
        let (c, db, dir) = try Self.setUp(engine)
        defer { withExtendedLifetime(dir) {} }
        let id = try Self.open(c, db, subject: "Refund please")
        Self.write(c, "i", "Checked the bank: refund is out.", then: .escape)
        #expect(c.screen().text().contains("Review note on #\(id) (internal, never sent)"))
        c.handle(.char("y"))
        #expect(try db.outbox().isEmpty)
        #expect(try db.ticketDetail(id).messages.last?.direction == .note)
    }

    @Test(arguments: EngineStore.engines) func postponeKeepsTheDraftWhichTheTicketOffersAndDiscardAsks(
        _ engine: StoreEngineKind
    ) throws {
        let (c, db, dir) = try Self.setUp(engine)
        defer { withExtendedLifetime(dir) {} }
        let id = try Self.open(c, db, subject: "Refund please")
        Self.write(c, "r", "Half written")
        c.handle(.char("p"))
        #expect(c.state.compose == nil)
        let draft = try #require(try db.draft(ticket: id, agent: Self.agent.name))
        #expect(draft.body.contains("Half written"))
        // Back to the list and in again: the ticket offers the draft.
        c.handle(.char("q"))
        Self.open(c, id)
        #expect(c.screen().text().contains(DraftOffer(ticketID: id, kind: .reply, updatedAt: draft.updatedAt).line()))
        #expect(c.screen().text().contains("— d resumes"))
        c.handle(.char("d"))
        #expect(c.state.compose?.stage == .review)
        #expect(c.state.compose?.body.contains("Half written") == true)
        c.handle(.char("q"))
        #expect(c.state.compose?.stage == .confirmDiscard)
        #expect(c.screen().text().contains("Discard this reply and its draft? y discards"))
        c.handle(.char("n"))
        #expect(c.state.compose?.stage == .review)
        c.handle(.char("q"))
        c.handle(.char("y"))
        #expect(c.state.compose == nil)
        #expect(try db.draft(ticket: id, agent: Self.agent.name) == nil)
        #expect(!c.screen().text().contains("d resumes"))
    }

    @Test(arguments: EngineStore.engines) func typingIsAutosavedAfterTheInterval(_ engine: StoreEngineKind) throws {
        let (c, db, dir) = try Self.setUp(engine)
        defer { withExtendedLifetime(dir) {} }
        let id = try Self.open(c, db, subject: "Refund please")
        c.handle(.char("r"))
        Self.type(c, "Autosaved words")
        c.tick(now: Date().addingTimeInterval(AppController.autosaveInterval + 1))
        #expect(try db.draft(ticket: id, agent: Self.agent.name)?.body.contains("Autosaved words") == true)
        #expect(c.state.compose?.dirty == false)
    }

    @Test(arguments: EngineStore.engines) func externalEditorEditsTheFileAndComesBackToReview(_ engine: StoreEngineKind)
        throws
    {
        let (c, db, dir) = try Self.setUp(engine, editor: "fake-editor")
        defer { withExtendedLifetime(dir) {} }
        let id = try Self.ticket(db, subject: "Refund please")
        nonisolated(unsafe) var edited = ""
        c.composer?.runEditor = { command, file in
            #expect(command == "fake-editor")
            edited = file
            // The draft holds customer data: a file of its own in the shared temp folder, 0600.
            var st = stat()
            #expect(stat(file, &st) == 0 && st.st_mode & 0o777 == 0o600)
            #expect(file.hasSuffix(".txt") && file.contains("inbox-reply-\(id)-"))
            let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            #expect(text.hasPrefix("Subject: Re: Refund please [#\(id)]\n\n"))
            try? ("Subject: Your refund [#\(id)]\n\nMoney is on its way.\n").write(
                toFile: file, atomically: false, encoding: .utf8)
            return 0
        }
        Self.open(c, id)
        c.handle(.char("r"))
        #expect(!edited.isEmpty && !FileManager.default.fileExists(atPath: edited))
        #expect(c.state.compose?.stage == .review)
        #expect(c.state.compose?.subject == "Your refund [#\(id)]")
        #expect(c.state.compose?.body == "Money is on its way.\n")
        #expect(try db.draft(ticket: id, agent: Self.agent.name)?.body == "Money is on its way.\n")
    }

    @Test func inlineEditorAndPlaceholderScanning() {
        var e = InlineEditor(text: "ab\ncd\n")
        #expect(e.lines == ["ab", "cd"])
        _ = e.edit(.end)
        _ = e.edit(.enter)
        _ = e.edit(.char("x"))
        #expect(e.text == "ab\nx\ncd\n")
        _ = e.edit(.home)
        _ = e.edit(.backspace)
        #expect(e.text == "abx\ncd\n")
        #expect(e.line == 0 && e.column == 2)
        #expect(
            ComposeState.placeholders(in: "Hi {{ customer.first_name }}, {{order.id}} {{order.id}}") == [
                "customer.first_name", "order.id",
            ])
        #expect(ComposeState.placeholders(in: "no tags {here}") == [])
    }

    @Test func helpListsTheComposeKeys() {
        let help = HelpOverlay.lines(.standard).joined(separator: "\n")
        for (key, name) in [
            ("r", "reply"), ("t", "template"), ("i", "note"), ("d", "resume-draft"), ("y", "send"), ("e", "edit"),
            ("p", "postpone"), ("q", "discard"),
        ] {
            let needle = DisplayWidth.fit(key, 16) + " " + DisplayWidth.fit(name, 16)
            #expect(help.contains(needle), "\(needle)\n\(help)")
        }
    }
}

extension AppController {
    /// Opens a ticket as Enter on its row would.
    func openForTest(_ id: Int64) {
        let stage = state.compose?.stage
        perform([.openTicket(id)])
        composeAfterKey(previousStage: stage, previousTicket: nil)
    }
}
