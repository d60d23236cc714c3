import Foundation

/// One message ready for ingest: its exact bytes, their digest and what the parser made of them.
public struct IncomingMessage: Sendable {
    public var raw: [UInt8]
    /// Lower-case hex SHA-256 of `raw` (``RawDigest/sha256Hex(_:)``).
    public var sha256: String
    public var parsed: ParsedMessage
    /// Where it came from ("mbox:/path", "maildir:/path", "eml:/path"); recorded as the
    /// delivery route when the message names no Delivered-To address.
    public var source: String
    /// Problems found by the reader (e.g. a truncated last message), added to the parser's.
    public var readerProblems: [String]
    /// Column values prepared off the database thread (the writer is the import's bottleneck).
    let prepared: PreparedColumns
    /// Set for a message of a channel beyond e-mail (`inbox import jsonl`); nil for mail.
    public var channel: ChannelOrigin?
    /// What a PostgreSQL store writes for the message's full text, made ahead by
    /// ``prepareForPostgreSQL()``; nil: made when the row is written.
    var postgresSearch: PostgresSearchPayload?

    /// Makes what a PostgreSQL store writes for the message's full text (its words, and
    /// their `tsvector` where Swift can make it, ``PostgresSearchVector``): a good part of
    /// the work per message, so an importer calls this on its parsing threads when the store
    /// is PostgreSQL, not on the database thread. Not needed for SQLite. Call it after the last
    /// change to `parsed`: what it made is not made again.
    public mutating func prepareForPostgreSQL() {
        postgresSearch = PostgresSearchPayload(parsed, sender: prepared.sender)
    }

    /// Prepares the message for ingest. Cheap to call on any thread; call it where there are
    /// idle cores (the importer does so in parallel with parsing).
    public init(raw: [UInt8], sha256: String, parsed: ParsedMessage, source: String, readerProblems: [String] = []) {
        self.raw = raw
        self.sha256 = sha256
        self.parsed = parsed
        self.source = source
        self.readerProblems = readerProblems
        self.prepared = PreparedColumns(parsed, problems: parsed.problems + readerProblems)
    }

    /// A channel message (docs/channels.md): `raw` is its JSON line, `parsed` its text.
    public init(raw: [UInt8], parsed: ParsedMessage, source: String, channel: ChannelOrigin) {
        self.init(raw: raw, sha256: RawDigest.sha256Hex(raw), parsed: parsed, source: source)
        self.channel = channel
    }
}

/// Where a channel message belongs: threading by (channel, conversation), the customer by
/// e-mail, phone or handle, inbound or written by the team.
public struct ChannelOrigin: Sendable {
    /// A file attached to the message, stored by its digest (the attachment's `part_path` is
    /// `sha256:<hex>`).
    public struct File: Sendable {
        public var sha256: String
        public var bytes: [UInt8]
        public init(bytes: [UInt8]) {
            self.bytes = bytes
            self.sha256 = RawDigest.sha256Hex(bytes)
        }
    }

    public var channel: String
    public var conversation: String
    public var direction: ChannelDirection
    public var customer: ChannelCustomer
    public var files: [File]

    public init(
        channel: String, conversation: String, direction: ChannelDirection, customer: ChannelCustomer,
        files: [File] = []
    ) {
        self.channel = channel
        self.conversation = conversation
        self.direction = direction
        self.customer = customer
        self.files = files
    }
}

/// The text columns of a message row and its search-index row.
struct PreparedColumns: Sendable {
    var sender: String
    var toJSON: String
    var ccJSON: String
    var inReplyToJSON: String
    var referencesJSON: String
    var problemsJSON: String
    var snippet: String
    var searchSubject: String
    var searchSender: String
    /// The text as indexed: folded, and without quoted (`>`) lines, which are indexed with
    /// the message they were first written in.
    var searchText: String

    init(_ p: ParsedMessage, problems: [String]) {
        if let from = p.from {
            // A chat agent's line of a transcript has a name and no address.
            sender =
                from.address.isEmpty ? (from.name ?? "") : from.name.map { "\($0) <\(from.address)>" } ?? from.address
        } else {
            sender = ""
        }
        toJSON = JSONText.addresses(p.to)
        ccJSON = JSONText.addresses(p.cc)
        inReplyToJSON = JSONText.array(p.inReplyTo)
        referencesJSON = JSONText.array(p.references)
        problemsJSON = JSONText.array(problems)
        snippet = Snippet.make(p.text)
        searchSubject = SearchFold.fold(p.subject)
        searchSender = SearchFold.fold(sender)
        searchText = SearchFold.fold(SearchFold.withoutQuotedLines(p.text))
    }
}

/// Options of one import run.
public struct IngestOptions: Sendable {
    /// Historical import (DESIGN §4.5): original dates, tickets land solved, nothing is triggered.
    public var archive: Bool
    /// Put every new ticket in this queue instead of routing by address.
    public var queue: String?
    /// Who the audit log names for changes made by the import.
    public var actor: String
    /// Rules to run on each customer message, in the import's transaction (docs/rules.md).
    /// Archive imports run none.
    public var rules: RuleBook? = nil

    public init(archive: Bool = false, queue: String? = nil, actor: String = "import") {
        self.archive = archive
        self.queue = queue
        self.actor = actor
    }
}

/// Import progress that must commit in the same transaction as the messages it covers.
public enum ImportCheckpoint: Sendable, Equatable {
    /// A spool file read up to `offset` (the start of the next unread message).
    case file(kind: String, source: String, identity: String, offset: Int64)
    /// Files of a folder (Maildir unique names, .eml paths) now imported.
    case seen(source: String, names: [String])
    /// An IMAP folder fetched up to `lastUID` under `uidValidity` (DESIGN §3 `account_state`).
    case imap(account: String, folder: String, uidValidity: UInt32, lastUID: UInt32, highestModSeq: UInt64?)
}

/// Counts of one import, printed as its one-line summary.
public struct IngestSummary: Sendable, Equatable, Codable {
    public var messages = 0
    public var new = 0
    public var duplicates = 0
    public var joined = 0
    public var newTickets = 0
    public var quarantined = 0
    public var withProblems = 0
    /// Inputs (files, folders) that could not be read at all.
    public var failedInputs = 0

    public init() {}

    public mutating func add(_ other: IngestSummary) {
        messages += other.messages
        new += other.new
        duplicates += other.duplicates
        joined += other.joined
        newTickets += other.newTickets
        quarantined += other.quarantined
        withProblems += other.withProblems
        failedInputs += other.failedInputs
    }

    /// "80 messages: 78 new, 2 duplicates, 45 joined existing tickets, 33 new tickets, 1 quarantined, 3 with problems"
    public var line: String {
        "\(messages) message\(messages == 1 ? "" : "s"): \(new) new, \(duplicates) duplicate\(duplicates == 1 ? "" : "s"), "
            + "\(joined) joined existing tickets, \(newTickets) new ticket\(newTickets == 1 ? "" : "s"), "
            + "\(quarantined) quarantined, \(withProblems) with problems"
    }
}

/// What an earlier sync stored about an IMAP folder.
public struct IMAPFolderState: Sendable, Equatable {
    public var uidValidity: UInt32
    public var lastUID: UInt32
    public var highestModSeq: UInt64?

    public init(uidValidity: UInt32, lastUID: UInt32, highestModSeq: UInt64?) {
        self.uidValidity = uidValidity
        self.lastUID = lastUID
        self.highestModSeq = highestModSeq
    }
}
