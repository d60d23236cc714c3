import Foundation
import GRDB
@testable import InboxCore
import InboxTestSupport
import Testing

@testable import InboxTUI

/// The AppDatabase adapter over the demo mailbox, imported by the real binary, on each engine.
@Suite(.serialized) struct DatabaseDataSourceTests {
    /// The demo's support.mbox imported by the real binary into a new desk (named after
    /// `prefix`) on `engine`; returns the desk (its folder lives as long as it does) and the
    /// database, opened.
    static func demoSupportMailbox(_ engine: StoreEngineKind, _ prefix: String) throws -> (TestDesk, AppDatabase) {
        let desk = try TestDesk.demo(prefix, bin: try #require(TmuxSession.inboxBinary)).on(engine)
        try desk.inboxSucceeds([["import", "mbox", TestPaths.demo + "/support.mbox"]])
        return (desk, try desk.openDatabase())
    }

    /// The token once it differs from `token`: on PostgreSQL another process's commit is
    /// pushed (NOTIFY) and may arrive a moment after that process ended. Polls for a minute.
    static func changed(_ data: DatabaseDataSource, from token: Int?) throws -> Int? {
        let deadline = Date().addingTimeInterval(60)
        while try data.changeToken() == token, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        return try data.changeToken()
    }

    @Test(.enabled(if: TmuxSession.inboxBinary != nil, "needs a built inbox binary"), arguments: EngineStore.engines)
    func viewsPagesAndOtherProcessesCommits(_ engine: StoreEngineKind) throws {
        let bin = try #require(TmuxSession.inboxBinary)
        let dir = TemporaryFolder("inbox-tui-db")
        var env = ["INBOX_DB": dir.file("inbox.sqlite"), "INBOX_CONFIG": TestPaths.demo + "/config.toml"]
        let store = engine == .sqlite ? nil : try EngineStore.make(engine, "tui-db")
        if let store { env["INBOX_DB"] = store.location }
        #expect(
            try CommandRunner.run(bin, ["import", "maildir", TestPaths.demo + "/returns"], environment: env).status == 0
        )
        let data = DatabaseDataSource(try AppDatabase.open(url: env["INBOX_DB"]!))
        let token = try data.changeToken()
        #expect(try data.changeToken() == token, "our own reads do not change the token")

        var sidebar = try data.sidebar()
        #expect(sidebar.map(\.title).prefix(4) == ["Unassigned", "Open", "Pending", "Quarantine"])
        #expect(sidebar.contains { $0.source == .queue("Returns") && $0.count > 0 })

        // Another process commits: the token changes and the counts follow.
        #expect(
            try CommandRunner.run(bin, ["import", "mbox", TestPaths.demo + "/support.mbox"], environment: env).status
                == 0)
        #expect(try Self.changed(data, from: token) != token)
        sidebar = try data.sidebar()
        let all = try data.tickets(.all, limit: 1000, offset: 0)
        #expect(sidebar.first { $0.source == .all }?.count == all.count)

        // Every view pages consistently with its full list and its count.
        for item in sidebar where item.source != .quarantine {
            let full = try data.tickets(item.source, limit: 1000, offset: 0)
            #expect(full.count == item.count, "\(item.title)")
            let page = try data.tickets(item.source, limit: 5, offset: 3)
            #expect(page.map(\.id) == Array(full.dropFirst(3).prefix(5)).map(\.id), "\(item.title)")
        }
        #expect(try data.tickets(.unassigned, limit: 1000, offset: 0).allSatisfy { $0.assignee == nil })
        #expect(
            try data.tickets(.open, limit: 1000, offset: 0).allSatisfy { $0.status == .new || $0.status == .open })
        let first = try #require(all.first)
        #expect(try data.ticket(first.id).ticket.id == first.id)
    }
}

