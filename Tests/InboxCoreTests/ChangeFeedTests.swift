import Foundation
import InboxTestSupport
import Testing

@testable import InboxCore

/// The change feed (issue 22, "Live updates"): another connection's or another process's commit
/// is seen within a second, on both engines; nothing is seen when nothing changed.
@Suite struct ChangeFeedTests {
    /// A ticket in a new queue, written by a connection that is not `db`'s: raw SQL both
    /// engines take, on a second store value (SQLite: another connection to the file) or a
    /// second PostgreSQL connection.
    static func otherConnectionAddsATicket(_ store: EngineStore, subject: String) throws {
        let sql = [
            "INSERT INTO queue(name) VALUES ('Q \(subject)')",
            """
            INSERT INTO ticket(queue_id, subject, status, created_at, updated_at)
            SELECT id, '\(subject)', 'new', 1000, 1000 FROM queue WHERE name = 'Q \(subject)'
            """,
        ]
        switch store.engine {
        case .sqlite:
            let other = try store.open()
            try other.transaction { c in for s in sql { try c.exec(s, []) } }
        case .postgresql:
            let other = try PostgresConnection(url: store.location)
            defer { other.close() }
            try other.transaction { for s in sql { try other.execute(s) } }
        }
    }

    @Test(arguments: EngineStore.engines) func nothingChangedNothingSeen(_ engine: StoreEngineKind) throws {
        let store = try EngineStore.make(engine, "feed-quiet")
        let db = try store.open()
        let feed = db.changeFeed()
        #expect(feed.isPushed == (engine == .postgresql))
        #expect(try !feed.changed(), "the first look notes where things stand")
        #expect(try !feed.wait(upTo: 0.3))
        let token = try feed.token()
        // Reads change nothing.
        _ = try db.snapshot { try $0.value(Int.self, "SELECT COUNT(*) FROM ticket") }
        #expect(try !feed.changed())
        #expect(try feed.token() == token)
    }

    @Test(arguments: EngineStore.engines) func anotherConnectionsCommitIsSeenWithinASecond(_ engine: StoreEngineKind)
        throws
    {
        let store = try EngineStore.make(engine, "feed-other")
        let db = try store.open()
        let feed = db.changeFeed()
        #expect(try !feed.changed())
        let token = try feed.token()
        try Self.otherConnectionAddsATicket(store, subject: "Zażółć gęślą jaźń")
        let committed = Date()
        #expect(try feed.wait(upTo: 1), "no change seen within 1 s of the commit")
        #expect(Date().timeIntervalSince(committed) < 1)
        #expect(try feed.token() != token)
        // The burst was read whole: nothing more until the next commit.
        #expect(try !feed.changed())
        #expect(try !feed.wait(upTo: 0.2))

        // An update of that ticket (another agent's change) is seen too.
        switch engine {
        case .sqlite:
            try store.open().transaction {
                try $0.exec("UPDATE ticket SET assignee = 'İlkay' WHERE assignee IS NULL", [])
            }
        case .postgresql:
            let other = try PostgresConnection(url: store.location)
            defer { other.close() }
            try other.execute("UPDATE ticket SET assignee = 'İlkay' WHERE assignee IS NULL")
        }
        #expect(try feed.wait(upTo: 1))
    }

