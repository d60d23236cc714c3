import ArgumentParser
import Foundation
import InboxCore
import InboxTUI

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export tickets as an archive, JSON Lines, mbox, HTML or Markdown (see docs/export.md).",
        discussion: """
            Choose the tickets with --all, --ticket N… or the filters of `inbox tickets`
            (--query WORDS, --queue NAME, --status S, combined with AND). --redact replaces
            customer addresses, names, phone, card and IBAN numbers and postal addresses in
            signatures with placeholders in every format.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Every ticket (and, in archive and mbox, the quarantined mail).") var all = false
    @Option(
        name: .customLong("ticket"), parsing: .upToNextOption,
        help: ArgumentHelp("Ticket numbers (1042, #1042 or 1042,1043).", valueName: "n"))
    var tickets: [String] = []
    @Option(help: "Tickets whose messages contain these words, as `inbox tickets --query` (diacritics ignored).")
    var query: String?
    @Option(help: "Only tickets of this queue.") var queue: String?
    @Option(help: "Only tickets with this status.") var status: String?

    @Option(help: "archive, jsonl, mbox, html or md.") var format: String
    @Option(name: [.short, .long], help: ArgumentHelp("File to write (must not exist).", valueName: "path")) var output:
        String
    @Flag(help: "Replace personal data with stable placeholders.") var redact = false
    @Flag(help: "Print the summary as JSON.") var json = false

    func validate() throws {
        guard ExportFormat(rawValue: format) != nil else {
            throw ValidationError(
                "--format must be one of: \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let filters = query != nil || queue != nil || status != nil
        let chosen = [all, !tickets.isEmpty, filters].filter { $0 }.count
        if chosen == 0 { throw ValidationError("Choose the tickets: --all, --ticket N…, or --query/--queue/--status.") }
        if chosen > 1 {
            throw ValidationError("Use only one of --all, --ticket and the filters (--query/--queue/--status).")
        }
        _ = try ticketNumbers()
    }

    func ticketNumbers() throws -> [Int64] {
        try tickets.flatMap { $0.split(separator: ",") }.map { s in
            let trimmed = s.trimmingCharacters(in: CharacterSet(charactersIn: "# "))
            guard let n = Int64(trimmed) else {
                throw ValidationError("\"\(s)\" is not a ticket number (use e.g. 1042).")
            }
            return n
        }
    }

    func run() throws {
        let database = try global.openOnEitherEngine()
        let config = try global.loadConfig()
        let selection: ExportSelection =
            all
            ? .all
            : tickets.isEmpty ? .filter(queue: queue, status: status, text: query) : .tickets(try ticketNumbers())
        let bar = ProgressBar(enabled: Output.stderrIsTerminal && !json)
        let started = Date()
        let summary = try Exporter(database: database, ownAddresses: config.ownAddresses).export(
            selection, format: ExportFormat(rawValue: format)!, to: output, redact: redact,
            progress: { p in
                bar.update(
                    label: "export", done: p.messages, total: p.messagesTotal, unit: "msgs",
                    elapsed: Date().timeIntervalSince(started))
            })
        bar.finish()
        if json {
            print(try Output.json(summary))
        } else {
            Output.line("Exported \(summary.line).")
            if let r = summary.redacted { Output.line("Redacted: \(r.line).") }
        }
    }
}

struct ImportArchive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "Import an export archive: its tickets without duplicates, its reviews as scores and internal notes.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Archive files made by `inbox export --format archive`.", valueName: "path"))
    var paths: [String]
    @Flag(help: "Print the summary as JSON.") var json = false

    func validate() throws {
        if paths.isEmpty { throw ValidationError("Name at least one archive to import.") }
    }

    func run() throws {
        let database = try global.openForIngest()
        try database.syncQueues(try global.loadConfig())
        var results: [ArchiveImportSummary] = []
        for path in paths {
            let summary = try database.importArchive(path: path, actor: global.agentName)
            results.append(summary)
            if !json { Output.line("Imported \(path): \(summary.line).") }
        }
        if json { print(try Output.json(results.count == 1 ? [results[0]] : results)) }
    }
}

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review an export archive offline: read-only conversations with rubric scores and notes.",
        discussion: """
            Keys in the review pane: 1–5 score the selected criterion, 0 clears it, Tab and
            Shift-Tab (or ] and [) move between criteria, e edits the note, ? lists every key.
            Scores and notes are saved into the archive at once, under the --agent name.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("An archive made by `inbox export --format archive`.", valueName: "archive"))
    var archive: String
    @Flag(help: "Print the scores and notes instead of opening the review screen.") var summary = false
    @Flag(help: "With --summary: print JSON (see docs/json.md).") var json = false
    @Option(
        help: ArgumentHelp(
            "Criteria to score, comma-separated (default: [review] rubric in config.toml, else correctness,tone,speed,resolution).",
            valueName: "names"))
    var rubric: String?

    func validate() throws {
        if json && !summary { throw ValidationError("--json goes with --summary.") }
    }

    func run() throws {
        let database = try AppDatabase.openArchive(path: archive)
        if summary {
            let s = try database.reviewSummary()
            if json {
                print(try Output.json(s))
            } else {
                for line in ReviewText.summary(s) { Output.line(line) }
            }
            return
        }
        let rubric = try rubric.map(Rubric.parse) ?? ReviewConfig.rubric(configPath: global.configPath)
        guard isatty(STDOUT_FILENO) != 0 else {
            throw InboxError(
                .badInput, "inbox review needs a terminal (use `inbox review \(archive) --summary` in scripts)")
        }
        try TUI.runReview(database: database, rubric: rubric, reviewer: global.agentName)
    }
}
