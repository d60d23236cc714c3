import Foundation
import InboxCore
import Testing

@testable import InboxTUI

@Suite struct ScreenTests {
    @Test func wideCharactersTakeTwoCellsAndClipAtTheEdge() {
        var s = Screen(rows: 2, cols: 5)
        #expect(s.put("中文字", row: 0, col: 0) == 4)
        #expect(s.line(0) == "中文")
        #expect(s[0, 0].width == 2 && s[0, 1].isContinuation && s[0, 4].text == " ")
        // Overwriting the right half of a wide character blanks its left half.
        s.put("x", row: 0, col: 1)
        #expect(s.line(0) == " x文")
        // Negative and out-of-range positions are clipped, never wrapped.
        s.put("abcdef", row: 1, col: -2)
        #expect(s.line(1) == "cdef")
        s.put("zz", row: 5, col: 0)
        #expect(s.text() == " x文\ncdef")
    }

    @Test func controlsEscapesAndBidiNeverReachACell() {
        var s = Screen(rows: 1, cols: 40)
        s.put("Refund\u{1B}[31m \u{202E}evil\u{202C}\u{9B}x\u{7}", row: 0, col: 0)
        let all = (0..<40).map { s[0, $0].text }.joined()
        #expect(
            !all.unicodeScalars.contains {
                $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value)
            })
        #expect(s.line(0) == "Refund␛[31m �evil��x␇")
    }

    @Test func zwjEmojiKeepsOnlyItsFirstScalar() {
        var s = Screen(rows: 1, cols: 6)
        #expect(s.put("👩‍💻a", row: 0, col: 0) == 3)
        #expect(s[0, 0].text == "👩" && s[0, 2].text == "a")
        #expect(s.put("e\u{301}", row: 0, col: 4) == 1)
        #expect(s[0, 4].text == "e\u{301}")
    }

    @Test func changesListOnlyTheCellsThatDiffer() {
        var a = Screen(rows: 2, cols: 4)
        a.put("abcd", row: 0, col: 0)
        var b = a
        b.put("X", row: 1, col: 2)
        #expect(b.changes(since: a).map { [$0.row, $0.col] } == [[1, 2]])
        #expect(b.changes(since: nil).count == 8)
        #expect(b.changes(since: Screen(rows: 3, cols: 4)).count == 8)
    }
}

@Suite struct RenderingTests {
    func controller(_ tickets: [TicketSummary], rows: Int = 12, cols: Int = 100, details: [TicketDetail] = []) -> (
        AppController, FakeData
    ) {
        let data = FakeData(tickets, details: details)
        return (AppController(data: data, rows: rows, cols: cols), data)
    }

    @Test func multilingualListIsAligned() throws {
        let (app, _) = controller(Fixture.multilingual)
        let screen = app.screen(now: Fixture.now)
        assertSnapshot(screen.text(), named: "list-multilingual-100x12")
        assertSnapshot(screen.styleMap(), named: "list-multilingual-100x12-styles")
        // Every row's subject starts in the same column and the age ends at the right edge.
        let layout = Layout(rows: 12, cols: 100)
        let w = TicketListView.widths(layout.body.cols)
        let before = w.prefix(5).filter { $0 > 0 }
        let subjectCol = layout.body.col + before.reduce(0, +) + before.count
        for (i, t) in Fixture.multilingual.enumerated() {
            let row = 1 + i
            #expect(screen[row, subjectCol].text == String(t.subject.first!), "row \(row): \(screen.line(row))")
            #expect(screen[row, subjectCol - 1].text == " ")
            #expect(screen[row, 99].text != " ", "age is right-aligned: \(screen.line(row))")
        }
        #expect(screen.line(3).contains("山田太郎"))
        #expect(screen.line(1).contains("Ayşe Yılmaz"))
        #expect(screen.line(2).contains("Łukasz Żółć"))
    }

