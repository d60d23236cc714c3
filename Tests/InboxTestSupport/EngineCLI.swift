import Foundation
import InboxCore
import Synchronization

extension EngineStore {
    /// What `INBOX_DB` (or `--db`) takes in a CLI test on `engine`: on SQLite `sqlite`, the
    /// test's own file as before (made by `inbox init` or the first command); on PostgreSQL a
    /// new, migrated database on the shared server (it outlives the value, until the process
    /// ends). `name` says which test made it.
    public static func location(_ engine: StoreEngineKind, _ name: String, sqlite: String) throws -> String {
        engine == .sqlite ? sqlite : try make(.postgresql, name).location
    }
}

extension TestDesk {
    /// This desk with its store on `engine` (``EngineStore/location(_:_:sqlite:)``).
    public func on(_ engine: StoreEngineKind, _ name: String) throws -> TestDesk {
        var desk = self
        desk.env["INBOX_DB"] = try EngineStore.location(engine, name, sqlite: database)
        return desk
    }
}

/// Where a CLI suite's store is, for the suites whose environment is a property: each test
/// case gets a suite value of its own, and its set-up puts the store on the test's engine
/// here (``EngineStore/location(_:_:sqlite:)``). Until then, the SQLite file given.
public final class StoreLocation: Sendable {
    private let value: Mutex<String>

    public init(sqlite: String) { value = Mutex(sqlite) }

    /// What `INBOX_DB` takes.
    public var location: String { value.withLock { $0 } }

    /// Puts the store on `engine` (a new database on PostgreSQL; the SQLite file as it was).
    public func use(_ engine: StoreEngineKind, _ name: String) throws {
        let sqlite = location
        let location = try EngineStore.location(engine, name, sqlite: sqlite)
        value.withLock { $0 = location }
    }
}
