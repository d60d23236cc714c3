import Foundation
import InboxCore
import Testing

@testable import InboxTUI

/// The one line editor of every input line (issue 20, item 14): readline keys, wide characters
/// measured by display width, and the lines that use it (`:`, `/`, `\`, the review note, the
/// template filter), with `:status` and `:assign` completion.
@Suite struct LineEditorTests {
    func edit(_ text: String, cursor: Int? = nil, _ keys: [Key]) -> LineEditor {
        var e = cursor.map { LineEditor(text, cursor: $0) } ?? LineEditor(text)
        for k in keys { e.edit(k) }
        return e
    }

    @Test func insertsAtTheCursorAndMovesByCharacter() {
        var e = LineEditor()
        for ch in "Ayşe" { e.edit(.char(ch)) }
        #expect(e.text == "Ayşe" && e.cursor == 4)
        e.edit(.left)
        e.edit(.left)
        e.edit(.char("X"))
        #expect(e.text == "AyXşe" && e.cursor == 3)
        e.edit(.right)
        e.edit(.ctrl("f"))
        e.edit(.right)  // stops at the end
        #expect(e.cursor == 5)
        e.edit(.ctrl("b"))
        #expect(e.cursor == 4)
        e.edit(.home)
        e.edit(.left)  // stops at the start
        #expect(e.cursor == 0)
        e.edit(.end)
        #expect(e.cursor == 5)
    }

    @Test func ctrlAAndCtrlEGoToTheEnds() {
        #expect(edit("Łukasz Żółć", [.ctrl("a")]).cursor == 0)
        #expect(edit("Łukasz Żółć", cursor: 2, [.ctrl("e")]).cursor == 11)
        #expect(edit("Łukasz Żółć", [.ctrl("a"), .char("#")]).text == "#Łukasz Żółć")
    }

    @Test func backspaceAndDeleteRemoveOneCharacter() {
        #expect(edit("İstanbul", [.backspace]).text == "İstanbu")
        #expect(edit("İstanbul", cursor: 1, [.backspace]).text == "stanbul")
        #expect(edit("İstanbul", cursor: 0, [.backspace]).text == "İstanbul")
        #expect(edit("İstanbul", cursor: 0, [.delete]).text == "stanbul")
        #expect(edit("İstanbul", cursor: 0, [.ctrl("d")]).text == "stanbul")
        #expect(edit("İstanbul", [.delete]).text == "İstanbul")  // nothing after the cursor
        #expect(edit("ığ", [.ctrl("h")]).text == "ı")
    }

    @Test func ctrlUKillsBeforeTheCursorAndCtrlKAfterIt() {
        let u = edit("status pending", cursor: 7, [.ctrl("u")])
        #expect(u.text == "pending" && u.cursor == 0)
        let k = edit("status pending", cursor: 7, [.ctrl("k")])
        #expect(k.text == "status " && k.cursor == 7)
        #expect(edit("zażółć gęślą", [.ctrl("u")]).text == "")
    }

    @Test func ctrlWDeletesTheWordBeforeTheCursor() {
        #expect(edit("tag zwrot pilne", [.ctrl("w")]).text == "tag zwrot ")
        #expect(edit("tag zwrot pilne  ", [.ctrl("w")]).text == "tag zwrot ")  // blanks, then the word
        #expect(edit("tag zwrot pilne", [.ctrl("w"), .ctrl("w")]).text == "tag ")
        let mid = edit("from:ayşe kargo", cursor: 9, [.ctrl("w")])
        #expect(mid.text == " kargo" && mid.cursor == 0)
        #expect(edit("", [.ctrl("w")]).text == "")
    }

    @Test func altBAndAltFMoveByWordsInAnyScript() {
        let text = "Kargom nerede? 注文 Żółć"
        var e = LineEditor(text)
        e.edit(.alt("b"))
        #expect(e.cursor == 18)  // before "Żółć"
        e.edit(.alt("b"))
        #expect(e.cursor == 15)  // before "注文"
        e.edit(.alt("b"))
        #expect(e.cursor == 7)  // before "nerede"
        e.edit(.alt("b"))
        e.edit(.alt("b"))
        #expect(e.cursor == 0)
        e.edit(.alt("f"))
        #expect(e.cursor == 6)  // after "Kargom"
        e.edit(.alt("f"))
        #expect(e.cursor == 13)  // after "nerede"
        e.edit(.alt("d"))
        #expect(e.text == "Kargom nerede Żółć")
    }

    @Test func wideCharactersAreOneCharacterAndTwoColumns() {
        var e = LineEditor("注文した")
        #expect(e.cursorColumn == 8)
        e.edit(.left)
        #expect(e.cursor == 3 && e.cursorColumn == 6)
        e.edit(.backspace)
        #expect(e.text == "注文た" && e.cursorColumn == 4)
        e.edit(.char("ı"))
        #expect(e.text == "注文ıた" && e.cursorColumn == 5)
        // A combining sequence is one character.
        var c = LineEditor("e\u{301}x")
        c.edit(.left)
        c.edit(.backspace)
        #expect(c.text == "x")
    }

