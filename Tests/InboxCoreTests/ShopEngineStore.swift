import Foundation
import InboxTestSupport

@testable import InboxCore

/// A store on `engine` whose mail went in on SQLite (issue 22: ingest moves to PostgreSQL at
/// the same time as orders, surveys and channels), copied with ``DatabaseCopy`` for PostgreSQL.
/// The tests of those areas then write their own data through the store seam on either engine.
struct ShopEngineStore {
    let db: AppDatabase
    /// The stores behind `db`: kept alive while it is used.
    let stores: [EngineStore]

    static func make(
        _ engine: StoreEngineKind, _ name: String, fill: (AppDatabase) throws -> Void = { _ in }
    ) throws -> ShopEngineStore {
        let sqlite = try EngineStore.make(.sqlite, name)
        let filled = try sqlite.open()
        try fill(filled)
        guard engine == .postgresql else { return ShopEngineStore(db: filled, stores: [sqlite]) }
        let postgres = try EngineStore.make(.postgresql, name)
        _ = try DatabaseCopy.run(from: sqlite.location, to: postgres.location)
        let db = try postgres.open()
        return ShopEngineStore(db: db, stores: [sqlite, postgres])
    }

    /// One number the store's seam reads, for what no public read shows yet on PostgreSQL.
    func count(_ sql: String, _ arguments: StoreArguments = []) throws -> Int {
        try db.snapshot { try $0.value(Int.self, sql, arguments) } ?? -1
    }
}
