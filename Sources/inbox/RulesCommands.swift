import ArgumentParser
import Foundation
import InboxCore
import InboxMail
import InboxTUI

extension GlobalOptions {
    /// The rules file of the config in use (docs/rules.md); no file means no rules.
    func loadRules(_ config: InboxConfig) throws -> RuleBook {
        try RuleBook.load(path: RuleBook.path(config: config, configPath: configPath))
    }
}

/// `inbox tick` and what imports and `sync --watch` share of it.
enum TickRunner {
    /// The steps of one tick: InboxCore's, then the automatic replies (InboxMail composes them).
    static func steps(config: InboxConfig) throws -> [TickStep] {
        let templates = try TemplateLibrary.load(folder: TemplateLibrary.defaultFolder(config: config))
        return Tick.coreSteps + [AutoReplies.tickStep(templates: templates)] + Surveys.tickSteps(templates: templates)
    }

    /// With surveys or follow-ups on and `[smtp]` set, a tick delivers what is due in the
    /// outbox once (docs/surveys.md): the surveys it queued, and any mail a killed tick left.
    /// Returns the lines to print, and whether a delivery failed.
    static func deliverAfterTick(database: AppDatabase, config: InboxConfig, agent: InboxConfig.Agent, now: Date) async
        -> (lines: [String], failed: Bool)
    {
        guard config.smtp != nil, config.survey != nil || config.followup != nil else { return ([], false) }
        do {
            let sender = try Replier(database: database, config: config, agent: agent).sender()
            let summary = await sender.flush(now: max(Date(), now))
            var lines: [String] = []
            if summary.sent > 0 { lines.append("outbox: \(summary.sent) sent") }
            if summary.released > 0 {
                lines.append("outbox: \(summary.released) given back after an interrupted delivery")
            }
            return (lines + summary.errors.map { "outbox: " + $0 }, summary.failed > 0)
        } catch {
            return (["outbox: \(error)"], true)
        }
    }

    /// Queues the automatic replies the rules of an import asked for; prints one line unless `quiet`.
    static func queueAutoReplies(database: AppDatabase, config: InboxConfig, quiet: Bool) throws {
        guard !(try database.pendingAutoReplies()).isEmpty else { return }
        let templates = try TemplateLibrary.load(folder: TemplateLibrary.defaultFolder(config: config))
        let result = try AutoReplies.queuePending(database: database, config: config, templates: templates)
        for s in result.skipped { Output.error("warning: automatic reply not sent: \(s)") }
        if !quiet && !result.queued.isEmpty {
            Output.line(
                "Queued \(result.queued.count) automatic repl\(result.queued.count == 1 ? "y" : "ies") (`inbox outbox list`)."
            )
        }
    }

    /// Runs a tick now and then every minute on a thread of its own (`sync --watch`). The
    /// config and the rules are read again each time, so edits apply without a restart.
    static func startEveryMinute(global: GlobalOptions, database: AppDatabase, json: Bool) {
        // The loop is a task because the delivery of surveys and follow-ups awaits the sender; the
        // tick's synchronous database work runs on a thread of its own, so that it never holds one
        // of the few threads of Swift's shared pool (two on a two-core machine) that NIO and the
        // sync's IMAP sessions also run on.
        Task.detached {
            while true {
                do {
                    let (config, report) = try await onOwnThread {
                        let config = try global.loadConfig()
                        let context = TickContext(
                            database: database, config: config, rules: try global.loadRules(config))
                        return (config, Tick.run(context, steps: try steps(config: config)))
                    }
                    let delivery = await deliverAfterTick(
                        database: database, config: config, agent: global.actingAgent(config), now: Date())
                    for step in report.steps {
                        if let e = step.error { Output.error("error: tick \(step.name): \(e)") }
                        if !json {
                            for line in step.done { FileHandle.standardOutput.write(Data("tick: \(line)\n".utf8)) }
                        }
                    }
                    for line in delivery.lines {
                        if delivery.failed {
                            Output.error("error: tick deliver: \(line)")
                        } else if !json {
                            FileHandle.standardOutput.write(Data("tick: \(line)\n".utf8))
                        }
                    }
                } catch {
                    Output.error("error: tick: \(error)")
                }
                try? await Task.sleep(nanoseconds: 60_000_000_000)
            }
        }
    }
}

