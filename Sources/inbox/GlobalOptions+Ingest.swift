import Foundation
import InboxCore

extension GlobalOptions {
    /// Opens the store for `inbox import` and `inbox sync`, on either engine: a SQLite file is
    /// created when missing (``openDatabase()``), a `postgresql://` URL opens PostgreSQL
    /// (``openOnEitherEngine()``, migrated when behind).
    func openForIngest() throws -> AppDatabase {
        PostgresURL.isPostgres(databasePath) ? try openOnEitherEngine() : try openDatabase()
    }

    /// What ingest leaves out on PostgreSQL so far (their store code is SQLite's only), one
    /// warning each: rules and automatic replies, and matching new tickets to stored orders.
    func ingestWarnings(_ database: AppDatabase, rules: RuleBook?) throws -> [String] {
        guard database.engine == .postgresql else { return [] }
        var warnings: [String] = []
        if let rules, !rules.isEmpty {
            warnings.append(
                "rules (and their automatic replies) do not run on PostgreSQL yet: the new mail was stored without them"
            )
        }
        if try database.hasStoredOrders() {
            warnings.append(
                "new tickets are not matched to stored orders on PostgreSQL yet (docs/orders.md)")
        }
        return warnings
    }
}
