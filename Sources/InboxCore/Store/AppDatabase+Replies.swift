import Foundation
import GRDB

/// Drafts, internal notes and the outbox (DESIGN §7, docs/replies.md). All of them run on both
/// engines, through the store seam (``StoreConnection``; docs/architecture.md, "The second engine").
extension AppDatabase {
    static let schemaV2Replies = """
        ALTER TABLE draft ADD COLUMN started_at REAL;
        ALTER TABLE outbox ADD COLUMN envelope_from TEXT NOT NULL DEFAULT '';
        ALTER TABLE outbox ADD COLUMN template TEXT;
        ALTER TABLE outbox ADD COLUMN agent TEXT;
        ALTER TABLE outbox ADD COLUMN subject TEXT;
        -- The delivery attempt that owns a 'sending' row ("host:pid:random") and its lease.
        ALTER TABLE outbox ADD COLUMN attempt_id TEXT;
        ALTER TABLE outbox ADD COLUMN lease_until REAL;
        CREATE INDEX outbox_state_due ON outbox(state, next_attempt_at);
        CREATE INDEX outbox_template ON outbox(template) WHERE template IS NOT NULL;
        """

    // MARK: - Drafts

    /// Saves (creates or replaces) the agent's draft; the first save fixes its start time.
    public func saveDraft(
        ticket: Int64, agent: String, kind: String = "reply", body: String, template: String? = nil, now: Date = Date()
    ) throws {
        try transaction { db in
            _ = try Self.ticketRow(on: db, ticket)
            let t = now.timeIntervalSince1970
            try db.exec(
                """
                INSERT INTO draft(ticket_id, agent, kind, body, template, updated_at, started_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(ticket_id, agent, kind) DO UPDATE SET body = excluded.body, template = excluded.template,
                    updated_at = excluded.updated_at
                """, [ticket, agent, kind, body, template, t, t])
        }
    }

    /// The agent's draft of `kind` for the ticket, or nil.
    public func draft(ticket: Int64, agent: String, kind: String = "reply") throws -> Draft? {
        try snapshot { db in
            try db.record(
                DraftRecord.self, "SELECT * FROM draft WHERE ticket_id = ? AND agent = ? AND kind = ?",
                [ticket, agent, kind])?
                .draft
        }
    }

    /// Throws the draft away (after sending, or when the agent discards it).
    public func discardDraft(ticket: Int64, agent: String, kind: String = "reply") throws {
        try transaction { db in
            try db.exec("DELETE FROM draft WHERE ticket_id = ? AND agent = ? AND kind = ?", [ticket, agent, kind])
        }
    }

    // MARK: - Notes

    /// Adds an internal note to the ticket (direction `note`: never sent) and drops the
    /// agent's note draft. Returns the message row id.
    @discardableResult
    public func addNote(ticket: Int64, agent: String, text: String, now: Date = Date()) throws -> Int64 {
        let body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty else {
            throw InboxError(.badInput, "The note is empty (write something with --message TEXT)")
        }
        return try transaction { db in
            let id = try Self.insertNote(db, ticket: ticket, text: body, actor: agent, now: now)
            try db.exec("DELETE FROM draft WHERE ticket_id = ? AND agent = ? AND kind = 'note'", [ticket, agent])
            try Self.bump(on: db, ticket: ticket, now: now)
            return id
        }
    }

    /// The one writer of internal notes (an agent's `inbox note` / `i`, a rule's `note=`): the
    /// raw note, its `note` message, the search index's queue entry and the `note` event, inside
    /// the caller's transaction. Returns the message row id.
    static func insertNote(_ db: any StoreConnection, ticket: Int64, text: String, actor: String, now: Date) throws
        -> Int64
    {
        let row = try ticketRow(on: db, ticket)
        let raw = Array(("X-Inbox-Note: \(actor)\r\n\r\n" + text + "\r\n").utf8)
        let sha = RawDigest.sha256Hex(raw)
        try db.exec(
            "INSERT INTO raw_message(sha256, size, bytes) VALUES (?, ?, ?) ON CONFLICT(sha256) DO NOTHING",
            [sha, raw.count, Data(raw)])
        let t = now.timeIntervalSince1970
        let id =
            try db.value(
                Int64.self,
                """
                INSERT INTO message(ticket_id, queue_id, direction, from_name, sender, date, received_at, subject, text,
                    snippet, thread_reason, raw_sha256)
                VALUES (?, ?, 'note', ?, ?, ?, ?, '', ?, ?, 'internal note', ?) RETURNING id
                """, [ticket, row.queueID, actor, actor, t, t, text, Snippet.make(text), sha]) ?? 0
        try queueForSearch(db, messages: id)
        try logEvent(
            on: db, ticket: ticket, actor: actor, at: now, kind: "note", old: nil, new: nil,
            detail: Snippet.make(text, limit: 60))
        return id
    }

