import Foundation

/// An inbox on PostgreSQL (DESIGN §20, docs/team.md): a connection with the store's schema
/// migrated, for `inbox db info` and `inbox db copy` and full-text search
/// (``searchMessageIDs(_:)``). The store's intentions reach PostgreSQL through the store seam
/// instead (``AppDatabase/open(url:passwordCommand:)``, ``PostgresPool``).
public final class PostgresStore: @unchecked Sendable {
    public let connection: PostgresConnection

    /// The migration names, in order: the same as SQLite's.
    public static var migrationNames: [String] { PostgresSchema.migrations.map(\.name) }

    /// Connects to `url` and applies the migrations it lacks. When the URL holds no password
    /// and `passwordCommand` (`database_password_command`) is set, its first output line is the
    /// password, handed to libpq for this connection only; otherwise libpq reads `PGPASSWORD`
    /// or `~/.pgpass`.
    public static func open(url: String, passwordCommand: String? = nil) throws -> PostgresStore {
        let store = PostgresStore(connection: try PostgresLogin(url: url, passwordCommand: passwordCommand).connect())
        try store.migrate()
        return store
    }

    /// The password `database_password_command` prints, through the shared runner (first line,
    /// CR/LF stripped, empty refused, 30 s timeout). Errors name the key, never the output.
    static func runPasswordCommand(_ command: String) throws -> String {
        do {
            return try ExternalCommand(command, purpose: "database_password_command (config.toml)").secret()
        } catch let error as InboxError {
            throw error
        } catch let error as CustomStringConvertible & Error {
            throw InboxError(.config, error.description)
        }
    }

    init(connection: PostgresConnection) { self.connection = connection }

    /// One advisory lock for all of the store's migrations: two hosts starting at once take turns.
    private static let migrationLock: Int64 = 0x696E_626F_7800  // "inbox\0"

    /// Applies, in order and each in its own transaction, the migrations not yet recorded.
    /// A database migrated by a newer inbox (a name this version does not know) is refused.
    func migrate() throws {
        try connection.transaction {
            try connection.execute("SELECT pg_advisory_xact_lock($1)", [.int(Self.migrationLock)])
            try connection.execute(
                """
                CREATE TABLE IF NOT EXISTS \(PostgresSchema.migrationsTable) (
                    identifier text PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
        }
        for migration in PostgresSchema.migrations {
            try connection.transaction {
                try connection.execute("SELECT pg_advisory_xact_lock($1)", [.int(Self.migrationLock)])
                let done = try connection.execute(
                    "SELECT 1 FROM \(PostgresSchema.migrationsTable) WHERE identifier = $1", [.text(migration.name)])
                guard done.rows.isEmpty else { return }
                do {
                    try connection.executeScript(migration.sql)
                } catch let error as InboxError {
                    throw InboxError(
                        .database,
                        "Cannot apply the PostgreSQL migration \(migration.name) to \(connection.maskedURL): \(error.description) (the database's owner runs the first `inbox db info`; docs/team.md, \"Roles and grants\")"
                    )
                }
                try connection.execute(
                    "INSERT INTO \(PostgresSchema.migrationsTable)(identifier) VALUES ($1)", [.text(migration.name)])
            }
        }
        let applied = try connection.execute("SELECT identifier FROM \(PostgresSchema.migrationsTable)").rows
            .compactMap { $0.first?.string }
        let unknown = Set(applied).subtracting(Self.migrationNames)
        if !unknown.isEmpty {
            throw InboxError(
                .database,
                "The PostgreSQL database \(connection.maskedURL) was migrated by a newer inbox (\(unknown.sorted().joined(separator: ", "))): upgrade inbox on this machine"
            )
        }
    }

    /// The ids of the messages whose subject, sender or text hold every word of `words`,
    /// newest first: the PostgreSQL side of the search's words (`tsvector @@ tsquery` over
    /// the GIN index), folded as SQLite's index folds them.
    public func searchMessageIDs(_ words: String, limit: Int = 1000) throws -> [Int64] {
        let folded = SearchFold.fold(words)
        return try connection.execute(
            """
            SELECT id FROM message WHERE search @@ plainto_tsquery('inbox_search', $1)
            ORDER BY id DESC LIMIT $2
            """, [.text(folded), .int(Int64(limit))]
        ).rows.compactMap { $0.first?.int }
    }
}
