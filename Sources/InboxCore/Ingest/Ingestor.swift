import Foundation
import GRDB
import GRDBSQLite

/// Applies the ingest rules of DESIGN §4 to messages inside one open write transaction.
///
/// Not thread-safe; lives only as long as the transaction that created it.
struct Ingestor {
    struct QueueInfo {
        var id: Int64
        var name: String
        var priority: String
    }

    let db: Database
    let options: IngestOptions
    let ownAddresses: Set<String>
    let now: Date
    var queueByAddress: [String: QueueInfo] = [:]
    var defaultQueue: QueueInfo
    var forcedQueue: QueueInfo?
    /// `[[channel]] queue` by lower-case channel name.
    var channelQueue: [String: QueueInfo] = [:]
    /// Addresses and @domains whose mail is always quarantined (`inbox quarantine block`).
    let blockedSenders: Set<String>
    private(set) var summary = IngestSummary()
    /// Index rows of the messages added so far, for ``SearchIndex`` (written after the commit).
    private(set) var documents: [SearchIndex.Document] = []
    /// Tickets that gained a message or changed: their SLA due times are recomputed.
    private(set) var touched = Set<Int64>()
    /// The rules of `options.rules` (none for archive imports).
    private var rules: RuleEngine?
    /// When a survey answer reopens its ticket (`[survey]`, docs/surveys.md).
    let survey: SurveySettings

    init(db: Database, config: InboxConfig, options: IngestOptions) throws {
        self.db = db
        self.options = options
        self.ownAddresses = config.ownAddresses
        self.now = Date()
        self.survey = config.survey ?? SurveySettings()
        var all: [QueueInfo] = []
        var fallback: QueueInfo?
        for row in try Row.fetchAll(
            db, sql: "SELECT id, name, addresses, default_priority, is_default FROM queue ORDER BY id")
        {
            let info = QueueInfo(id: row["id"], name: row["name"], priority: row["default_priority"])
            all.append(info)
            let addresses =
                (try? JSONDecoder().decode([String].self, from: Data((row["addresses"] as String).utf8))) ?? []
            for a in addresses { queueByAddress[a.lowercased()] = info }
            if (row["is_default"] as Bool) && fallback == nil { fallback = info }
        }
        if all.isEmpty {
            try db.execute(sql: "INSERT INTO queue(name, is_default) VALUES ('Support', 1)")
            let info = QueueInfo(id: db.lastInsertedRowID, name: "Support", priority: "normal")
            all.append(info)
        }
        self.defaultQueue = fallback ?? all[0]
        self.blockedSenders = try AppDatabase.blockedSenders(db)
        if let book = options.rules, !book.isEmpty, !options.archive {
            self.rules = try RuleEngine(book: book, config: config)
        }
        for c in config.channels {
            if let name = c.queue, let q = all.first(where: { $0.name.lowercased() == name.lowercased() }) {
                channelQueue[ChannelSettings.normalized(c.name)] = q
            }
        }
        if let name = options.queue {
            guard let q = all.first(where: { $0.name.lowercased() == name.lowercased() }) else {
                let names = all.map(\.name).joined(separator: ", ")
                throw InboxError(
                    .notFound, "There is no queue named \"\(name)\" (queues: \(names); add it to config.toml)")
            }
            self.forcedQueue = q
        }
    }

    // MARK: - One message

