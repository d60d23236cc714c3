import GRDB

/// A row of `search_pending`: a range of message ids the search index has yet to take,
/// written in the transactions of the messages (``SearchIndex/catchUp(store:)``).
struct SearchPendingRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "search_pending"

    var id: Int64?
    var firstID: Int64
    var lastID: Int64

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case firstID = "first_id"
        case lastID = "last_id"
    }

    enum Columns {
        static let firstID = Column(CodingKeys.firstID)
        static let lastID = Column(CodingKeys.lastID)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var range: ClosedRange<Int64> { firstID...lastID }
}
