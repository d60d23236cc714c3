import Foundation
import GRDB

/// Applies the ingest rules of DESIGN §4 to messages inside one open write transaction.
///
/// Not thread-safe; lives only as long as the transaction that created it. Every read and
/// write goes through the store (`Store/AppDatabase+IngestWrites.swift`), on either engine
/// (``StoreConnection``); this type decides.
struct Ingestor {
    struct QueueInfo {
        var id: Int64
        var name: String
        var priority: String
    }

    let db: any StoreConnection
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
    /// Whether the batch's raw bytes are already stored (PostgreSQL: ``AppDatabase/ingestRawMessages(on:_:)``).
    var rawsStored = false
    /// The batch's lookups asked at once (PostgreSQL); nil: each message asks the store.
    var lookups: IngestBatchLookups?
    private(set) var summary = IngestSummary()
    /// Index rows of the messages added so far, for ``SearchIndex`` (written after the commit).
    private(set) var documents: [SearchIndex.Document] = []
    /// Tickets that gained a message or changed: their SLA due times are recomputed.
    private(set) var touched = Set<Int64>()
    /// The rules of `options.rules` (none for archive imports).
    private var rules: RuleEngine?
    /// When a survey answer reopens its ticket (`[survey]`, docs/surveys.md).
    let survey: SurveySettings
    /// Whether any survey was ever sent: ingest sends none, so without one no reply of the
    /// batch answers one, and the lookups per reply (one per reference) are left out.
    let surveysSent: Bool

