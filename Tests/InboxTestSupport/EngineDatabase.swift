import Foundation
import InboxCore

extension StoreFixture {
    /// An empty database on `engine` with `config`'s queues, for the model tests that run on
    /// both engines (issue 22), such as the TUI's: in memory on SQLite (as ``database(_:)``),
    /// a new database on the test process's shared server on PostgreSQL (``EngineStore``). It
    /// lives as long as the returned value on SQLite and as long as the server on PostgreSQL:
    /// there is nothing else to keep alive.
    public static func database(_ engine: StoreEngineKind, _ config: InboxConfig) throws -> AppDatabase {
        let db =
            switch engine {
            case .sqlite: try AppDatabase.inMemory()
            case .postgresql: try AppDatabase.open(url: try SharedPostgres.newDatabase())
            }
        try db.syncQueues(config)
        return db
    }

    /// ``database(_:_:)`` with `messages` ingested (one batch, as an import stores it).
    public static func database(_ engine: StoreEngineKind, _ config: InboxConfig, ingesting messages: [IncomingMessage])
        throws -> AppDatabase
    {
        let db = try database(engine, config)
        if !messages.isEmpty { _ = try db.ingest(messages, config: config) }
        return db
    }
}

extension TestDesk {
    /// This desk with its store on `engine`: on SQLite the file in the desk's folder, as
    /// before; on PostgreSQL a new database on the shared server (migrated), which INBOX_DB
    /// then names for every `inbox` the desk runs.
    public func on(_ engine: StoreEngineKind) throws -> TestDesk {
        guard engine == .postgresql else { return self }
        var desk = self
        let url = try SharedPostgres.newDatabase()
        _ = try AppDatabase.open(url: url)
        desk.env["INBOX_DB"] = url
        return desk
    }

    /// The desk's store, opened in this process (a file path or a PostgreSQL URL).
    public func openDatabase() throws -> AppDatabase { try AppDatabase.open(url: database) }
}
