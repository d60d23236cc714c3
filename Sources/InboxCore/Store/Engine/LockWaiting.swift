import Foundation
import GRDB

/// How every connection to the store and to its search index waits for a lock that another
/// connection or process holds (docs/ingest.md, "Several writers at once").
///
/// SQLite lets one connection write a file at a time; the others wait in a busy handler. The
/// busy handler is per connection, so it covers every database the connection has attached
/// (the store and the `search` index alike). SQLite's own timeout handler sleeps ever longer
/// between tries (up to 100 ms), and an import takes the store's lock again a few
/// microseconds after each commit: a waiting `inbox set` would wake in the gaps only by luck
/// and fail after the timeout. This handler tries every millisecond instead, and the import
/// and the background indexer pause a little longer than that between their transactions
/// (``yieldToWaiters()``), so a waiting agent gets in after at most one batch.
///
/// What the busy handler cannot cover: a transaction that has *read* a database and then
/// writes it. SQLite returns `SQLITE_BUSY` at once there (waiting could deadlock), or
/// `SQLITE_BUSY_SNAPSHOT` when another connection committed since the read. Store writes
/// avoid this with `BEGIN IMMEDIATE` (GRDB's default for writes); the index connection, which
/// must not lock the store, takes the index's lock by writing it first
/// (``SearchIndex``'s `writeIndex`), and retries a stale snapshot within ``timeout``.
enum LockWaiting {
    /// How long a statement waits for a lock before it fails: far longer than any
    /// transaction AgentInbox holds, so reaching it means a stuck process.
    static let timeout: Duration = .seconds(10)

    /// The busy handler for every connection: a try every millisecond (a few quicker ones
    /// first), giving up after ``timeout``. Thread-safe: keeps no state.
    static var busyMode: Database.BusyMode {
        let quickTries = 10
        let limit = quickTries + Int(timeout.components.seconds) * 1000
        return .callback { tries in
            // `tries` counts the calls for this one wait; each sleeps at least its interval,
            // so the wait lasts at least `timeout`, and ends.
            guard tries < limit else { return false }
            usleep(tries < quickTries ? 200 : 1000)
            return true
        }
    }

    /// The pause a long-running writer (an import's store batches, the background indexer)
    /// makes after each commit: longer than a waiter's polling interval, so a waiting agent's
    /// next try finds the lock free. 2 ms per batch of 500 messages is under 1% of an import.
    static func yieldToWaiters() {
        usleep(2000)
    }

    /// Runs `body` again while it fails with `SQLITE_BUSY_SNAPSHOT` (another connection
    /// committed between this transaction's first read and its first write), for at most
    /// ``timeout``. Other errors, and a stale snapshot past the bound, are thrown as they are.
    static func retryingStaleSnapshot<T>(_ body: () throws -> T) throws -> T {
        let deadline = ContinuousClock.now + timeout
        while true {
            do {
                return try body()
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_BUSY_SNAPSHOT {
                if ContinuousClock.now >= deadline { throw error }
                usleep(1000)
            }
        }
    }
}
