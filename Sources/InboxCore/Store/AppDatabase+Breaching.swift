import Foundation
import GRDB

extension AppDatabase {
    /// The one definition of a breaching ticket (docs/workflow.md), on ticket `t`: new or
    /// open, due within its SLA warning window or overdue, and not waiting only on a
    /// customer's thanks (``ThanksOnly``: its last message, notes, automatic mail and bounces
    /// aside, is not the customer saying thanks; such a ticket has nothing to answer, issue 20).
    ///
    /// The Breaching view (``TicketFilter/breachingAt``), its count (``breachingCount(now:)``)
    /// and the search term `is:breaching` all use it. Binds one argument: ``breachingArguments(at:)``.
    static let breachingSQL = """
        t.sla_warn_at <= ? AND t.status IN ('new', 'open') AND NOT COALESCE((SELECT m.direction = 'inbound' AND inbox_thanks_only(m.snippet) FROM message m
            WHERE m.ticket_id = t.id AND m.direction IN ('inbound', 'outbound') AND NOT m.automatic AND NOT m.bounce
            ORDER BY m.date DESC, m.id DESC LIMIT 1), 0)
        """

    /// The argument of ``breachingSQL`` at `now`.
    static func breachingArguments(at now: Date) -> [any DatabaseValueConvertible & Sendable] {
        [now.timeIntervalSince1970]
    }
}