    // MARK: - Outbox

    /// Stores the reply in its ticket as an outbound message and queues it for delivery after
    /// `undoWindow`, in one transaction; then applies `reply.changes` (status, tags, assignee).
    ///
    /// The agent's reply moves a `new` ticket to `open` (once, with a `status` event whose
    /// detail is "agent replied") and recomputes its SLA due times in the same transaction,
    /// so the first-response clock is met whoever sends: the CLI, the TUI or a script.
    /// - Throws: ``InboxError`` `.conflict` when another agent replied after `reply.startedAt`
    ///   (pass `force` to send anyway), `.notFound` for a missing ticket, `.config` for a bad `[sla]`.
    @discardableResult
    public func queueReply(
        _ reply: QueuedReply, undoWindow: TimeInterval, config: InboxConfig = InboxConfig(), now: Date = Date()
    ) throws -> Int64 {
        let book = try SLAPolicyBook(config)
        let id: Int64 = try transaction { db in
            let row = try Self.ticketRow(on: db, reply.ticketID)
            if let since = reply.startedAt, !reply.force,
                let other = try db.row(
                    """
                    SELECT from_name, date FROM message WHERE ticket_id = ? AND direction = 'outbound' AND date > ?
                      AND COALESCE(from_name, '') <> ? ORDER BY date DESC LIMIT 1
                    """, [reply.ticketID, since.timeIntervalSince1970, reply.agent])
            {
                let who: String = other["from_name"] ?? "another agent"
                throw InboxError(
                    .conflict,
                    "\(who) replied to ticket #\(reply.ticketID) after you began this reply (read it with `inbox show \(reply.ticketID)`; send anyway with --force or y in the review screen)"
                )
            }
            let t = now.timeIntervalSince1970
            let forward = reply.direction == .forward
            let outboxID = try Self.insertOutgoing(
                db, reply, queueID: row.queueID, undoWindow: undoWindow, now: now,
                reason: forward ? "our forward to a third party" : "our reply")
            if forward {
                // Mail to a carrier or the warehouse: on the ticket, but no answer to the customer
                // (no first response, no status change, the reply draft stays).
                let to = reply.to.map(\.address).joined(separator: ", ")
                try Self.logEvent(
                    on: db, ticket: reply.ticketID, actor: reply.agent, at: now, kind: "forward", old: nil,
                    new: reply.messageID, detail: to)
                try Self.bump(on: db, ticket: reply.ticketID, now: now)
                return outboxID
            }
            try db.exec(
                "UPDATE ticket SET first_response_at = COALESCE(first_response_at, ?) WHERE id = ?",
                [t, reply.ticketID])
            try db.exec(
                "DELETE FROM draft WHERE ticket_id = ? AND agent = ? AND kind = 'reply'", [reply.ticketID, reply.agent])
            try Self.logEvent(
                on: db, ticket: reply.ticketID, actor: reply.agent, at: now, kind: "reply", old: nil,
                new: reply.messageID, detail: reply.template)
            if row.status == .new {
                try Self.setStatus(
                    on: db, ticket: reply.ticketID, from: .new, to: .open, actor: reply.agent, now: now,
                    detail: "agent replied")
            }
            try Self.bump(on: db, ticket: reply.ticketID, now: now)
            try Self.refreshSLA(db, tickets: [reply.ticketID], book: book, now: now)
            return outboxID
        }
        if !reply.changes.isEmpty {
            try update([reply.ticketID], reply.changes, actor: reply.agent, config: config, now: now)
        }
        return id
    }

