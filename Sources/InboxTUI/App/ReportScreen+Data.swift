import Foundation
import InboxCore

/// The report screen's reads. Data sources without a store (tests of other screens) say so.
extension InboxDataSource {
    public func report(_ request: ReportRequest) throws -> Report {
        throw InboxError(.notFound, "Reports need the inbox database")
    }

    public func ticketSummaries(_ ids: [Int64]) throws -> [TicketSummary] {
        throw InboxError(.notFound, "Reports need the inbox database")
    }
}

extension DatabaseDataSource {
    /// The report for the requested period, in the SLA calendar's time zone.
    public func report(_ request: ReportRequest) throws -> Report {
        var builder = try ReportBuilder(database: database, config: config)
        builder.login = agent
        let now = Date()
        return try builder.build(request.range(now: now, timeZone: builder.calendar().timeZone), now: now)
    }

    public func ticketSummaries(_ ids: [Int64]) throws -> [TicketSummary] {
        try database.ticketSummaries(ids)
    }
}
