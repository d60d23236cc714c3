import ArgumentParser
import Foundation
import InboxCore
import InboxMail

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract:
            "Import mail from mbox files, Maildirs, .eml files or export archives, and chats, web forms and marketplace messages as JSON Lines (re-running adds nothing twice).",
        subcommands: [ImportMbox.self, ImportMaildir.self, ImportEml.self, ImportArchive.self, ImportJSONL.self])
}

struct ImportOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Files or folders to import.", valueName: "path"))
    var paths: [String]

    @Option(help: "Put every new ticket in this queue instead of routing by recipient address.")
    var queue: String?

    @Flag(help: "Historical import: keep original dates, land tickets as solved, trigger nothing.")
    var archive = false

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func validate() throws {
        if paths.isEmpty { throw ValidationError("Name at least one path to import.") }
    }
}

/// Runs an import with a progress bar on a terminal and a one-line summary at the end.
enum ImportRunner {
    static func run(
        global: GlobalOptions, options: ImportOptions, kind: String, body: (SpoolImporter) -> SpoolImporter.ImportResult
    ) throws {
        try global.startLog("import \(kind)")
        let config = try global.loadConfig()
        let database = try global.openForIngest()
        let bar = ProgressBar(enabled: Output.stderrIsTerminal && !options.json)
        var ingest = IngestOptions(archive: options.archive, queue: options.queue, actor: "import")
        if !options.archive { ingest.rules = try global.loadRules(config) }
        let importer = try SpoolImporter(
            database: database, config: config, options: ingest, progress: { bar.update($0) })
        let started = Date()
        var result = body(importer)
        bar.finish()
        // New tickets may be about stored orders (docs/orders.md); nothing to do without orders.
        try database.matchOrders(config: config)
        for failure in result.failures { Output.error("error: \(failure)") }
        for warning in result.warnings { Output.error("warning: \(warning)") }
        let seconds = Date().timeIntervalSince(started)
        if options.json {
            struct Report: Encodable {
                var summary: IngestSummary
                var failures: [String]
                var warnings: [String]
                var seconds: Double
                var peak_rss_kib: Int
            }
            print(
                try Output.json(
                    Report(
                        summary: result.summary, failures: result.failures, warnings: result.warnings, seconds: seconds,
                        peak_rss_kib: Output.peakRSSKiB())))
        } else {
            let rate = seconds > 0 ? Int(Double(result.summary.messages) / seconds) : 0
            Output.line("Imported \(result.summary.line) (\(String(format: "%.1f", seconds)) s, \(rate)/s).")
        }
        try TickRunner.queueAutoReplies(database: database, config: config, quiet: options.json)
        if !result.failures.isEmpty { throw ExitCode.failure }
    }
}

struct ImportMbox: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mbox",
        abstract: "Import mbox files (mboxrd or mboxo); a live /var/mail spool is read under its locks.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ImportOptions

    @Option(help: "How >From lines are unescaped: mboxrd (default) or mboxo.")
    var flavor: String = "mboxrd"

    @Flag(inversion: .prefixedNo, help: "Take the spool locks (dotlock + fcntl); default: only under /var/mail.")
    var lock: Bool?

    func validate() throws {
        if MboxFlavor(rawValue: flavor) == nil { throw ValidationError("--flavor must be mboxrd or mboxo.") }
    }

    func run() throws {
        try ImportRunner.run(global: global, options: options, kind: "mbox") {
            $0.importMbox(paths: options.paths, flavor: MboxFlavor(rawValue: flavor)!, lock: lock)
        }
    }
}

struct ImportMaildir: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maildir", abstract: "Import Maildirs (new/ and cur/, and Maildirs nested below).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ImportOptions

    func run() throws {
        try ImportRunner.run(global: global, options: options, kind: "maildir") {
            $0.importMaildir(paths: options.paths)
        }
    }
}

struct ImportEml: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eml", abstract: "Import single-message files (a folder imports its .eml files).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ImportOptions

    func run() throws {
        try ImportRunner.run(global: global, options: options, kind: "eml") { $0.importEml(paths: options.paths) }
    }
}

struct ImportJSONL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jsonl",
        abstract:
            "Import messages of other channels (chat, web forms, marketplaces) as JSON Lines: inbox import jsonl FILE|- (docs/channels.md).",
        discussion: """
            One JSON object a line: channel, conversation, message, customer {name, email, handle, phone}, at, \
            direction, text, subject, attachments (paths relative to the file), order, agent. Each bad line is \
            reported as FILE line N and skipped; the exit status is 1 only when nothing could be read.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ImportOptions

    func run() throws {
        try global.startLog("import jsonl")
        let config = try global.loadConfig()
        let database = try global.openForIngest()
        try database.syncQueues(config)
        var ingest = IngestOptions(archive: options.archive, queue: options.queue, actor: "import")
        if !options.archive { ingest.rules = try global.loadRules(config) }
        let importer = ChannelImporter(database: database, config: config, options: ingest)
        let started = Date()
        var summary = IngestSummary()
        var badLines: [String] = []
        var failures: [String] = []
        for path in options.paths {
            do {
                let result = try importer.importFile(path)
                summary.add(result.summary)
                badLines += result.badLines
                if !result.readAnything { summary.failedInputs += 1 }
            } catch let error as InboxError {
                failures.append(error.description)
                summary.failedInputs += 1
            }
        }
        try database.matchOrders(config: config)
        for failure in failures { Output.error("error: \(failure)") }
        for line in badLines { Output.error(line) }
        let seconds = Date().timeIntervalSince(started)
        if options.json {
            struct Report: Encodable {
                var summary: IngestSummary
                var bad_lines: [String]
                var failures: [String]
                var seconds: Double
            }
            print(try Output.json(Report(summary: summary, bad_lines: badLines, failures: failures, seconds: seconds)))
        } else {
            let bad = badLines.isEmpty ? "" : ", \(badLines.count) bad line\(badLines.count == 1 ? "" : "s") skipped"
            Output.line("Imported \(summary.line)\(bad) (\(String(format: "%.1f", seconds)) s).")
        }
        try TickRunner.queueAutoReplies(database: database, config: config, quiet: options.json)
        // Exit 1 only when nothing could be read (docs/channels.md).
        if summary.messages == 0 { throw ExitCode.failure }
    }
}
