import Foundation
import GRDB

extension MessageRecord {
    /// A person's message as the SLA clocks read it (the workflow's `slaInputs` and the
    /// reports' bulk read): when, and whether the customer or the team wrote it.
    struct SLATime: Decodable, Sendable, FetchableRecord, EpochDatedRecord {
        var ticketID: Int64
        /// `AppDatabase.reportMessageTime`: the Date header, unless later than the arrival.
        var at: Date
        var direction: MessageDirection

        enum CodingKeys: String, CodingKey {
            case at, direction, ticketID = "ticket_id"
        }

        var message: SLAHistory.Message { SLAHistory.Message(at: at, inbound: direction == .inbound) }
    }
}