    @Test func aLongLineScrollsSoTheCursorStaysOnScreen() {
        let e = LineEditor(String(repeating: "注", count: 10))  // 20 columns
        let shown = e.visible(width: 9)
        // The cursor column plus the shown text fit, and no wide character is cut in half.
        #expect(shown.cursorColumn <= 8 && DisplayWidth.of(shown.text) <= 9)
        #expect(shown.text == "注注注注" && shown.cursorColumn == 8)
        var start = e
        start.edit(.home)
        #expect(start.visible(width: 9).text == "注注注注" && start.visible(width: 9).cursorColumn == 0)
    }

    @Test func keysItDoesNotEditWithAreLeftToTheLine() {
        var e = LineEditor("x")
        for key in [Key.enter, .escape, .tab, .up, .down, .ctrl("g")] {
            let edited = e.edit(key)
            #expect(!edited)
        }
        #expect(e.text == "x")
    }

    // MARK: - The lines that use it

    func app() -> AppController { AppController(data: FakeData(Fixture.multilingual), rows: 24, cols: 80) }

    /// `prompt` (`:`, `/`, `\\`…) opens its line, then `text` is typed on it.
    func line(_ c: AppController, _ prompt: Character, _ text: String) {
        c.handle(.char(prompt))
        for ch in text { c.handle(.char(ch)) }
    }

    @Test func theCommandLineEditsInTheMiddle() {
        let c = app()
        line(c, ":", "tag zwrot")
        c.handle(.alt("b"))
        c.handle(.ctrl("k"))
        for ch in "ważne" { c.handle(.char(ch)) }
        #expect(c.state.commandLine == "tag ważne")
        c.handle(.ctrl("a"))
        c.handle(.delete)
        c.handle(.char("T"))
        #expect(c.state.commandLine == "Tag ważne" && c.state.lineEditor?.cursor == 1)
        // The terminal cursor sits after the prompt and the character before it.
        #expect(c.screen().commandLineCursor?.col == 2)
        c.handle(.ctrl("u"))
        #expect(c.state.commandLine == "ag ważne")
        c.handle(.escape)
        #expect(c.state.commandLine == nil)
    }

    @Test func searchAndNoteLinesUseTheSameKeys() {
        let c = app()
        line(c, "/", "from:ayşe kargo")
        c.handle(.ctrl("w"))
        #expect(c.state.commandLine == "from:ayşe ")
        c.handle(.escape)

        var pane = ReviewPane(rubric: .standard, reviewer: "rita")
        pane.load(ticket: 101, nil)
        var state = AppState(rows: 30, cols: 100, review: pane)
        _ = state.handle(.char("e"), keyMap: .review)
        for ch in "Bardzo uprzejmie" { _ = state.handle(.char(ch), keyMap: .review) }
        _ = state.handle(.alt("b"), keyMap: .review)
        _ = state.handle(.ctrl("w"), keyMap: .review)
        #expect(state.noteEditor?.text == "uprzejmie")
    }

    @Test func theFilterLineOpensEmptyAndShowsTheFilterInForce() {
        let c = app()
        line(c, "\\", "tag:vip")
        c.handle(.enter)
        #expect(c.state.filter == "tag:vip")
        c.handle(.char("\\"))
        #expect(c.state.commandLine == "")
        let bottom = c.screen().line(23)
        #expect(bottom.hasPrefix("\\  now: tag:vip"), "\(bottom)")
        #expect(c.screen().commandLineCursor?.col == 1)
        c.handle(.enter)  // empty clears it
        #expect(c.state.filter == nil)
    }

    @Test func tabAfterStatusCyclesFromTheTicketsOwnStatus() {
        let c = app()
        // Ticket 101 is new: Tab offers the status after it, then the next, round to new.
        line(c, ":", "status ")
        c.handle(.tab)
        #expect(c.state.commandLine == "status open")
        c.handle(.tab)
        #expect(c.state.commandLine == "status pending")
        let order = TicketStatus.allCases.map(\.rawValue).filter { $0 != "merged" }
        for _ in 0..<(order.count - 2) { c.handle(.tab) }
        #expect(c.state.commandLine == "status new")
        c.handle(.escape)
        // On a pending ticket the cycle starts after pending.
        c.handle(.down)
        c.handle(.down)
        #expect(c.state.list.selectedTicket?.status == .pending)
        line(c, ":", "status ")
        c.handle(.tab)
        let next = order[(order.firstIndex(of: "pending")! + 1) % order.count]
        #expect(c.state.commandLine == "status " + next)
    }

