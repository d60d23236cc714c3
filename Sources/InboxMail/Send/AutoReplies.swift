import Foundation
import InboxCore

/// Composes and queues the automatic replies that `reply=` rules recorded (docs/rules.md).
///
/// The rule decides in the ingest transaction (rate limit, automatic mail, own addresses);
/// this builds the message afterwards, where InboxMail's message builder is at hand. Each
/// reply's Message-ID is derived from its record, so a crash between queueing and marking
/// it done never queues it twice: the next run finds it in the outbox.
public enum AutoReplies {
    /// What one pass did.
    public struct Result: Sendable, Equatable {
        public var queued: [Int64] = []
        /// "#1042 reply=ack: why" per reply that will not be sent.
        public var skipped: [String] = []
    }

    /// Queues every pending automatic reply with `templates`; undo window 0 (nobody is there
    /// to take it back). The reply carries `Auto-Submitted: auto-replied` (RFC 3834).
    /// - Throws: database errors only; a reply that cannot be composed is skipped with its reason.
    public static func queuePending(
        database: AppDatabase, config: InboxConfig, templates: TemplateLibrary, now: Date = Date()
    ) throws -> Result {
        var result = Result()
        for pending in try database.pendingAutoReplies() {
            let host =
                config.queues.flatMap(\.addresses).first?.split(separator: "@").last.map(String.init)
                ?? config.agent?.email?.split(separator: "@").last.map(String.init) ?? "localhost"
            let messageID = "<auto-reply-\(pending.id).ticket-\(pending.ticketID)@\(host)>"
            if let existing = try database.outboxID(messageID: messageID) {
                try database.finishAutoReply(pending, outboxID: existing, error: nil, now: now)
                result.queued.append(existing)
                continue
            }
            do {
                let detail = try database.ticketDetail(pending.ticketID)
                let agent = config.agent ?? InboxConfig.Agent(name: detail.ticket.queue)
                let template = try templates.template(
                    named: pending.template, language: detail.customerProfile?.language)
                let finder = OrderNumberFinder(patterns: config.replies?.order_patterns)
                let rendered = try TemplateRenderer.render(
                    template, context: ReplyContext.make(detail, agent: agent, orderFinder: finder, now: now))
                if let why = rendered.blockingReason {
                    throw InboxError(.badInput, "template \"\(template.name)\": " + why)
                }
                var reply = try ReplyComposer.compose(
                    detail: detail, config: config, agent: agent, subject: rendered.subject, text: rendered.body,
                    template: template.name, changes: try ReplyComposer.changes(template.actions, agent: agent.name),
                    now: now,
                    messageID: messageID,
                    extraHeaders: [
                        OutgoingMessage.Header(name: "Auto-Submitted", value: "auto-replied"),
                        OutgoingMessage.Header(name: "X-Auto-Response-Suppress", value: "All"),
                    ])
                reply.agent = "rule:" + pending.rule
                let id: Int64
                do {
                    id = try database.queueReply(reply, undoWindow: 0, config: config, now: now)
                } catch {
                    // Another worker's tick queued the same reply between the check above and
                    // this insert (its Message-ID is unique): it is queued, not skipped.
                    guard let queued = try database.outboxID(messageID: messageID) else { throw error }
                    id = queued
                }
                try database.finishAutoReply(pending, outboxID: id, error: nil, now: now)
                result.queued.append(id)
            } catch let error as InboxError where error.code != .database {
                try database.finishAutoReply(pending, outboxID: nil, error: error.description, now: now)
                result.skipped.append("#\(pending.ticketID) reply=\(pending.template): \(error.description)")
            }
        }
        return result
    }

    /// The `inbox tick` step that queues pending automatic replies.
    public static func tickStep(templates: TemplateLibrary) -> TickStep {
        TickStep(name: "auto-replies") { c in
            let r = try queuePending(database: c.database, config: c.config, templates: templates, now: c.now)
            return r.queued.map { "outbox \($0): automatic reply queued" } + r.skipped
        }
    }
}
