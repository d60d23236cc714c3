import Foundation
import InboxCore

extension GlobalOptions {
    /// Opens the database for a command that runs on both engines (`inbox outbox`): a
    /// `postgresql://` URL opens PostgreSQL (with `database_password_command`, migrated when
    /// behind), anything else the existing SQLite file as ``openExistingDatabase()`` does.
    /// SQLite's maintenance on open (closing solved tickets, the search index's backlog) is not
    /// yet on the store seam, so a PostgreSQL store skips it.
    func openOnEitherEngine() throws -> AppDatabase {
        let config = try loadConfig()
        let location = databasePath
        guard PostgresURL.isPostgres(location) else { return try openExistingDatabase() }
        return try AppDatabase.open(url: location, passwordCommand: config.database_password_command)
    }
}