extension DatabaseDataSourceTests {
    /// `\` narrows the list, `/` with `n`/`N` walks the matches, `:save-view` adds a sidebar view.
    @Test(.enabled(if: TmuxSession.inboxBinary != nil, "needs a built inbox binary"), arguments: EngineStore.engines)
    func filterSearchAndSavedViews(_ engine: StoreEngineKind) throws {
        let (desk, database) = try Self.demoSupportMailbox(engine, "inbox-tui-search")
        defer { withExtendedLifetime(desk) {} }
        let controller = AppController(data: DatabaseDataSource(database), rows: 30, cols: 120)
        func type(_ text: String) {
            for c in text { controller.handle(.char(c)) }
            controller.handle(.enter)
        }
        // Go to "All tickets".
        while controller.state.currentSource != .all { controller.run(.nextQueue) }
        let all = controller.state.list.total
        #expect(all > 5)

        controller.handle(.char("\\"))
        #expect(controller.state.commandLine == "" && controller.state.prompt == .filter)
        type("from:@example.pl")
        let polish = try database.tickets(TicketFilter(text: "from:@example.pl", limit: 100))
        #expect(controller.state.filter == "from:@example.pl")
        #expect(controller.state.list.total == polish.count && polish.count > 0)
        #expect(controller.state.list.rows.map(\.id) == polish.map(\.id))
        #expect(controller.screen().text().contains("\\ from:@example.pl"))

        // A bad filter keeps the list and says where the query is wrong.
        controller.handle(.char("\\"))
        for _ in 0..<20 { controller.handle(.backspace) }
        controller.handle(.char("\\"))
        type("(zwrot")
        #expect(controller.state.filter == "from:@example.pl")
        #expect(controller.state.message?.contains("column 1") == true)

        // :save-view keeps the filter as a view with its count.
        controller.handle(.char(":"))
        type("save-view Polish customers")
        let view = try #require(controller.state.sidebar.first { $0.title == "Polish customers" })
        #expect(view.count == polish.count)
        #expect(try database.savedViews().map(\.name) == ["Polish customers"])

        // q drops the filter before it quits.
        controller.handle(.char("q"))
        #expect(controller.state.filter == nil && controller.running)
        #expect(controller.state.list.total == all)

        // / finds the matching tickets in list order; n and N walk them.
        let ids = try database.ticketIDs(TicketFilter())
        let hits = try database.ticketIDs(TicketFilter(text: "ordre OR zamówienie"))
        let positions = ids.indices.filter { hits.contains(ids[$0]) }
        #expect(positions.count >= 2)
        controller.handle(.char("/"))
        type("ordre OR zamówienie")
        #expect(controller.state.list.selected == positions.first { $0 > 0 } ?? positions[0])
        let firstStop = controller.state.list.selected
        controller.handle(.char("n"))
        #expect(controller.state.list.selected == positions.first { $0 > firstStop } ?? positions[0])
        controller.handle(.char("N"))
        #expect(controller.state.list.selected == firstStop)
        #expect(controller.state.message?.contains("of \(positions.count)") == true)
    }
}

extension DatabaseDataSourceTests {
    /// The TUI lists what needs an agent first: open tickets by SLA warning time, then by
    /// priority, then the newest; waiting and finished tickets after them. A page reads the
    /// `ticket_urgency` index instead of sorting every ticket.
    @Test(.enabled(if: TmuxSession.inboxBinary != nil, "needs a built inbox binary"), arguments: EngineStore.engines)
    func listsAreSortedByUrgency(_ engine: StoreEngineKind) throws {
        let (desk, database) = try Self.demoSupportMailbox(engine, "inbox-tui-urgency")
        defer { withExtendedLifetime(desk) {} }
        let data = DatabaseDataSource(database)
        let before = try data.tickets(.all, limit: 1000, offset: 0)
        #expect(
            before.map(\.updatedAt) == before.map(\.updatedAt).sorted(by: >), "without SLA or priorities: newest first")
        let (oldest, older, old) = (
            before[before.count - 1].id, before[before.count - 2].id, before[before.count - 3].id
        )
        let newest = before[0].id
        let now = Date().timeIntervalSince1970
        try database.transaction { db in
            try db.exec("UPDATE ticket SET sla_warn_at = ? WHERE id = ?", [now + 3600, oldest])
            try db.exec("UPDATE ticket SET sla_warn_at = ? WHERE id = ?", [now - 60, older])
            try db.exec("UPDATE ticket SET priority = 'urgent' WHERE id = ?", [old])
            try db.exec("UPDATE ticket SET status = 'pending' WHERE id = ?", [newest])
        }
        let after = try data.tickets(.all, limit: 1000, offset: 0).map(\.id)
        #expect(Array(after.prefix(3)) == [older, oldest, old], "\(after)")
        #expect(after.last == newest)
        // The page query reads the index. SQLite only: it reads SQLite's query plan (PostgreSQL's
        // planner sorts a table this small instead of reading an index).
        guard engine == .sqlite else { return }
        let details = try database.reader.read { db in
            try Row.fetchAll(
                db,
                sql: "EXPLAIN QUERY PLAN SELECT t.id FROM ticket t ORDER BY \(TicketOrder.urgency.sqlForTests) LIMIT 40"
            ).map { $0["detail"] as String }
        }
        #expect(
            details.contains { $0.contains("ticket_urgency") } && !details.contains { $0.contains("TEMP B-TREE") },
            "\(details)")
    }
}
