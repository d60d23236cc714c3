import Foundation
import Synchronization

/// Other processes' commits to the store, on either engine (issue 22, "Live updates";
/// docs/team.md): "has anything changed since I last looked?" and "wait up to T for a change".
/// The TUI asks it in the pauses of the keys and reloads when the answer is yes.
///
/// - SQLite: `PRAGMA data_version` on the writer connection (``AppDatabase/dataVersion()``),
///   which moves only when another connection commits: each look is a query.
/// - PostgreSQL: the migration `v11-change-notify` makes every change to a ticket, message,
///   event, draft, presence or outbox row `pg_notify('inbox_changes', <ticket id>)` at commit.
///   The feed LISTENs on a connection of its own (never the pool's: a pooled connection is
///   taken for one transaction and would miss what arrives between two), opened on the first
///   look. A look reads what the server has already pushed down that socket (`poll` with no
///   wait, `PQconsumeInput`, `PQnotifies`): no round trip, so a caller may look often
///   (``isPushed``). Unlike SQLite's token, this process's own commits are news too (they come
///   from the pool's sessions): one reload more after an agent's own change.
///
/// A lost LISTEN connection is opened again (and LISTENs again) at once, and that look answers
/// "changed": what happened meanwhile is unknown, so the reader reloads. Lost is a server that
/// ended the session (a restart, `pg_terminate_backend`), a socket in error (the TCP keepalives
/// every connection has, ``PostgresURL/keepalives``), or silence: after ``pingEvery`` seconds
/// without news a look sends an empty query without waiting for it (``PostgresConnection/sendPing()``),
/// and one left unanswered ``pingTimeout`` seconds means a connection dropped without a word.
/// While the server cannot be reached, a look tries again at most every ``reconnectPause``
/// seconds (and throws what the connection said).
///
/// Thread-safe; one feed per reader of changes (each has its own "since I last looked").
public final class ChangeFeed: Sendable {
    /// The channel the PostgreSQL trigger notifies (migration `v11-change-notify`).
    public static let channel = "inbox_changes"
    /// Seconds between two tries to open a lost LISTEN connection again.
    static let reconnectPause: Double = 2
    /// Seconds of silence on the LISTEN connection before a look pings it.
    let pingEvery: Double
    /// Seconds a ping may go unanswered before the connection counts as lost.
    let pingTimeout: Double

    private enum Source: Sendable {
        case sqlite(AppDatabase)
        case postgresql(PostgresLogin)
    }

    private struct State: Sendable {
        /// SQLite: the last `data_version` seen.
        var version: Int?
        /// PostgreSQL: the LISTEN connection, nil until the first look and after it was lost.
        var connection: PostgresConnection?
        var lastConnectTry: ContinuousClock.Instant?
        /// PostgreSQL: when the server was last heard (a notification, a ping's answer, the connection).
        var lastHeard = ContinuousClock.now
        /// PostgreSQL: when the ping waiting for its answer was sent.
        var pingSent: ContinuousClock.Instant?
        /// PostgreSQL: how many pings were answered, and how many times the connection was lost.
        var pingsAnswered = 0
        var losses = 0
        /// How many looks saw a change: ``token()``.
        var changes = 0
    }

    private let source: Source
    private let state = Mutex(State())

    init(_ database: AppDatabase, pingEvery: Double = 30, pingTimeout: Double = 30) {
        self.pingEvery = pingEvery
        self.pingTimeout = pingTimeout
        switch database.storage {
        case .sqlite: source = .sqlite(database)
        case .postgresql(let pool): source = .postgresql(pool.login)
        }
    }

    /// Whether other processes' changes are pushed to this process (PostgreSQL): a look costs
    /// no query then, and a caller may look several times a second.
    public var isPushed: Bool {
        if case .postgresql = source { return true }
        return false
    }

    /// Whether another commit happened since the last look (or since the feed was made: the
    /// first look only notes where things stand on SQLite, and opens the LISTEN connection on
    /// PostgreSQL, and answers false).
    public func changed() throws -> Bool {
        try look(waiting: 0)
    }

