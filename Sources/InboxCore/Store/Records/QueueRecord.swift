import Foundation
import GRDB

/// A row of `queue`. `syncQueues` writes the configured ones; the archive import adds the
/// queues an archive names (routing nothing until the configuration names them).
struct QueueRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    var id: Int64?
    /// Unique, compared without case.
    var name: String
    /// JSON array of the lowercased addresses that route to the queue.
    var addresses: String
    var defaultPriority: TicketPriority
    var isDefault: Bool

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, addresses, defaultPriority = "default_priority", isDefault = "is_default"
    }

    enum Columns {
        static let id = Column(CodingKeys.id), name = Column(CodingKeys.name)
    }

    static let databaseTableName = "queue"

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// `addresses` decoded; an unreadable value reads as none (as before records).
    var addressList: [String] { (try? JSONDecoder().decode([String].self, from: Data(addresses.utf8))) ?? [] }

    /// The queue named `name` (without case), if there is one.
    static func named(_ name: String) -> QueryInterfaceRequest<QueueRecord> {
        filter(sql: "name = ? COLLATE NOCASE", arguments: [name])
    }

    /// Every queue's name, in configuration order (for the errors that list them).
    static func names(_ db: Database) throws -> [String] {
        try String.fetchAll(db, select(Columns.name).order(Columns.id))
    }

    /// Every queue, in configuration order, on either engine.
    static func all(on db: any StoreConnection) throws -> [QueueRecord] {
        try db.records(
            QueueRecord.self, "SELECT id, name, addresses, default_priority, is_default FROM queue ORDER BY id")
    }

    /// The id of the queue named `name`, without case for ASCII letters as SQLite's `COLLATE
    /// NOCASE` (the `queue` name's collation) compares, on either engine.
    static func id(on db: any StoreConnection, named name: String) throws -> Int64? {
        try db.value(
            Int64.self, "SELECT id FROM queue WHERE \(db.asciiNoCaseEquals("name")) ORDER BY id LIMIT 1", [name])
    }
}
