import ArgumentParser
import Foundation
import InboxCore
import InboxMail

/// Runs async library code from a synchronous command.
func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}

/// The result of ``runBlocking(_:)``'s task.
private final class ResultBox<T: Sendable>: @unchecked Sendable {
    // Written once by the task before the semaphore is signalled, read after the wait.
    var result: Result<T, Error>?
}

extension GlobalOptions {
    /// The acting agent: the configured [agent] (name, email, signature) when its name or
    /// address is this agent's, else just the name.
    func actingAgent(_ config: InboxConfig) -> InboxConfig.Agent {
        if let a = config.agent, agent == nil || a.name == agentName || a.email == agentName { return a }
        return (config.agents ?? []).first { $0.name == agentName } ?? InboxConfig.Agent(name: agentName, email: config.agent?.email)
    }
}

struct TemplateOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Templates folder (default [replies] templates, or $XDG_CONFIG_HOME/inbox/templates).", valueName: "dir"))
    var templates: String?

    func load(_ config: InboxConfig) throws -> TemplateLibrary {
        try TemplateLibrary.load(folder: templates ?? TemplateLibrary.defaultFolder(config: config))
    }
}

struct ReplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reply",
        abstract: "Answer a ticket: inbox reply 1042 (--template NAME | --message TEXT) [--status S] [--send]",
        discussion: """
            Without --send the reply is saved as your draft. With --send it is stored in the ticket, \
            queued in the outbox, and delivered after the undo window ([replies] undo_window, 10 s); \
            take it back with `inbox outbox cancel ID` until then. A template reply with an unresolved \
            or empty placeholder is refused.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var templateOptions: TemplateOptions
    @Argument(help: "Ticket number.") var ticket: String
    @Option(help: "Template name (the variant in the customer's language).") var template: String?
    @Option(help: "The reply text.") var message: String?
    @Option(help: "Status after sending (e.g. pending, solved).") var status: String?
    @Flag(help: "Queue the reply for delivery.") var send = false
    @Flag(help: "Send even if another agent replied after your draft began.") var force = false
    @Flag(help: "Queue only; do not wait for the undo window and deliver.") var noDeliver = false

    func validate() throws {
        if (template == nil) == (message == nil) { throw ValidationError("Give exactly one of --template NAME or --message TEXT.") }
    }

    func run() throws {
        let id = try ticketNumber(ticket)
        let config = try global.loadConfig()
        let database = try global.openExistingDatabase()
        let detail = try database.ticketDetail(id)
        let agent = global.actingAgent(config)
        var subject: String
        var text: String
        var changes: [TicketChange] = []
        if let name = template {
            let library = try templateOptions.load(config)
            let t = try library.template(named: name, language: detail.customerProfile?.language)
            let finder = OrderNumberFinder(patterns: config.replies?.order_patterns)
            try finder.validate()
            let rendered = try TemplateRenderer.render(t, context: ReplyContext.make(detail, agent: agent, orderFinder: finder))
            if let why = rendered.blockingReason { throw InboxError(.badInput, "Template \"\(t.name)\" (\(t.language)) for ticket #\(id): " + why) }
            subject = rendered.subject
            text = rendered.body
            changes = try ReplyComposer.changes(t.actions, agent: agent.name)
        } else {
            subject = SubjectTag.ensure(SubjectTag.replySubject(detail.ticket.subject), ticket: id)
            text = message! + "\n"
            if let sig = agent.signature, !sig.isEmpty { text += "\n-- \n" + sig + "\n" }
        }
        if let s = status { changes.append(try TicketChange.parse("status=" + s, agent: agent.name)) }
        guard send else {
            try database.saveDraft(ticket: id, agent: agent.name, body: text, template: template)
            print("Subject: \(subject)\n\n\(text)")
            print("Saved as your draft of #\(id); send it with --send.")
            return
        }
        let draft = try database.draft(ticket: id, agent: agent.name)
        let reply = try ReplyComposer.compose(
            detail: detail, config: config, agent: agent, subject: subject, text: text, template: template,
            changes: changes, startedAt: draft?.startedAt, force: force)
        let window = config.replies?.undoWindow ?? 10
        let outboxID = try database.queueReply(reply, undoWindow: window, config: config)
        print("Queued reply \(outboxID) to \(reply.recipients.joined(separator: ", ")) for #\(id): \(reply.subject)")
        guard !noDeliver, config.smtp != nil else {
            if config.smtp == nil { print("No [smtp] in the config: it stays in the outbox (`inbox outbox list`).") }
            return
        }
        if window > 0 {
            print("Delivering in \(Int(window)) s; take it back with `inbox outbox cancel \(outboxID)`.")
            Thread.sleep(forTimeInterval: window)
        }
        try OutboxCommand.flush(database: database, config: config, ignoreUndo: false)
    }
}

struct NoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note", abstract: "Add an internal note to a ticket (never sent): inbox note 1042 --message TEXT")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Ticket number.") var ticket: String
    @Option(help: "The note.") var message: String

    func run() throws {
        let id = try ticketNumber(ticket)
        let database = try global.openExistingDatabase()
        let agent = global.actingAgent(try global.loadConfig())
        try database.addNote(ticket: id, agent: agent.name, text: message)
        print("Note added to #\(id).")
    }
}

struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "The outbox: inbox outbox [list|flush|cancel ID]",
        discussion: """
            list shows every queued, sending, sent, failed and cancelled reply with its attempts and the \
            server's last words. flush delivers every reply that is due (--now: also those still in \
            their undo window). cancel takes a queued reply back into your draft.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "list, flush or cancel.") var action: String = "list"
    @Argument(help: "The outbox id for cancel.") var id: Int64?
    @Option(help: "Only rows in this state (queued, sending, sent, failed, cancelled).") var state: String?
    @Flag(help: "flush: ignore the undo window.") var now = false
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let database = try global.openExistingDatabase()
        switch action {
        case "list":
            var states: [OutboxState]?
            if let s = state {
                guard let st = OutboxState(rawValue: s) else { throw ValidationError("--state takes queued, sending, sent, failed or cancelled.") }
                states = [st]
            }
            let rows = try database.outbox(states: states)
            if json {
                print(try Output.json(rows))
                return
            }
            if rows.isEmpty { print("The outbox is empty.") }
            let f = ISO8601DateFormatter()
            for r in rows {
                var line = "\(r.id)\t#\(r.ticketID.map(String.init) ?? "-")\t\(r.state.rawValue)\tattempts \(r.attempts)\t\(r.recipients.joined(separator: ","))\t\(r.subject ?? "")"
                if r.state == .queued, let n = r.nextAttemptAt { line += "\tnext \(f.string(from: n))" }
                if r.state == .sent, let s = r.sentAt { line += "\tsent \(f.string(from: s))" }
                if let e = r.lastError, r.state != .sent { line += "\t" + e }
                print(TerminalSafe.line(line))
            }
        case "flush":
            try global.startLog("outbox flush")
            try Self.flush(database: database, config: try global.loadConfig(), ignoreUndo: now)
        case "cancel":
            guard let id else { throw ValidationError("Name the outbox id: inbox outbox cancel 12.") }
            try database.cancelOutbox(id, actor: global.agentName)
            print("Outbox message \(id) taken back; its text is your draft again.")
        default:
            throw ValidationError("\"\(action)\" is not list, flush or cancel.")
        }
    }

    static func flush(database: AppDatabase, config: InboxConfig, ignoreUndo: Bool) throws {
        let transport = try OutboxSender.transport(config)
        let settings = config.replies ?? ReplySettings()
        let sender = OutboxSender(db: database, transport: transport, retryBase: settings.retryBase, maxAttempts: settings.maxAttempts)
        let summary = try runBlocking { await sender.flush(ignoreUndo: ignoreUndo) }
        for e in summary.errors { Output.error(e) }
        print("Sent \(summary.sent), to retry \(summary.retried), failed \(summary.failed)" + (summary.released > 0 ? ", \(summary.released) given back after an interrupted delivery" : ""))
        if summary.failed > 0 { throw ExitCode.failure }
    }
}

struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Canned replies: inbox templates [list|show NAME [--ticket N]|lint]",
        discussion: "Templates are Markdown files with front matter and a Mustache body (docs/replies.md).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var templateOptions: TemplateOptions
    @Argument(help: "list, show or lint.") var action: String = "list"
    @Argument(help: "Template name for show.") var name: String?
    @Option(help: "show: render for this ticket's customer.") var ticket: String?
    @Option(help: "show: the language variant.") var language: String?

    func run() throws {
        let config = try global.loadConfig()
        let library = try templateOptions.load(config)
        switch action {
        case "list":
            if library.templates.isEmpty { print("No templates in \(templateOptions.templates ?? TemplateLibrary.defaultFolder(config: config)).") }
            for t in library.templates.sorted(by: { ($0.name, $0.language) < ($1.name, $1.language) }) {
                print(TerminalSafe.line("\(t.name)\t\(t.language)\t\(t.tags.joined(separator: ","))"))
            }
        case "show":
            guard let name else { throw ValidationError("Name the template: inbox templates show NAME.") }
            if let ticket {
                let id = try ticketNumber(ticket)
                let database = try global.openExistingDatabase()
                let detail = try database.ticketDetail(id)
                let t = try library.template(named: name, language: language ?? detail.customerProfile?.language)
                let finder = OrderNumberFinder(patterns: config.replies?.order_patterns)
                let r = try TemplateRenderer.render(t, context: ReplyContext.make(detail, agent: global.actingAgent(config), orderFinder: finder))
                print("Subject: \(r.subject)\n\n\(r.body)")
                if let why = r.blockingReason { Output.error(why) }
            } else {
                let t = try library.template(named: name, language: language)
                print("name: \(t.name)\nlanguage: \(t.language)\ntags: \(t.tags.joined(separator: ", "))")
                if let s = t.subject { print("subject: \(s)") }
                let a = t.actions
                if a.status != nil || !a.tags.isEmpty || a.assignee != nil {
                    print("actions: " + [a.status.map { "status=\($0)" }, a.tags.isEmpty ? nil : "tags=" + a.tags.joined(separator: ","), a.assignee.map { "assignee=\($0)" }].compactMap { $0 }.joined(separator: " "))
                }
                print("\n" + t.body)
            }
        case "lint":
            let findings = library.lint()
            for f in findings { print(f.description) }
            if findings.isEmpty {
                print("\(library.templates.count) templates, no problems.")
            } else {
                throw ExitCode.failure
            }
        default:
            throw ValidationError("\"\(action)\" is not list, show or lint.")
        }
    }
}

/// Strips control characters (escape sequences from mail) before printing to a terminal.
enum TerminalSafe {
    static func line(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F ? " " : $0 }))
    }
}
