import Foundation
import InboxCore
import InboxTestSupport
import Testing

@testable import InboxTUI

// Issue 18 item 15: the minor TUI and documentation defects, each with its test.

extension QuarantineScreenTests {
    @Test(arguments: EngineStore.engines) func closingTheHelpWithAnotherKeyLeavesTheQuarantineKeysWorking(
        _ engine: StoreEngineKind
    ) throws {
        let (c, _) = try controller(engine)
        c.handle(.char("?"))
        #expect(c.state.showHelp)
        c.handle(.char("x"))
        #expect(!c.state.showHelp, "an unbound key closes the help")
        c.handle(.char("b"))
        #expect(c.state.commandLine == "block petra@example.de", "\(c.state.message ?? "")")
        c.handle(.escape)
        // A quarantine key pressed while the help shows closes it and does its work.
        c.handle(.char("?"))
        c.handle(.char("b"))
        #expect(!c.state.showHelp && c.state.commandLine == "block petra@example.de")
    }
}

extension WorkflowKeysTests {
    @Test(arguments: EngineStore.engines) func theDraftLineStopsAtTheCustomerPane(_ engine: StoreEngineKind) throws {
        let (c, _) = try makeController(engine)
        c.handle(.enter)
        let detail = try #require(c.state.conversation?.detail)
        let border = c.state.layout.body.col + ConversationView.textWidth(detail, cols: c.state.layout.body.cols)
        try #require(border < c.state.cols, "the customer pane shows at this width")
        c.state.draftOffer = DraftOffer(ticketID: detail.ticket.id, kind: .reply, updatedAt: Date())
        let screen = c.screen()
        let row = c.state.layout.body.row + c.state.layout.body.rows - 1
        #expect(screen.line(row).contains("Draft"), "\(screen.text())")
        #expect(screen[row, border].text == "│", "\(screen.line(row))")
    }

    @Test(arguments: EngineStore.engines) func savingAViewKeepsTheFilteredCountInTheStatusLine(
        _ engine: StoreEngineKind
    ) throws {
        let (c, _) = try makeController(engine)
        #expect(c.state.list.total == 2)
        c.handle(.char("\\"))
        type(c, "pakken")
        #expect(c.state.list.total == 1, "\(c.state.message ?? "")")
        c.handle(.char(":"))
        type(c, "save-view pakker")
        #expect(c.state.message?.hasPrefix("Saved view pakker") == true, "\(c.state.message ?? "")")
        #expect(c.state.list.total == 1)
        let status = c.screen().line(c.state.rows - 1)
        #expect(status.contains("1/1") && !status.contains("1/2"), "\(status)")
    }

    @Test(arguments: EngineStore.engines) func anAgentsOwnChangesDoNotMarkATicketButOthersDo(_ engine: StoreEngineKind)
        throws
    {
        let (c, db) = try makeController(engine)
        let rows = c.state.list.rows
        try #require(rows.count == 2)
        let mine = rows[0].id
        let theirs = rows[1].id
        Thread.sleep(forTimeInterval: 0.01)  // a later update time than the import's, whatever the clock's resolution
        c.handle(.char("A"))
        c.handle(.char("+"))
        type(c, "vip")
        #expect(try db.ticketDetail(mine).ticket.tags == ["vip"])
        #expect(!c.screen().text().contains("+#\(mine)"), "\(c.screen().text())")
        // Another agent's change still marks the ticket.
        try db.update([theirs], [.assignee("bob")], actor: "bob")
        c.handle(.char("R"))
        let text = c.screen().text()
        #expect(text.contains("+#\(theirs)") && !text.contains("+#\(mine)"), "\(text)")
    }
}

@Suite struct ReadmeTests {
    @Test func everyDocumentationPageIsListedOnce() throws {
        let readme = try String(contentsOfFile: TestPaths.root + "/README.md", encoding: .utf8)
        let listed = readme.split(separator: "\n").filter { $0.hasPrefix("- `docs/") }
            .map { $0.dropFirst(3).prefix { $0 != "`" } }
        #expect(!listed.isEmpty)
        #expect(Set(listed).count == listed.count, "listed twice: \(listed)")
        let pages = try FileManager.default.contentsOfDirectory(atPath: TestPaths.root + "/docs").filter {
            $0.hasSuffix(".md")
        }
        for page in pages {
            #expect(readme.contains("docs/\(page)"), "README does not list docs/\(page)")
        }
    }
}
