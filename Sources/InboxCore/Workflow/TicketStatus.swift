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
///
/// `forward` is mail we sent to a third party (a carrier, the warehouse) about the ticket,
/// not to the customer; `third_party` is that party's answer threaded back in. Neither counts
/// as the customer's message or our reply to them (SLA, waiting, reports read only
/// `inbound` and `outbound`).
public enum MessageDirection: String, Codable, Sendable {
    case inbound, outbound, note, forward
    case thirdParty = "third_party"
}