    /// Waits up to `seconds` for another commit; returns whether one came (at once when one
    /// came since the last look). On PostgreSQL this waits on the socket; on SQLite it looks
    /// every 50 ms.
    public func wait(upTo seconds: Double) throws -> Bool {
        let deadline = Date().addingTimeInterval(max(0, seconds))
        while true {
            if try look(waiting: isPushed ? max(0, deadline.timeIntervalSinceNow) : 0) { return true }
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return false }
            // SQLite's next look; on PostgreSQL a wake-up without notifications, or no connection.
            Thread.sleep(forTimeInterval: min(0.05, left))
        }
    }

    /// A number that moves when another process commits: how many looks saw a change. The
    /// TUI's ``changeToken``.
    public func token() throws -> Int {
        _ = try changed()
        return state.withLock { $0.changes }
    }

    /// Closes the LISTEN connection (PostgreSQL); a later look opens it again.
    public func close() {
        state.withLock { state in
            state.connection?.close()
            state.connection = nil
        }
    }

    private func look(waiting seconds: Double) throws -> Bool {
        switch source {
        case .sqlite(let database):
            let version = try database.dataVersion()
            return state.withLock { state in
                defer { state.version = version }
                guard let last = state.version, last != version else { return false }
                state.changes += 1
                return true
            }
        case .postgresql(let login):
            // The connection is only ever used under the lock: one look at a time.
            return try state.withLock { state in
                let changed = try listen(login, &state, waiting: seconds)
                if changed { state.changes += 1 }
                return changed
            }
        }
    }

    /// Reads the notifications on the LISTEN connection (opening it first when there is none,
    /// or again when it was lost), waiting up to `seconds` for the first one.
    private func listen(_ login: PostgresLogin, _ state: inout State, waiting seconds: Double) throws -> Bool {
        var lost = false
        if let connection = state.connection {
            do {
                return try hear(connection, &state, waiting: seconds)
            } catch {
                // Ended by the server, in error, or silent: opened again below, at once.
                connection.close()
                state.connection = nil
                state.losses += 1
                lost = true
            }
        }
        if !lost, let last = state.lastConnectTry, ContinuousClock.now - last < .seconds(Self.reconnectPause) {
            return false
        }
        let firstTime = state.lastConnectTry == nil
        state.lastConnectTry = .now
        let connection = try login.connect()
        try connection.listen(Self.channel)
        state.connection = connection
        state.lastHeard = .now
        state.pingSent = nil
        // After a lost connection anything may have changed.
        return !firstTime
    }

    /// One look at a LISTEN connection that is up: its ping first (sent after ``pingEvery``
    /// seconds of silence, its answer read later), then the notifications.
    /// - Throws: when the connection is lost or its ping went unanswered ``pingTimeout`` seconds.
    private func hear(_ connection: PostgresConnection, _ state: inout State, waiting seconds: Double) throws -> Bool {
        let now = ContinuousClock.now
        if let sent = state.pingSent {
            if try connection.pingAnswered() {
                state.pingSent = nil
                state.lastHeard = now
                state.pingsAnswered += 1
            } else if now - sent > .seconds(pingTimeout) {
                throw connection.lost("no answer to a ping in \(Int(pingTimeout)) s")
            }
        } else if now - state.lastHeard > .seconds(pingEvery) {
            try connection.sendPing()
            state.pingSent = now
        }
        let heard = try connection.notifications(timeout: seconds)
        guard connection.isHealthy else { throw connection.lost("the connection was lost") }
        guard !heard.isEmpty else { return false }
        state.lastHeard = .now
        // A commit notifies once per ticket it touched: read the rest of a burst already here.
        while try !connection.notifications(timeout: 0).isEmpty {}
        return true
    }

    /// PostgreSQL: pings answered and LISTEN connections lost so far (for tests).
    var health: (pingsAnswered: Int, losses: Int) {
        state.withLock { ($0.pingsAnswered, $0.losses) }
    }
}

extension AppDatabase {
    /// A new feed of other processes' commits to this store (see ``ChangeFeed``).
    public func changeFeed() -> ChangeFeed { ChangeFeed(self) }
}