    mutating func ingest(_ m: IncomingMessage) throws {
        if let origin = m.channel {
            try ingestChannel(m, origin)
            return
        }
        let p = m.parsed
        summary.messages += 1
        try insertRaw(m.raw, sha256: m.sha256)

        let routes = p.deliveredTo.isEmpty ? [m.source] : p.deliveredTo
        if let existing = try existingMessage(p, sha256: m.sha256) {
            summary.duplicates += 1
            try addRoutes(routes, messageRowID: existing, sha256: m.sha256)
            return
        }
        summary.new += 1
        let problems = p.problems + m.readerProblems
        if !problems.isEmpty { summary.withProblems += 1 }

        let fromAddress = p.from?.normalized
        let automatic = LoopProtection.automaticReason(p) ?? blockedReason(fromAddress)
        let bounce = LoopProtection.isBounce(p)
        let outbound = fromAddress.map { ownAddresses.contains($0) } ?? false
        let queue = route(p)
        let date = p.date.map { min($0, now) } ?? now

        var ticketID: Int64?
        var reason: String
        let ticketsBefore = summary.newTickets
        var customerReply = false
        var thirdParty = false
        if let found = try ThreadResolver(db: db).resolve(p, fromAddress: fromAddress, bounce: bounce) {
            ticketID = try followMerges(found.ticket)
            reason = found.reason
            if bounce {
                try markFailing(p, ticketID: ticketID!, at: date)
            }
            if let t = ticketID, !outbound, automatic == nil, !bounce,
                try answersOurForward(p, ticket: t, from: fromAddress)
            {
                // A carrier's or the warehouse's answer to our forward: on the ticket, but not
                // the customer's message (no reopening, no waking, no customer clock).
                thirdParty = true
                reason += "; third party (answers our forward)"
                summary.joined += 1
            } else if let t = ticketID, automatic == nil, !bounce, !outbound, !options.archive,
                let answer = try surveyAnswer(p, ticket: t, date: date)
            {
                reason += "; " + answer.note
                summary.joined += 1
                if answer.reopen {
                    let outcome = try applyReply(to: t, outbound: false, date: date, message: p, queue: queue)
                    customerReply = true
                    ticketID = outcome.ticket
                    if let note = outcome.note { reason += "; " + note }
                }
            } else if let t = ticketID, automatic == nil, !bounce {
                let outcome = try applyReply(to: t, outbound: outbound, date: date, message: p, queue: queue)
                customerReply = !outbound && !options.archive
                ticketID = outcome.ticket
                if let note = outcome.note { reason += "; " + note }
                if !outcome.createdNew { summary.joined += 1 }
            } else {
                if let why = automatic { reason += "; automatic (\(why)), no status change" }
                summary.joined += 1
            }
        } else if let why = automatic {
            reason = "quarantined: automatic message (\(why)), opens no ticket"
            summary.quarantined += 1
        } else if bounce {
            reason = "quarantined: bounce of a message that is not in the inbox"
            summary.quarantined += 1
        } else if outbound {
            let external = (p.to + p.cc).first { !ownAddresses.contains($0.normalized) }
            if let customer = external {
                ticketID = try createTicket(
                    p, customer: customer, queue: queue, date: date, outbound: true, linkedTo: nil)
                reason = "new ticket: sent by the team to \(customer.normalized)"
            } else {
                reason = "kept without a ticket: sent from and to the team's own addresses"
                summary.quarantined += 1
            }
        } else {
            let customer = p.from ?? MailAddress(name: nil, address: "unknown-sender@invalid")
            ticketID = try createTicket(p, customer: customer, queue: queue, date: date, outbound: false, linkedTo: nil)
            reason = "new ticket"
        }

        let rowID = try insertMessage(
            m, ticketID: ticketID, queueID: queue.id,
            direction: thirdParty ? .thirdParty : outbound ? .outbound : .inbound, automatic: automatic != nil,
            bounce: bounce,
            reason: reason, date: p.date)
        try addRoutes(routes, messageRowID: rowID, sha256: m.sha256)
        if let t = ticketID { touched.insert(t) }
        if let t = ticketID, !outbound, !thirdParty, !options.archive {
            if customerReply { try AppDatabase.wake(db, ticket: t, reason: "reply", actor: options.actor, now: now) }
            if rules != nil, let document = documents.last {
                let facts = IncomingFacts(
                    fromAddress: fromAddress, fromName: p.from?.name, automatic: automatic != nil, bounce: bounce,
                    direction: MessageDirection.inbound.rawValue, hasAttachment: p.attachments.contains { !$0.inline })
                if summary.newTickets > ticketsBefore {
                    _ = try rules!.run(
                        db, trigger: .ticketCreated, ticket: t, now: now, texts: .folded(document, facts))
                }
                _ = try rules!.run(db, trigger: .messageIn, ticket: t, now: now, texts: .folded(document, facts))
            }
        }
    }

