import Foundation

/// The writers' lock taken exclusive (``PostgresPool/transaction(readOnly:_:)``): a write refused
/// ``PostgresPool/triesBeforeAlone`` times waits for the writers under way, each holding the lock
/// shared, and then runs alone. A writer that never lets go (an inbox stopped in a debugger, a
/// host whose process hangs mid-transaction) would make that wait, and every writer queued behind
/// it, last forever: the wait is bounded, and its error names the sessions holding the lock.
extension PostgresPool {
    /// Seconds a write that runs alone waits for the writers under way before it gives up.
    static let aloneWait = 30

    /// Takes ``writersLock`` exclusive, waiting at most ``aloneWait`` seconds (`lock_timeout`,
    /// for this one statement: the session's own setting is back afterwards).
    /// - Throws: on a timeout, an error naming the sessions that hold the lock and what to do.
    static func takeWritersLockAlone(_ connection: PostgresConnection) throws {
        try connection.execute("SET lock_timeout = '\(aloneWait)s'")
        do {
            try connection.execute("SELECT pg_advisory_lock(\(writersLock))")
        } catch {
            let state = connection.lastErrorState
            resetLockTimeout(connection)
            guard state == "55P03" else { throw error }
            let holders = (try? writersLockHolders(connection)) ?? []
            let who =
                holders.isEmpty
                ? "another session" : "session" + (holders.count == 1 ? " " : "s ") + holders.joined(separator: ", ")
            let terminate = holders.isEmpty ? "PID" : String(holders[0].prefix { $0 != " " })
            throw InboxError(
                .database,
                "PostgreSQL refused this change \(triesBeforeAlone) times as conflicting, and then it waited \(aloneWait) s to run alone while \(who) kept the writers' lock: if that inbox is stuck, stop it (or end its session: SELECT pg_terminate_backend(\(terminate)), as a superuser or the same role), then try again (docs/team.md, \"Sending from several hosts\")"
            )
        }
        do {
            try connection.execute("RESET lock_timeout")
        } catch {
            // The lock is ours but the session is not as it was: closing it lets the lock go.
            connection.close()
            throw error
        }
    }

    private static func resetLockTimeout(_ connection: PostgresConnection) {
        if (try? connection.execute("RESET lock_timeout")) == nil { connection.close() }
    }

    /// The sessions holding the writers' lock in this database: "pid (application, host, state)".
    static func writersLockHolders(_ connection: PostgresConnection) throws -> [String] {
        try connection.execute(
            """
            SELECT l.pid::text || ' (' || COALESCE(NULLIF(a.application_name, ''), '?') || ' on '
                || COALESCE(host(a.client_addr), 'this host') || ', ' || COALESCE(a.state, '?') || ')'
            FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                AND (l.classid, l.objid) = (\(writersLock))
                AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                AND l.pid <> pg_backend_pid()
            ORDER BY l.pid
            """
        ).rows.compactMap { $0.first?.string }
    }
}