    @Test func hostileSubjectIsSanitised() {
        let evil = Fixture.ticket(
            7, subject: "Refund\u{1B}[2J\u{1B}]0;pwned\u{7} now \u{202E}gnp.exe\u{202C}", customer: "Mallory\u{200F}")
        let (app, _) = controller([evil])
        let screen = app.screen(now: Fixture.now)
        let text = screen.text()
        #expect(
            !text.unicodeScalars.contains {
                $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E || $0.value == 0x200F
            })
        #expect(text.contains("Refund␛[2J␛]0;pwned␇ now �gnp…"))
        assertSnapshot(text, named: "list-hostile-subject")
    }

    @Test func resizingTo60x16RedrawsWithoutTheSidebar() {
        let (app, data) = controller(Fixture.multilingual, rows: 30, cols: 100)
        app.resize(rows: 16, cols: 60)
        let screen = app.screen(now: Fixture.now)
        #expect(screen.rows == 16 && screen.cols == 60)
        for r in 0..<16 { #expect(DisplayWidth.of(screen.line(r)) <= 60) }
        #expect(screen.line(15).contains("LIST │ All tickets │ 1/5"))
        #expect(data.requests.last?.limit == 14)
        assertSnapshot(screen.text(), named: "list-60x16")
    }

    /// The header names the queue and the tags, so a rule's move or tag shows on the open ticket.
    @Test func theHeaderNamesTheQueueAndTheTags() {
        let t = Fixture.ticket(
            7, subject: "Zwrot", customer: "Marta", queue: "Returns", assignee: "Ada", tags: ["refund", "damaged"])
        let d = Fixture.detail(t, [Fixture.message(inbound: true, from: "Marta", text: "Proszę o zwrot.\n")])
        let (app, _) = controller([t], rows: 16, cols: 100, details: [d])
        app.handle(.enter)
        let header = app.screen(now: Fixture.now).line(0)
        #expect(header.contains("#7 · Returns · open · normal · Ada · [refund,damaged] · Marta"), "\(header)")
    }

    @Test func conversationFoldsQuotesUntilToggled() {
        let t = Fixture.ticket(42, subject: "Kargom nerede?", customer: "Ayşe Yılmaz", address: "ayse@example.com.tr")
        let d = Fixture.detail(
            t,
            [
                Fixture.message(inbound: true, from: "Ayşe Yılmaz", text: "Merhaba,\nsiparişim gelmedi.\n"),
                Fixture.message(
                    inbound: false, from: "Ada",
                    text: "Merhaba Ayşe,\nkargonuz yolda.\n\n> Merhaba,\n> siparişim gelmedi.\n> \nAda",
                    minutes: 30),
            ])
        let (app, _) = controller([t], rows: 16, cols: 80, details: [d])
        app.handle(.enter)
        #expect(app.state.mode.isConversation)
        var screen = app.screen(now: Fixture.now)
        #expect(screen.text().contains("[… 3 quoted lines]"))
        #expect(screen.line(0).contains("#42 · Support · open · normal · unassigned · Ayşe Yılmaz"))
        assertSnapshot(screen.text(), named: "conversation-folded")
        app.handle(.char("z"))
        screen = app.screen(now: Fixture.now)
        #expect(!screen.text().contains("quoted lines]"))
        #expect(screen.text().contains("> siparişim gelmedi."))
        // Inbound and outbound headers are drawn differently.
        let inRow = (0..<16).first { screen.line($0).contains("▶ Ayşe") }!
        let outRow = (0..<16).first { screen.line($0).contains("◀ Ada") }!
        #expect(screen[inRow, 30].style != screen[outRow, 30].style)
        app.handle(.char("q"))
        #expect(app.state.mode == .list && app.running)
    }

    @Test func helpIsGeneratedFromTheKeyMap() {
        let lines = HelpOverlay.lines(.standard)
        for c in Command.allCases where !c.isReview { #expect(lines.contains { $0.contains(c.rawValue) }, "\(c)") }
        // The review pane's commands are listed where they are bound (`inbox review`), not in the inbox.
        #expect(!lines.contains { $0.contains("score-1") })
        let review = HelpOverlay.lines(.review)
        for c in Command.allCases { #expect(review.contains { $0.contains(c.rawValue) }, "\(c)") }
        #expect(lines.contains { $0.hasPrefix("j ↓") && $0.contains("down") })
        var map = KeyMap.standard
        map.bind(.char("x"), to: .quit)
        #expect(HelpOverlay.lines(map).contains { $0.contains("Ctrl-c x") && $0.contains("quit") })
        let (app, _) = controller(Fixture.multilingual, rows: 30, cols: 100)
        app.handle(.char("?"))
        let text = app.screen(now: Fixture.now).text()
        #expect(text.contains("toggle-quotes") && text.contains("Keys"))
        app.handle(.escape)
        #expect(!app.state.showHelp)
    }
}

/// Every screen at the two sizes agents use most (issue 5): the list, a conversation and the
/// help, at 80×24 and at 120×40, with Turkish, Polish, Norwegian and CJK text aligned.
@Suite struct ScreenSizeSnapshotTests {
    static let sizes = [(24, 80), (40, 120)]

    /// The multilingual tickets with SLA clocks (one breaching, one overdue) and assignees.
    static var tickets: [TicketSummary] {
        var t = Fixture.multilingual
        t[0].slaDue = Fixture.now.addingTimeInterval(2 * 3600)
        t[0].slaWarnAt = Fixture.now.addingTimeInterval(3600)
        t[1].slaDue = Fixture.now.addingTimeInterval(-1800)
        t[1].slaWarnAt = Fixture.now.addingTimeInterval(-5400)
        t[1].assignee = "Ada"
        t[2].assignee = "Jonas Berg"
        t[3].slaDue = Fixture.now.addingTimeInterval(40 * 60)
        t[3].slaWarnAt = Fixture.now.addingTimeInterval(-20 * 60)
        return t
    }

    func conversationDetail() -> (TicketSummary, TicketDetail) {
        let t = Fixture.multilingual[0]
        let d = Fixture.detail(
            t,
            [
                Fixture.message(
                    inbound: true, from: "Ayşe Yılmaz",
                    text: "Merhaba,\nsiparişim TR-40218 hâlâ gelmedi. 山田さんにも聞きました。\n"),
                Fixture.message(
                    inbound: false, from: "Ada",
                    text:
                        "Merhaba Ayşe,\nkargonuz yolda; Łódź deposundan çıktı.\n\n> Merhaba,\n> siparişim gelmedi.\n\n-- \nAda · Nordlys Sport",
                    minutes: 30),
            ])
        return (t, d)
    }

    @Test(arguments: sizes) func list(rows: Int, cols: Int) {
        let app = AppController(data: FakeData(Self.tickets), rows: rows, cols: cols)
        let screen = app.screen(now: Fixture.now)
        assertSnapshot(screen.text(), named: "list-\(cols)x\(rows)")
        if cols >= 120 {
            // Breaching tickets' SLA cells are red and bold; the others are not.
            let slaCol = screen.line(0).distance(of: "SLA")
            #expect(screen[2, slaCol].style.role == .warning && screen[2, slaCol].style.bold)
            #expect(screen[4, slaCol].style.role == .warning)
            #expect(screen[1, slaCol].style.role != .warning)
        }
    }

    @Test(arguments: sizes) func conversation(rows: Int, cols: Int) {
        let (t, d) = conversationDetail()
        let app = AppController(data: FakeData(Self.tickets, details: [d]), rows: rows, cols: cols)
        app.handle(.enter)
        #expect(app.state.conversation?.detail.ticket.id == t.id)
        assertSnapshot(app.screen(now: Fixture.now).text(), named: "conversation-\(cols)x\(rows)")
    }

    @Test(arguments: sizes) func help(rows: Int, cols: Int) {
        let app = AppController(data: FakeData(Fixture.multilingual), rows: rows, cols: cols)
        app.handle(.char("?"))
        assertSnapshot(app.screen(now: Fixture.now).text(), named: "help-\(cols)x\(rows)")
        // Every command can be read at any size: the help scrolls to its last line and back.
        let last = Command.allCases.last { !$0.isReview }!.rawValue
        app.handle(.char("G"))
        #expect(app.state.showHelp && app.screen(now: Fixture.now).text().contains(last))
        app.handle(.char("g"))
        #expect(app.screen(now: Fixture.now).text().contains("next ticket / scroll down"))
    }
}

extension String {
    /// The display column where `needle` starts (0 when absent).
    func distance(of needle: String) -> Int {
        guard let r = range(of: needle) else { return 0 }
        return DisplayWidth.of(String(self[..<r.lowerBound]))
    }
}
