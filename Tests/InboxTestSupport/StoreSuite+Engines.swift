import Foundation
import InboxCore

/// A store suite's store on either engine (issue 22), for the workflow's tests that run on
/// both: `@Test(arguments: EngineStore.engines)`.
public struct EngineDesk: Sendable {
    /// Keeps the store's folder (and, on SQLite, its file) alive.
    public let store: EngineStore
    public let db: AppDatabase
    /// The SQLite file the mail was ingested into (the store itself on SQLite).
    public let source: String
}

extension StoreSuite {
    /// A store on `engine` with the suite's queues and `messages` ingested. Ingest runs on
    /// SQLite only so far: for PostgreSQL the mail goes into a SQLite file first, which
    /// `DatabaseCopy` copies over, as `inbox db copy` would.
    public func makeStore(_ engine: StoreEngineKind, _ name: String, ingesting messages: [IncomingMessage]) throws
        -> EngineDesk
    {
        let store = try EngineStore.make(engine, name)
        let source = engine == .sqlite ? store.location : store.folder.file("source.sqlite")
        let sqlite = try AppDatabase.open(path: source)
        try sqlite.syncQueues(config)
        if !messages.isEmpty { _ = try sqlite.ingest(messages, config: config) }
        if engine == .postgresql { _ = try DatabaseCopy.run(from: source, to: store.location) }
        return EngineDesk(store: store, db: try store.open(), source: source)
    }
}
