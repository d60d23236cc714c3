import Foundation
import InboxCore
import InboxTestSupport
import Testing

@testable import InboxTUI

/// The AppDatabase adapter over the demo mailbox, imported by the real binary.
@Suite(.serialized) struct DatabaseDataSourceTests {
    @Test(.enabled(if: TmuxEndToEndTests.binary != nil, "needs a built inbox binary"))
    func viewsPagesAndOtherProcessesCommits() throws {
        let bin = try #require(TmuxEndToEndTests.binary)
        let dir = TemporaryFolder("inbox-tui-db")
        let env = ["INBOX_DB": dir.file("inbox.sqlite"), "INBOX_CONFIG": TestPaths.demo + "/config.toml"]
        #expect(
            try CommandRunner.run(bin, ["import", "maildir", TestPaths.demo + "/returns"], environment: env).status == 0
        )
        let data = DatabaseDataSource(try AppDatabase.open(path: env["INBOX_DB"]!))
        let token = try data.changeToken()
        #expect(try data.changeToken() == token, "our own reads do not change the token")

        var sidebar = try data.sidebar()
        #expect(sidebar.map(\.title).prefix(4) == ["Unassigned", "Open", "Pending", "Quarantine"])
        #expect(sidebar.contains { $0.source == .queue("Returns") && $0.count > 0 })

        // Another process commits: the token changes and the counts follow.
        #expect(
            try CommandRunner.run(bin, ["import", "mbox", TestPaths.demo + "/support.mbox"], environment: env).status
                == 0)
        #expect(try data.changeToken() != token)
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
            try data.tickets(.open, limit: 1000, offset: 0).allSatisfy { $0.status == "new" || $0.status == "open" })
        let first = try #require(all.first)
        #expect(try data.ticket(first.id).ticket.id == first.id)
    }
}