    /// Whether `p` answers mail we forwarded from ticket `ticket` to a third party: it names
    /// our forward (or that party's earlier answer) in In-Reply-To/References, or comes from an
    /// address a forward went to, and it is not from the ticket's customer.
    private func answersOurForward(_ p: ParsedMessage, ticket: Int64, from: String?) throws -> Bool {
        guard let from else { return false }
        let forwards = try Row.fetchAll(
            db.cachedStatement(
                sql:
                    "SELECT message_id, to_json FROM message WHERE ticket_id = ? AND direction IN ('forward', 'third_party')"
            ),
            arguments: [ticket])
        guard !forwards.isEmpty else { return false }
        let customer = try String.fetchOne(
            db.cachedStatement(
                sql: "SELECT c.address FROM ticket t JOIN customer c ON c.id = t.customer_id WHERE t.id = ?"),
            arguments: [ticket])
        if customer == from { return false }
        let refs = Set(p.inReplyTo + p.references)
        for f in forwards {
            if let id: String = f["message_id"], refs.contains(id) { return true }
            if let to: String = f["to_json"], to.lowercased().contains("\"" + from + "\"") { return true }
        }
        return false
    }

    private func blockedReason(_ address: String?) -> String? {
        guard !blockedSenders.isEmpty, let a = address else { return nil }
        if blockedSenders.contains(a) { return "sender \(a) is blocked" }
        if let at = a.lastIndex(of: "@"), blockedSenders.contains(String(a[at...])) {
            return "sender domain \(a[at...]) is blocked"
        }
        return nil
    }

