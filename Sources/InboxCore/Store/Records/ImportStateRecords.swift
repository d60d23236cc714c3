import Foundation
import GRDB

/// A row of `account_state`: how far an import got, per IMAP folder (`kind` "imap": the
/// UIDVALIDITY, last UID and HIGHESTMODSEQ) or per spool file (`folder` empty: the file's
/// identity and the offset read up to). Written in the transaction of the messages it covers.
struct AccountStateRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord, EpochDatedRecord {
    static let databaseTableName = "account_state"

    var id: Int64?
    var kind: String
    var source: String
    var folder: String
    var uidvalidity: Int64?
    var lastUID: Int64?
    /// Stored as a signed 64-bit integer (the bit pattern of IMAP's unsigned one).
    var highestModseq: Int64?
    var fileIdentity: String?
    var fileOffset: Int64?
    var updatedAt: Date

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, kind, source, folder, uidvalidity
        case lastUID = "last_uid"
        case highestModseq = "highest_modseq"
        case fileIdentity = "file_identity"
        case fileOffset = "file_offset"
        case updatedAt = "updated_at"
    }

    enum Columns {
        static let kind = Column(CodingKeys.kind)
        static let source = Column(CodingKeys.source)
        static let folder = Column(CodingKeys.folder)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The row of one folder (`""` for a spool file) of a source.
    static func find(on db: any StoreConnection, kind: String, source: String, folder: String) throws
        -> AccountStateRecord?
    {
        try db.record(
            AccountStateRecord.self, "SELECT * FROM account_state WHERE kind = ? AND source = ? AND folder = ?",
            [kind, source, folder])
    }
}

/// A row of `spool_seen`: a Maildir file (by unique name) or an .eml path already imported.
struct SpoolSeenRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "spool_seen"

    var source: String
    var name: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case source, name
    }

    enum Columns {
        static let source = Column(CodingKeys.source)
        static let name = Column(CodingKeys.name)
    }
}
