import Foundation
import GRDB

/// One message found by ``AppDatabase/search(_:limit:offset:me:now:)``.
public struct SearchHit: Codable, Sendable, Equatable {
    /// The message's row id.
    public var message: Int64
    /// Its ticket; nil for quarantined mail.
    public var ticket: Int64?
    public var status: String?
    public var queue: String?
    public var date: Date?
    public var from: MailAddress?
    public var subject: String
    public var snippet: Highlighter.Snippet
    /// Lower is better (bm25 weighted by recency); nil when the query has no words.
    public var score: Double?
}

/// A saved search shown in the TUI sidebar, with the number of tickets it matches.
public struct SavedView: Codable, Sendable, Equatable {
    public var name: String
    public var query: String
    public var count: Int
}

/// A full-text candidate: the message and its score (lower is better).
private struct RankedMatch: StoreRow {
    var id: Int64
    var ranked: Double?
}

/// A found message as its hit shows it; `text` is only the start the highlighter reads.
private struct HitRow: StoreRow {
    var id: Int64
    var ticketID: Int64?
    var status: TicketStatus?
    var queue: String?
    var date: Date?
    var fromName: String?
    var fromAddress: String?
    var subject: String
    var text: String
}

/// A saved view's name and query.
private struct SavedQuery: StoreRow {
    var name: String
    var query: String
}

extension AppDatabase {
    /// How many of the newest matches are ranked by relevance: a common word in a million
    /// messages would otherwise score every match. Older matches still appear, after these.
    static let rankedCandidates = 1000

    /// Messages matching `query` (the language of ``SearchQuery``): ranked by relevance (the
    /// subject counts 4×, the sender 2×, the text 1×) weighted towards recent mail when the
    /// query has words, else most recently received first. On either engine: SQLite's FTS5
    /// index (bm25), or PostgreSQL's generated `tsvector` (`ts_rank`), the same messages.
    /// - Parameter me: who `assignee:me` is (the agent's name and address).
    /// - Throws: ``SearchQueryError`` (with the position) for a query that cannot be read,
    ///   ``InboxError`` for a bad field value.
    public func search(
        _ query: String, limit: Int = 50, offset: Int = 0, me: [String] = [], now: Date = Date()
    ) throws -> [SearchHit] {
        let compiled = try SearchCompiler(level: .messages, now: now, me: me, engine: engine).compile(
            try SearchQuery.parse(query))
        // SQLite's index file may lag the store; PostgreSQL's column is written with the message.
        if engine == .sqlite { _ = try? catchUpSearchIndex() }
        return try snapshot { db in
            var ids: [(Int64, Double?)] = []
            if let match = compiled.match {
                for row in try db.records(
                    RankedMatch.self, Self.rankedMatchSQL(db.engineKind, compiled),
                    Self.rankedMatchArguments(
                        db.engineKind, compiled, match: match, now: now, limit: limit, offset: offset))
                {
                    ids.append((row.id, row.ranked))
                }
            } else {
                let sql = """
                    SELECT m.id FROM message m LEFT JOIN ticket t ON t.id = m.ticket_id
                    WHERE \(compiled.whereSQL) ORDER BY m.id DESC LIMIT ? OFFSET ?
                    """
                for id in try db.values(Int64.self, sql, compiled.storeArguments + [limit, offset]) {
                    ids.append((id, nil))
                }
            }
            return try Self.hits(ids, terms: compiled.terms, db: db)
        }
    }

    /// The ranked full-text query: message ids (`id`) and scores (`ranked`, lower is better)
    /// of the newest ``rankedCandidates`` matches. SQLite: bm25 over the index file
    /// (``SQLiteEngine/rankedMatchSQL(readsMessages:whereSQL:)``). PostgreSQL: the GIN index
    /// finds the matches, the newest are taken by id, and only those are scored by `ts_rank`
    /// with the weights {D text 0.25, C unused, B sender 0.5, A subject 1}, negated so that
    /// lower is better as with bm25, times the same recency weight.
    private static func rankedMatchSQL(_ engine: StoreEngineKind, _ compiled: SearchCompiler.Compiled) -> String {
        guard engine == .postgresql else {
            // Candidates come from the index file alone (rowid order, early stop); the
            // store's large message rows are read only when a condition needs them.
            return Engine.rankedMatchSQL(readsMessages: !compiled.conditions.isEmpty, whereSQL: compiled.whereSQL)
        }
        return """
            SELECT c.id, -ts_rank('{0.25, 0, 0.5, 1}', c.search, to_tsquery('inbox_search', ?))
                * (1.0 + 1.0 / (1.0 + GREATEST(0, ? - COALESCE(c.date, 0)) / 2592000.0)) AS ranked
            FROM (
                SELECT m.id, m.date, m.search FROM message m LEFT JOIN ticket t ON t.id = m.ticket_id
                WHERE m.search @@ to_tsquery('inbox_search', ?) AND \(compiled.whereSQL)
                ORDER BY m.id DESC LIMIT ?
            ) c
            ORDER BY ranked, c.id DESC LIMIT ? OFFSET ?
            """
    }

