import Foundation
import GRDB

/// A row of `customer`. Found or created by `AppDatabase.findOrCreateCustomer` (ingest's
/// cached statements); the profile reads through this record.
struct CustomerRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord, EpochDatedRecord {
    static let databaseTableName = "customer"

    var id: Int64?
    /// Lowercased; unique.
    var address: String
    var name: String?
    var organisation: String?
    /// ISO 639-1 when set by an agent; nil means detect from their mail.
    var language: String?
    var notes: String?
    var failing: Bool
    var failingReason: String?
    var createdAt: Date
    /// Normalised (+ and digits).
    var phone: String?
    var salutation: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, address, name, organisation, language, notes, failing, phone, salutation
        case failingReason = "failing_reason"
        case createdAt = "created_at"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let address = Column(CodingKeys.address)
        static let phone = Column(CodingKeys.phone)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A row of `customer_handle`: a customer's name on a channel (a chat handle, a buyer id).
struct CustomerHandleRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "customer_handle"

    var channel: String
    var handle: String
    var customerID: Int64

    enum CodingKeys: String, CodingKey, CaseIterable {
        case channel, handle
        case customerID = "customer_id"
    }

    enum Columns {
        static let channel = Column(CodingKeys.channel)
        static let handle = Column(CodingKeys.handle)
        static let customerID = Column(CodingKeys.customerID)
    }
}
