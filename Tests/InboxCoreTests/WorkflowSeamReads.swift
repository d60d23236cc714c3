import Foundation
import GRDB
import Testing

@testable import InboxCore

/// What the workflow's tests on both engines read back, through the store seam: the stored
/// columns themselves, as written, rather than the ticket views (`ticketDetail`, +Queries).
struct SeamTicket: Equatable {
    var status: String
    var priority: String
    var assignee: String?
    /// Sorted by name.
    var tags: [String]
    var version: Int
}

extension AppDatabase {
    func seamTicket(_ id: Int64) throws -> SeamTicket {
        try snapshot { db in
            guard let r = try db.row("SELECT status, priority, assignee, version FROM ticket WHERE id = ?", [id]) else {
                throw InboxError(.notFound, "no ticket #\(id)")
            }
            return SeamTicket(
                status: r["status"], priority: r["priority"], assignee: r["assignee"],
                tags: try db.values(String.self, "SELECT name FROM tag WHERE ticket_id = ?", [id]).sorted(),
                version: r["version"])
        }
    }

    /// The ticket's events, oldest first.
    func seamEvents(_ id: Int64) throws -> [EventRecord] {
        try snapshot { db in
            try db.records(EventRecord.self, "SELECT * FROM event WHERE ticket_id = ? ORDER BY at, id", [id])
        }
    }

    /// One value of one query, through the seam.
    func seamValue<T: DatabaseValueConvertible>(_ type: T.Type, _ sql: String, _ arguments: StoreArguments = [])
        throws -> T?
    {
        try snapshot { try $0.value(type, sql, arguments) }
    }
}
