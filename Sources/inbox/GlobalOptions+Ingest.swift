import Foundation
import InboxCore

extension GlobalOptions {
    /// Opens the store for `inbox import` and `inbox sync`, on either engine: a SQLite file is
    /// created when missing (``openDatabase()``), a `postgresql://` URL opens PostgreSQL
    /// (``openOnEitherEngine()``, migrated when behind).
    func openForIngest() throws -> AppDatabase {
        PostgresURL.isPostgres(databasePath) ? try openOnEitherEngine() : try openDatabase()
    }

}
