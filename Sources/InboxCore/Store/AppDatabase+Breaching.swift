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
    /// Written once for both engines: booleans compared as the 0/1 integers both store, the
    /// last message's NULL dates last as SQLite orders them by default (PostgreSQL puts NULLs
    /// first in a descending order), and `inbox_thanks_only` answering 1 or 0 on both: a
    /// registered Swift function on SQLite, a PL/pgSQL one on PostgreSQL (migration
    /// "v10-read-functions", ``PostgresReadFunctions``).
    static let breachingSQL = """
        t.sla_warn_at <= ? AND t.status IN ('new', 'open') AND NOT EXISTS (SELECT 1 FROM (SELECT m.direction, m.snippet
            FROM message m WHERE m.ticket_id = t.id AND m.direction IN ('inbound', 'outbound') AND m.automatic = 0
            AND m.bounce = 0 ORDER BY m.date DESC NULLS LAST, m.id DESC LIMIT 1) last
            WHERE last.direction = 'inbound' AND inbox_thanks_only(last.snippet) = 1)
        """

    /// The argument of ``breachingSQL`` at `now`.
    static func breachingArguments(at now: Date) -> [any DatabaseValueConvertible & Sendable] {
        [now.timeIntervalSince1970]
    }
}
