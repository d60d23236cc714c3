import GRDB

/// A row a query selects (a join, computed columns), read into a small struct whose
/// properties are its columns in Swift's spelling: `ticket_id` is `ticketID`, `from_address`
/// `fromAddress`, `to_json` `toJSON`; dates are REAL seconds since 1970. The struct needs no
/// `CodingKeys`; a record of a whole table keeps its own (``StoreRecordsTests`` reads them).
protocol StoreRow: Decodable, EpochDatedRecord {}

extension StoreRow {
    static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .custom { StoreRowKey(column: $0) } }
}

/// A column's name as a property's (``StoreRow``).
struct StoreRowKey: CodingKey {
    /// Abbreviations written in capitals after the first word.
    private static let capitals: Set<Substring> = ["id", "json", "url", "uid", "sha256"]

    var stringValue: String
    var intValue: Int? { nil }

    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }

    init(column: String) {
        let words = column.split(separator: "_")
        stringValue =
            String(words.first ?? "")
            + words.dropFirst().map {
                Self.capitals.contains($0) ? $0.uppercased() : $0.prefix(1).uppercased() + $0.dropFirst()
            }
            .joined()
    }
}