    /// A channel message (docs/channels.md): dedupe by its Message-ID (channel and external
    /// id), threading by (channel, conversation), the customer by e-mail, phone or handle; then
    /// the same status changes, quarantine, rules and SLA as mail.
    private mutating func ingestChannel(_ m: IncomingMessage, _ origin: ChannelOrigin) throws {
        let p = m.parsed
        summary.messages += 1
        try insertRaw(m.raw, sha256: m.sha256)
        if let existing = try existingMessage(p, sha256: m.sha256) {
            summary.duplicates += 1
            try addRoutes([m.source], messageRowID: existing, sha256: m.sha256)
            return
        }
        summary.new += 1
        if !(p.problems + m.readerProblems).isEmpty { summary.withProblems += 1 }
        let outbound = origin.direction == .outbound
        let automatic =
            outbound
            ? nil
            : (blockedReason(origin.customer.email?.lowercased())
                ?? blockedReason(origin.customer.phone.flatMap(PhoneNumber.normalize)))
        let queue = forcedQueue ?? channelQueue[origin.channel] ?? defaultQueue
        let date = p.date.map { min($0, now) } ?? now
        let customer = try AppDatabase.channelCustomer(
            db, origin.customer, channel: origin.channel, conversation: origin.conversation, at: date)

        var ticketID: Int64?
        var reason: String
        let ticketsBefore = summary.newTickets
        var customerReply = false
        if let found = try AppDatabase.conversationTicket(
            db, channel: origin.channel, conversation: origin.conversation)
        {
            ticketID = try followMerges(found)
            reason = "same \(origin.channel) conversation \(origin.conversation)"
            if let t = ticketID, automatic == nil {
                let outcome = try applyReply(
                    to: t, outbound: outbound, date: date, message: p, queue: queue, customerID: customer,
                    channel: origin.channel,
                    conversation: origin.conversation)
                customerReply = !outbound && !options.archive
                ticketID = outcome.ticket
                if let note = outcome.note { reason += "; " + note }
                if !outcome.createdNew { summary.joined += 1 }
            } else {
                if let why = automatic { reason += "; automatic (\(why)), no status change" }
                summary.joined += 1
            }
        } else if let why = automatic {
            reason = "quarantined: \(why), opens no ticket"
            summary.quarantined += 1
        } else {
            ticketID = try createTicket(
                p, customer: p.from ?? MailAddress(address: ""), queue: queue, date: date, outbound: outbound,
                linkedTo: nil,
                customerID: customer, channel: origin.channel, conversation: origin.conversation)
            reason =
                outbound ? "new ticket: written by the team on \(origin.channel)" : "new ticket from \(origin.channel)"
        }
        if let t = ticketID {
            try AppDatabase.setConversationTicket(
                db, channel: origin.channel, conversation: origin.conversation, ticket: t)
        }
        for f in origin.files { try insertRaw(f.bytes, sha256: f.sha256) }
        let rowID = try insertMessage(
            m, ticketID: ticketID, queueID: queue.id, direction: outbound ? .outbound : .inbound,
            automatic: automatic != nil,
            bounce: false, reason: reason, date: p.date, channel: origin.channel)
        try addRoutes([m.source], messageRowID: rowID, sha256: m.sha256)
        if let t = ticketID { touched.insert(t) }
        if let t = ticketID, !outbound, !options.archive {
            if customerReply { try AppDatabase.wake(db, ticket: t, reason: "reply", actor: options.actor, now: now) }
            if rules != nil, let document = documents.last {
                let facts = IncomingFacts(
                    fromAddress: origin.customer.email?.lowercased(), fromName: p.from?.name,
                    automatic: automatic != nil,
                    bounce: false, direction: MessageDirection.inbound.rawValue, hasAttachment: !origin.files.isEmpty)
                if summary.newTickets > ticketsBefore {
                    _ = try rules!.run(
                        db, trigger: .ticketCreated, ticket: t, now: now, texts: .folded(document, facts))
                }
                _ = try rules!.run(db, trigger: .messageIn, ticket: t, now: now, texts: .folded(document, facts))
            }
        }
    }

    /// Stores raw bytes once per digest. Binds the bytes in place (no copy into `Data`):
    /// an import moves hundreds of megabytes through here.
    private func insertRaw(_ raw: [UInt8], sha256: String) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT INTO raw_message(sha256, size, bytes) VALUES (?, ?, ?) ON CONFLICT(sha256) DO NOTHING")
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        let code: Int32 = sha256.withCString { sha in
            raw.withUnsafeBytes { bytes in
                sqlite3_bind_text(handle, 1, sha, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
                sqlite3_bind_int64(handle, 2, Int64(raw.count))
                // SQLITE_STATIC: the buffer outlives the step below.
                sqlite3_bind_blob(
                    handle, 3, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(raw.count), nil)
                let rc = sqlite3_step(handle)
                sqlite3_reset(handle)
                sqlite3_clear_bindings(handle)
                return rc
            }
        }
        guard code == SQLITE_DONE else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }

    // MARK: - Dedupe and routing

