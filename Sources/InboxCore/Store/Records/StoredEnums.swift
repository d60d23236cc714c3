import GRDB

// The store's enums read and write as their raw text, so records and statement arguments use
// them directly instead of strings (GRDB's default for `RawRepresentable` over a text value).
extension TicketStatus: DatabaseValueConvertible {}
extension TicketPriority: DatabaseValueConvertible {}
extension MessageDirection: DatabaseValueConvertible {}
extension OutboxState: DatabaseValueConvertible {}

/// Every record's dates are REAL seconds since 1970 (the schema's `*_at` columns), not
/// GRDB's default ISO text.
protocol EpochDatedRecord: FetchableRecord {}

extension EpochDatedRecord {
    static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy {
        .timeIntervalSince1970
    }
}

extension EpochDatedRecord where Self: EncodableRecord {
    static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
        .timeIntervalSince1970
    }
}
