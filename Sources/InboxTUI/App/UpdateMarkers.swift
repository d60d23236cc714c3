import Foundation
import InboxCore

/// Which tickets changed since this agent last looked at them: the list marks them (`+` in
/// the first column) until the ticket is opened.
///
/// The first time a ticket is on screen its update time is taken as seen; a later load with a
/// newer update time (a customer reply, another agent's change) marks it.
public struct UpdateMarkers: Equatable, Sendable {
    private var seen: [Int64: Date] = [:]
    /// Tickets this agent just changed: their next loaded update time is their own doing.
    private var ownChanges: Set<Int64> = []

    public init() {}

    /// Notes the rows just loaded: tickets not seen before, or changed by this agent since the
    /// last load, are taken as seen.
    mutating func noteLoaded(_ rows: [TicketSummary]) {
        for t in rows where seen[t.id] == nil || ownChanges.contains(t.id) {
            seen[t.id] = max(seen[t.id] ?? t.updatedAt, t.updatedAt)
            ownChanges.remove(t.id)
        }
    }

    /// This agent changed these tickets (status, tags, a reply…): not news to them.
    mutating func noteOwnChange(_ ids: [Int64]) { ownChanges.formUnion(ids) }

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
