import Foundation
import InboxCore

/// Builds the outgoing message of a reply (DESIGN §7): From the agent (or the queue
/// address), To the customer, the `[#id]` subject tag, our `ticket-N.…` Message-ID,
/// In-Reply-To the last customer message and References the thread.
public enum ReplyComposer {
    /// The reply to `detail` with `subject` and `text`, ready for ``AppDatabase/queueReply(_:undoWindow:config:now:)``.
    /// - Throws: ``InboxError`` `.badInput` when the ticket has no customer address or the
    ///   agent has no address to send from.
    public static func compose(
        detail: TicketDetail, config: InboxConfig, agent: InboxConfig.Agent, subject: String, text: String,
        template: String? = nil, changes: [TicketChange] = [], startedAt: Date? = nil, force: Bool = false,
        now: Date = Date(),
        messageID fixedMessageID: String? = nil, extraHeaders: [OutgoingMessage.Header] = [], cc: [MailAddress] = [],
        bcc: [MailAddress] = [], attachments: [OutgoingMessage.Attachment] = [],
        keepChannelFile: ((OutgoingMessage.Attachment, _ key: String) throws -> String)? = nil
    ) throws -> QueuedReply {
        let ticket = detail.ticket.id
        // The queue's identity (DESIGN §19): its from_name and from_address, else its first
        // address with the agent's name, else the agent.
        let queue = config.queueSettings(detail.ticket.queue)
        let queueAddress = queue?.from_address ?? queue?.addresses.first
        let fromName = queue?.from_name ?? (queueAddress != nil ? "\(agent.name) (\(detail.ticket.queue))" : agent.name)
        if detail.ticket.channel != "email" {
            // A chat or marketplace conversation has no copies: said, not dropped.
            if !cc.isEmpty || !bcc.isEmpty {
                throw InboxError(
                    .badInput,
                    "A reply on a \(detail.ticket.channel) ticket goes to the customer's conversation only, without Cc or Bcc: send a copy by mail (f forwards), or leave them out"
                )
            }
            if !attachments.isEmpty && keepChannelFile == nil {
                throw InboxError(
                    .badInput,
                    "A file on a \(detail.ticket.channel) reply must be kept for its send_command: queue it through Replier"
                )
            }
            return try composeChannel(
                detail: detail, agent: agent, fromName: fromName, fromAddress: queueAddress ?? agent.email,
                subject: subject,
                text: text, template: template, changes: changes, startedAt: startedAt, force: force, now: now,
                messageID: fixedMessageID, attachments: attachments, keepFile: keepChannelFile)
        }
        let customerAddress = detail.customerProfile?.address ?? detail.ticket.customer.address ?? ""
        guard customerAddress.contains("@") else {
            throw InboxError(.badInput, "Ticket #\(ticket) has no customer address to reply to")
        }
        guard let fromAddress = queueAddress ?? agent.email else {
            throw InboxError(
                .badInput,
                "There is no address to send from: give queue \"\(detail.ticket.queue)\" an address or set [agent] email in config.toml"
            )
        }
        let from = MailAddress(name: fromName, address: fromAddress)
        let customerName = detail.customerProfile?.name ?? detail.ticket.customer.name
        let to = MailAddress(name: customerName, address: customerAddress)
        // Thread onto the newest message from outside; References keep the chain (bounded).
        // Only the conversation with the customer: notes, forwards and third parties' answers stay out.
        let thread = detail.messages.filter {
            $0.direction == .inbound || $0.direction == .outbound
        }
        let parent = thread.last { $0.direction == .inbound } ?? thread.last
        var references: [String] = []
        for m in thread { if let id = m.messageID, !references.contains(id) { references.append(id) } }
        if let p = parent?.messageID, let i = references.firstIndex(of: p) { references = Array(references[...i]) }
        if references.count > 20 { references = [references[0]] + references.suffix(19) }
        let host = fromAddress.split(separator: "@").last.map(String.init) ?? "localhost"
        let messageID = fixedMessageID ?? MessageBuilder.makeMessageID(ticket: ticket, host: host)
        let fullSubject = SubjectTag.ensure(subject, ticket: ticket)
        let message = OutgoingMessage(
            from: from, to: [to], cc: cc, bcc: bcc, subject: fullSubject, text: text, inReplyTo: parent?.messageID,
            references: references, messageID: messageID, date: now,
            extraHeaders: [OutgoingMessage.Header(name: "X-Inbox-Ticket", value: String(ticket))] + extraHeaders,
            attachments: attachments)
        var reply = QueuedReply(
            ticketID: ticket, agent: agent.name, messageID: messageID, inReplyTo: parent?.messageID,
            references: references,
            from: from, to: [to], cc: cc, subject: fullSubject, text: text, raw: MessageBuilder.build(message),
            envelopeFrom: fromAddress, recipients: message.envelopeRecipients, template: template, changes: changes,
            startedAt: startedAt, force: force)
        reply.attachments = attachments.map(Self.describe)
        return reply
    }

