import Foundation

/// An agent viewing or replying to a ticket.
public struct PresenceInfo: Codable, Sendable, Equatable {
    public var agent: String
    public var activity: PresenceActivity
    /// Last heartbeat; the entry is gone ``PresenceInfo/lifetime`` seconds after it.
    public var seenAt: Date

    /// Seconds a heartbeat lasts: an agent who leaves without saying so is gone after this.
    public static let lifetime: TimeInterval = 30

    public func isLive(at now: Date) -> Bool { now.timeIntervalSince(seenAt) < Self.lifetime }

    enum CodingKeys: String, CodingKey {
        case agent, activity
        case seenAt = "seen_at"
    }
}

/// What an agent may say they are doing on a ticket.
public enum PresenceActivity: String, Codable, Sendable, CaseIterable {
    case viewing, replying
}

/// One of a customer's tickets, as the profile lists them.
public struct CustomerTicket: Codable, Sendable, Equatable {
    public var id: Int64
    public var subject: String
    public var status: TicketStatus
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, subject, status, createdAt = "created_at", updatedAt = "updated_at"
    }
}

/// The customer beside a conversation (DESIGN §11): who they are and their history.
public struct CustomerProfile: Codable, Sendable, Equatable {
    public var address: String
    @ExplicitNull public var name: String? = nil
    @ExplicitNull public var organisation: String? = nil
    /// ISO 639-1 code: as set on the customer, else detected from their mail (nil when unsure).
    @ExplicitNull public var language: String? = nil
    /// `set` (stored on the customer), `detected` (guessed from their messages), or nil.
    @ExplicitNull public var languageSource: String? = nil
    public var failing: Bool
    @ExplicitNull public var failingReason: String? = nil
    /// Their first ticket's start (or when we first saw them).
    public var firstContact: Date
    /// Tickets still being worked on (new, open, pending, on hold).
    public var openCount: Int
    public var ticketCount: Int
    /// Newest first, at most 20.
    public var tickets: [CustomerTicket]
    @ExplicitNull public var notes: String? = nil
    /// The normalised phone number (`+48601234567`), when a channel gave one.
    public var phone: String? = nil
    /// Names on other channels (`chat:ayse_y`) and merged addresses (`email:old@example.com`).
    public var handles: [String]? = nil
    /// How replies greet this customer (`{{customer.salutation}}`), when set: "Panie Krzysztofie".
    @ExplicitNull public var salutation: String? = nil

    enum CodingKeys: String, CodingKey {
        case address, name, organisation, language, failing, tickets, notes, salutation, phone, handles
        case languageSource = "language_source", failingReason = "failing_reason"
        case firstContact = "first_contact", openCount = "open_count", ticketCount = "ticket_count"
    }
}

/// What one ticket looks like after ``AppDatabase/update(_:_:actor:expectedVersion:config:now:)``.
public struct TicketUpdate: Codable, Sendable, Equatable {
    public var id: Int64
    public var version: Int
    /// The changes that took effect (`status=pending`, …); empty when nothing changed.
    public var applied: [String]
}

/// An automatic message or bounce that opened no ticket.
public struct QuarantinedMessage: Codable, Sendable, Equatable {
    /// The message's row number, which `inbox quarantine release` takes.
    public var id: Int64
    public var from: CustomerRef
    public var subject: String
    public var date: Date?
    public var automatic: Bool
    public var bounce: Bool
    /// Why it was held (the thread reason).
    public var reason: String
    public var snippet: String
}

/// What `inbox undo` reversed.
public struct UndoResult: Codable, Sendable, Equatable {
    public var kind: String
    public var tickets: [Int64]
    public var summary: String
}
