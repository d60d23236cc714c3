import ArgumentParser
import Foundation
import InboxCore
import InboxMail
import Logging

extension GlobalOptions {
    /// The acting agent: the configured [agent] (name, email, signature) when its name or
    /// address is this agent's, else just the name.
    func actingAgent(_ config: InboxConfig) -> InboxConfig.Agent {
        if let a = config.agent, agent == nil || a.name == agentName || a.email == agentName { return a }
        return (config.agents ?? []).first { $0.name == agentName }
            ?? InboxConfig.Agent(name: agentName, email: config.agent?.email)
    }
}

struct TemplateOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Templates folder (default [replies] templates, or $XDG_CONFIG_HOME/inbox/templates).", valueName: "dir"))
    var templates: String?

    func load(_ config: InboxConfig) throws -> TemplateLibrary {
        try TemplateLibrary.load(folder: templates ?? TemplateLibrary.defaultFolder(config: config))
    }

    /// The config, and the library of the folder it names (or --templates).
    func load(_ global: GlobalOptions) throws -> (config: InboxConfig, library: TemplateLibrary) {
        let config = try global.loadConfig()
        return (config, try load(config))
    }
}

struct ReplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reply",
        abstract: "Answer a ticket: inbox reply 1042 (--template NAME | --message TEXT) [--status S] [--send]",
        discussion: """
            Without --send the reply is saved as your draft. With --send it is stored in the ticket, \
            queued in the outbox, and delivered after the undo window ([replies] undo_window, 10 s); \
            take it back with `inbox outbox cancel ID` until then. `inbox reply 1042 --send` alone sends \
            your saved draft. A template reply with an unresolved or empty placeholder is refused, and so \
            is a template without a variant in the customer's language unless you pass --language LANG \
            or --any-language. A reply that could not be delivered waits in the outbox and the command \
            exits 1.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var templateOptions: TemplateOptions
    @Argument(help: "Ticket number.") var ticket: String
    @Option(help: "Template name (the variant in the customer's language).") var template: String?
    @Option(help: "The reply text.") var message: String?
    @Option(help: "The template variant to send when the customer's language has none (e.g. en).") var language: String?
    @Flag(help: "Send the template in another language when the customer's has no variant (English first).")
    var anyLanguage = false
    @Option(help: "Status after sending (e.g. pending, solved).") var status: String?
    @Flag(help: "Queue the reply for delivery (alone: send your saved draft).") var send = false
    @Flag(help: "Send even if another agent replied after your draft began.") var force = false
    @Flag(help: "Queue only; do not wait for the undo window and deliver.") var noDeliver = false
    @Flag(
        help:
            "Print the rendered subject and body of --template; save and queue nothing (exit 1 with the reason when it is blocked)."
    )
    var preview = false
    @Option(
        name: .customLong("attach"),
        help: ArgumentHelp("A file to send along (repeat for more); a missing file stops the send.", valueName: "file"))
    var attach: [String] = []
    @Option(help: ArgumentHelp("Copy to (addresses, separated by commas; repeatable).", valueName: "address")) var cc:
        [String] = []
    @Option(help: ArgumentHelp("Blind copy to (never shown to the others).", valueName: "address")) var bcc: [String] =
        []

    func validate() throws {
        if template != nil, message != nil {
            throw ValidationError("Give one of --template NAME or --message TEXT, not both.")
        }
        if template == nil, message == nil, !send {
            throw ValidationError("Give --template NAME or --message TEXT (or --send alone to send your saved draft).")
        }
        if language != nil, anyLanguage { throw ValidationError("Give --language LANG or --any-language, not both.") }
        if (language != nil || anyLanguage), template == nil {
            throw ValidationError("--language and --any-language choose a template variant: give --template NAME too.")
        }
        if preview && template == nil {
            throw ValidationError("--preview shows a --template NAME rendered for the ticket.")
        }
        if !(attach.isEmpty && cc.isEmpty && bcc.isEmpty) && !send {
            throw ValidationError("--attach, --cc and --bcc go with --send (a saved draft keeps only the text).")
        }
    }

    func run() async throws {
        let id = try ticketNumber(ticket)
        // Files and addresses first: a missing file or a bad address stops the send before anything is stored.
        let files = try Replier.attachments(attach)
        let ccAddresses = try cc.flatMap(Replier.addresses)
        let bccAddresses = try bcc.flatMap(Replier.addresses)
        // Both engines' store; the ticket view it reads (`ticketDetail`) is SQLite's alone so far.
        let (config, database) = (try global.loadConfig(), try global.openOnEitherEngine())
        let detail = try database.ticketDetail(id)
        let agent = global.actingAgent(config)
        let replier = Replier(database: database, config: config, agent: agent)
        let choice: TemplateLanguageChoice = language.map { .exactly($0) } ?? (anyLanguage ? .any : .customer)
        let draft = try database.draft(ticket: id, agent: agent.name)
        var subject = Replier.subject(detail)
        var text: String
        var templateName = template
        var changes: [TicketChange] = []
        if let name = template {
            let r = try replier.render(
                template: name, library: try templateOptions.load(config), detail: detail, choice: choice,
                kb: try? KBLibrary.load(config: config))
            if preview {
                Output.line("Subject: \(r.subject)\n\n\(r.body)", terminator: "")
                return
            }
            subject = r.subject
            text = r.body
            changes = r.changes
        } else if let message {
            text = replier.signed(message, queue: detail.ticket.queue)
        } else {
            // `--send` alone: the saved draft, as its hint says.
            guard let draft, !draft.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw InboxError(
                    .notFound,
                    "There is no draft of #\(id) by \(agent.name) to send (write one with --message TEXT or --template NAME)"
                )
            }
            text = draft.body
            templateName = draft.template
            if let name = draft.template {
                // The subject and actions of the template the draft came from; its text is the draft's.
                let r = try replier.render(
                    template: name, library: try templateOptions.load(config), detail: detail, choice: .any,
                    kb: try? KBLibrary.load(config: config))
                subject = r.subject
                changes = r.changes
            }
        }
        if let s = status { changes.append(try TicketChange.parse("status=" + s, agent: agent.name)) }
        guard send else {
            try database.saveDraft(ticket: id, agent: agent.name, body: text, template: templateName)
            Output.line("Subject: \(subject)\n\n\(text)")
            Output.line("Saved as your draft of #\(id); send it with `inbox reply \(id) --send`.")
            return
        }
        let queued = try replier.queue(
            detail: detail, subject: subject, text: text, template: templateName, changes: changes,
            startedAt: draft?.startedAt, force: force, cc: ccAddresses, bcc: bccAddresses, attachments: files)
        try await Self.deliver(
            queued, what: "reply", ticket: id, replier: replier, config: config, noDeliver: noDeliver)
    }

    /// Says what was queued, waits for the undo window and delivers (`inbox reply --send`, `inbox forward`).
    static func deliver(
        _ queued: Replier.Queued, what: String, ticket id: Int64, replier: Replier, config: InboxConfig, noDeliver: Bool
    ) async throws {
        let outboxID = queued.outboxID
        Output.line(
            "Queued \(what) \(outboxID) to \(queued.reply.recipients.joined(separator: ", ")) for #\(id): \(queued.reply.subject)"
        )
        if !queued.reply.attachments.isEmpty {
            Output.line("Attached: " + queued.reply.attachments.joined(separator: ", "))
        }
        guard !noDeliver, replier.canDeliver(queued.reply) else {
            if let c = queued.reply.channel, !noDeliver {
                Output.line(
                    "Channel \(c) has no send_command in the config: it stays in the outbox (`inbox outbox list`).")
            } else if config.smtp == nil, !noDeliver {
                Output.line("No [smtp] in the config: it stays in the outbox (`inbox outbox list`).")
            }
            return
        }
        let window = replier.undoWindow
        if window > 0 {
            Output.line("Delivering in \(Int(window)) s; take it back with `inbox outbox cancel \(outboxID)`.")
            try await Task.sleep(nanoseconds: UInt64(window * 1_000_000_000))
        }
        let delivery = try await replier.deliver(outboxID, ignoreUndo: false, logger: OutboxFlush.logger)
        OutboxFlush.report(delivery.summary)
        guard delivery.delivered else {
            let state = delivery.entry?.state ?? .queued
            let why = delivery.entry?.lastError.map { ": " + $0 } ?? ""
            if state == .failed {
                Output.error(
                    "Reply \(outboxID) was not delivered\(why). It stays in the outbox as failed (`inbox outbox list`); fix the cause and send it again."
                )
            } else {
                Output.error(
                    "Reply \(outboxID) was not delivered\(why). It waits in the outbox and is retried; after fixing the cause, `inbox outbox flush --now` sends it at once."
                )
            }
            throw ExitCode.failure
        }
    }
}

struct ForwardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forward",
        abstract:
            "Forward a ticket's message to a third party: inbox forward 1042 --to depot@carrier.example --message NOTE",
        discussion: """
            Sends the customer's newest message (or --message-number N, as `inbox show` numbers them) with its \
            attachments to a carrier, the warehouse or another third party, with your note above it. It is \
            recorded on the ticket as a forward, not as a reply to the customer, and an answer from that party \
            threads back into the ticket as a third-party message, which neither reopens the ticket nor counts \
            as the customer writing. Delivery waits for the undo window like a reply.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Ticket number.") var ticket: String
    @Option(help: ArgumentHelp("The third party (addresses, separated by commas; repeatable).", valueName: "address"))
    var to: [String] = []
    @Option(help: ArgumentHelp("Copy to.", valueName: "address")) var cc: [String] = []
    @Option(help: "Your note above the forwarded message.") var message: String = ""
    @Option(help: "Which message (1 is the first, as `inbox show` lists them; default the customer's newest).")
    var messageNumber: Int?
    @Option(
        name: .customLong("attach"), help: ArgumentHelp("A further file to send along (repeatable).", valueName: "file")
    )
    var attach: [String] = []
    @Flag(help: "Queue only; do not wait for the undo window and deliver.") var noDeliver = false

    func validate() throws {
        if to.isEmpty { throw ValidationError("Forward to whom? Give --to ADDRESS (e.g. --to depot@carrier.example).") }
    }

    func run() async throws {
        let id = try ticketNumber(ticket)
        let files = try Replier.attachments(attach)
        let toAddresses = try to.flatMap(Replier.addresses)
        let ccAddresses = try cc.flatMap(Replier.addresses)
        // Both engines' store; the ticket view it reads (`ticketDetail`) is SQLite's alone so far.
        let (config, database) = (try global.loadConfig(), try global.openOnEitherEngine())
        let detail = try database.ticketDetail(id)
        let replier = Replier(database: database, config: config, agent: global.actingAgent(config))
        let queued = try replier.forward(
            detail: detail, message: messageNumber.map { $0 - 1 }, to: toAddresses, cc: ccAddresses, note: message,
            attachments: files)
        try await ReplyCommand.deliver(
            queued, what: "forward", ticket: id, replier: replier, config: config, noDeliver: noDeliver)
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
        let database = try global.openOnEitherEngine()
        let agent = global.actingAgent(try global.loadConfig())
        try database.addNote(ticket: id, agent: agent.name, text: message)
        Output.line("Note added to #\(id).")
    }
}
