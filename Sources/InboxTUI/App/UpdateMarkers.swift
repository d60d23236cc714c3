import Foundation
import InboxCore

/// Which tickets changed since this agent last looked at them: the list marks them (`+` in
/// the first column) until the ticket is opened.
///
/// The first time a ticket is on screen its update time is taken as seen; a later load with a
/// newer update time (a customer reply, another agent's change) marks it.
public struct UpdateMarkers: Equatable, Sendable {
    private var seen: [Int64: Date] = [:]

    public init() {}

    /// Notes the rows just loaded: tickets not seen before are taken as seen.
    mutating func noteLoaded(_ rows: [TicketSummary]) {
        for t in rows where seen[t.id] == nil { seen[t.id] = t.updatedAt }
    }

    /// The agent opened the ticket: what it shows now is seen.
    mutating func noteOpened(_ ticket: TicketSummary) { seen[ticket.id] = ticket.updatedAt }

    /// Whether the ticket changed since it was last seen.
    public func isUpdated(_ t: TicketSummary) -> Bool {
        guard let at = seen[t.id] else { return false }
        return t.updatedAt > at
    }

    /// The updated tickets among `rows`.
    public func updated(in rows: [TicketSummary]) -> Set<Int64> { Set(rows.filter(isUpdated).map(\.id)) }
}
