import Foundation
import GRDB
import InboxTestSupport

@testable import InboxCore

/// A SQLite store built by a test (in memory or in a file) as each engine reads it (issue 22):
/// itself on SQLite, a copy in a new database on the shared PostgreSQL server (through
/// `inbox db copy`'s library) on PostgreSQL. For the read side's tests, whose data is written
/// by intentions not yet on the seam: the same rows, read by the one function on both engines.
enum EngineCopy {
    static func reading(_ source: AppDatabase, on engine: StoreEngineKind) throws -> AppDatabase {
        guard engine == .postgresql else { return source }
        let folder = TemporaryFolder("engine-copy")
        let path = folder.file("copy.sqlite")
        try source.writer.writeWithoutTransaction { db in
            try db.execute(sql: "VACUUM INTO ?", arguments: [path])
        }
        let url = try SharedPostgres.newDatabase()
        _ = try DatabaseCopy.run(from: path, to: url)
        let copy = try AppDatabase.open(url: url)
        precondition(copy.engine == .postgresql)
        return copy
    }
}
