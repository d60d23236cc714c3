import Foundation
import InboxTestSupport
import Synchronization
import Testing

@testable import InboxCore

/// A PostgreSQL write transaction refused as conflicting runs again; after
/// `PostgresPool.triesBeforeAlone` refusals it runs alone, holding the writers' lock exclusive,
/// so that a long one (an import's batch beside agents' changes) is not refused 30 times in a
/// row. Until then it holds that lock shared, as every write transaction does.
@Suite(.enabled(if: EngineStore.engines.contains(.postgresql)))
struct PostgresWritersLockTests {
    /// How this session holds the writers' advisory lock: "ShareLock", "ExclusiveLock" or ""
    /// (a lock not given back shows as a second mode).
    static func writersLockMode(_ db: any StoreConnection) throws -> String {
        let (classID, objectID) = (1_768_842_338, 22)
        return try db.value(
            String.self,
            """
            SELECT COALESCE(string_agg(mode, ',' ORDER BY mode), '') FROM pg_locks
            WHERE locktype = 'advisory' AND classid = ? AND objid = ? AND objsubid = 2 AND pid = pg_backend_pid()
            """, [classID, objectID]) ?? ""
    }

    @Test func aWriteRefusedThreeTimesRunsAloneAndLetsGoAfterwards() throws {
        let store = try EngineStore.make(.postgresql, "writers-lock")
        let database = try store.open()
        var modes: [String] = []
        let attempts = try database.transaction { db in
            modes.append(try Self.writersLockMode(db))
            if modes.count <= PostgresPool.triesBeforeAlone {
                // A serialization failure, as PostgreSQL reports one.
                try db.exec("DO $$ BEGIN RAISE EXCEPTION 'refused' USING ERRCODE = '40001'; END $$", [])
            }
            return modes.count
        }
        #expect(attempts == PostgresPool.triesBeforeAlone + 1)
        #expect(modes == Array(repeating: "ShareLock", count: PostgresPool.triesBeforeAlone) + ["ExclusiveLock"])
        // Given back: the next transaction, on the same pooled connection, holds it shared again.
        #expect(try database.transaction { try Self.writersLockMode($0) } == "ShareLock")
        // Readers take no part.
        #expect(try database.snapshot { try Self.writersLockMode($0) } == "")
    }
    /// A stuck writer (a session that took the writers' lock shared and never lets go) holds
    /// back a write that must run alone for `PostgresPool.aloneWait` seconds, not forever: then
    /// that write fails with an error naming the stuck session and what to do, and the pool's
    /// connection is as before (no lock kept, `lock_timeout` back to the session's own).
    @Test func aStuckWriterHoldsBackOneThatMustRunAloneForAWhileNotForever() throws {
        let store = try EngineStore.make(.postgresql, "writers-stuck")
        let database = try store.open()
        let stuck = try PostgresConnection(url: store.location)
        defer { stuck.close() }
        let stuckPID = try #require(try stuck.execute("SELECT pg_backend_pid()").scalar?.int)
        try stuck.execute("SELECT pg_advisory_lock_shared(\(PostgresPool.writersLock))")

        final class Outcome: Sendable {
            let value = Mutex<Result<Int, InboxError>?>(nil)
        }
        let outcome = Outcome()
        let started = Date()
        Thread.detachNewThread {
            let attempts = Mutex(0)
            let result = Result<Int, any Error> {
                try database.transaction { db in
                    let attempt = attempts.withLock { n in
                        n += 1
                        return n
                    }
                    if attempt <= PostgresPool.triesBeforeAlone {
                        try db.exec("DO $$ BEGIN RAISE EXCEPTION 'refused' USING ERRCODE = '40001'; END $$", [])
                    }
                    return attempt
                }
            }
            outcome.value.withLock {
                $0 = result.mapError { $0 as? InboxError ?? InboxError(.io, "not an InboxError: \($0)") }
            }
        }
        // Polled with a generous deadline: without the bound the write waits forever.
        let deadline = Date().addingTimeInterval(Double(PostgresPool.aloneWait) + 90)
        while outcome.value.withLock({ $0 == nil }) && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        let result = try #require(outcome.value.withLock { $0 }, "the write still waits for the stuck writer")
        #expect(Date().timeIntervalSince(started) >= Double(PostgresPool.aloneWait) - 1)
        switch result {
        case .success(let attempts): Issue.record("the write ran (\(attempts) attempts) beside a shared holder")
        case .failure(let error):
            #expect(error.description.contains("pg_terminate_backend(\(stuckPID))"), "\(error)")
            #expect(error.description.contains("waited \(PostgresPool.aloneWait) s to run alone"), "\(error)")
        }
        // The pool's connection kept nothing: no writers' lock beyond this write's shared one,
        // and the session's lock_timeout is its own again.
        #expect(try database.transaction { try Self.writersLockMode($0) } == "ShareLock")
        #expect(try database.transaction { try $0.value(String.self, "SHOW lock_timeout", []) } == "0")

        // Once the stuck writer lets go, a write refused three times runs alone again.
        try stuck.execute("SELECT pg_advisory_unlock_shared(\(PostgresPool.writersLock))")
        var modes: [String] = []
        try database.transaction { db in
            modes.append(try Self.writersLockMode(db))
            if modes.count <= PostgresPool.triesBeforeAlone {
                try db.exec("DO $$ BEGIN RAISE EXCEPTION 'refused' USING ERRCODE = '40001'; END $$", [])
            }
        }
        #expect(modes.last == "ExclusiveLock")
    }
}
