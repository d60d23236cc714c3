import Foundation
import Testing

@testable import InboxTUI

/// The bottom line's history (Up/Down) and Tab completion.
@Suite struct CommandLineHistoryTests {
    func app() -> AppController { AppController(data: FakeData(ReducerTests.many(30)), rows: 12, cols: 100) }

    func type(_ c: AppController, _ text: String, enter: Bool = true) {
        for ch in text { c.handle(.char(ch)) }
        if enter { c.handle(.enter) }
    }

    @Test func upAndDownRecallEarlierLines() {
        let c = app()
        type(c, ":down")
        type(c, ":bottom")
        type(c, ":top")
        #expect(c.state.list.selected == 0)
        c.handle(.char(":"))
        type(c, "dra", enter: false)
        c.handle(.up)
        #expect(c.state.commandLine == "top")
        c.handle(.up)
        #expect(c.state.commandLine == "bottom")
        c.handle(.up)
        c.handle(.up)  // stays at the oldest
        #expect(c.state.commandLine == "down")
        c.handle(.down)
        #expect(c.state.commandLine == "bottom")
        c.handle(.down)
        c.handle(.down)  // past the newest: the line that was being typed
        #expect(c.state.commandLine == "dra")
        c.handle(.up)
        c.handle(.up)
        c.handle(.enter)  // runs the recalled line
        #expect(c.state.list.selected == 29)
        // Each prompt has its own history; a line is not kept twice in a row.
        type(c, ":bottom")
        #expect(c.state.history.entries[.command] == ["down", "bottom", "top", "bottom"])
        c.handle(.char("/"))
        c.handle(.up)
        #expect(c.state.commandLine == "")
    }

    /// `:` and `prefix` typed, then Tab: the line it completes to.
    func complete(_ c: AppController, _ prefix: String) -> String? {
        c.handle(.char(":"))
        type(c, prefix, enter: false)
        return tab(c)
    }

    /// Tab on the open line: the line after it.
    func tab(_ c: AppController) -> String? {
        c.handle(.tab)
        return c.state.commandLine
    }

    @Test func tabCompletesCommandNames() {
        let c = app()
        #expect(complete(c, "pri") == "priority ")  // it takes a value
        type(c, "u", enter: false)
        #expect(tab(c) == "priority urgent")
        c.handle(.escape)

        #expect(complete(c, "page-d") == "page-down")  // runs at once: no space
        c.handle(.escape)

        // Several candidates: first to their common prefix, then each in turn, shown after the line.
        #expect(complete(c, "sea") == "search")
        #expect(c.state.history.candidates == ["search", "search-next", "search-prev"])
        for expected in ["search", "search-next", "search-prev", "search"] {
            #expect(tab(c) == expected)
        }
        let screen = c.screen()
        #expect(screen.line(11).hasPrefix(":search  search search-next search-prev"))
        #expect(screen.commandLineCursor?.col == 7)  // after the typed text, not after the hint
        c.handle(.backspace)
        #expect(c.state.history.candidates.isEmpty)
        c.handle(.escape)

        // Review commands are not offered in the inbox; unknown prefixes do nothing.
        #expect(complete(c, "sco") == "sco")
        c.handle(.escape)
        #expect(complete(c, "as") == "assign")
        #expect(tab(c) == "assign")
        #expect(tab(c) == "assign-me")
    }

    @Test func aTicketNumberOnTheCommandLineOpensThatTicket() {
        let c = app()
        type(c, ":17")
        #expect(c.state.mode.isConversation && c.state.conversation?.detail.ticket.id == 17)
        c.handle(.char("q"))
        type(c, ":#4")
        #expect(c.state.conversation?.detail.ticket.id == 4)
        // A number that is no ticket says so and stays where it was.
        type(c, ":9999")
        #expect(c.state.conversation?.detail.ticket.id == 4)
        #expect(c.state.message?.contains("9999") == true)
    }
}