    /// Another process (`psql`, not an inbox) updates a ticket on PostgreSQL: the feed hears
    /// it within a second, and the notification names the ticket.
    @Test(.enabled(if: PostgresServer.skipReason == nil && FileManager.default.fileExists(atPath: Self.psql)))
    func anotherProcesssUpdateOnPostgreSQLIsSeenWithinASecond() throws {
        let store = try EngineStore.make(.postgresql, "feed-psql")
        try Self.otherConnectionAddsATicket(store, subject: "Straße")
        let db = try store.open()
        let feed = db.changeFeed()
        #expect(try !feed.changed())
        // What the trigger sends: the ticket's id, read on a LISTEN connection of the test's own.
        let listener = try PostgresConnection(url: store.location)
        defer { listener.close() }
        try listener.listen(ChangeFeed.channel)

        let started = Date()
        let run = try CommandRunner.run(
            Self.psql,
            ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", store.location, "-c", "UPDATE ticket SET status = 'open'"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try feed.wait(upTo: 1), "psql's UPDATE not seen within 1 s")
        #expect(Date().timeIntervalSince(started) < 5)
        let id = try PostgresConnection(url: store.location).execute("SELECT id FROM ticket").scalar?.int
        let heard = try listener.notifications(timeout: 1)
        #expect(heard.map(\.payload) == [id.map(String.init) ?? "?"])
        #expect(heard.first?.channel == ChangeFeed.channel)
    }

    /// The other tables a TUI shows are watched too: an event, a draft, presence, the outbox.
    @Test(.enabled(if: PostgresServer.skipReason == nil))
    func eventsDraftsPresenceAndOutboxNotifyOnPostgreSQL() throws {
        let store = try EngineStore.make(.postgresql, "feed-tables")
        try Self.otherConnectionAddsATicket(store, subject: "Ørsted")
        let db = try store.open()
        let feed = db.changeFeed()
        #expect(try !feed.changed())
        let other = try PostgresConnection(url: store.location)
        defer { other.close() }
        let id = try #require(try other.execute("SELECT id FROM ticket").scalar?.int)
        let writes = [
            "INSERT INTO event(ticket_id, actor, at, kind) VALUES (\(id), 'ayşe', 1, 'note')",
            "INSERT INTO draft(ticket_id, agent, updated_at) VALUES (\(id), 'ayşe', 1)",
            "INSERT INTO presence(ticket_id, agent, activity, seen_at) VALUES (\(id), 'ayşe', 'viewing', 1)",
            "UPDATE presence SET seen_at = 2",
            "DELETE FROM presence",
        ]
        for sql in writes {
            try other.execute(sql)
            #expect(try feed.wait(upTo: 1), "\(sql)")
            #expect(try !feed.changed(), "\(sql)")
        }
        // A table nobody watches on screen: no news.
        try other.execute("INSERT INTO saved_view(name, query, created_at) VALUES ('mine', 'assignee:me', 1)")
        #expect(try !feed.wait(upTo: 0.3))
    }

    /// The backend of the feed's LISTEN connection (found by its last query), polled for up to
    /// 60 s; `not` excludes an earlier one.
    static func listeningBackend(_ other: PostgresConnection, not old: Int64? = nil) throws -> Int64? {
        let deadline = Date().addingTimeInterval(60)
        repeat {
            let pid = try other.execute(
                """
                SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'
                    AND pid <> $1 ORDER BY backend_start DESC LIMIT 1
                """, [.int(old ?? 0)]
            ).scalar?.int
            if let pid { return pid }
            Thread.sleep(forTimeInterval: 0.05)
        } while Date() < deadline
        return nil
    }

    /// Looks until the feed answers "changed" (the reload after a lost connection), up to 60 s.
    static func reloadAsked(_ feed: ChangeFeed) throws -> Bool {
        let deadline = Date().addingTimeInterval(60)
        repeat {
            if try feed.wait(upTo: 0.2) { return true }
        } while Date() < deadline
        return false
    }

    /// The server ends the LISTEN session (`pg_terminate_backend`, as a restart or an operator
    /// does): the next looks open it again without an error, ask for a reload (what happened
    /// meanwhile is unknown), and a later change is still heard.
    @Test(.enabled(if: PostgresServer.skipReason == nil))
    func aTerminatedListenConnectionIsOpenedAgainAndHearsLaterChanges() throws {
        let store = try EngineStore.make(.postgresql, "feed-terminated")
        let db = try store.open()
        let feed = db.changeFeed()
        #expect(try !feed.changed())
        let other = try PostgresConnection(url: store.location)
        defer { other.close() }
        let first = try #require(try Self.listeningBackend(other))
        #expect(try other.execute("SELECT pg_terminate_backend($1)", [.int(first)]).scalar == .int(1))

        #expect(try Self.reloadAsked(feed), "the lost LISTEN connection was not noticed")
        #expect(feed.health.losses == 1)
        let second = try #require(try Self.listeningBackend(other, not: first), "no new LISTEN session")
        #expect(second != first)
        try Self.otherConnectionAddsATicket(store, subject: "Gdańsk")
        #expect(try Self.reloadAsked(feed), "a change after the new LISTEN was not heard")
    }

    /// A LISTEN session that goes silent (its backend stopped with SIGSTOP: the socket stays
    /// open and the server's kernel still acknowledges, as with a connection dropped on the
    /// way) is pinged after `pingEvery` seconds of silence; left unanswered `pingTimeout`
    /// seconds it is opened again, and a later change is heard (the reload means the new
    /// connection LISTENs already). A live one answers its pings.
    @Test(.enabled(if: PostgresServer.skipReason == nil))
    func aSilentListenConnectionIsPingedAndOpenedAgain() throws {
        let store = try EngineStore.make(.postgresql, "feed-silent")
        let db = try store.open()
        let feed = ChangeFeed(db, pingEvery: 0.2, pingTimeout: 10)
        #expect(try !feed.changed())
        let other = try PostgresConnection(url: store.location)
        defer { other.close() }
        let first = try #require(try Self.listeningBackend(other))

        // A live connection answers: two pings answered, nothing lost.
        let deadline = Date().addingTimeInterval(60)
        while feed.health.pingsAnswered < 2 && Date() < deadline { _ = try feed.wait(upTo: 0.1) }
        #expect(feed.health.pingsAnswered >= 2)
        #expect(feed.health.losses == 0)

        #expect(kill(pid_t(first), SIGSTOP) == 0)
        defer { kill(pid_t(first), SIGCONT) }
        #expect(try Self.reloadAsked(feed), "the silent LISTEN connection was not noticed")
        #expect(feed.health.losses >= 1)
        kill(pid_t(first), SIGCONT)
        try Self.otherConnectionAddsATicket(store, subject: "Iğdır")
        #expect(try Self.reloadAsked(feed), "a change after the new LISTEN was not heard")
    }

    static let psql = PostgresServer.bin + "/psql"
}
