import ArgumentParser
import Foundation
import InboxCore

/// Options every command accepts (DESIGN §12).
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Database file, or a postgresql:// URL for `inbox db` and `inbox outbox` (env INBOX_DB).",
            valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("Config file (env INBOX_CONFIG).", valueName: "path"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("Agent name for the audit log (env INBOX_AGENT).", valueName: "name"))
    var agent: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Log file detail: trace, debug, info (default), notice, warning, error or critical (env INBOX_LOG_LEVEL).",
            valueName: "level"))
    var logLevel: String?

    /// --db, else INBOX_DB, else the config's `database`, else the default file.
    var databasePath: String {
        if let db, !db.isEmpty { return db }
        if let env = ProcessInfo.processInfo.environment["INBOX_DB"], !env.isEmpty { return env }
        if let configured = (try? loadConfig())?.database, !configured.isEmpty { return configured }
        return InboxPaths.databaseFile(explicit: nil)
    }
    var configPath: String { InboxPaths.configFile(explicit: config) }

    var agentName: String {
        if let agent, !agent.isEmpty { return agent }
        if let env = ProcessInfo.processInfo.environment["INBOX_AGENT"], !env.isEmpty { return env }
        return ProcessInfo.processInfo.environment["USER"] ?? "agent"
    }

    func loadConfig() throws -> InboxConfig { try InboxConfig.load(path: configPath) }

    /// Who `assignee:me` is: the agent name (--agent, INBOX_AGENT, $USER) and the configured
    /// agent's name and address.
    func me() -> [String] {
        var names = [agentName]
        if let configured = (try? loadConfig())?.agent {
            names.append(configured.name)
            if let e = configured.email { names.append(e) }
        }
        return names
    }

    /// Opens (creating) the database and applies the time-based rules (solved tickets close
    /// after 4 days) so every command sees them.
    /// A search-index backlog that is built, with a notice, when the database is opened.
    static let announcedBacklog = 5_000

    func openDatabase() throws -> AppDatabase {
        // A broken or misspelt config.toml is reported by every command, even one that does
        // not need it yet: a silent success would hide the mistake until it matters.
        _ = try loadConfig()
        let database = try AppDatabase.open(path: databasePath)
        try database.runMaintenance()
        // A whole index to build (after an upgrade or a deleted index file) is done here, with
        // a word on stderr, rather than silently inside the first search or TUI keystroke.
        if let backlog = try? database.searchIndexBacklog(), backlog >= Self.announcedBacklog {
            Output.error("Building the search index for \(backlog) messages (once; about 8,000 a second)…")
            try database.catchUpSearchIndex()
        }
        return database
    }

    /// The config and the existing database: what a command that changes tickets opens first.
    func openConfigAndDatabase() throws -> (InboxConfig, AppDatabase) {
        let config = try loadConfig()
        return (config, try openExistingDatabase())
    }

    /// Opens an existing database; a missing one is an error that says how to create it.
    func openExistingDatabase() throws -> AppDatabase {
        _ = try loadConfig()
        try AppDatabase.checkLocation(databasePath)
        guard FileManager.default.fileExists(atPath: databasePath) else {
            throw InboxError(.notFound, "No database at \(databasePath) (run `inbox init`, or pass --db PATH)")
        }
        return try openDatabase()
    }
}
