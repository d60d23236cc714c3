import Foundation
import GRDB

/// What became of an automatic reply a rule asked for (`rule_reply.state`).
enum RuleReplyState: String, Codable, Sendable, DatabaseValueConvertible {
    /// Recorded in the rule's transaction; composed and queued by the next tick.
    case pending
    case queued
    /// Not sent; `error` says why (an event on the ticket too).
    case skipped
}

/// A row of `rule_reply`: an automatic reply asked for by a `reply=` rule, one per customer
/// and day (RFC 3834's rate limit is the table's unique key).
struct RuleReplyRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord, EpochDatedRecord {
    static let databaseTableName = "rule_reply"

    var id: Int64?
    var customer: String
    /// `yyyy-mm-dd` in the SLA calendar's time zone.
    var day: String
    var ticketID: Int64
    var rule: String
    var template: String
    var createdAt: Date
    var state: RuleReplyState
    var outboxID: Int64?
    var error: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, customer, day, rule, template, state, error
        case ticketID = "ticket_id"
        case createdAt = "created_at"
        case outboxID = "outbox_id"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let state = Column(CodingKeys.state)
        static let outboxID = Column(CodingKeys.outboxID)
        static let error = Column(CodingKeys.error)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var pending: PendingAutoReply {
        PendingAutoReply(
            id: id ?? 0, ticketID: ticketID, customer: customer, rule: rule, template: template, createdAt: createdAt)
    }
}

/// A row of `agent_away`: an agent of `[[agents]]` who takes no new assignments.
struct AgentAwayRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, EpochDatedRecord {
    static let databaseTableName = "agent_away"

    /// As in `[[agents]]`; the key compares without case.
    var name: String
    var since: Date
    var actor: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, since, actor
    }

    enum Columns {
        static let name = Column(CodingKeys.name)
    }
}

/// A row of `rule_state`: the rules' small state by key (`assign.round-robin` → the agent
/// last chosen, `schedule.NAME` → when that schedule rule last ran, seconds since 1970).
struct RuleStateRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "rule_state"

    var key: String
    var value: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case key, value
    }

    enum Columns {
        static let key = Column(CodingKeys.key)
    }

    /// The round-robin pointer's key.
    static let roundRobin = "assign.round-robin"

    /// The value under `key`, or nil. Either engine.
    static func value(_ db: any StoreConnection, _ key: String) throws -> String? {
        try db.value(String.self, "SELECT value FROM rule_state WHERE key = ?", [key])
    }

    /// Stores `value` under `key`, replacing what was there. A statement, not GRDB's
    /// `upsert`: that returns the `rowid`, which a WITHOUT ROWID table does not have.
    static func set(_ db: any StoreConnection, _ key: String, _ value: String) throws {
        try db.exec(
            "INSERT INTO rule_state(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value])
    }
}
