import ArgumentParser
import Foundation
import InboxCore
import Logging

/// `inbox db`: the database itself, on either engine (docs/team.md).
struct DbCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Show the database, or copy an inbox between SQLite and PostgreSQL.",
        subcommands: [DbInfoCommand.self, DbCopyCommand.self])
}

struct DbInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "The engine, its version, sizes and row counts of the database (--db PATH or postgresql:// URL).")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON (see docs/json.md).") var json = false

    func run() throws {
        let config = try global.loadConfig()
        let info = try DatabaseInfo.load(global.databasePath, passwordCommand: config.database_password_command)
        if json {
            print(try Output.json(info))
            return
        }
        Output.line("engine      \(info.engine) \(info.version)")
        Output.line("database    \(info.location)")
        Output.line("size        \(Self.bytes(info.bytes))")
        if let search = info.searchIndexBytes { Output.line("search      \(Self.bytes(search)) (index file)") }
        Output.line("migrations  \(info.migrations) (last: \(info.migration ?? "none"))")
        for key in ["ticket", "message", "raw_message", "event", "customer", "outbox"] {
            Output.line("\(key.padding(toLength: 12, withPad: " ", startingAt: 0))\(info.counts[key] ?? 0)")
        }
    }

    static func bytes(_ n: Int64) -> String {
        if n >= 1 << 30 { return String(format: "%.1f GiB", Double(n) / Double(1 << 30)) }
        if n >= 1 << 20 { return String(format: "%.1f MiB", Double(n) / Double(1 << 20)) }
        if n >= 1 << 10 { return String(format: "%.1f KiB", Double(n) / Double(1 << 10)) }
        return "\(n) B"
    }
}

struct DbCopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy every table of an inbox from SRC to DST (SQLite file or postgresql:// URL, either way).",
        discussion: """
            Rows keep their ids and raw messages their bytes. Rows DST already has are left as
            they are, so running it again adds nothing and finishes an interrupted copy.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The inbox to read: a file or postgresql:// URL.", valueName: "src")) var source:
        String
    @Argument(help: ArgumentHelp("The inbox to write (created when missing).", valueName: "dst")) var destination:
        String
    @Flag(help: "Print the summary as JSON (see docs/json.md).") var json = false

    func run() throws {
        let config = try global.loadConfig()
        try global.startLog("db copy")
        let command = config.database_password_command ?? ""
        Logger(label: "inbox.db").info(
            "copying \(PostgresURL.masked(source)) → \(PostgresURL.masked(destination))\(command.isEmpty ? "" : "; a postgresql:// URL without a password gets it from database_password_command")"
        )
        let bar = ProgressBar(enabled: Output.stderrIsTerminal && !json)
        let start = Date()
        let report = try DatabaseCopy.run(
            from: source, to: destination, passwordCommand: config.database_password_command
        ) { table, done, total in
            bar.update(
                label: table.isEmpty ? "done" : table, done: done, total: total, unit: "rows",
                elapsed: Date().timeIntervalSince(start))
        }
        bar.finish()
        Logger(label: "inbox.db").notice(
            "copied \(report.source) → \(report.destination): \(report.read) rows read, \(report.added) added")
        if json {
            print(try Output.json(report))
            return
        }
        Output.line("Copied \(report.source) → \(report.destination): \(report.read) rows read, \(report.added) added.")
        for t in report.tables where t.read > 0 {
            Output.line(
                "  \(t.table.padding(toLength: 22, withPad: " ", startingAt: 0))\(t.read) read, \(t.added) added")
        }
    }
}
