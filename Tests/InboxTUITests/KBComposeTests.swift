import Foundation
import InboxCore
import InboxMail
import InboxTestSupport
import Testing

@testable import InboxTUI

/// `k` on compose's review screen (issue 26): suggestions beside the draft, Enter inserts the
/// link, T the text, over a real store on each engine and the demo's articles.
@Suite(.serialized) struct KBComposeTests {
    static var kbConfig: InboxConfig {
        var c = ComposeTests.config
        c.kb = KBSettings(folder: TestPaths.demo + "/kb", base_url: "https://help.nordlys.example/")
        return c
    }

    static func setUp(_ engine: StoreEngineKind) throws -> (AppController, AppDatabase, TemporaryFolder) {
        let (c, db, dir) = try ComposeTests.setUp(engine)
        c.composer = ComposeService(
            database: db, config: kbConfig, agent: ComposeTests.agent, templatesFolder: dir.file("templates"),
            editorCommand: nil)
        return (c, db, dir)
    }

    @Test func insertingGoesAfterTheAgentsTextBeforeSignatureAndQuote() {
        let body = "Hi Bob,\n\n-- \nAda\n\nOn Monday, Bob wrote:\n> money back\n"
        #expect(
            ComposeState.inserting("LINK", into: body)
                == "Hi Bob,\n\nLINK\n\n-- \nAda\n\nOn Monday, Bob wrote:\n> money back\n")
        #expect(
            ComposeState.inserting("LINK", into: "\n\nOn Monday, Bob wrote:\n> hi\n")
                == "LINK\n\nOn Monday, Bob wrote:\n> hi\n")
        #expect(ComposeState.inserting("LINK", into: "Hello\n") == "Hello\n\nLINK\n")
    }

    @Test(arguments: EngineStore.engines) func kSuggestsEnterInsertsTheLinkAndTTheText(_ engine: StoreEngineKind) throws
    {
        let (c, db, dir) = try Self.setUp(engine)
        defer { withExtendedLifetime(dir) {} }
        let id = try ComposeTests.open(c, db, subject: "Refund please")
        ComposeTests.write(c, "r", "Hi Bob,")
        #expect(c.state.compose?.stage == .review)
        c.handle(.char("k"))
        let picker = try #require(c.state.compose?.kbPicker)
        #expect(picker.items.first?.suggestion.slug == "returns")
        #expect(picker.items.first?.suggestion.language == "en")
        var text = c.screen().text()
        #expect(text.contains("Articles — Enter link · T text"))
        #expect(text.contains("▶ Returns and refunds (en)"))
        #expect(text.contains("Hi Bob,"), "the draft stays beside the suggestions")
        // j and k move in the list; Esc closes it without changing the draft.
        c.handle(.char("j"))
        c.handle(.char("k"))
        #expect(c.state.compose?.kbPicker?.selected == 0)
        c.handle(.escape)
        #expect(c.state.compose?.kbPicker == nil)
        #expect(c.state.compose?.body.contains("help.nordlys.example") == false)

        c.handle(.char("k"))
        c.handle(.enter)
        var body = try #require(c.state.compose?.body)
        #expect(
            body.hasPrefix(
                "Hi Bob,\n\nReturns and refunds: https://help.nordlys.example/en/returns.html\n\n-- \nAda, Nordlys Support"
            ))
        #expect(c.state.compose?.kbPicker == nil)
        text = c.screen().text()
        #expect(text.contains("Returns and refunds: https://help.nordlys.example/en/returns.html"))

        c.handle(.char("k"))
        c.handle(.char("T"))
        body = try #require(c.state.compose?.body)
        #expect(body.contains("You can return anything you bought from Nordlys within 30 days"))
        #expect(!body.contains("**30 days**"), "Markdown marks are taken out")
        #expect(body.contains("> Hello, I want my money back."))
        c.handle(.char("y"))
        let row = try #require(try db.outbox().first)
        #expect(row.subject == "Re: Refund please [#\(id)]")
        let sent = try #require(try db.ticketDetail(id).messages.last)
        #expect(sent.text.contains("https://help.nordlys.example/en/returns.html"))
    }

    @Test(arguments: EngineStore.engines) func kOnANoteOrWithoutArticlesSaysWhy(_ engine: StoreEngineKind) throws {
        let (c, db, dir) = try ComposeTests.setUp(engine)
        defer { withExtendedLifetime(dir) {} }
        var config = ComposeTests.config
        config.kb = KBSettings(folder: dir.file("no-kb"))
        c.composer = ComposeService(database: db, config: config, agent: ComposeTests.agent, editorCommand: nil)
        try ComposeTests.open(c, db, subject: "Refund please")
        ComposeTests.write(c, "r", "Hi")
        c.handle(.char("k"))
        #expect(c.state.message?.contains("There are no articles in \(dir.file("no-kb"))") == true)
        #expect(c.screen().text().contains("No articles in"))
        c.handle(.escape)
        c.handle(.char("q"))
        c.handle(.char("y"))
        ComposeTests.write(c, "i", "note", then: .escape)
        c.handle(.char("k"))
        #expect(c.state.message == "Articles are for replies to the customer (r replies)")
    }

    @Test(.needsTmux, .needsSMTPSink)
    func replyPickAnArticleAndSendItInTmux() async throws {
        let (desk, sink) = try TestDesk.tmuxWithSink("inbox-tui-kb") { _, port in
            TestDesk.agentConfig(
                TestDesk.smtp(port: port) + "[replies]\nundo_window = 0\nretry_base = 1\n"
                    + "[kb]\nfolder = \"\(TestPaths.demo)/kb\"\nbase_url = \"https://help.nordlys.example/\"\n")
        }
        defer { sink.stop() }
        let mail = MailFactory.message(
            id: "tr9@example.com.tr", from: "Ayşe Yılmaz <ayse@example.com.tr>", subject: "İade",
            body: "Merhaba,\nbotları İADE etmek istiyorum, paramı ne zaman geri alırım?\n")
        let id = try desk.importOne(mail)
        // EDITOR=true: `r` opens the editor, which leaves the text as it is; then the review screen.
        let session = try desk.tmux(prefix: "VISUAL= EDITOR=true", columns: 120, rows: 32)
        defer { session.kill() }
        try await session.openTicket(listing: "İade", showing: "│ #\(id) │")
        try await session.press("r") { $0.contains("Review reply to #\(id)") }
        var screen = try await session.press("k") { $0.contains("Articles — Enter link") }
        #expect(screen.contains("▶ İade ve geri ödeme (tr)"))
        screen = try await session.press("Enter") {
            $0.contains("İade ve geri ödeme: https://help.nordlys.example/tr/returns.html")
        }
        #expect(!screen.contains("Articles — Enter link"))
        try await session.sendReviewedReply()
        let parsed = MessageParser.parse(try #require(sink.messages().first))
        #expect(parsed.subject == "Re: İade [#\(id)]")
        #expect(parsed.inReplyTo == ["tr9@example.com.tr"])
        #expect(parsed.text.hasPrefix("İade ve geri ödeme: https://help.nordlys.example/tr/returns.html"))
        try await session.quit()
    }
}
