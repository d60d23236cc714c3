import Foundation
import InboxCore
import Synchronization

/// A fresh, empty store on either engine, for the tests that run on both (issue 22):
/// `@Test(arguments: EngineStore.engines) func …(_ engine: StoreEngineKind)`.
///
/// On PostgreSQL every store is a database of its own on one server shared by the whole test
/// process: started on first use (initdb takes a second or two), stopped when the process exits.
public struct EngineStore: Sendable {
    /// The engines a test runs on: PostgreSQL only where it is installed (`make test` installs it).
    public static let engines: [StoreEngineKind] =
        PostgresServer.skipReason == nil ? [.sqlite, .postgresql] : [.sqlite]

    public let engine: StoreEngineKind
    /// What `--db` or `INBOX_DB` takes: the SQLite file's path, or the database's URL.
    public let location: String
    /// A folder for the test's other files (config, mail); removed with the value.
    public let folder: TemporaryFolder

    /// A new, empty store on `engine`, its schema in place. `name` says which test made it.
    public static func make(_ engine: StoreEngineKind, _ name: String) throws -> EngineStore {
        let folder = TemporaryFolder("engine-\(name)")
        switch engine {
        case .sqlite:
            let path = folder.file("inbox.sqlite")
            _ = try AppDatabase.open(path: path)
            return EngineStore(engine: engine, location: path, folder: folder)
        case .postgresql:
            let url = try SharedPostgres.newDatabase()
            _ = try AppDatabase.open(url: url)
            return EngineStore(engine: engine, location: url, folder: folder)
        }
    }

    /// Opens the store (as a command would: one value per process or per agent). Keep this
    /// value alive while the store is used: its folder, the SQLite file's, goes with it.
    public func open() throws -> AppDatabase {
        engine == .sqlite ? try AppDatabase.open(path: location) : try AppDatabase.open(url: location)
    }
}

/// The PostgreSQL server the tests of one process share (see ``EngineStore``).
public enum SharedPostgres {
    private static let state = Mutex<(server: PostgresServer?, databases: Int)>((nil, 0))

    /// The shared server, started on first use.
    public static func server() throws -> PostgresServer {
        try state.withLock { state in
            if let server = state.server { return server }
            let server = try PostgresServer()
            try server.start()
            state.server = server
            atexit { SharedPostgres.stopAtExit() }
            return server
        }
    }

    /// A new, empty database on the shared server; returns its URL.
    public static func newDatabase() throws -> String {
        let server = try server()
        let n = state.withLock { state in
            state.databases += 1
            return state.databases
        }
        return try server.createDatabase("t\(getpid())_\(n)")
    }

    /// Stops the server and removes its folder (the static keeps it from ever being deinited;
    /// left behind, each test run's cluster took about 2 GB of /tmp).
    private static func stopAtExit() {
        guard let server = state.withLock({ $0.server }) else { return }
        server.stop()
        try? FileManager.default.removeItem(atPath: server.dir)
    }
}
