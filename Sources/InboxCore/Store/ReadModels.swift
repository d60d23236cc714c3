import Foundation

/// A queue with its ticket counts, as `inbox queues` shows it.
public struct QueueSummary: Codable, Sendable, Equatable {
    public var name: String
    public var addresses: [String]
    public var isDefault: Bool
    /// Tickets in `new` or `open`.
    public var open: Int
    public var new: Int
    public var pending: Int
    public var unassigned: Int
    public var total: Int

    enum CodingKeys: String, CodingKey {
        case name, addresses, open, new, pending, unassigned, total
        case isDefault = "default"
    }
}

/// Counts of the views beside the queues (DESIGN §11 sidebar).
public struct ViewCounts: Codable, Sendable, Equatable {
    public var unassigned: Int
    public var open: Int
    public var pending: Int
    /// Automatic messages and bounces that opened no ticket.
    public var quarantine: Int
}

/// A customer as embedded in ticket JSON.
public struct CustomerRef: Codable, Sendable, Equatable {
    @ExplicitNull public var name: String? = nil
    @ExplicitNull public var address: String? = nil
}

/// One row of the ticket list (`inbox tickets`). Every documented field is present in JSON;
/// absent values are `null`.
public struct TicketSummary: Codable, Sendable, Equatable {
    public var id: Int64
    public var queue: String
    public var subject: String
    public var status: TicketStatus
    public var priority: TicketPriority
    @ExplicitNull public var assignee: String? = nil
    public var tags: [String]
    public var customer: CustomerRef
    public var createdAt: Date
    public var updatedAt: Date
    public var messageCount: Int
    /// The earliest due time of the ticket's running SLA clocks; nil when none runs (no SLA,
    /// paused, or every target met).
    @ExplicitNull public var slaDue: Date? = nil
    /// When the ticket counts as breaching (the earliest due time minus the policy's warning).
    @ExplicitNull public var slaWarnAt: Date? = nil
    /// Until when the ticket is snoozed; nil when it is not (docs/rules.md).
    @ExplicitNull public var snoozedUntil: Date? = nil
    /// Why a snoozed ticket came back ("time", "reply", "agent"), until it is snoozed again.
    @ExplicitNull public var snoozeWoke: String? = nil
    /// `email`, or the channel of `inbox import jsonl` the ticket came from (docs/channels.md).
    /// Open text, not an enum: an import names its channel freely ("chat", "allegro", …).
    public var channel: String = "email"
    /// When the customer last wrote (the list's AGE); nil when they never did (a ticket we opened).
    @ExplicitNull public var lastCustomerAt: Date? = nil
    /// Who is waiting on whom: `.us` when the customer wrote last, `.customer` when we did.
    @ExplicitNull public var waitingOn: Waiting? = nil
    /// The customer's last message only says thanks: nothing to answer, so never shown overdue.
    public var thanksOnly = false

    enum CodingKeys: String, CodingKey {
        case id, queue, subject, status, priority, assignee, tags, customer, channel
        case snoozedUntil = "snoozed_until"
        case snoozeWoke = "snooze_woke"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case messageCount = "message_count"
        case slaDue = "sla_due"
        case slaWarnAt = "sla_warn_at"
        case lastCustomerAt = "last_customer_at"
        case waitingOn = "waiting_on"
        case thanksOnly = "thanks_only"
    }
}

extension TicketSummary {
    /// Reads rows written before `last_customer_at`, `waiting_on` and `thanks_only` existed.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int64.self, forKey: .id)
        queue = try c.decode(String.self, forKey: .queue)
        subject = try c.decode(String.self, forKey: .subject)
        status = try c.decode(TicketStatus.self, forKey: .status)
        priority = try c.decode(TicketPriority.self, forKey: .priority)
        assignee = try c.decodeIfPresent(String.self, forKey: .assignee)
        tags = try c.decode([String].self, forKey: .tags)
        customer = try c.decode(CustomerRef.self, forKey: .customer)
        createdAt = try c.decode(Date.self, forKey: .createdAt)
        updatedAt = try c.decode(Date.self, forKey: .updatedAt)
        messageCount = try c.decode(Int.self, forKey: .messageCount)
        slaDue = try c.decodeIfPresent(Date.self, forKey: .slaDue)
        slaWarnAt = try c.decodeIfPresent(Date.self, forKey: .slaWarnAt)
        snoozedUntil = try c.decodeIfPresent(Date.self, forKey: .snoozedUntil)
        snoozeWoke = try c.decodeIfPresent(String.self, forKey: .snoozeWoke)
        channel = try c.decodeIfPresent(String.self, forKey: .channel) ?? "email"
        lastCustomerAt = try c.decodeIfPresent(Date.self, forKey: .lastCustomerAt)
        waitingOn = try c.decodeIfPresent(Waiting.self, forKey: .waitingOn)
        thanksOnly = try c.decodeIfPresent(Bool.self, forKey: .thanksOnly) ?? false
    }
}

