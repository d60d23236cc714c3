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
/// A lost LISTEN connection (a server restart) is opened again on a later look, at most every
/// ``reconnectPause`` seconds, and that look answers "changed": what happened meanwhile is unknown.
///
/// Thread-safe; one feed per reader of changes (each has its own "since I last looked").
public final class ChangeFeed: Sendable {
    /// The channel the PostgreSQL trigger notifies (migration `v11-change-notify`).
    public static let channel = "inbox_changes"
    /// Seconds between two tries to open a lost LISTEN connection again.
    static let reconnectPause: Double = 2

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
        /// How many looks saw a change: ``token()``.
        var changes = 0
    }

    private let source: Source
    private let state = Mutex(State())

    init(_ database: AppDatabase) {
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
                let changed = try Self.listen(login, &state, waiting: seconds)
                if changed { state.changes += 1 }
                return changed
            }
        }
    }

    /// Reads the notifications on the LISTEN connection (opening it first when there is none),
    /// waiting up to `seconds` for the first one.
    private static func listen(_ login: PostgresLogin, _ state: inout State, waiting seconds: Double) throws -> Bool {
        guard let connection = state.connection else {
            if let last = state.lastConnectTry, ContinuousClock.now - last < .seconds(reconnectPause) {
                return false
            }
            let firstTime = state.lastConnectTry == nil
            state.lastConnectTry = .now
            let connection = try login.connect()
            try connection.listen(channel)
            state.connection = connection
            // After a lost connection anything may have changed.
            return !firstTime
        }
        do {
            guard try !connection.notifications(timeout: seconds).isEmpty else { return false }
            // A commit notifies once per ticket it touched: read the rest of a burst already here.
            while try !connection.notifications(timeout: 0).isEmpty {}
            return true
        } catch {
            connection.close()
            state.connection = nil
            throw error
        }
    }
}

extension AppDatabase {
    /// A new feed of other processes' commits to this store (see ``ChangeFeed``).
    public func changeFeed() -> ChangeFeed { ChangeFeed(self) }
}