    @Test func assignCompletesAndChecksAgentNames() {
        var state = AppState(rows: 24, cols: 80)
        state.agents = ["Ayşe Kaya", "Łucja Nowak", "Bob"]
        state.list.total = 1
        state.list.rows = [Fixture.multilingual[0]]
        _ = state.apply(.assign)
        #expect(state.commandLine == "assign ")
        for ch in "Łu" { _ = state.handle(.char(ch)) }
        _ = state.handle(.tab)
        #expect(state.commandLine == "assign Łucja Nowak")
        let effects = state.handle(.enter)
        #expect(effects == [.change(101, [.assignee("Łucja Nowak")], expectedVersion: nil)])
        // A name nobody configured is refused with the names that are.
        _ = state.apply(.assign)
        for ch in "Zoe" { _ = state.handle(.char(ch)) }
        #expect(state.handle(.enter).isEmpty)
        #expect(state.message?.contains("No agent \"Zoe\"") == true && state.message?.contains("Bob") == true)
        // me and none always work.
        _ = state.apply(.assign)
        for ch in "none" { _ = state.handle(.char(ch)) }
        #expect(state.handle(.enter) == [.change(101, [.assignee(nil)], expectedVersion: nil)])
    }

    @Test func editedLinesAt80And120Columns() {
        for (rows, cols) in [(24, 80), (40, 120)] {
            let c = AppController(data: FakeData(Fixture.multilingual), rows: rows, cols: cols)
            // The filter line opens empty beside the filter in force.
            line(c, "\\", "Żółć")
            c.handle(.enter)
            c.handle(.char("\\"))
            assertSnapshot(c.screen(now: Fixture.now).text(), named: "filter-line-\(cols)x\(rows)")
            c.handle(.escape)
            // A `:` line edited in the middle: the cursor is measured in columns.
            line(c, ":", "tag İade 注文 ważne")
            c.handle(.alt("b"))
            c.handle(.left)
            let screen = c.screen(now: Fixture.now)
            assertSnapshot(screen.text(), named: "command-line-\(cols)x\(rows)")
            // ":tag İade 注文" is 14 columns, the cursor sits after "注文".
            #expect(screen.commandLineCursor?.col == 14 && screen.commandLineCursor?.row == rows - 1)
        }
    }

    @Test func theComposeEditorTakesTheWordKeysWithinTheLine() {
        var e = InlineEditor(text: "Dzień dobry,\nzamówienie 注文 wysłane\n")
        e.line = 1
        e.column = 13  // after "注文"
        _ = e.edit(.ctrl("w"))
        #expect(e.lines == ["Dzień dobry,", "zamówienie  wysłane"] && e.column == 11)
        _ = e.edit(.alt("f"))
        #expect(e.column == 19)
        _ = e.edit(.alt("b"))
        _ = e.edit(.delete)
        #expect(e.lines[1] == "zamówienie  ysłane")
        _ = e.edit(.ctrl("u"))
        #expect(e.lines == ["Dzień dobry,", "ysłane"] && e.line == 1 && e.column == 0)
    }

    @Test func altKeysAndDeleteHaveNamesInTheKeysFile() {
        #expect(KeyBindings.key(named: "alt-b") == .alt("b"))
        #expect(KeyBindings.key(named: "M-f") == .alt("f"))
        #expect(KeyBindings.key(named: "delete") == .delete)
        #expect(Key.alt("b").label == "Alt-b")
    }

    @Test func composesFileAndAddressLineIsTheSameEditor() {
        var state = AppState(rows: 24, cols: 80)
        state.show(Fixture.detail(Fixture.ticket(7, subject: "Zwrot", customer: "Łucja", queue: "Returns"), []))
        var c = ComposeState(ticketID: 7, kind: .reply, stage: .review)
        c.prompt = ComposePrompt(field: .cc)
        state.compose = c
        func keys(_ keys: [Key]) { for k in keys { _ = state.handle(k) } }
        func type(_ text: String) { keys(text.map { .char($0) }) }
        // Typed, then the name put in front of it from Home; Alt-B moves by a word and keeps the line open.
        type("łucja@sklep.example")
        keys([.alt("b"), .alt("b")])
        #expect(state.compose?.prompt?.editor.cursor == 6, "before sklep")
        keys([.home])
        type("Łucja Kowalska <")
        keys([.end])
        type(">")
        let end = AppRenderer.render(state, now: Fixture.now).text()
        #expect(end.contains("Cc: Łucja Kowalska <łucja@sklep.example>"), "\(end)")
        keys([.left, .left])
        let mid = AppRenderer.render(state, now: Fixture.now).text()
        #expect(mid.contains("Cc: Łucja Kowalska <łucja@sklep.example>"), "the line stays whole with the cursor in it")
        keys([.enter])
        #expect(state.compose?.cc == ["Łucja Kowalska <łucja@sklep.example>"] && state.compose?.prompt == nil)
        // Ctrl-W takes a path's last component.
        c = state.compose!
        c.prompt = ComposePrompt(field: .attach, text: "/tmp/zwroty/etykieta ğüş.pdf")
        state.compose = c
        keys([.ctrl("w")])
        #expect(state.compose?.prompt?.text == "/tmp/zwroty/etykieta ")
        keys([.ctrl("w"), .ctrl("w")])
        #expect(state.compose?.prompt?.text == "/tmp/")
    }
}
