import Foundation
import GRDB

/// A row of `message`. Ingest inserts with its own cached statements (the hot path: one
/// bound statement per message, see `AppDatabase+IngestWrites.swift`); reads of whole
/// messages go through this record. The JSON columns stay text here and are decoded by
/// their accessors, as ingest wrote them (`JSONText`).
struct MessageRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord, EpochDatedRecord {
    static let databaseTableName = "message"

    var id: Int64?
    var ticketID: Int64?
    var queueID: Int64?
    var direction: MessageDirection
    var messageID: String?
    var inReplyTo: String
    var referencesIDs: String
    var fromName: String?
    var fromAddress: String?
    var sender: String
    var toJSON: String
    var ccJSON: String
    var date: Date?
    var receivedAt: Date
    var subject: String
    var text: String
    var hasHTML: Bool
    var snippet: String
    var automatic: Bool
    var bounce: Bool
    var threadReason: String
    var rawSHA256: String
    var problems: String
    var channel: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, direction, sender, date, subject, text, snippet, automatic, bounce, problems, channel
        case ticketID = "ticket_id"
        case queueID = "queue_id"
        case messageID = "message_id"
        case inReplyTo = "in_reply_to"
        case referencesIDs = "references_ids"
        case fromName = "from_name"
        case fromAddress = "from_address"
        case toJSON = "to_json"
        case ccJSON = "cc_json"
        case receivedAt = "received_at"
        case hasHTML = "has_html"
        case threadReason = "thread_reason"
        case rawSHA256 = "raw_sha256"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let ticketID = Column(CodingKeys.ticketID)
        static let direction = Column(CodingKeys.direction)
        static let messageID = Column(CodingKeys.messageID)
        static let fromAddress = Column(CodingKeys.fromAddress)
        static let date = Column(CodingKeys.date)
        static let receivedAt = Column(CodingKeys.receivedAt)
        static let automatic = Column(CodingKeys.automatic)
        static let bounce = Column(CodingKeys.bounce)
        static let rawSHA256 = Column(CodingKeys.rawSHA256)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// `to_json` decoded; an unreadable value reads as no one (as before records).
    var to: [MailAddress] { Self.decode(toJSON) ?? [] }
    var cc: [MailAddress] { Self.decode(ccJSON) ?? [] }
    /// Header problems noted at parse time.
    var problemList: [String] { Self.decode(problems) ?? [] }

    private static func decode<T: Decodable>(_ json: String) -> T? {
        try? JSONDecoder().decode(T.self, from: Data(json.utf8))
    }

    /// The conversation's view of this message (`inbox show`, the TUI), with its attachments.
    func detail(attachments: [AttachmentInfo]) -> MessageDetail {
        MessageDetail(
            direction: direction, messageID: messageID,
            from: CustomerRef(name: fromName, address: fromAddress), to: to, cc: cc, date: date, subject: subject,
            text: text, automatic: automatic, bounce: bounce, threadReason: threadReason, attachments: attachments,
            problems: problemList, sha256: rawSHA256)
    }
}