/// Who a ticket is waiting on: whoever did not write last.
public enum Waiting: String, Codable, Sendable, Equatable {
    /// The customer wrote last: the next move is ours.
    case us
    /// We wrote last: the next move is the customer's.
    case customer

    init?(lastDirection: String?) {
        switch lastDirection {
        case "inbound": self = .us
        case "outbound": self = .customer
        default: return nil
        }
    }
}

/// An attachment as listed in `inbox show --json`.
public struct AttachmentInfo: Codable, Sendable, Equatable {
    @ExplicitNull public var filename: String? = nil
    public var safeFilename: String
    public var contentType: String
    public var size: Int
    public var inline: Bool
    /// Where the part is in the stored original ("2", "1.3"), to take its content out; not in JSON.
    public var partPath: String = ""

    enum CodingKeys: String, CodingKey {
        case filename, size, inline
        case safeFilename = "safe_filename"
        case contentType = "content_type"
    }
}

/// One message of a ticket (`inbox show`).
public struct MessageDetail: Codable, Sendable, Equatable {
    public var direction: MessageDirection
    @ExplicitNull public var messageID: String? = nil
    public var from: CustomerRef
    public var to: [MailAddress]
    public var cc: [MailAddress]
    @ExplicitNull public var date: Date? = nil
    public var subject: String
    public var text: String
    public var automatic: Bool
    public var bounce: Bool
    public var threadReason: String
    public var attachments: [AttachmentInfo]
    public var problems: [String]
    public var sha256: String

    enum CodingKeys: String, CodingKey {
        case direction, from, to, cc, date, subject, text, automatic, bounce, attachments, problems, sha256
        case messageID = "message_id"
        case threadReason = "thread_reason"
    }
}

/// One entry of a ticket's audit log.
public struct EventInfo: Codable, Sendable, Equatable {
    public var at: Date
    public var actor: String
    /// Open text, not an enum: the changed field's name (`status`, `assignee`, …) or an action
    /// (`created`, `reply-resent`, a rule's), and whatever an imported archive logged.
    public var kind: String
    public var old: String?
    public var new: String?
    public var detail: String?
}

/// A ticket with its messages and events (`inbox show`).
public struct TicketDetail: Codable, Sendable, Equatable {
    public var ticket: TicketSummary
    public var messages: [MessageDetail]
    public var events: [EventInfo]
    public var linkedTicket: Int64?
    public var mergedInto: Int64?
    /// The optimistic-concurrency version: pass it back with a change so a change made by
    /// someone else in between is refused rather than overwritten.
    public var version: Int
    /// Agents viewing or replying, with their last heartbeat (filter with ``PresenceInfo/isLive(at:)``).
    public var presence: [PresenceInfo]
    public var customerProfile: CustomerProfile?
    /// Filled by callers that know the SLA policies (``AppDatabase/slaReport(_:config:now:)``).
    public var sla: SLAReport?
    /// The customer's rating from a satisfaction survey (docs/surveys.md), or nil.
    public var satisfaction: Satisfaction?
    /// The external conversation id of a channel ticket (docs/channels.md); nil for mail.
    public var conversation: String? = nil

    /// Flattens the ticket's fields next to `messages` and `events`, as DESIGN §12 asks.
    public func encode(to encoder: any Encoder) throws {
        try ticket.encode(to: encoder)
        var container = encoder.container(keyedBy: ExtraKeys.self)
        try container.encode(messages, forKey: .messages)
        try container.encode(events, forKey: .events)
        try container.encode(linkedTicket, forKey: .linkedTicket)
        try container.encode(mergedInto, forKey: .mergedInto)
        try container.encode(version, forKey: .version)
        try container.encode(presence, forKey: .presence)
        try container.encode(customerProfile, forKey: .customerProfile)
        try container.encode(sla, forKey: .sla)
        try container.encode(satisfaction, forKey: .satisfaction)
        try container.encode(conversation, forKey: .conversation)
    }

