import Foundation
import InboxCore

/// A fresh store on either engine, opened, with a config's queues: for the store tests that
/// write through the library from the start (ingest, imports, replies run on both engines).
public struct EngineDB: Sendable {
    /// Keeps the store's folder (and, on SQLite, its file) alive.
    public let store: EngineStore
    public let db: AppDatabase

    /// A new store on `engine` with `config`'s queues. `name` says which test made it.
    public static func make(_ engine: StoreEngineKind, _ name: String, config: InboxConfig = InboxConfig()) throws
        -> EngineDB
    {
        let store = try EngineStore.make(engine, name)
        let db = try store.open()
        try db.syncQueues(config)
        return EngineDB(store: store, db: db)
    }
}

extension StoreSuite {
    /// A new store on `engine` with the suite's queues (``makeDB()`` on either engine).
    public func engineDB(_ engine: StoreEngineKind, _ name: String) throws -> EngineDB {
        try EngineDB.make(engine, name, config: config)
    }
}
