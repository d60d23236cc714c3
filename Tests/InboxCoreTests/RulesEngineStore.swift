import Foundation
import InboxTestSupport

@testable import InboxCore

extension StoreSuite {
    /// A store on `engine` holding what `setup` wrote into a SQLite file (ingest, replies and
    /// the ticket lists run on SQLite only so far), copied to PostgreSQL as `inbox db copy`
    /// does. Keep the ``EngineStore`` alive while the store is used.
    func ruleStore(_ engine: StoreEngineKind, _ name: String, _ setup: (AppDatabase) throws -> Void) throws
        -> (store: EngineStore, db: AppDatabase)
    {
        let store = try EngineStore.make(engine, name)
        let source = engine == .sqlite ? store.location : store.folder.file("source.sqlite")
        let sqlite = try AppDatabase.open(path: source)
        try sqlite.syncQueues(config)
        try setup(sqlite)
        if engine == .postgresql { _ = try DatabaseCopy.run(from: source, to: store.location) }
        return (store, try store.open())
    }
}

extension AppDatabase {
    /// The events rules wrote on `ticket`, as `rule:NAME kind old → new`, through the seam.
    func seamRuleEvents(_ ticket: Int64) throws -> [String] {
        try seamEvents(ticket).filter { $0.actor.hasPrefix("rule:") }.map {
            "\($0.actor) \($0.kind) \($0.oldValue ?? "") → \($0.newValue ?? "")"
        }
    }
}