    public init(from decoder: any Decoder) throws {
        ticket = try TicketSummary(from: decoder)
        let container = try decoder.container(keyedBy: ExtraKeys.self)
        messages = try container.decode([MessageDetail].self, forKey: .messages)
        events = try container.decode([EventInfo].self, forKey: .events)
        linkedTicket = try container.decodeIfPresent(Int64.self, forKey: .linkedTicket)
        mergedInto = try container.decodeIfPresent(Int64.self, forKey: .mergedInto)
        version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 0
        presence = try container.decodeIfPresent([PresenceInfo].self, forKey: .presence) ?? []
        customerProfile = try container.decodeIfPresent(CustomerProfile.self, forKey: .customerProfile)
        sla = try container.decodeIfPresent(SLAReport.self, forKey: .sla)
        satisfaction = try container.decodeIfPresent(Satisfaction.self, forKey: .satisfaction)
        conversation = try container.decodeIfPresent(String.self, forKey: .conversation)
    }

    public init(
        ticket: TicketSummary, messages: [MessageDetail], events: [EventInfo], linkedTicket: Int64?, mergedInto: Int64?,
        version: Int = 0, presence: [PresenceInfo] = [], customerProfile: CustomerProfile? = nil, sla: SLAReport? = nil,
        satisfaction: Satisfaction? = nil
    ) {
        self.satisfaction = satisfaction
        self.ticket = ticket
        self.messages = messages
        self.events = events
        self.linkedTicket = linkedTicket
        self.mergedInto = mergedInto
        self.version = version
        self.presence = presence
        self.customerProfile = customerProfile
        self.sla = sla
    }

    enum ExtraKeys: String, CodingKey {
        case messages, events, version, presence, sla, satisfaction, conversation
        case linkedTicket = "linked_ticket"
        case mergedInto = "merged_into"
        case customerProfile = "customer_profile"
    }
}

/// Filters of `inbox tickets`.
/// How a ticket list is sorted.
public enum TicketOrder: Sendable {
    /// Most recently updated first (`inbox tickets`).
    case updated
    /// What needs an agent first (the TUI's lists): new and open tickets before the rest, then
    /// the soonest SLA warning time (tickets without a running clock after those with one),
    /// then priority (urgent, high, normal, low), then the most recently updated.
    case urgency

    /// The ORDER BY terms over `ticket t`. The urgency terms are the expressions of the
    /// `ticket_urgency` index, so a page reads the index instead of sorting every ticket.
    var sql: String {
        switch self {
        case .updated: "t.updated_at DESC, t.id DESC"
        case .urgency:
            "(t.status NOT IN ('new', 'open')), COALESCE(t.sla_warn_at, 9e15), "
                + "(CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END), "
                + "t.updated_at DESC, t.id DESC"
        }
    }

    /// ``sql``, for tests that look at query plans.
    public var sqlForTests: String { sql }
}

public struct TicketFilter: Sendable {
    public var queue: String?
    public var status: String?
    /// A search in the query language of ``SearchQuery`` (words, `tag:`, `from:`, …): a
    /// ticket matches when it, or one of its messages, does.
    public var text: String?
    /// Only tickets assigned to this agent.
    public var assignee: String?
    /// Only new/open tickets whose SLA warning time has come by this instant (the Breaching view).
    public var breachingAt: Date?
    public var limit: Int
    public var offset: Int
    /// Who `assignee:me` is (the agent's name and address).
    public var me: [String]
    /// The order of the rows (``TicketOrder/updated`` unless set).
    public var order: TicketOrder = .updated
    /// Snoozed tickets are left out unless this is set or the search has `is:snoozed`.
    public var includeSnoozed = false

    public init(
        queue: String? = nil, status: String? = nil, text: String? = nil, assignee: String? = nil,
        breachingAt: Date? = nil,
        limit: Int = 50, offset: Int = 0, me: [String] = []
    ) {
        self.queue = queue
        self.status = status
        self.text = text
        self.assignee = assignee
        self.breachingAt = breachingAt
        self.limit = limit
        self.offset = offset
        self.me = me
    }
}