struct TickCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tick",
        abstract:
            "Run the scheduled work that is due, once: schedule rules, snooze wake-ups, automatic replies, surveys, follow-ups.",
        discussion: """
            `inbox sync --watch` runs this every minute; with cron or a systemd timer, run `inbox tick` \
            every minute or so. --at runs it as of another time (e.g. to test schedule rules). Exits 1 \
            when a step failed (the other steps still ran).
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Run as of this time (2026-12-07 09:00 in the SLA time zone, or ISO 8601) instead of now.")
    var at: String?
    @Flag(help: "Print JSON (see docs/json.md).") var json = false

    func run() async throws {
        let config = try global.loadConfig()
        try global.startLog("tick")
        let database = try global.openOnEitherEngine()
        var now = Date()
        if let at {
            now = try TimeArgument.parse(at, config: config)
        }
        let context = TickContext(database: database, config: config, rules: try global.loadRules(config), now: now)
        var report = Tick.run(context, steps: try TickRunner.steps(config: config))
        let delivery = await TickRunner.deliverAfterTick(
            database: database, config: config, agent: global.actingAgent(config), now: now)
        if config.smtp != nil, config.survey != nil || config.followup != nil {
            report.steps.append(
                .init(
                    name: "deliver", done: delivery.lines,
                    error: delivery.failed ? delivery.lines.joined(separator: "; ") : nil))
        }
        if json {
            print(try Output.json(report))
        } else {
            for step in report.steps {
                for line in step.done { Output.line(sanitizeTick(line)) }
                if let e = step.error { Output.error("error: \(step.name): \(e)") }
            }
            if report.steps.allSatisfy({ $0.done.isEmpty && $0.error == nil }) { Output.line("Nothing was due.") }
        }
        if report.failed { throw ExitCode.failure }
    }

    private func sanitizeTick(_ s: String) -> String { TerminalText.sanitize(s) }
}

/// Absolute times given on the command line, read in the SLA time zone.
enum TimeArgument {
    /// An age (`30d`, `12h`, `2w`) back from `now`, or a time as ``parse(_:config:)``.
    static func since(_ text: String, now: Date, config: InboxConfig) throws -> Date {
        let t = text.lowercased()
        if let unit = t.last, let n = Double(t.dropLast()), n >= 0 {
            let seconds: Double? = unit == "h" ? 3600 : unit == "d" ? 86400 : unit == "w" ? 7 * 86400 : nil
            if let seconds { return now.addingTimeInterval(-n * seconds) }
        }
        return try parse(text, config: config)
    }

    static func parse(_ text: String, config: InboxConfig) throws -> Date {
        let zone = try config.slaCalendar().timeZone
        if let d = ISO8601DateFormatter().date(from: text) { return d }
        for format in ["yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd"] {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = zone
            f.dateFormat = format
            if let d = f.date(from: text) { return d }
        }
        throw ValidationError(
            "Cannot read the time \"\(text)\" (write 2026-12-07 09:00 in \(zone.identifier), or ISO 8601 such as 2026-12-07T09:00:00Z)."
        )
    }
}

struct SnoozeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snooze",
        abstract: "Snooze tickets: inbox snooze 1042 --until \"mon 09:00\" | --for 2d | --off",
        discussion: """
            A snoozed ticket leaves the views (the Snoozed view lists it) until its time, in the SLA \
            time zone, or until the customer replies; then it comes back marked (snooze_woke in JSON). \
            Times: 2026-12-07 09:00, 09:00, tomorrow 09:00, mon 09:00. --off wakes it now.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Ticket numbers.") var tickets: [String]
    @Option(help: "Until this time (SLA time zone).") var until: String?
    @Option(name: .customLong("for"), help: "For this long: 2h, 3d, 1d12h.") var duration: String?
    @Flag(help: "Wake the tickets now.") var off = false

    func validate() throws {
        if [until != nil, duration != nil, off].filter({ $0 }).count != 1 {
            throw ValidationError("Give exactly one of --until TIME, --for DURATION or --off.")
        }
    }

    func run() throws {
        let ids = try tickets.map(ticketNumber)
        let config = try global.loadConfig()
        let database = try global.openOnEitherEngine()
        let list = ids.map { "#\($0)" }.joined(separator: ", ")
        if off {
            try database.unsnooze(ids, actor: global.agentName)
            Output.line("\(list) woken.")
            return
        }
        let now = Date()
        let zone = try config.slaCalendar().timeZone
        let when =
            try until.map { try SnoozeTime.parse($0, now: now, timeZone: zone) }
            ?? SnoozeTime.after(duration!, now: now)
        try database.snooze(ids, until: when, actor: global.agentName, now: now)
        Output.line("\(list) snoozed until \(SnoozeTime.format(when, timeZone: zone)).")
    }
}

