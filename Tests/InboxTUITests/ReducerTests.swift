import Foundation
import InboxCore
import Testing

@testable import InboxTUI

@Suite struct ReducerTests {
    static func many(_ n: Int) -> [TicketSummary] {
        (0..<n).map { i in
            Fixture.ticket(
                Int64(n - i), subject: "Ticket \(n - i)", customer: "C\(i)", queue: i % 2 == 0 ? "Support" : "Returns",
                age: Double(i) * 60)
        }
    }

    @Test func movementKeysRunTheirCommands() {
        let data = FakeData(Self.many(100))
        let app = AppController(data: data, rows: 12, cols: 100)  // 10 ticket rows
        #expect(app.state.list.visibleRows == 10)
        app.handle(.char("j"))
        app.handle(.down)
        #expect(app.state.list.selected == 2)
        app.handle(.char("k"))
        #expect(app.state.list.selected == 1)
        app.handle(.char("G"))
        #expect(app.state.list.selected == 99 && app.state.list.top == 90)
        app.handle(.char("g"))
        #expect(app.state.list.selected == 0 && app.state.list.top == 0)
        app.handle(.ctrl("d"))
        #expect(app.state.list.selected == 5)
        app.handle(.ctrl("u"))
        #expect(app.state.list.selected == 0)
        app.handle(.up)
        #expect(app.state.list.selected == 0)
    }

    @Test func theListAsksOnlyForTheRowsOnScreen() {
        let data = FakeData(Self.many(10_000))
        let app = AppController(data: data, rows: 30, cols: 100)
        app.handle(.char("G"))
        app.handle(.char("k"))
        for _ in 0..<30 { app.handle(.char("j")) }
        #expect(data.requests.allSatisfy { $0.limit == 28 })
        #expect(data.requests.last?.offset == 10_000 - 28)
        #expect(app.state.list.rows.count == 28)
        #expect(app.state.list.selectedTicket?.id == 1)
        #expect(app.screen(now: Fixture.now).text().contains("10000/10000"))
    }

    @Test func queuesCycleWithJAndK() {
        let app = AppController(data: FakeData(Self.many(10)), rows: 12, cols: 100)
        #expect(app.state.currentSource == .all)
        app.handle(.char("J"))
        #expect(app.state.currentSource == .queue("Returns"))
        #expect(app.state.list.total == 5)
        #expect(app.state.list.rows.allSatisfy { $0.queue == "Returns" })
        app.handle(.char("J"))
        app.handle(.char("J"))
        #expect(app.state.currentSource == .unassigned)
        app.handle(.char("K"))
        #expect(app.state.currentSource == .queue("Support"))
    }

    @Test func enterOpensAndQGoesBackThenQuits() {
        let app = AppController(data: FakeData(Self.many(5)), rows: 12, cols: 100)
        app.handle(.char("j"))
        app.handle(.enter)
        #expect(app.state.mode.isConversation)
        #expect(app.state.conversation?.detail.ticket.id == 4)
        app.handle(.char("q"))
        #expect(app.state.mode == .list && app.running)
        app.handle(.char("q"))
        #expect(!app.running)
    }

    @Test func theCommandLineAcceptsCommandNames() {
        let app = AppController(data: FakeData(Self.many(50)), rows: 12, cols: 100)
        for key: Key in [
            .char(":"), .char("p"), .char("a"), .char("g"), .char("e"), .char("-"), .char("d"), .char("o"), .char("w"),
            .char("n"),
        ] {
            app.handle(key)
        }
        #expect(app.state.commandLine == "page-down")
        #expect(app.screen().line(11) == ":page-down")
        app.handle(.enter)
        #expect(app.state.commandLine == nil && app.state.list.selected == 5)
        for key: Key in [.char(":"), .char("x"), .char("y"), .enter] { app.handle(key) }
        #expect(app.state.message == "Unknown command \"xy\" (press ? for the list)")
        for key: Key in [.char(":"), .char("h"), .backspace, .backspace] { app.handle(key) }
        #expect(app.state.commandLine == nil)
        for key: Key in [.char(":"), .char("q"), .char("u"), .char("i"), .char("t"), .enter] { app.handle(key) }
        #expect(!app.running)
    }

    @Test func everyCommandNameParses() {
        for c in Command.allCases { #expect(Command(commandLine: " \(c.rawValue) ") == c) }
        #expect(Command(commandLine: "nope") == nil)
    }

    @Test func unboundKeysSaySo() {
        var state = AppState(rows: 10, cols: 80)
        _ = state.handle(.char("Ω"))
        #expect(state.message == "Ω is not bound (press ? for help)")
    }

    @Test func anotherProcessCommitReloads() {
        let data = FakeData(Self.many(3))
        let app = AppController(data: data, rows: 12, cols: 100)
        #expect(!app.pollForChanges())
        let before = data.requests.count
        data.bump()
        #expect(app.pollForChanges())
        #expect(data.requests.count == before + 1)
        #expect(!app.pollForChanges())
    }

    @Test func newMailKeepsTheSelectionOnTheSameTicket() {
        let data = FakeData(Self.many(20))
        let app = AppController(data: data, rows: 12, cols: 100)
        app.handle(.char("j"))
        app.handle(.char("j"))
        let id = app.state.list.selectedTicket?.id
        data.arrive(Fixture.ticket(999, subject: "Brand new", customer: "Nina"))
        #expect(app.pollForChanges())
        #expect(app.state.list.total == 21)
        #expect(app.state.list.selectedTicket?.id == id)
        #expect(app.state.list.selected == 3)
        #expect(app.screen(now: Fixture.now).text().contains("Brand new"))
    }

    @Test func quarantineSaysWhyItIsEmpty() {
        let app = AppController(data: FakeData(Self.many(3)), rows: 12, cols: 100)
        app.handle(.char("K"))
        #expect(app.state.currentSource == .quarantine)
        #expect(app.screen().text().contains("The quarantine is empty"))
    }
}
