import Foundation
import InboxTestSupport
import Testing

@testable import InboxCore

/// Issue 22, "Live updates", with another process that is an inbox: `inbox outbox cancel` on
/// PostgreSQL (a command that runs there) is heard by a change feed within a second.
@Suite(.enabled(if: PostgresServer.skipReason == nil))
struct LiveUpdatesCLITests {
    @Test func anotherAgentsOutboxCancelIsSeenWithinASecond() throws {
        let desk = TestDesk("live-cancel", config: TestDesk.agentConfig(TestDesk.smtp(port: 1, timeout: 1)))
        let ticket = try desk.importOne(MailFactory.message(id: "live@example.test"))
        let reply = try desk.inbox(["reply", "\(ticket)", "--message", "Dziękuję, Łukasz", "--send", "--no-deliver"])
        #expect(reply.status == 0, "\(reply.stderr)")
        let url = try SharedPostgres.newDatabase()
        let copy = try desk.inbox(["db", "copy", desk.database, url])
        #expect(copy.status == 0, "\(copy.stderr)")

        let feed = try AppDatabase.open(url: url).changeFeed()
        #expect(try !feed.changed())
        let list = try desk.inbox(["outbox", "list", "--json", "--db", url])
        let rows = (try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]) ?? []
        let id = try #require(rows.first?["id"] as? Int, "\(list.stdout) \(list.stderr)")
        #expect(try !feed.wait(upTo: 0.2), "listing changes nothing")

        let cancel = try desk.inbox(["outbox", "cancel", "\(id)", "--db", url])
        #expect(cancel.status == 0, "\(cancel.stderr)")
        let ended = Date()
        #expect(try feed.wait(upTo: 1), "the cancel was not heard within 1 s of the command's end")
        #expect(Date().timeIntervalSince(ended) < 1)
    }
}
