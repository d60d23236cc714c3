import Foundation
import InboxCore
import InboxMail
import InboxTestSupport
import Testing

@testable import InboxTUI

/// Issue 20, the list: who is waiting on whom and thanks-only tickets (item 5), AGE since the
/// customer's last message (6), columns by need (7), ticket numbers in `/` (8).
@Suite struct Issue20ListTests {
    static let sizes = [(24, 80), (40, 120)]

    /// Turkish, Polish and CJK tickets: the customer wrote last, we did, and a thanks-only one
    /// whose SLA ran out; nobody is assigned.
    static var tickets: [TicketSummary] {
        var t = [
            Fixture.ticket(
                1001, subject: "Kargom nerede? Sipariş #4411", customer: "Ayşe Yılmaz", status: "new",
                priority: "urgent",
                age: 300, waiting: "us"),
            Fixture.ticket(
                1002, subject: "Zwrot towaru – źle dobrany rozmiar", customer: "Łukasz Żółć", status: "pending",
                age: 7200, waiting: "customer"),
            Fixture.ticket(
                1003, subject: "注文した商品が届きません", customer: "山田太郎", tags: ["vip"], age: 90000, waiting: "us",
                thanksOnly: true),
            Fixture.ticket(1004, subject: "İade", customer: "İsmail Işık", tags: ["iade"], age: 400000, waiting: "us"),
        ]
        t[0].slaDue = Fixture.now.addingTimeInterval(2 * 3600)
        t[0].slaWarnAt = Fixture.now.addingTimeInterval(3600)
        t[2].slaDue = Fixture.now.addingTimeInterval(-1800)
        t[2].slaWarnAt = Fixture.now.addingTimeInterval(-5400)
        t[3].slaDue = Fixture.now.addingTimeInterval(-3 * 86400)
        t[3].slaWarnAt = Fixture.now.addingTimeInterval(-4 * 86400)
        // Triaged a minute ago: the change does not make the customer's wait look short.
        t[3].updatedAt = Fixture.now.addingTimeInterval(-60)
        return t
    }

    @Test(arguments: sizes) func listShowsWaitingThanksAndAge(rows: Int, cols: Int) {
        let app = AppController(data: FakeData(Self.tickets), rows: rows, cols: cols)
        let screen = app.screen(now: Fixture.now)
        let text = screen.text()
        assertSnapshot(text, named: "list-waiting-\(cols)x\(rows)")
        let row = { (id: Int) in (0..<rows).first { screen.line($0).contains("#\(id)") }! }
        #expect(screen.line(row(1001)).contains("▶new"))
        #expect(screen.line(row(1002)).contains("◀pending"))
        // AGE is the customer's wait (4d), not the minute since the triage.
        #expect(screen.line(row(1004)).hasSuffix("4d"))
        // The SLA column stays at 80 columns; the thanks-only ticket is not shown overdue.
        let slaCol = screen.line(0).distance(of: "SLA")
        #expect(slaCol > 0)
        let thanks = row(1003)
        #expect(screen.line(thanks).contains(TicketListView.thanksText) && !screen.line(thanks).contains("-30m"))
        #expect(screen[thanks, slaCol].style.role != .warning)
        #expect(screen[row(1004), slaCol].style.role == .warning && screen.line(row(1004)).contains("-3d"))
    }

