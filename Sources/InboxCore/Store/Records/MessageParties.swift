import Foundation
import GRDB

extension MessageRecord {
    /// The people and Message-IDs of a message, as an export reads them to redact (the
    /// redactor's seeding, the redacted stand-in sources) and to thread (`threadHeaders`).
    /// Each reader selects the columns it needs: the others read as nil. The JSON columns stay
    /// text, decoded by the accessors (an unreadable or absent list reads as empty).
    struct Parties: Decodable, Sendable, FetchableRecord, EpochDatedRecord {
        var id: Int64?
        var direction: MessageDirection?
        var automatic, bounce: Bool?
        var messageID: String?
        var inReplyTo, referencesIDs: String?
        var date: Date?
        var fromName, fromAddress: String?
        var toJSON, ccJSON: String?
        var subject, text: String?
        /// A JSON array of the attachments' names, where the reader selects it.
        var attachments: String?

        enum CodingKeys: String, CodingKey {
            case id, direction, automatic, bounce, date, subject, text, attachments
            case messageID = "message_id", inReplyTo = "in_reply_to", referencesIDs = "references_ids"
            case fromName = "from_name", fromAddress = "from_address", toJSON = "to_json", ccJSON = "cc_json"
        }

        static func list<T: Decodable>(_ json: String?, of type: T.Type = String.self) -> [T] {
            (try? JSONDecoder().decode([T].self, from: Data((json ?? "[]").utf8))) ?? []
        }

        var inReplyToList: [String] { Self.list(inReplyTo) }
        var referenceList: [String] { Self.list(referencesIDs) }
        var to: [MailAddress] { Self.list(toJSON, of: MailAddress.self) }
        var cc: [MailAddress] { Self.list(ccJSON, of: MailAddress.self) }
    }
}