struct AgentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agents",
        abstract: "The agents of [[agents]]: inbox agents [list] | away NAME | back NAME",
        discussion: "Agents marked away get no tickets from assign=round-robin or assign=least-busy rules.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "list, away or back.") var action: String = "list"
    @Argument(help: "The agent's name (for away and back).") var name: String?
    @Flag(help: "Print JSON (see docs/json.md).") var json = false

    func run() throws {
        let config = try global.loadConfig()
        let database = try global.openOnEitherEngine()
        switch action.lowercased() {
        case "list":
            let agents = try database.agentAvailability(config: config)
            if json {
                print(try Output.json(agents))
                return
            }
            if agents.isEmpty { Output.line("No [[agents]] in \(global.configPath).") }
            for a in agents {
                Output.line("\(TerminalText.sanitize(a.name))\t\(a.away ? "away" : "available")\t\(a.open) open")
            }
        case "away", "back":
            guard let name else { throw ValidationError("Name the agent: inbox agents \(action) NAME.") }
            try database.setAway(name, away: action.lowercased() == "away", config: config, actor: global.agentName)
            Output.line(
                action.lowercased() == "away" ? "\(name) is away: rules assign them nothing." : "\(name) is back.")
        default:
            throw ValidationError("Unknown action \"\(action)\" (use list, away NAME or back NAME).")
        }
    }
}

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "Check rules.toml and replay it on past mail (docs/rules.md).",
        subcommands: [RulesLintCommand.self, RulesTestCommand.self])
}

struct RulesLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract:
            "Report unknown fields, bad queries, unknown queues, agents and templates, and rules that never match.",
        discussion: "Exits 1 when there is an error (the rules would not load).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The rules file (default: [rules] file, or rules.toml beside the config).") var file: String?
    @Option(help: "The templates folder (default [replies] templates).") var templates: String?
    @Flag(help: "Print JSON (see docs/json.md).") var json = false

    func run() throws {
        let config = try global.loadConfig()
        let path = file ?? RuleBook.path(config: config, configPath: global.configPath)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InboxError(
                .notFound, "There is no rules file at \(path) (create it, or set [rules] file in config.toml)")
        }
        let library = try TemplateLibrary.load(folder: templates ?? TemplateLibrary.defaultFolder(config: config))
        let findings = RuleLinter.lint(
            String(decoding: data, as: UTF8.self), path: path, config: config, templates: library)
        if json {
            print(try Output.json(findings))
        } else {
            for f in findings { Output.line(TerminalText.sanitize(f.description, keepNewlines: true)) }
            let (book, _) = RuleBook.parse(String(decoding: data, as: UTF8.self), path: path)
            if findings.isEmpty {
                Output.line("\(path): \(book.rules.count) rule\(book.rules.count == 1 ? "" : "s"), no problems.")
            }
        }
        if findings.contains(where: { $0.level == .error }) { throw ExitCode.failure }
    }
}

struct RulesTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Replay stored mail through the rules and print what each would have done; changes nothing.",
        discussion: """
            Each inbound message since --since is taken again in the order received (ticket-created for \
            a ticket's first message, then message-in); schedule rules are tried once as of now. All of \
            it runs in a transaction that is rolled back.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "How far back: 30d, 12h, 2w, or a date (2026-11-01).") var since = "30d"
    @Option(help: "The rules file (default: [rules] file, or rules.toml beside the config).") var file: String?
    @Flag(help: "Print JSON (see docs/json.md).") var json = false

    func run() throws {
        let config = try global.loadConfig()
        let book = try file.map { try RuleBook.load(path: $0) } ?? global.loadRules(config)
        guard !book.isEmpty else {
            throw InboxError(.notFound, "There are no rules in \(book.path ?? "rules.toml") (see docs/rules.md)")
        }
        let database = try global.openOnEitherEngine()
        let now = Date()
        let from = try TimeArgument.since(since, now: now, config: config)
        let outcomes = try database.testRules(book, config: config, since: from, now: now)
        struct RuleReport: Encodable {
            var rule: String
            var on: String
            var tickets: [RuleOutcome]
        }
        let reports = book.rules.map { r in
            RuleReport(rule: r.name, on: r.trigger.rawValue, tickets: outcomes.filter { $0.rule == r.name })
        }
        if json {
            print(try Output.json(reports))
            return
        }
        for r in reports {
            let touched = Set(r.tickets.map(\.ticket))
            Output.line(
                "rule \"\(TerminalText.sanitize(r.rule))\" (\(r.on)): \(touched.count) ticket\(touched.count == 1 ? "" : "s")"
            )
            for o in r.tickets {
                var parts = o.actions
                parts += o.skipped.map { "skipped \($0)" }
                Output.line(
                    "  #\(o.ticket): "
                        + TerminalText.sanitize(parts.isEmpty ? "matched, no change" : parts.joined(separator: "; ")))
            }
        }
        Output.line("Nothing was changed (a replay).")
    }
}

/// Runs blocking `work` on a new thread and resumes the caller with its result, so that blocking
/// work never occupies a thread of Swift's cooperative pool.
func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try work() }) }
        thread.name = "inbox-tick"
        thread.start()
    }
}