    /// "label.pdf (12 KB)": an attachment as the front ends list it.
    public static func describe(_ a: OutgoingMessage.Attachment) -> String {
        "\(a.filename) (\(sizeText(a.data.count)))"
    }

    /// "812 B", "12 KB", "3.4 MB".
    public static func sizeText(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return "\((bytes + 1023) / 1024) KB" }
        let tenths = (bytes * 10 + 1024 * 1024 / 2) / (1024 * 1024)
        return "\(tenths / 10).\(tenths % 10) MB"
    }

    /// Mail to a third party (a carrier, the warehouse) about the ticket (issue 20 item 10):
    /// the agent's note, then the forwarded message with its header lines, and its files. It
    /// carries our `ticket-N.…` Message-ID and the `[#id]` tag, so the answer threads back into
    /// the ticket, where ingest marks it as the third party's, not the customer's.
    /// - Throws: ``InboxError`` `.badInput` without a recipient or an address to send from.
    public static func forward(
        detail: TicketDetail, message m: MessageDetail, config: InboxConfig, agent: InboxConfig.Agent,
        to: [MailAddress],
        cc: [MailAddress] = [], note: String, attachments: [OutgoingMessage.Attachment] = [], now: Date = Date()
    ) throws -> QueuedReply {
        let ticket = detail.ticket.id
        guard !to.isEmpty, to.allSatisfy({ $0.address.contains("@") }) else {
            throw InboxError(.badInput, "Forward #\(ticket) to whom? Give an address (e.g. --to depot@carrier.example)")
        }
        let queueAddress = config.queues.first { $0.name == detail.ticket.queue }?.addresses.first
        guard let fromAddress = queueAddress ?? agent.email else {
            throw InboxError(
                .badInput,
                "There is no address to send from: give queue \"\(detail.ticket.queue)\" an address or set [agent] email in config.toml"
            )
        }
        let from = MailAddress(
            name: queueAddress != nil ? "\(agent.name) (\(detail.ticket.queue))" : agent.name, address: fromAddress)
        let host = fromAddress.split(separator: "@").last.map(String.init) ?? "localhost"
        let messageID = MessageBuilder.makeMessageID(ticket: ticket, host: host)
        let subject = SubjectTag.ensure("Fwd: " + SubjectCleaner.clean(m.subject), ticket: ticket)
        var text = note.trimmingCharacters(in: .whitespacesAndNewlines)
        text += text.isEmpty ? "" : "\n"
        if let sig = agent.signature, !sig.isEmpty { text += "\n-- \n" + sig + "\n" }
        text += "\n---------- Forwarded message ----------\n"
        let who = [m.from.name, m.from.address.map { "<\($0)>" }].compactMap { $0 }.joined(separator: " ")
        text += "From: \(who)\n"
        if let d = m.date { text += "Date: \(MessageBuilder.rfc5322Date(d, timeZone: .current))\n" }
        text += "Subject: \(m.subject)\n"
        if !m.to.isEmpty {
            text +=
                "To: " + m.to.map { a in a.name.map { "\($0) <\(a.address)>" } ?? a.address }.joined(separator: ", ")
                + "\n"
        }
        text += "\n" + m.text
        if !text.hasSuffix("\n") { text += "\n" }
        let message = OutgoingMessage(
            from: from, to: to, cc: cc, subject: subject, text: text, messageID: messageID, date: now,
            extraHeaders: [OutgoingMessage.Header(name: "X-Inbox-Ticket", value: String(ticket))],
            attachments: attachments)
        var reply = QueuedReply(
            ticketID: ticket, agent: agent.name, messageID: messageID, inReplyTo: nil, references: [], from: from,
            to: to, cc: cc,
            subject: subject, text: text, raw: MessageBuilder.build(message), envelopeFrom: fromAddress,
            recipients: message.envelopeRecipients)
        reply.direction = .forward
        reply.attachments = attachments.map(Self.describe)
        return reply
    }

    /// A reply on a channel beyond e-mail: the JSON its `send_command` reads (``ChannelReply``),
    /// with the outbox row's Message-ID as the idempotency key. Each file is kept by `keepFile`
    /// (``AppDatabase/keepOutgoingFile(named:data:key:)``) and named in the JSON by its path.
    static func composeChannel(
        detail: TicketDetail, agent: InboxConfig.Agent, fromName: String, fromAddress: String?, subject: String,
        text: String,
        template: String?, changes: [TicketChange], startedAt: Date?, force: Bool, now: Date, messageID fixed: String?,
        attachments: [OutgoingMessage.Attachment] = [],
        keepFile: ((OutgoingMessage.Attachment, _ key: String) throws -> String)? = nil
    ) throws -> QueuedReply {
        let ticket = detail.ticket.id
        let channel = detail.ticket.channel
        let messageID = fixed ?? MessageBuilder.makeMessageID(ticket: ticket, host: channel + ".channel")
        var files: [ChannelReply.Attachment] = []
        for a in attachments {
            guard let keepFile else { break }
            files.append(ChannelReply.Attachment(filename: a.filename, path: try keepFile(a, messageID)))
        }
        let payload = ChannelReply.make(
            detail: detail, text: text, key: messageID, from: ChannelReply.Sender(name: fromName, address: fromAddress),
            agent: agent.name, attachments: files, now: now)
        let customerName = detail.customerProfile?.name ?? detail.ticket.customer.name
        let customerKey = detail.customerProfile?.address ?? detail.ticket.customer.address ?? channel
        var reply = QueuedReply(
            ticketID: ticket, agent: agent.name, messageID: messageID, inReplyTo: nil, references: [],
            from: MailAddress(name: fromName, address: fromAddress ?? ""),
            to: [MailAddress(name: customerName, address: customerKey)],
            subject: subject, text: text, raw: payload.json(), envelopeFrom: "",
            recipients: ["\(channel):\(detail.conversation ?? customerKey)"], template: template, changes: changes,
            startedAt: startedAt, force: force)
        reply.channel = channel
        reply.attachments = attachments.map(Self.describe)
        return reply
    }

    /// The changes a template's actions ask for (`assignee: me` is the acting agent).
    public static func changes(_ actions: ReplyTemplate.Actions, agent: String) throws -> [TicketChange] {
        var out: [TicketChange] = []
        if let s = actions.status { out.append(try TicketChange.parse("status=" + s, agent: agent)) }
        for t in actions.tags { out.append(try TicketChange.parse("tag+=" + t, agent: agent)) }
        if let a = actions.assignee { out.append(try TicketChange.parse("assignee=" + a, agent: agent)) }
        return out
    }

    /// The customer's last message as a quote, its first line in the customer's language
    /// ("W dniu 19.11.2026 Astrid Bråten napisała:", ``ReplyLanguage/quoteLine(name:date:language:timeZone:)``), then "> " lines.
    public static func quote(_ detail: TicketDetail, timeZone: TimeZone = .current) -> String {
        guard let m = detail.messages.last(where: { $0.direction == .inbound }) else {
            return ""
        }
        let who = m.from.name ?? m.from.address ?? "the customer"
        let head = ReplyLanguage.quoteLine(
            name: who, date: m.date, language: detail.customerProfile?.language, timeZone: timeZone)
        let lines = m.text.trimmingCharacters(in: .whitespacesAndNewlines).components(separatedBy: "\n")
        return head + "\n" + lines.map { $0.isEmpty ? ">" : "> " + $0 }.joined(separator: "\n") + "\n"
    }
}