    @Test func anEmptyAssigneeColumnGivesItsWidthToTheSubject() {
        let layout = Layout(rows: 40, cols: 120)
        let none = TicketListView.widths(layout.body.cols, assigneeNeed: 0)
        let some = TicketListView.widths(layout.body.cols, assigneeNeed: 10)
        #expect(none[6] == 0 && some[6] == 10)
        #expect(none[5] == some[5] + 11)
        #expect(none.reduce(0, +) + none.filter { $0 > 0 }.count - 1 <= layout.body.cols)
        // At 80 columns the SLA column stays, shortened, and the priority with it.
        let narrow = TicketListView.widths(Layout(rows: 24, cols: 80).body.cols)
        #expect(narrow[3] == 4 && narrow[2] == 4 && narrow[5] >= 16)
        #expect(
            TicketListView.priority(.urgent, width: 4) == "urg!"
                && TicketListView.priority(.normal, width: 6) == "normal")
    }

    @Test func tagsShowWhenThereIsRoom() {
        let app = AppController(data: FakeData(Self.tickets), rows: 40, cols: 120)
        let wide = app.screen(now: Fixture.now).text()
        #expect(wide.contains("İade  [iade]") && wide.contains("注文した商品が届きません  [vip]"))
        let narrow = AppController(data: FakeData(Self.tickets), rows: 24, cols: 80).screen(now: Fixture.now).text()
        // The CJK subject fills its column: its tag is left out rather than cut.
        #expect(!narrow.contains("[v") && narrow.contains("İade  [iade]"))
    }

    // MARK: The conversation says why

    @Test(arguments: EngineStore.engines) func aPausedSLASaysWhyAndAThanksOnlyTicketIsNotOverdue(
        _ engine: StoreEngineKind
    ) throws {
        var config = InboxConfig(queue: [.init(name: "Support", addresses: ["support@shop.example"], default: true)])
        config.sla = SLASettings(
            calendar: "24/7", timezone: "UTC", first_response: "4h", next_response: "8h", resolution: "3d")
        let db = try StoreFixture.database(engine, config)
        let old = "Mon, 02 Nov 2026 10:00:00 +0000"
        let incoming = [
            MailFactory.message(
                id: "q@example.pl", from: "Łukasz Żółć <lukasz@example.pl>", subject: "Gdzie paczka?", date: old,
                body: "Gdzie jest moja paczka?\n"),
            MailFactory.message(
                id: "t@example.com.tr", subject: "Teşekkür", date: old, body: "Çok teşekkürler!\n\nAyşe\n"),
        ].map { text in
            let raw = Array(text.utf8)
            return IncomingMessage(
                raw: raw, sha256: RawDigest.sha256Hex(raw), parsed: MessageParser.parse(raw), source: "test")
        }
        _ = try db.ingest(incoming, config: config)
        let ids = try db.tickets().map(\.id).sorted()
        try db.update([ids[0]], [.status(.pending)], actor: "ada", config: config)
        let c = AppController(data: DatabaseDataSource(db, agent: "ada", config: config), rows: 24, cols: 220)
        // The list: the thanks-only ticket is overdue by its clock but says `thx`, not red.
        let list = c.screen()
        let thanksRow = try #require((0..<24).first { list.line($0).contains("Teşekkür") })
        #expect(
            list.line(thanksRow).contains("▶new") && list.line(thanksRow).contains(TicketListView.thanksText),
            "\(list.text())")
        c.handle(.char(":"))
        for ch in "\(ids[0])" { c.handle(.char(ch)) }
        c.handle(.enter)
        let paused = c.screen().line(0)
        #expect(
            paused.contains("SLA first response paused") && paused.contains("(pending: waiting on the customer)"),
            "\(paused)")
        c.handle(.char(":"))
        for ch in "\(ids[1])" { c.handle(.char(ch)) }
        c.handle(.enter)
        let header = c.screen().line(0)
        #expect(header.contains("the customer only said thanks: not overdue"), "\(header)")
        #expect(c.screen()[0, c.state.layout.body.col].style.role == .header)
    }

    // MARK: Ticket numbers in `/`

    static func type(_ app: AppController, _ text: String) {
        for ch in text { app.handle(.char(ch)) }
        app.handle(.enter)
    }

    @Test func aTicketNumberInSlashFindsIt() {
        let app = AppController(data: FakeData(Self.tickets), rows: 24, cols: 80)
        Self.type(app, "/1003")
        #expect(app.state.list.selectedTicket?.id == 1003 && app.state.mode == .list)
        Self.type(app, "/#1004")
        #expect(app.state.list.selectedTicket?.id == 1004)
        #expect(app.state.message == "#1004")
        // A number that is no ticket is searched as text (an order number, say).
        Self.type(app, "/4411")
        #expect(app.state.mode == .list && app.state.message != "#4411")
    }

    @Test func aTicketNumberOutsideTheListOpensIt() {
        let app = AppController(data: FakeData(Self.tickets), rows: 24, cols: 80)
        // To the Pending view, which holds #1002 only.
        let pending = app.state.sidebar.firstIndex { $0.source == .pending }!
        while app.state.sidebarIndex != pending { app.handle(.char("K")) }
        #expect(app.state.list.total == 1)
        Self.type(app, "/1001")
        #expect(app.state.mode.isConversation && app.state.conversation?.detail.ticket.id == 1001)
        #expect(app.state.message?.contains("not in this list") == true)
    }
}
