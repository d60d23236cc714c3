import Foundation
import GRDB

/// The few spellings the read side's statements ask of the engine (issue 22), so that each
/// statement is written once.
extension StoreConnection {
    /// A descending order whose NULLs come last, as SQLite orders them by default (PostgreSQL
    /// puts NULLs first there). Plain `DESC` on SQLite, so its plans stay as they were.
    var descNullsLast: String { engineKind == .postgresql ? "DESC NULLS LAST" : "DESC" }

    /// The collation that orders text by its bytes, as SQLite's default `BINARY` does:
    /// `COLLATE "C"` on PostgreSQL, whose database collation may follow a language's rules.
    var bytewise: String { engineKind == .postgresql ? "COLLATE \"C\"" : "" }

    /// The names of the tags of the ticket `ticket` (a column expression) joined by U+001F, in
    /// byte order; NULL without tags. `group_concat` over an ordered subquery on SQLite,
    /// `string_agg … ORDER BY` on PostgreSQL.
    func tagNames(of ticket: String) -> String {
        engineKind == .postgresql
            ? "(SELECT string_agg(name, chr(31) ORDER BY name COLLATE \"C\") FROM tag WHERE ticket_id = \(ticket))"
            : "(SELECT group_concat(name, char(31)) FROM (SELECT name FROM tag WHERE ticket_id = \(ticket) ORDER BY name))"
    }

    /// `column = ?` without case for ASCII letters only, as SQLite's `COLLATE NOCASE` compares
    /// (PostgreSQL's `lower()` would fold every letter, so "ÅSA" would find "åsa" there only).
    /// Bind the value as it is.
    func asciiNoCaseEquals(_ column: String) -> String {
        guard engineKind == .postgresql else { return "\(column) = ? COLLATE NOCASE" }
        let upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        return
            "translate(\(column), '\(upper)', '\(upper.lowercased())') = translate(?, '\(upper)', '\(upper.lowercased())')"
    }
}

/// The columns of a record's table, named by its coding keys: what `SELECT *` would read,
/// without PostgreSQL's generated full-text column.
func selection<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) -> String {
    keys.allCases.map(\.stringValue).joined(separator: ", ")
}

extension TicketRecord { static let selection = InboxCore.selection(CodingKeys.self) }
extension MessageRecord { static let selection = InboxCore.selection(CodingKeys.self) }
extension AttachmentRecord { static let selection = InboxCore.selection(CodingKeys.self) }
extension EventRecord { static let selection = InboxCore.selection(CodingKeys.self) }
extension CustomerRecord { static let selection = InboxCore.selection(CodingKeys.self) }
extension SentSurveyRecord { static let selection = InboxCore.selection(CodingKeys.self) }