    /// The one writer of an outgoing message inside the caller's transaction: the raw mail,
    /// the ticket's outbound message (so a reply to it threads back), its references, the
    /// search index's queue entry and the outbox row, due after `undoWindow`. Returns the
    /// outbox id. Replies, surveys and follow-ups all go through here.
    /// `automatic` marks mail nobody wrote by hand (surveys, follow-ups): reports do not count it
    /// as a reply. `reason` is the message's thread reason.
    static func insertOutgoing(
        _ db: any StoreConnection, _ reply: QueuedReply, queueID: Int64, undoWindow: TimeInterval, now: Date,
        automatic: Bool = false, reason: String = "our reply"
    ) throws -> Int64 {
        let sha = RawDigest.sha256Hex(reply.raw)
        let t = now.timeIntervalSince1970
        try db.exec(
            "INSERT INTO raw_message(sha256, size, bytes) VALUES (?, ?, ?) ON CONFLICT(sha256) DO NOTHING",
            [sha, reply.raw.count, Data(reply.raw)])
        let sender = reply.from.name.map { "\($0) <\(reply.from.address)>" } ?? reply.from.address
        let messageRow =
            try db.value(
                Int64.self,
                """
                INSERT INTO message(ticket_id, queue_id, direction, message_id, in_reply_to, references_ids, from_name,
                    from_address, sender, to_json, cc_json, date, received_at, subject, text, snippet, thread_reason, raw_sha256,
                    automatic, channel)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """,
                [
                    reply.ticketID, queueID, reply.direction.rawValue, reply.messageID,
                    JSONText.array(reply.inReplyTo.map { [$0] } ?? []),
                    JSONText.array(reply.references), reply.agent, reply.from.address.lowercased(), sender,
                    JSONText.addresses(reply.to), JSONText.addresses(reply.cc), t, t, reply.subject, reply.text,
                    Snippet.make(reply.text), reason, sha, automatic, reply.channel ?? "email",
                ]) ?? 0
        try queueForSearch(db, messages: messageRow)
        var refs = Set<String>()
        for ref in (reply.inReplyTo.map { [$0] } ?? []) + reply.references.suffix(3) where refs.insert(ref).inserted {
            try db.exec(
                "INSERT INTO message_reference(ref, message_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                [ref, messageRow])
        }
        return try db.value(
            Int64.self,
            """
            INSERT INTO outbox(ticket_id, message_id, raw, recipients, state, not_before, next_attempt_at, created_at,
                envelope_from, template, agent, subject, channel)
            VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
            """,
            [
                reply.ticketID, reply.messageID, Data(reply.raw), JSONText.array(reply.recipients), t + undoWindow,
                t + undoWindow, t, reply.envelopeFrom, reply.template, reply.agent, reply.subject, reply.channel,
            ]) ?? 0
    }

    /// Queues the message row `id` for SQLite's search index (its own file, caught up from
    /// `search_pending`); PostgreSQL's full text is a generated column of the row itself.
    static func queueForSearch(_ db: any StoreConnection, messages id: Int64) throws {
        guard db.engineKind == .sqlite else { return }
        try db.exec("INSERT INTO search_pending(first_id, last_id) VALUES (?, ?)", [id, id])
    }

    // The outbox's intentions below run on both engines, through the store seam
    // (``StoreConnection``; docs/architecture.md, "The second engine").

    /// Outbox rows, newest first; `states` nil means all.
    public func outbox(states: [OutboxState]? = nil, limit: Int = 200) throws -> [OutboxEntry] {
        try snapshot { db in
            var sql = "SELECT \(OutboxRecord.Entry.selection) FROM outbox"
            var arguments = StoreArguments(states?.map(\.rawValue) ?? [])
            if let states { sql += " WHERE state IN (\(StoreArguments.placeholders(states.count)))" }
            arguments.values.append(limit.databaseValue)
            return try db.records(OutboxRecord.Entry.self, sql + " ORDER BY id DESC LIMIT ?", arguments).map(\.entry)
        }
    }

    /// The outbox row `id`, or nil when there is none.
    public func outboxEntry(_ id: Int64) throws -> OutboxEntry? {
        try snapshot { db in try Self.outboxEntry(db, id)?.entry }
    }

    private static func outboxEntry(_ db: any StoreConnection, _ id: Int64) throws -> OutboxRecord.Entry? {
        try db.record(OutboxRecord.Entry.self, "SELECT \(OutboxRecord.Entry.selection) FROM outbox WHERE id = ?", [id])
    }

    /// Takes a queued reply back while it has not been delivered: the outbox row becomes
    /// `cancelled` and the message leaves the ticket (its draft is restored).
    public func cancelOutbox(_ id: Int64, actor: String, now: Date = Date()) throws {
        try transaction { db in
            let row = try Self.existingOutboxEntry(db, id, in: .queued, otherwise: " and can no longer be taken back")
            let ticket = row.ticketID
            let messageID = row.messageID
            if let ticket,
                let text = try db.value(String.self, "SELECT text FROM message WHERE message_id = ?", [messageID])
            {
                try Self.restoreDraft(on: db, ticket: ticket, agent: actor, text: text, now: now)
            }
            try db.exec("UPDATE outbox SET state = 'cancelled', last_error = NULL WHERE id = ?", [id])
            try Self.removeOutgoingMessage(db, messageID)
            try Self.logEvent(
                on: db, ticket: ticket, actor: actor, at: now, kind: "reply-cancelled", old: messageID, new: nil)
        }
    }

    /// Sends a failed reply again (the `:outbox` screen's `R`): back to `queued`, due now,
    /// its attempts counted from zero. The ticket stops showing it as failed.
    /// - Throws: ``InboxError`` `.notFound`, `.badInput` when it is not failed.
    public func resendOutbox(_ id: Int64, actor: String, now: Date = Date()) throws {
        try transaction { db in
            let row = try Self.existingOutboxEntry(db, id, in: .failed, otherwise: "; only a failed one is sent again")
            let t = now.timeIntervalSince1970
            try db.exec(
                "UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = ?, not_before = ? WHERE id = ?",
                [t, t, id])
            try Self.logEvent(
                on: db, ticket: row.ticketID, actor: actor, at: now, kind: "reply-resent", old: nil, new: nil)
            if let ticket = row.ticketID { try Self.bump(on: db, ticket: ticket, now: now) }
        }
    }

    /// Gives up on a failed reply (the `:outbox` screen's `D`): `cancelled`, and its text
    /// becomes the agent's draft again; the message leaves the ticket, which stops showing it as failed.
    /// - Throws: ``InboxError`` `.notFound`, `.badInput` when it is not failed.
    public func discardFailedOutbox(_ id: Int64, actor: String, now: Date = Date()) throws {
        try transaction { db in
            let row = try Self.existingOutboxEntry(
                db, id, in: .failed, otherwise: "; only a failed one is discarded here")
            let messageID = row.messageID
            if let ticket = row.ticketID,
                let text = try db.value(
                    String.self, "SELECT text FROM message WHERE message_id = ? AND direction = 'outbound'",
                    [messageID])
            {
                try Self.restoreDraft(on: db, ticket: ticket, agent: actor, text: text, now: now)
            }
            try db.exec("UPDATE outbox SET state = 'cancelled' WHERE id = ?", [id])
            try Self.removeOutgoingMessage(db, messageID)
            try Self.logEvent(
                on: db, ticket: row.ticketID, actor: actor, at: now, kind: "reply-discarded", old: messageID, new: nil)
            if let ticket = row.ticketID { try Self.bump(on: db, ticket: ticket, now: now) }
        }
    }

    /// The outbox row `id` when it is `state`: `.notFound` when there is none, `.badInput`
    /// ("Outbox message 7 is sent" and `otherwise`) when it is in another state.
    private static func existingOutboxEntry(
        _ db: any StoreConnection, _ id: Int64, in state: OutboxState, otherwise: String
    ) throws -> OutboxRecord.Entry {
        guard let row = try outboxEntry(db, id) else {
            throw InboxError(.notFound, "There is no outbox message \(id) (list them with `inbox outbox list`)")
        }
        guard row.state == state else {
            throw InboxError(.badInput, "Outbox message \(id) is \(row.state.rawValue)\(otherwise)")
        }
        return row
    }

    /// The reply's message leaves its ticket (a reply taken back or given up).
    private static func removeOutgoingMessage(_ db: any StoreConnection, _ messageID: String) throws {
        try db.exec("DELETE FROM message WHERE message_id = ? AND direction IN ('outbound', 'forward')", [messageID])
    }

    /// The failed replies of the tickets `ids` (Message-ID → the server's words), for the
    /// conversation's and the list's "not delivered" marks.
    public func failedReplies(tickets ids: [Int64]) throws -> [Int64: [String: String]] {
        guard !ids.isEmpty else { return [:] }
        return try snapshot { db in
            var out: [Int64: [String: String]] = [:]
            for r in try db.records(
                OutboxRecord.Entry.self,
                """
                SELECT \(OutboxRecord.Entry.selection) FROM outbox
                WHERE state = 'failed' AND ticket_id IN (\(StoreArguments.placeholders(ids.count)))
                """, StoreArguments(ids))
            {
                guard let ticket = r.ticketID else { continue }
                out[ticket, default: [:]][r.messageID] = r.lastError ?? "not delivered"
            }
            return out
        }
    }

    /// The condition "a queued row that is due" on `outbox`, and its five arguments: the undo
    /// window and the retry time have passed (`ignoreUndo`: every queued row), and a mail row
    /// only when `mail` (no `[smtp]`: only channel replies are due).
    private static func due(now: Date, ignoreUndo: Bool, mail: Bool) -> (sql: String, arguments: StoreArguments) {
        let t = now.timeIntervalSince1970
        return (
            """
            state = 'queued' AND (? OR not_before <= ?) AND (next_attempt_at IS NULL OR next_attempt_at <= ? OR ?)
              AND (? OR channel IS NOT NULL)
            """, [ignoreUndo, t, t, ignoreUndo, mail]
        )
    }

    /// Ids of queued rows whose undo window and retry time have passed, oldest first.
    /// `ignoreUndo` (`inbox outbox flush --now`) takes every queued row at once: those still in
    /// their undo window and those waiting for a retry (after the agent fixed `[smtp]`).
    /// `mail` false leaves mail rows alone (no `[smtp]`): only channel replies are due.
    public func dueOutbox(now: Date = Date(), ignoreUndo: Bool = false, mail: Bool = true) throws -> [Int64] {
        let due = Self.due(now: now, ignoreUndo: ignoreUndo, mail: mail)
        return try snapshot { db in
            try db.values(Int64.self, "SELECT id FROM outbox WHERE \(due.sql) ORDER BY id", due.arguments)
        }
    }

    /// Marks a due row `sending` for `attemptID` (before DATA is sent), so no other sender
    /// takes it; nil when another sender was first or it is no longer due.
    public func claimOutbox(_ id: Int64, attemptID: String, lease: TimeInterval = 300, now: Date = Date()) throws
        -> OutboxDelivery?
    {
        try transaction { db in
            try db.record(
                OutboxRecord.self,
                """
                UPDATE outbox SET state = 'sending', attempt_id = ?, lease_until = ?, attempts = attempts + 1
                WHERE id = ? AND state = 'queued' RETURNING *
                """, [attemptID, now.timeIntervalSince1970 + lease, id]
            )?.delivery(attemptID: attemptID)
        }
    }

    /// Claims the oldest due row after `after` for `attemptID` (marked `sending` before DATA is
    /// sent), or nil when none is left: what each outbox sender does, on as many hosts as run
    /// one. On PostgreSQL the row is chosen `FOR UPDATE SKIP LOCKED`, so two hosts claiming
    /// at once each take a different row and neither waits; a row is claimed once whichever
    /// host is first. `after` (the last id a pass claimed) keeps a pass from taking a row
    /// twice when it stays due (`ignoreUndo` after a retry).
    public func claimNextOutbox(
        after: Int64 = 0, attemptID: String, lease: TimeInterval = 300, now: Date = Date(), ignoreUndo: Bool = false,
        mail: Bool = true
    ) throws -> OutboxDelivery? {
        let due = Self.due(now: now, ignoreUndo: ignoreUndo, mail: mail)
        return try transaction { db in
            try db.record(
                OutboxRecord.self,
                """
                UPDATE outbox SET state = 'sending', attempt_id = ?, lease_until = ?, attempts = attempts + 1
                WHERE state = 'queued' AND id = (
                    SELECT id FROM outbox WHERE id > ? AND \(due.sql) ORDER BY id LIMIT 1 \(db.skipLocked)
                ) RETURNING *
                """, [attemptID, now.timeIntervalSince1970 + lease, after] + due.arguments
            )?.delivery(attemptID: attemptID)
        }
    }

    /// The attempt was accepted by the server: `sent`.
    public func markSent(_ id: Int64, attemptID: String, now: Date = Date()) throws {
        try finish(
            id, attemptID: attemptID, sql: "state = 'sent', sent_at = ?, last_error = NULL",
            arguments: [now.timeIntervalSince1970])
    }

    /// A temporary failure: back to `queued` for another attempt at `nextAttempt`.
    public func markRetry(_ id: Int64, attemptID: String, error: String, nextAttempt: Date) throws {
        try finish(
            id, attemptID: attemptID, sql: "state = 'queued', last_error = ?, next_attempt_at = ?",
            arguments: [error, nextAttempt.timeIntervalSince1970])
    }

    /// A permanent failure: `failed`, with the server's words.
    public func markFailed(_ id: Int64, attemptID: String, error: String, now: Date = Date()) throws {
        try transaction { db in
            let changed = try db.exec(
                "UPDATE outbox SET state = 'failed', last_error = ?, attempt_id = NULL, lease_until = NULL WHERE id = ? AND attempt_id = ?",
                [error, id, attemptID])
            if changed == 1,
                let ticket = try db.value(Int64.self, "SELECT ticket_id FROM outbox WHERE id = ?", [id])
            {
                try Self.logEvent(
                    on: db, ticket: ticket, actor: "outbox", at: now, kind: "reply-failed", old: nil, new: nil,
                    detail: error)
            }
        }
    }

    private func finish(_ id: Int64, attemptID: String, sql: String, arguments: StoreArguments) throws {
        try transaction { db in
            try db.exec(
                "UPDATE outbox SET \(sql), attempt_id = NULL, lease_until = NULL WHERE id = ? AND attempt_id = ?",
                arguments + [id, attemptID])
        }
    }

    /// Rows left `sending` by an attempt: (id, attempt id, lease end).
    public func sendingOutbox() throws -> [(id: Int64, attemptID: String, leaseUntil: Date)] {
        try snapshot { db in
            try db.rows("SELECT id, attempt_id, lease_until FROM outbox WHERE state = 'sending'", []).map { r in
                (r["id"], r["attempt_id"] ?? "", Date(timeIntervalSince1970: r["lease_until"] ?? 0))
            }
        }
    }

    /// Gives a row whose attempt died (killed process, expired lease) back to the queue.
    /// The server never acknowledged its DATA, so it did not take the message.
    public func releaseOutbox(_ id: Int64, attemptID: String, reason: String) throws {
        try transaction { db in
            try db.exec(
                "UPDATE outbox SET state = 'queued', attempt_id = NULL, lease_until = NULL, last_error = ?, next_attempt_at = NULL WHERE id = ? AND state = 'sending' AND attempt_id = ?",
                [reason, id, attemptID])
        }
    }

    /// How often each template was used for a reply (for the picker's ranking).
    public func templateUsage() throws -> [String: Int] {
        try snapshot { db in
            var out: [String: Int] = [:]
            for r in try db.rows(
                "SELECT template, COUNT(*) AS n FROM outbox WHERE template IS NOT NULL AND state <> 'cancelled' GROUP BY template",
                [])
            {
                out[r["template"]] = r["n"]
            }
            return out
        }
    }
}