    /// The arguments of ``rankedMatchSQL(_:_:)`` in its placeholders' order.
    private static func rankedMatchArguments(
        _ engine: StoreEngineKind, _ compiled: SearchCompiler.Compiled, match: String, now: Date, limit: Int,
        offset: Int
    ) -> StoreArguments {
        let candidates: StoreArguments = [rankedCandidates]
        let page: StoreArguments = [limit, offset]
        switch engine {
        // The recency weight's `now` is the first placeholder.
        case .sqlite: return [now.timeIntervalSince1970, match] + compiled.storeArguments + candidates + page
        case .postgresql:
            return [match, now.timeIntervalSince1970, match] + compiled.storeArguments + candidates + page
        }
    }

    /// The rows of `ids`, in that order, with snippets.
    private static func hits(_ ids: [(Int64, Double?)], terms: [Highlighter.Term], db: any StoreConnection) throws
        -> [SearchHit]
    {
        guard !ids.isEmpty else { return [] }
        // Only the start of the text can become the snippet (the highlighter looks no further),
        // so long messages (logs, patches) are not copied whole into Swift strings.
        let scan = terms.isEmpty ? 4_000 : Highlighter.scanLimit
        var byID: [Int64: HitRow] = [:]
        for row in try db.records(
            HitRow.self,
            """
            SELECT m.id, m.ticket_id, t.status, q.name AS queue, m.date, m.from_name, m.from_address, m.subject,
                substr(m.text, 1, \(scan)) AS text
            FROM message m LEFT JOIN ticket t ON t.id = m.ticket_id LEFT JOIN queue q ON q.id = m.queue_id
            WHERE m.id IN (\(StoreArguments.placeholders(ids.count)))
            """, StoreArguments(ids.map(\.0)))
        {
            byID[row.id] = row
        }
        return ids.compactMap { (id, score) in
            guard let row = byID[id] else { return nil }
            let subject = row.subject
            var snippet = Highlighter.snippet(of: row.text, terms: terms)
            if snippet.highlights.isEmpty {
                let inSubject = Highlighter.snippet(of: subject, terms: terms)
                if !inSubject.highlights.isEmpty { snippet = inSubject }
            }
            return SearchHit(
                message: id, ticket: row.ticketID, status: row.status?.rawValue, queue: row.queue, date: row.date,
                from: row.fromAddress.map { MailAddress(name: row.fromName, address: $0) }, subject: subject,
                snippet: snippet, score: score)
        }
    }

    /// Number of tickets matching `query` (saved-view counts).
    public func ticketCount(matching query: String, me: [String] = []) throws -> Int {
        try ticketCount(TicketFilter(text: query, me: me))
    }

    // MARK: - Saved views

    /// Saves (or replaces) a view. The query is checked first.
    /// - Throws: ``SearchQueryError`` or ``InboxError`` when the query cannot be read.
    public func saveView(name: String, query: String, now: Date = Date()) throws {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw InboxError(.badInput, "A view needs a name (e.g. :save-view refunds)") }
        _ = try SearchCompiler(level: .tickets, now: now, me: ["me"]).compile(try SearchQuery.parse(query))
        try transaction { db in
            try db.exec(
                """
                INSERT INTO saved_view(name, query, created_at) VALUES (?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET query = excluded.query
                """, [trimmed, query, now.timeIntervalSince1970])
        }
    }

    /// Removes a view. - Throws: ``InboxError`` `.notFound` when there is none of that name.
    public func deleteView(name: String) throws {
        let deleted = try transaction { db in try db.exec("DELETE FROM saved_view WHERE name = ?", [name]) }
        if deleted == 0 { throw InboxError(.notFound, "There is no saved view named \"\(name)\"") }
    }

    /// The saved views with their ticket counts, in the order they were saved. A view whose
    /// query no longer reads (e.g. a removed agent) counts 0.
    public func savedViews(me: [String] = [], now: Date = Date()) throws -> [SavedView] {
        let rows = try snapshot { db in
            try db.records(SavedQuery.self, "SELECT name, query FROM saved_view ORDER BY id").map {
                ($0.name, $0.query)
            }
        }
        return rows.map { name, query in
            SavedView(name: name, query: query, count: (try? ticketCount(matching: query, me: me)) ?? 0)
        }
    }
}
