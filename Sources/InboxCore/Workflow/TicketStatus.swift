/// Ticket statuses of DESIGN §6.
public enum TicketStatus: String, Codable, Sendable, CaseIterable {
    case new, open, pending
    case onHold = "on_hold"
    case solved, closed, spam, merged

    /// Statuses an agent still has to act on.
    public var isActive: Bool { self == .new || self == .open }
}

/// Ticket priorities, lowest first.
public enum TicketPriority: String, Codable, Sendable, CaseIterable {
    case low, normal, high, urgent
}

/// Direction of a message relative to the team.
public enum MessageDirection: String, Codable, Sendable {
    case inbound, outbound, note
}
