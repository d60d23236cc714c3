import Foundation
import InboxCore

/// The `inbox tick` steps of DESIGN §17 (docs/surveys.md): satisfaction surveys after solved
/// and follow-ups after delivery. Both compose through ``Replier`` (the template in the
/// customer's language, never a silent fallback) and are queued with a Message-ID derived
/// from what they are about, in the same transaction as their record: a crash between
/// queueing and delivery leaves the outbox row, the next delivery pass sends it, and the
/// next tick finds the record and queues nothing.
public enum Surveys {
    /// What one pass did.
    public struct Result: Sendable, Equatable {
        public var queued: [Int64] = []
        /// One line per thing done or skipped.
        public var lines: [String] = []
    }

    /// The Message-ID (without angle brackets, as the store keeps them) of the survey about the solve at `solvedAt` of ticket `ticket`.
    public static func surveyMessageID(ticket: Int64, solvedAt: Double, host: String) -> String {
        "survey-\(ticket)-\(Int64(solvedAt.rounded(.down)))@\(host)"
    }

    /// The agent a survey or follow-up on `detail` is signed by: the assignee when configured,
    /// else `[agent]`, else the queue.
    static func agent(for detail: TicketDetail, config: InboxConfig) -> InboxConfig.Agent {
        if let a = detail.ticket.assignee, let known = (config.agents ?? []).first(where: { $0.name == a }) {
            return known
        }
        return config.agent ?? InboxConfig.Agent(name: detail.ticket.queue)
    }

    static func host(_ detail: TicketDetail, _ config: InboxConfig, _ agent: InboxConfig.Agent) -> String {
        let address =
            config.queues.first { $0.name == detail.ticket.queue }?.addresses.first ?? agent.email ?? "localhost"
        return address.split(separator: "@").last.map(String.init) ?? "localhost"
    }

    /// Queues every survey due at `now` (``AppDatabase/dueSurveys(_:now:)``).
    /// - Throws: database errors only; a survey that cannot be written (no variant in the
    ///   customer's language, no address) is skipped with its reason and tried again next tick.
    public static func queueDue(database: AppDatabase, config: InboxConfig, templates: TemplateLibrary, now: Date)
        throws -> Result
    {
        var result = Result()
        guard let settings = config.survey else { return result }
        for c in try database.dueSurveys(settings, now: now) {
            do {
                let detail = try database.ticketDetail(c.ticketID)
                let agent = agent(for: detail, config: config)
                let replier = Replier(database: database, config: config, agent: agent)
                let rendered = try replier.render(template: settings.templateName, library: templates, detail: detail)
                let messageID = surveyMessageID(
                    ticket: c.ticketID, solvedAt: c.solvedAt, host: host(detail, config, agent))
                let reply = try ReplyComposer.compose(
                    detail: detail, config: config, agent: agent, subject: rendered.subject, text: rendered.body,
                    template: rendered.template.name, now: now, messageID: messageID,
                    extraHeaders: [
                        // Answers are welcome, out-of-office replies to a survey are not.
                        OutgoingMessage.Header(name: "Auto-Submitted", value: "auto-generated"),
                        OutgoingMessage.Header(name: "X-Auto-Response-Suppress", value: "OOF, AutoReply"),
                    ])
                if let id = try database.queueSurvey(
                    c, reply: reply, language: rendered.template.language, settings: settings, now: now)
                {
                    result.queued.append(id)
                    result.lines.append("#\(c.ticketID) survey queued (outbox \(id), \(rendered.template.language))")
                }
            } catch let error as InboxError where error.code != .database {
                result.lines.append("#\(c.ticketID) survey not sent: \(error.description)")
            }
        }
        return result
    }

    /// Queues every follow-up due at `now` (``AppDatabase/dueFollowups(_:now:)``), once per order.
    public static func queueFollowups(database: AppDatabase, config: InboxConfig, templates: TemplateLibrary, now: Date)
        throws -> Result
    {
        var result = Result()
        guard let settings = config.followup else { return result }
        for c in try database.dueFollowups(settings, now: now) {
            guard let name = settings.template(queue: c.queue) else { continue }
            do {
                let detail = try database.ticketDetail(c.ticketID)
                let agent = agent(for: detail, config: config)
                let replier = Replier(database: database, config: config, agent: agent)
                let rendered = try replier.render(template: name, library: templates, detail: detail)
                let messageID = "followup-order-\(c.orderID).ticket-\(c.ticketID)@\(host(detail, config, agent))"
                let reply = try ReplyComposer.compose(
                    detail: detail, config: config, agent: agent, subject: rendered.subject, text: rendered.body,
                    template: rendered.template.name, now: now, messageID: messageID,
                    extraHeaders: [OutgoingMessage.Header(name: "Auto-Submitted", value: "auto-generated")])
                if let id = try database.queueFollowup(c, reply: reply, template: rendered.template.name, now: now) {
                    result.queued.append(id)
                    result.lines.append(
                        "#\(c.ticketID) follow-up for order \(c.orderNumber) queued (outbox \(id), \(rendered.template.language))"
                    )
                }
            } catch let error as InboxError where error.code != .database {
                result.lines.append(
                    "#\(c.ticketID) follow-up for order \(c.orderNumber) not sent: \(error.description)")
            }
        }
        return result
    }

    /// The `inbox tick` steps: surveys, then follow-ups.
    public static func tickSteps(templates: TemplateLibrary) -> [TickStep] {
        [
            TickStep(name: "surveys") { c in
                try queueDue(database: c.database, config: c.config, templates: templates, now: c.now).lines
            },
            TickStep(name: "followups") { c in
                try queueFollowups(database: c.database, config: c.config, templates: templates, now: c.now).lines
            },
        ]
    }
}