    private func existingMessage(_ p: ParsedMessage, sha256: String) throws -> Int64? {
        if let id = p.messageID {
            return try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM message WHERE message_id = ?"), arguments: [id])
        }
        return try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM message WHERE raw_sha256 = ? AND message_id IS NULL LIMIT 1"),
            arguments: [sha256])
    }

    private func addRoutes(_ routes: [String], messageRowID: Int64, sha256: String) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT INTO message_route(message_id, address, raw_sha256) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
        for r in routes {
            try statement.executeDirect([.int(messageRowID), .text(r), .text(sha256)], in: db)
        }
    }

    /// Delivered-To, then To, then Cc picks the queue; otherwise the default queue.
    private func route(_ p: ParsedMessage) -> QueueInfo {
        if let forced = forcedQueue { return forced }
        for a in p.deliveredTo {
            if let q = queueByAddress[a.lowercased()] { return q }
        }
        for a in p.to + p.cc {
            if let q = queueByAddress[a.normalized] { return q }
        }
        return defaultQueue
    }

    // MARK: - Tickets

    private func followMerges(_ ticket: Int64) throws -> Int64 {
        var current = ticket
        for _ in 0..<16 {
            guard
                let next = try Int64.fetchOne(
                    db.cachedStatement(sql: "SELECT merged_into_id FROM ticket WHERE id = ?"), arguments: [current])
            else { return current }
            current = next
        }
        return current
    }

    private func customerID(for address: MailAddress, at date: Date) throws -> Int64 {
        let key = address.normalized
        if let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT id, name FROM customer WHERE address = ?"), arguments: [key])
        {
            let id: Int64 = row["id"]
            if (row["name"] as String?) == nil, let name = address.name, !name.isEmpty {
                try db.cachedStatement(sql: "UPDATE customer SET name = ? WHERE id = ?").execute(arguments: [name, id])
            }
            return id
        }
        // A customer merged into another (`inbox customer merge`) keeps its address as an alias.
        if let id = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT customer_id FROM customer_handle WHERE channel = 'email' AND handle = ?"),
            arguments: [key])
        {
            return id
        }
        try db.cachedStatement(sql: "INSERT INTO customer(address, name, created_at) VALUES (?, ?, ?)")
            .execute(arguments: [key, address.name, date.timeIntervalSince1970])
        return db.lastInsertedRowID
    }

    private mutating func createTicket(
        _ p: ParsedMessage, customer: MailAddress, queue: QueueInfo, date: Date, outbound: Bool, linkedTo: Int64?,
        customerID knownCustomer: Int64? = nil, channel: String = "email", conversation: String? = nil
    ) throws -> Int64 {
        let customerID = try knownCustomer ?? customerID(for: customer, at: date)
        let status: TicketStatus = options.archive ? .solved : (outbound ? .open : .new)
        let subject = SubjectCleaner.clean(p.subject)
        let t = date.timeIntervalSince1970
        try db.cachedStatement(
            sql: """
                INSERT INTO ticket(id, queue_id, subject, status, priority, customer_id, created_at, updated_at,
                    first_response_at, solved_at, linked_ticket_id, channel, conversation)
                VALUES ((SELECT COALESCE(MAX(id), 1000) + 1 FROM ticket), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            queue.id, subject.isEmpty ? "(no subject)" : subject, status.rawValue, queue.priority, customerID, t, t,
            outbound ? t : nil, options.archive ? t : nil, linkedTo, channel, conversation,
        ])
        let id = db.lastInsertedRowID
        try logEvent(
            ticket: id, kind: "created", old: nil, new: status.rawValue,
            detail: linkedTo.map { "follows closed ticket #\($0)" })
        summary.newTickets += 1
        return id
    }

    /// Applies a person's message to an existing ticket: reopen, first response, or a new
    /// linked ticket when the old one is closed. Returns the ticket the message belongs to.
    private mutating func applyReply(
        to ticket: Int64, outbound: Bool, date: Date, message p: ParsedMessage, queue: QueueInfo,
        customerID channelCustomer: Int64? = nil, channel: String = "email", conversation: String? = nil
    ) throws -> (ticket: Int64, note: String?, createdNew: Bool) {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql:
                        "SELECT status, created_at, updated_at, first_response_at, customer_id FROM ticket WHERE id = ?"
                ),
                arguments: [ticket])
        else { return (ticket, nil, false) }
        let status = TicketStatus(rawValue: row["status"]) ?? .open
        let t = date.timeIntervalSince1970
        // A message older than the ticket (mail read out of order) moves its start back, and
        // a customer's message older than the team's reply that opened the ticket names the
        // customer (the reply may have gone to a mistyped address).
        if t < row["created_at"] as Double {
            try db.cachedStatement(sql: "UPDATE ticket SET created_at = ? WHERE id = ?").execute(arguments: [t, ticket])
            if !outbound, let customer = try channelCustomer ?? p.from.map({ try customerID(for: $0, at: date) }) {
                try db.cachedStatement(sql: "UPDATE ticket SET customer_id = ? WHERE id = ?").execute(arguments: [
                    customer, ticket,
                ])
            }
        }
        let updated = max(row["updated_at"] as Double, t)
        if options.archive {
            try db.cachedStatement(
                sql: "UPDATE ticket SET updated_at = ?, solved_at = MAX(COALESCE(solved_at, 0), ?), "
                    + "first_response_at = COALESCE(first_response_at, CASE WHEN ? THEN ? END) WHERE id = ?"
            ).execute(arguments: [updated, t, outbound, t, ticket])
            return (ticket, nil, false)
        }
        if outbound {
            let newStatus: TicketStatus = status == .new ? .open : status
            try db.cachedStatement(
                sql:
                    "UPDATE ticket SET updated_at = ?, first_response_at = COALESCE(first_response_at, ?), status = ?, "
                    + "version = version + 1 WHERE id = ?"
            ).execute(arguments: [updated, t, newStatus.rawValue, ticket])
            if newStatus != status {
                try logEvent(
                    ticket: ticket, kind: "status", old: status.rawValue, new: newStatus.rawValue,
                    detail: "agent replied")
            }
            return (ticket, nil, false)
        }
        if status == .closed {
            let customer = p.from ?? MailAddress(name: nil, address: "unknown-sender@invalid")
            let newTicket = try createTicket(
                p, customer: customer, queue: queue, date: date, outbound: false, linkedTo: ticket,
                customerID: channelCustomer,
                channel: channel, conversation: conversation)
            return (newTicket, "ticket #\(ticket) is closed, so this opened #\(newTicket) linked to it", true)
        }
        var newStatus = status
        if status == .pending || status == .solved { newStatus = .open }
        try db.cachedStatement(
            sql: "UPDATE ticket SET updated_at = ?, status = ?, solved_at = CASE WHEN ? THEN NULL ELSE solved_at END, "
                + "version = version + 1 WHERE id = ?"
        ).execute(arguments: [updated, newStatus.rawValue, newStatus != status, ticket])
        if newStatus != status {
            try logEvent(
                ticket: ticket, kind: "status", old: status.rawValue, new: newStatus.rawValue,
                detail: "customer replied")
            return (ticket, "reopened (was \(status.rawValue))", false)
        }
        return (ticket, nil, false)
    }

    /// A reply to one of our surveys that holds a score (read from the customer's new text
    /// only, then the subject): the rating is stored and the ticket keeps its status unless the
    /// score is below `reopen_below` or the comment asks something (`reopen_on_question`).
    /// Nil for anything else: a reply without a score is an ordinary customer message.
    private func surveyAnswer(_ p: ParsedMessage, ticket: Int64, date: Date) throws -> (note: String, reopen: Bool)? {
        guard
            let sent = try AppDatabase.answeredSurvey(
                db, ids: p.inReplyTo + p.references, ticket: ticket, subject: p.subject),
            let answer = SurveyAnswer.read(
                text: p.text, spans: p.spans, subject: p.subject, surveySubject: sent.subject)
        else { return nil }
        try AppDatabase.recordSurveyAnswer(
            db, survey: sent.id, ticket: ticket, answer: answer, messageID: p.messageID, actor: options.actor, at: date)
        var why: String?
        if answer.score < survey.reopenBelow {
            why = "score below \(survey.reopenBelow)"
        } else if survey.reopenOnQuestion && answer.asksSomething {
            why = "the comment asks something"
        }
        let note =
            "survey answer: score \(answer.score)" + (why.map { ", reopens (\($0))" } ?? ", ticket keeps its status")
        return (note, why != nil)
    }

    private func markFailing(_ p: ParsedMessage, ticketID: Int64, at date: Date) throws {
        var addresses = p.loop.failedRecipients.map { $0.lowercased() }
        if addresses.isEmpty,
            let customer = try String.fetchOne(
                db, sql: "SELECT c.address FROM ticket t JOIN customer c ON c.id = t.customer_id WHERE t.id = ?",
                arguments: [ticketID])
        {
            addresses = [customer]
        }
        for a in addresses {
            try db.execute(
                sql: "UPDATE customer SET failing = 1, failing_reason = ? WHERE address = ?",
                arguments: ["delivery failed (bounce received \(ISO8601DateFormatter().string(from: date)))", a])
            if db.changesCount > 0 {
                try logEvent(ticket: ticketID, kind: "address_failing", old: nil, new: a, detail: "bounce received")
            }
        }
    }

    private func logEvent(ticket: Int64, kind: String, old: String?, new: String?, detail: String?) throws {
        try db.cachedStatement(
            sql:
                "INSERT INTO event(ticket_id, actor, at, kind, old_value, new_value, detail) VALUES (?, ?, ?, ?, ?, ?, ?)"
        ).execute(arguments: [ticket, options.actor, now.timeIntervalSince1970, kind, old, new, detail])
    }

    // MARK: - Message rows

    private mutating func insertMessage(
        _ m: IncomingMessage, ticketID: Int64?, queueID: Int64, direction: MessageDirection,
        automatic: Bool, bounce: Bool, reason: String, date: Date?, channel: String = "email"
    ) throws -> Int64 {
        let p = m.parsed
        let c = m.prepared
        try db.cachedStatement(
            sql: """
                INSERT INTO message(ticket_id, queue_id, direction, message_id, in_reply_to, references_ids,
                    from_name, from_address, sender, to_json, cc_json, date, received_at, subject, text, has_html,
                    snippet, automatic, bounce, thread_reason, raw_sha256, problems, channel)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).executeDirect(
            [
                SQLValue(ticketID), .int(queueID), .text(direction.rawValue), SQLValue(p.messageID),
                .text(c.inReplyToJSON), .text(c.referencesJSON), SQLValue(p.from?.name),
                SQLValue(p.from.map(\.normalized).flatMap { $0.isEmpty ? nil : $0 }),
                .text(c.sender), .text(c.toJSON), .text(c.ccJSON), SQLValue(date?.timeIntervalSince1970),
                .double(now.timeIntervalSince1970), .text(p.subject), .text(p.text), SQLValue(p.hasHTML),
                .text(c.snippet), SQLValue(automatic), SQLValue(bounce), .text(reason), .text(m.sha256),
                .text(c.problemsJSON), .text(channel),
            ], in: db)
        let rowID = db.lastInsertedRowID
        documents.append(
            SearchIndex.Document(
                rowID: rowID, subject: c.searchSubject, sender: c.searchSender, text: c.searchText,
                date: date?.timeIntervalSince1970))
        let refStatement = try db.cachedStatement(
            sql: "INSERT INTO message_reference(ref, message_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
        // The nearest ancestors are what out-of-order and missing-parent threading needs;
        // long mailing-list chains add rows, not answers. Lookups only ever join messages
        // that belong to a ticket, so mail kept without one adds none (docs/ingest.md).
        if ticketID != nil {
            var seen = Set<String>()
            for ref in p.inReplyTo + p.references.suffix(3) where ref != p.messageID && seen.insert(ref).inserted {
                try refStatement.executeDirect([.text(ref), .int(rowID)], in: db)
            }
        }
        if !p.attachments.isEmpty {
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO attachment(message_id, filename, safe_filename, content_type, size, content_id, inline, part_path)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for a in p.attachments {
                try statement.execute(arguments: [
                    rowID, a.filename, a.safeFilename, a.contentType, a.size, a.contentID, a.inline, a.partPath,
                ])
            }
        }
        return rowID
    }
}
