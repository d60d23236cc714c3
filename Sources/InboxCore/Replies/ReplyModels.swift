import Foundation

/// An autosaved reply or note being written (one per ticket, agent and kind).
public struct Draft: Sendable, Equatable {
    public var ticketID: Int64
    public var agent: String
    /// "reply" or "note".
    public var kind: String
    public var body: String
    public var template: String?
    /// When the agent began it: replies by others after this make delivery ask first.
    public var startedAt: Date
    public var updatedAt: Date
}

/// Outbox states (docs/replies.md): queued → sending → sent, or back to queued with a
/// next attempt, or failed; cancelled when taken back.
public enum OutboxState: String, Sendable, Codable, CaseIterable {
    case queued, sending, sent, failed, cancelled
}

/// A reply to put in the outbox, built by the caller (InboxMail's ``ReplyComposer``).
public struct QueuedReply: Sendable {
    public var ticketID: Int64
    public var agent: String
    public var messageID: String
    public var inReplyTo: String?
    public var references: [String]
    public var from: MailAddress
    public var to: [MailAddress]
    public var cc: [MailAddress]
    public var subject: String
    public var text: String
    public var raw: [UInt8]
    public var envelopeFrom: String
    public var recipients: [String]
    public var template: String?
    public var changes: [TicketChange]
    /// The draft's start: if another agent replied after it, queueing is refused unless `force`.
    public var startedAt: Date?
    public var force: Bool
    /// The channel of a reply that `send_command` delivers (`raw` is then its JSON); nil for mail.
    public var channel: String? = nil
    /// `.outbound` for a reply to the customer, `.forward` for mail to a third party about the ticket.
    public var direction: MessageDirection = .outbound
    /// The names and sizes of the files sent along ("label.pdf (12 KB)"), for what the front ends say.
    public var attachments: [String] = []

    public init(
        ticketID: Int64, agent: String, messageID: String, inReplyTo: String?, references: [String], from: MailAddress,
        to: [MailAddress], cc: [MailAddress] = [], subject: String, text: String, raw: [UInt8], envelopeFrom: String,
        recipients: [String], template: String? = nil, changes: [TicketChange] = [], startedAt: Date? = nil,
        force: Bool = false
    ) {
        self.ticketID = ticketID
        self.agent = agent
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.from = from
        self.to = to
        self.cc = cc
        self.subject = subject
        self.text = text
        self.raw = raw
        self.envelopeFrom = envelopeFrom
        self.recipients = recipients
        self.template = template
        self.changes = changes
        self.startedAt = startedAt
        self.force = force
    }
}

/// One outbox row as `inbox outbox list` shows it.
public struct OutboxEntry: Sendable, Equatable, Codable {
    public var id: Int64
    public var ticketID: Int64?
    public var messageID: String
    public var state: OutboxState
    public var attempts: Int
    public var lastError: String?
    public var notBefore: Date
    public var nextAttemptAt: Date?
    public var createdAt: Date
    public var sentAt: Date?
    public var recipients: [String]
    public var subject: String?
    /// The channel whose `send_command` delivers it; nil for mail.
    public var channel: String? = nil

    enum CodingKeys: String, CodingKey {
        case id, state, attempts, recipients, subject, channel
        case ticketID = "ticket"
        case messageID = "message_id"
        case lastError = "last_error"
        case notBefore = "not_before"
        case nextAttemptAt = "next_attempt_at"
        case createdAt = "created_at"
        case sentAt = "sent_at"
    }
}

/// A claimed outbox row: the bytes to deliver and the attempt that owns it.
public struct OutboxDelivery: Sendable {
    public var id: Int64
    public var ticketID: Int64?
    public var messageID: String
    public var raw: [UInt8]
    public var envelopeFrom: String
    public var recipients: [String]
    public var attempts: Int
    public var attemptID: String
    /// The `[[channel]]` whose `send_command` delivers `raw` (the reply as JSON); nil for mail.
    public var channel: String? = nil
}
