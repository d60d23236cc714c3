import Foundation

/// Which tickets an export takes.
public enum ExportSelection: Sendable, Equatable {
    /// Every ticket, and the mail kept without one (quarantined auto-replies and bounces).
    case all
    /// These tickets; every number must exist.
    case tickets([Int64])
    /// The tickets `inbox tickets` lists for the same filters (queue, status, words), without
    /// the listing's limit.
    case filter(queue: String?, status: String?, text: String?)
}

/// The formats of `inbox export`.
public enum ExportFormat: String, Sendable, CaseIterable {
    case archive, jsonl, mbox, html, md
}

/// How far an export is; reported at most a few times a second.
public struct ExportProgress: Sendable, Equatable {
    public var tickets: Int
    public var ticketsTotal: Int
    public var messages: Int
    public var messagesTotal: Int
}

/// What an export wrote.
public struct ExportSummary: Codable, Sendable, Equatable {
    public var format: String
    public var output: String
    public var tickets: Int
    public var messages: Int
    public var bytes: Int64
    /// Set when the export was redacted: what was replaced; always in JSON (null without `--redact`).
    @ExplicitNull public var redacted: Redactor.Report? = nil

    enum CodingKeys: String, CodingKey { case format, output, tickets, messages, bytes, redacted }

    public var line: String {
        "\(tickets) ticket\(tickets == 1 ? "" : "s"), \(messages) message\(messages == 1 ? "" : "s") → \(output)"
            + " (\(format), \(bytes) bytes)"
    }
}

/// What `inbox import archive` added.
public struct ArchiveImportSummary: Codable, Sendable, Equatable {
    public var tickets = 0
    /// Archive tickets that matched a ticket already here (by Message-ID) and were merged into it.
    public var matchedTickets = 0
    public var messages = 0
    public var duplicateMessages = 0
    public var events = 0
    public var reviews = 0
    /// Review notes added as internal notes.
    public var notes = 0

    enum CodingKeys: String, CodingKey {
        case tickets, messages, events, reviews, notes
        case matchedTickets = "matched_tickets"
        case duplicateMessages = "duplicate_messages"
    }

    public var line: String {
        "\(tickets) new tickets, \(matchedTickets) matched existing ones, \(messages) new messages, "
            + "\(duplicateMessages) already here, \(events) events, \(reviews) reviews, \(notes) review notes"
    }
}
