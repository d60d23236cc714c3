import GRDB

/// A row of `attachment` (the part itself stays in the raw message, found by `part_path`).
struct AttachmentRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "attachment"

    var id: Int64?
    var messageID: Int64
    var filename: String?
    var safeFilename: String
    var contentType: String
    var size: Int
    var contentID: String?
    var inline: Bool
    var partPath: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, filename, size, inline
        case messageID = "message_id"
        case safeFilename = "safe_filename"
        case contentType = "content_type"
        case contentID = "content_id"
        case partPath = "part_path"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let messageID = Column(CodingKeys.messageID)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var info: AttachmentInfo {
        AttachmentInfo(
            filename: filename, safeFilename: safeFilename, contentType: contentType, size: size, inline: inline,
            partPath: partPath)
    }
}
