import Foundation
import GRDB

/// A row of `outbox`: a reply waiting for, or done with, delivery (docs/replies.md).
struct OutboxRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord, EpochDatedRecord {
    static let databaseTableName = "outbox"

    var id: Int64?
    var ticketID: Int64?
    var messageID: String
    var raw: Data
    /// JSON array of envelope recipients.
    var recipients: String
    var state: OutboxState
    var attempts: Int
    var lastError: String?
    var notBefore: Date
    var nextAttemptAt: Date?
    var createdAt: Date
    var sentAt: Date?
    var envelopeFrom: String
    var template: String?
    var agent: String?
    var subject: String?
    var attemptID: String?
    var leaseUntil: Date?
    var channel: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, raw, recipients, state, attempts, template, agent, subject, channel
        case ticketID = "ticket_id"
        case messageID = "message_id"
        case lastError = "last_error"
        case notBefore = "not_before"
        case nextAttemptAt = "next_attempt_at"
        case createdAt = "created_at"
        case sentAt = "sent_at"
        case envelopeFrom = "envelope_from"
        case attemptID = "attempt_id"
        case leaseUntil = "lease_until"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let ticketID = Column(CodingKeys.ticketID)
        static let messageID = Column(CodingKeys.messageID)
        static let state = Column(CodingKeys.state)
        static let lastError = Column(CodingKeys.lastError)
        static let attemptID = Column(CodingKeys.attemptID)
        static let leaseUntil = Column(CodingKeys.leaseUntil)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var recipientList: [String] { (try? JSONDecoder().decode([String].self, from: Data(recipients.utf8))) ?? [] }

    /// What the sender needs for attempt `attemptID`.
    func delivery(attemptID: String) -> OutboxDelivery {
        OutboxDelivery(
            id: id ?? 0, ticketID: ticketID, messageID: messageID, raw: [UInt8](raw), envelopeFrom: envelopeFrom,
            recipients: recipientList, attempts: attempts, attemptID: attemptID, channel: channel)
    }

    /// An outbox row without its message (`raw`): what lists and `inbox outbox` show. Reads
    /// only the listed columns, so a page of the outbox does not load every reply's bytes.
    struct Entry: Decodable, Sendable, FetchableRecord, TableRecord, EpochDatedRecord {
        static let databaseTableName = "outbox"
        static var databaseSelection: [any SQLSelectable] { CodingKeys.allCases.map { Column($0) } }
        /// The same columns as SQL, for statements written once for both engines.
        static let selection = CodingKeys.allCases.map(\.rawValue).joined(separator: ", ")

        var id: Int64
        var ticketID: Int64?
        var messageID: String
        var state: OutboxState
        var attempts: Int
        var lastError: String?
        var notBefore: Date
        var nextAttemptAt: Date?
        var createdAt: Date
        var sentAt: Date?
        var recipients: String
        var subject: String?
        var channel: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id, state, attempts, recipients, subject, channel
            case ticketID = "ticket_id"
            case messageID = "message_id"
            case lastError = "last_error"
            case notBefore = "not_before"
            case nextAttemptAt = "next_attempt_at"
            case createdAt = "created_at"
            case sentAt = "sent_at"
        }

        var entry: OutboxEntry {
            OutboxEntry(
                id: id, ticketID: ticketID, messageID: messageID, state: state, attempts: attempts,
                lastError: lastError, notBefore: notBefore, nextAttemptAt: nextAttemptAt, createdAt: createdAt,
                sentAt: sentAt,
                recipients: (try? JSONDecoder().decode([String].self, from: Data(recipients.utf8))) ?? [],
                subject: subject, channel: channel)
        }
    }
}
