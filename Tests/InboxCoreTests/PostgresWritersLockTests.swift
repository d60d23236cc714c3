import Foundation
import InboxTestSupport
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
}