    init(db: any StoreConnection, config: InboxConfig, options: IngestOptions) throws {
        self.db = db
        self.options = options
        self.ownAddresses = config.ownAddresses
        self.now = Date()
        self.survey = config.survey ?? SurveySettings()
        self.surveysSent = try AppDatabase.ingestSurveysSent(on: db)
        var all: [QueueInfo] = []
        var fallback: QueueInfo?
        for q in try AppDatabase.routingQueues(db) {
            let info = QueueInfo(id: q.id, name: q.name, priority: q.priority)
            all.append(info)
            for a in q.addresses { queueByAddress[a] = info }
            if q.isDefault && fallback == nil { fallback = info }
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
        if !rawsStored { try insertRaw(m.raw, sha256: m.sha256) }

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
        if let found = try ThreadResolver(db: db, lookups: lookups).resolve(p, fromAddress: fromAddress, bounce: bounce)
        {
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
            } else {
                var reply: ReplyOutcome?
                if let t = ticketID, automatic == nil, !bounce {
                    reply = try applyReply(to: t, outbound: outbound, date: date, message: p, queue: queue)
                }
                customerReply = join(
                    reply, automatic: automatic, outbound: outbound, ticketID: &ticketID, reason: &reason)
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
        let forwards = try AppDatabase.forwards(db, ticket: ticket)
        guard !forwards.isEmpty else { return false }
        let customer = try AppDatabase.customerAddress(db, ticket: ticket)
        if customer == from { return false }
        let refs = Set(p.inReplyTo + p.references)
        for f in forwards {
            if let id = f.messageID, refs.contains(id) { return true }
            if let to = f.toJSON, to.lowercased().contains("\"" + from + "\"") { return true }
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
            var reply: ReplyOutcome?
            if let t = ticketID, automatic == nil {
                reply = try applyReply(
                    to: t, outbound: outbound, date: date, message: p, queue: queue, customerID: customer,
                    channel: origin.channel,
                    conversation: origin.conversation)
            }
            customerReply = join(reply, automatic: automatic, outbound: outbound, ticketID: &ticketID, reason: &reason)
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

    /// Stores raw bytes once per digest (the engine's raw fast path).
    private func insertRaw(_ raw: [UInt8], sha256: String) throws {
        try AppDatabase.ingestRawMessage(on: db, bytes: raw, sha256: sha256)
    }

    // MARK: - Dedupe and routing

    private func existingMessage(_ p: ParsedMessage, sha256: String) throws -> Int64? {
        if let id = p.messageID, let known = lookups?.storedMessage(id) { return known }
        return try AppDatabase.existingMessage(db, messageID: p.messageID, sha256: sha256)
    }

    private func addRoutes(_ routes: [String], messageRowID: Int64, sha256: String) throws {
        try AppDatabase.addRoutes(db, routes, messageRowID: messageRowID, sha256: sha256)
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
        try AppDatabase.followMerges(db, ticket)
    }

    private func customerID(for address: MailAddress, at date: Date) throws -> Int64 {
        try AppDatabase.findOrCreateCustomer(db, address: address.normalized, name: address.name, at: date)
    }

    private mutating func createTicket(
        _ p: ParsedMessage, customer: MailAddress, queue: QueueInfo, date: Date, outbound: Bool, linkedTo: Int64?,
        customerID knownCustomer: Int64? = nil, channel: String = "email", conversation: String? = nil
    ) throws -> Int64 {
        let customerID = try knownCustomer ?? customerID(for: customer, at: date)
        let status: TicketStatus = options.archive ? .solved : (outbound ? .open : .new)
        let id = try AppDatabase.createTicket(
            db,
            AppDatabase.NewTicket(
                queueID: queue.id, subject: AppDatabase.ticketSubject(p.subject), status: status,
                priority: queue.priority, customerID: customerID, createdAt: date, updatedAt: date,
                firstResponseAt: outbound ? date : nil, solvedAt: options.archive ? date : nil,
                linkedTicketID: linkedTo,
                channel: channel, conversation: conversation),
            actor: options.actor, at: now, detail: linkedTo.map { "follows closed ticket #\($0)" })
        summary.newTickets += 1
        return id
    }

    /// Applies a person's message to an existing ticket: reopen, first response, or a new
    /// linked ticket when the old one is closed. Returns the ticket the message belongs to.
    /// What ``applyReply`` did: the ticket the message ended on (a new one when it followed up
    /// a closed ticket), a note for the reason, and whether that ticket is new.
    typealias ReplyOutcome = (ticket: Int64, note: String?, createdNew: Bool)

    /// Files a message on the ticket it threads to, e-mail or another channel alike. `reply` is
    /// what ``applyReply`` did, nil for a message that changes nothing there (automatic, a
    /// bounce). Returns whether it is the customer's reply.
    private mutating func join(
        _ reply: ReplyOutcome?, automatic: String?, outbound: Bool, ticketID: inout Int64?, reason: inout String
    ) -> Bool {
        guard let outcome = reply else {
            if let why = automatic { reason += "; automatic (\(why)), no status change" }
            summary.joined += 1
            return false
        }
        ticketID = outcome.ticket
        if let note = outcome.note { reason += "; " + note }
        if !outcome.createdNew { summary.joined += 1 }
        return !outbound && !options.archive
    }

    private mutating func applyReply(
        to ticket: Int64, outbound: Bool, date: Date, message p: ParsedMessage, queue: QueueInfo,
        customerID channelCustomer: Int64? = nil, channel: String = "email", conversation: String? = nil
    ) throws -> ReplyOutcome {
        guard let row = try AppDatabase.replyTarget(db, ticket: ticket) else { return (ticket, nil, false) }
        let status = row.status
        let t = date.timeIntervalSince1970
        // A message older than the ticket (mail read out of order) moves its start back, and
        // a customer's message older than the team's reply that opened the ticket names the
        // customer (the reply may have gone to a mistyped address).
        if t < row.createdAt {
            let customer: Int64? =
                try outbound ? nil : (channelCustomer ?? p.from.map { try customerID(for: $0, at: date) })
            try AppDatabase.moveTicketStart(db, ticket: ticket, to: t, customer: customer)
        }
        let updated = max(row.updatedAt, t)
        if options.archive {
            try AppDatabase.applyArchivedMessage(db, ticket: ticket, updated: updated, at: t, outbound: outbound)
            return (ticket, nil, false)
        }
        if outbound {
            let newStatus: TicketStatus = status == .new ? .open : status
            try AppDatabase.applyTeamMessage(db, ticket: ticket, updated: updated, at: t, status: newStatus)
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
        try AppDatabase.applyCustomerMessage(
            db, ticket: ticket, updated: updated, status: newStatus, reopened: newStatus != status)
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
        guard surveysSent,
            let sent = try AppDatabase.answeredSurvey(
                db, ids: p.inReplyTo + p.references, ticket: ticket, subject: p.subject),
            let answer = SurveyAnswer.read(
                text: p.text, spans: p.spans, subject: p.subject, surveySubject: sent.subject)
        else { return nil }
        try AppDatabase.recordSurveyAnswer(
            db, survey: sent.id, ticket: ticket, answer: answer, messageID: p.messageID, actor: options.actor,
            at: date)
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
        if addresses.isEmpty, let customer = try AppDatabase.customerAddress(db, ticket: ticketID) {
            addresses = [customer]
        }
        for a in addresses {
            let reason = "delivery failed (bounce received \(ISO8601DateFormatter().string(from: date)))"
            if try AppDatabase.markFailing(db, address: a, reason: reason) {
                try logEvent(ticket: ticketID, kind: "address_failing", old: nil, new: a, detail: "bounce received")
            }
        }
    }

    private func logEvent(ticket: Int64, kind: String, old: String?, new: String?, detail: String?) throws {
        try AppDatabase.logEvent(
            on: db, ticket: ticket, actor: options.actor, at: now, kind: kind, old: old, new: new, detail: detail)
    }

    // MARK: - Message rows

    private mutating func insertMessage(
        _ m: IncomingMessage, ticketID: Int64?, queueID: Int64, direction: MessageDirection,
        automatic: Bool, bounce: Bool, reason: String, date: Date?, channel: String = "email"
    ) throws -> Int64 {
        let rowID = try AppDatabase.insertMessage(
            db, m, ticketID: ticketID, queueID: queueID, direction: direction, automatic: automatic, bounce: bounce,
            reason: reason, date: date, receivedAt: now, channel: channel, reservedID: lookups?.takeID())
        lookups?.didStore(
            messageID: m.parsed.messageID, rowID: rowID, ticket: ticketID,
            references: AppDatabase.storedReferences(m.parsed, ticketID: ticketID))
        let c = m.prepared
        documents.append(
            SearchIndex.Document(
                rowID: rowID, subject: c.searchSubject, sender: c.searchSender, text: c.searchText,
                date: date?.timeIntervalSince1970))
        return rowID
    }
}
