import ArgumentParser
import Foundation
import InboxCore
import InboxMail
import Logging

/// `inbox outbox list|flush|cancel|resend|discard`: the replies waiting, sent and failed, on
/// either engine (`--db postgresql://…` too; docs/team.md).
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "The outbox: inbox outbox [list|flush|cancel ID|resend ID|discard ID]",
        discussion: """
            list shows every queued, sending, sent, failed and cancelled reply with its attempts and the \
            server's last words. flush delivers every reply that is due (--now: also those still in \
            their undo window or waiting for a retry, e.g. after fixing [smtp]). It exits 1 when a reply \
            could not be delivered. cancel takes a queued reply back into your draft; resend queues a failed \
            one again; discard gives up on a failed one (its text becomes your draft).
            """,
        subcommands: [OutboxList.self, OutboxFlush.self, OutboxCancel.self, OutboxResend.self, OutboxDiscard.self],
        defaultSubcommand: OutboxList.self)
}

struct OutboxList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Every reply in the outbox with its state, attempts and last error.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only rows in this state (queued, sending, sent, failed, cancelled).") var state: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let database = try global.openOnEitherEngine()
        var states: [OutboxState]?
        if let s = state {
            guard let st = OutboxState(rawValue: s) else {
                throw ValidationError("--state takes queued, sending, sent, failed or cancelled.")
            }
            states = [st]
        }
        let rows = try database.outbox(states: states)
        if json {
            print(try Output.json(rows))
            return
        }
        if rows.isEmpty { Output.line("The outbox is empty.") }
        let f = ISO8601DateFormatter()
        for r in rows {
            var fields = [
                "\(r.id)", "#\(r.ticketID.map(String.init) ?? "-")", r.state.rawValue, "attempts \(r.attempts)",
                r.recipients.joined(separator: ","), r.subject ?? "",
            ]
            if r.state == .queued, let n = r.nextAttemptAt { fields.append("next \(f.string(from: n))") }
            if r.state == .sent, let s = r.sentAt { fields.append("sent \(f.string(from: s))") }
            if let e = r.lastError, r.state != .sent { fields.append(e) }
            Output.line(TerminalText.columns(fields))
        }
    }
}

struct OutboxFlush: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flush",
        abstract: "Deliver every reply that is due; exit 1 when one could not be delivered.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Send every queued reply at once (undo window and retry delay ignored).") var now = false

    func run() async throws {
        let database = try global.openOnEitherEngine()
        try global.startLog("outbox flush")
        let config = try global.loadConfig()
        let replier = Replier(database: database, config: config, agent: global.actingAgent(config))
        let delivery = try await replier.deliver(nil, ignoreUndo: now, logger: Self.logger)
        Self.report(delivery.summary)
        if delivery.summary.failed > 0 || delivery.summary.retried > 0 { throw ExitCode.failure }
    }

    /// The sender's log: what the summary already says is not repeated on stderr.
    static var logger: Logger {
        var l = Logger(label: "inbox.outbox")
        l.logLevel = .error
        return l
    }

    /// The errors in words on stderr, the counts on stdout.
    static func report(_ summary: OutboxSender.Summary) {
        for e in summary.errors { Output.error(e) }
        Output.line(
            "Sent \(summary.sent), to retry \(summary.retried), failed \(summary.failed)"
                + (summary.released > 0 ? ", \(summary.released) given back after an interrupted delivery" : ""))
    }
}

/// What `cancel`, `resend` and `discard` do: one intention of the store on one outbox row, as the
/// acting agent, and the sentence that says so.
enum OutboxRowAction {
    case cancel, resend, discard

    var configuration: CommandConfiguration {
        switch self {
        case .cancel:
            CommandConfiguration(
                commandName: "cancel", abstract: "Take a queued reply back into your draft: inbox outbox cancel 12")
        case .resend:
            CommandConfiguration(
                commandName: "resend", abstract: "Queue a failed reply again: inbox outbox resend 12")
        case .discard:
            CommandConfiguration(
                commandName: "discard",
                abstract: "Give up on a failed reply; its text becomes your draft: inbox outbox discard 12")
        }
    }

    /// The help of the id argument: a queued row is cancelled, a failed one resent or discarded.
    var idHelp: ArgumentHelp {
        self == .cancel
            ? "The outbox id (see inbox outbox list)." : "The outbox id (see inbox outbox list --state failed)."
    }

    func apply(_ database: AppDatabase, id: Int64, actor: String) throws {
        switch self {
        case .cancel: try database.cancelOutbox(id, actor: actor)
        case .resend: try database.resendOutbox(id, actor: actor)
        case .discard: try database.discardFailedOutbox(id, actor: actor)
        }
    }

    func done(_ id: Int64) -> String {
        switch self {
        case .cancel: "Outbox message \(id) taken back; its text is your draft again."
        case .resend: "Outbox message \(id) is queued again; `inbox outbox flush` delivers it."
        case .discard: "Outbox message \(id) discarded; its text is your draft again."
        }
    }
}

/// An `inbox outbox` subcommand that takes one outbox id and runs its ``OutboxRowAction``.
struct OutboxRowCommand<Kind: OutboxRowKind>: ParsableCommand {
    static var configuration: CommandConfiguration { Kind.action.configuration }

    @OptionGroup var global: GlobalOptions
    @Argument(help: Kind.action.idHelp) var id: Int64

    func run() throws {
        let database = try global.openOnEitherEngine()
        try Kind.action.apply(database, id: id, actor: global.agentName)
        Output.line(Kind.action.done(id))
    }
}

/// A type per ``OutboxRowAction``, as ArgumentParser wants one per subcommand.
protocol OutboxRowKind { static var action: OutboxRowAction { get } }
enum CancelRow: OutboxRowKind { static let action = OutboxRowAction.cancel }
enum ResendRow: OutboxRowKind { static let action = OutboxRowAction.resend }
enum DiscardRow: OutboxRowKind { static let action = OutboxRowAction.discard }

typealias OutboxCancel = OutboxRowCommand<CancelRow>
typealias OutboxResend = OutboxRowCommand<ResendRow>
typealias OutboxDiscard = OutboxRowCommand<DiscardRow>
