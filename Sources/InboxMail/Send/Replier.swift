import Foundation
import InboxCore
import Logging

/// The one reply path of the CLI (`inbox reply`) and the TUI (`r`, `t`, `e` then `y`):
/// text and signature, template variant and rendering, queueing in the outbox, delivery
/// through ``OutboxSender``. Both front ends call these functions, so a rule fixed here
/// (the ticket leaves `new`, a template never falls back to another language silently, a
/// failed delivery is said in words) holds for both.
///
/// Value type; each call is its own transaction or delivery pass.
public struct Replier: Sendable {
    public let database: AppDatabase
    public let config: InboxConfig
    /// The agent the reply is signed by and its draft belongs to.
    public let agent: InboxConfig.Agent

    public init(database: AppDatabase, config: InboxConfig, agent: InboxConfig.Agent) {
        self.database = database
        self.config = config
        self.agent = agent
    }

    /// Whether some reply can leave: `[smtp]` for mail, a `send_command` for a channel.
    public static func canDeliver(_ config: InboxConfig) -> Bool {
        config.smtp != nil || config.channels.contains { !($0.send_command ?? "").isEmpty }
    }

    /// Whether `reply` can leave: its channel's `send_command`, or `[smtp]` for mail.
    public func canDeliver(_ reply: QueuedReply) -> Bool {
        if let c = reply.channel { return !(config.channelSettings(c)?.send_command ?? "").isEmpty }
        return config.smtp != nil
    }

    /// Seconds between queueing and delivery (`[replies] undo_window`, default 10).
    public var undoWindow: TimeInterval { config.replies?.undoWindow ?? 10 }

    /// The subject of a reply written without a template: "Re: …" with the `[#id]` tag.
    public static func subject(_ detail: TicketDetail) -> String {
        SubjectTag.ensure(SubjectTag.replySubject(detail.ticket.subject), ticket: detail.ticket.id)
    }

    /// A reply text written by the agent: the text, then the signature block (`-- `): the
    /// signature of `queue` when its `[[queue]]` has one, else the agent's.
    public func signed(_ message: String, queue: String? = nil) -> String {
        var text = message.hasSuffix("\n") ? message : message + "\n"
        if let sig = signature(queue: queue), !sig.isEmpty { text += "\n-- \n" + sig + "\n" }
        return text
    }

    /// The signature of a reply on `queue`'s ticket: the queue's, else the agent's.
    public func signature(queue: String?) -> String? {
        queue.flatMap { config.queueSettings($0)?.signature } ?? agent.signature
    }

    /// A template reply, rendered for the ticket's customer, with what sending it applies.
    public struct TemplateReply: Sendable {
        public var template: ReplyTemplate
        public var subject: String
        public var body: String
        public var changes: [TicketChange]
    }

    /// Renders template `name` for `detail` in the language `choice` allows; `kb` resolves
    /// `{{kb.SLUG.url}}`.
    /// - Throws: ``InboxError`` `.badInput` for a language fallback that was not allowed, an
    ///   unresolved or empty placeholder, or a bad action; `.notFound` for an unknown template.
    public func render(
        template name: String, library: TemplateLibrary, detail: TicketDetail,
        choice: TemplateLanguageChoice = .customer,
        kb: KBLibrary? = nil
    ) throws -> TemplateReply {
        let t = try library.variant(named: name, customerLanguage: detail.customerProfile?.language, choice: choice)
        let rendered = try TemplateRenderer.render(
            t, context: database.replyContext(detail, agent: agent, config: config, kb: kb))
        if let why = rendered.blockingReason {
            throw InboxError(
                .badInput, "Template \"\(t.name)\" (\(t.language)) for ticket #\(detail.ticket.id): " + why)
        }
        return TemplateReply(
            template: t, subject: rendered.subject, body: rendered.body,
            changes: try ReplyComposer.changes(t.actions, agent: agent.name))
    }

    /// A reply in the outbox: its row and the message as built.
    public struct Queued: Sendable {
        public var outboxID: Int64
        public var reply: QueuedReply
    }

    /// Builds the reply (``ReplyComposer``) and queues it (``AppDatabase/queueReply(_:undoWindow:config:now:)``):
    /// the message joins the ticket, a `new` ticket becomes `open`, `changes` apply, the
    /// agent's draft is dropped, and delivery waits for the undo window.
    /// - Throws: ``InboxError`` `.conflict` when another agent replied after `startedAt`
    ///   (unless `force`), `.badInput` when there is no address to send from or to.
    public func queue(
        detail: TicketDetail, subject: String, text: String, template: String? = nil, changes: [TicketChange] = [],
        startedAt: Date? = nil, force: Bool = false, now: Date = Date(), cc: [MailAddress] = [],
        bcc: [MailAddress] = [],
        attachments: [OutgoingMessage.Attachment] = []
    ) throws -> Queued {
        let reply = try ReplyComposer.compose(
            detail: detail, config: config, agent: agent, subject: subject, text: text, template: template,
            changes: changes, startedAt: startedAt, force: force, now: now, cc: cc, bcc: bcc, attachments: attachments,
            keepChannelFile: { [database] a, key in
                try database.keepOutgoingFile(named: a.filename, data: a.data, key: key)
            })
        let id = try database.queueReply(reply, undoWindow: undoWindow, config: config, now: now)
        return Queued(outboxID: id, reply: reply)
    }

    /// Forwards message `index` of `detail` (default the customer's newest) with its files to
    /// a third party, with `note` above it (``ReplyComposer/forward(detail:message:config:agent:to:cc:note:attachments:now:)``),
    /// and queues it: recorded on the ticket as a forward, not as a reply to the customer.
    /// - Throws: ``InboxError`` `.badInput` without a recipient, `.notFound` for a message
    ///   that is not there or whose files are not stored.
    public func forward(
        detail: TicketDetail, message index: Int? = nil, to: [MailAddress], cc: [MailAddress] = [], note: String,
        attachments extra: [OutgoingMessage.Attachment] = [], now: Date = Date()
    ) throws -> Queued {
        let candidates = detail.messages.filter { $0.direction != .note }
        let chosen: MessageDetail?
        if let index {
            chosen = detail.messages.indices.contains(index) ? detail.messages[index] : nil
        } else {
            chosen = detail.messages.last { $0.direction == .inbound } ?? candidates.last
        }
        guard let m = chosen, m.direction != .note else {
            throw InboxError(
                .notFound, "Ticket #\(detail.ticket.id) has no such message to forward (notes are never forwarded)")
        }
        var files: [OutgoingMessage.Attachment] = []
        if !m.attachments.isEmpty {
            guard let raw = try database.rawMessage(sha256: m.sha256) else {
                throw InboxError(
                    .notFound, "The original of the message to forward is not stored, so its attachments cannot be sent"
                )
            }
            for a in m.attachments where !a.partPath.isEmpty {
                guard let bytes = AttachmentFiles.content(of: raw, partPath: a.partPath, contentType: a.contentType)
                else { continue }
                files.append(
                    OutgoingMessage.Attachment(
                        filename: a.filename ?? a.safeFilename, contentType: a.contentType, data: bytes))
            }
        }
        let reply = try ReplyComposer.forward(
            detail: detail, message: m, config: config, agent: agent, to: to, cc: cc, note: note,
            attachments: files + extra, now: now)
        let id = try database.queueReply(reply, undoWindow: undoWindow, config: config, now: now)
        return Queued(outboxID: id, reply: reply)
    }

    /// The largest file a reply takes (25 MB: most mail servers refuse more).
    public static let maxAttachmentBytes = 25 * 1024 * 1024

    /// Reads the files at `paths` to send along with a reply, before anything is queued, so a
    /// missing or unreadable file stops the send (issue 20 item 9).
    /// - Throws: ``InboxError`` `.notFound` for a missing file, `.badInput` for a folder or a
    ///   file over ``maxAttachmentBytes``, `.io` when it cannot be read.
    public static func attachments(_ paths: [String]) throws -> [OutgoingMessage.Attachment] {
        try paths.map { path in
            let expanded = (path as NSString).expandingTildeInPath
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: expanded, isDirectory: &isDirectory) else {
                throw InboxError(
                    .notFound, "Cannot attach \(path): there is no such file (check the path); nothing was sent")
            }
            guard !isDirectory.boolValue else {
                throw InboxError(
                    .badInput,
                    "Cannot attach \(path): it is a folder (attach the files in it, or a zip of it); nothing was sent")
            }
            guard let data = FileManager.default.contents(atPath: expanded) else {
                throw InboxError(
                    .io, "Cannot attach \(path): it cannot be read (check its permissions); nothing was sent")
            }
            guard data.count <= maxAttachmentBytes else {
                throw InboxError(
                    .badInput,
                    "Cannot attach \(path): it is \(ReplyComposer.sizeText(data.count)), over the \(ReplyComposer.sizeText(maxAttachmentBytes)) mail servers take (send a link instead); nothing was sent"
                )
            }
            let name = (expanded as NSString).lastPathComponent
            return OutgoingMessage.Attachment(
                filename: name, contentType: contentType(forFile: name), data: Array(data))
        }
    }

    /// The media type of a file by its extension; application/octet-stream when unknown.
    public static func contentType(forFile name: String) -> String {
        let types = [
            "pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
            "webp": "image/webp", "heic": "image/heic", "txt": "text/plain", "csv": "text/csv", "html": "text/html",
            "zip": "application/zip", "json": "application/json", "xml": "application/xml", "eml": "message/rfc822",
            "doc": "application/msword", "xls": "application/vnd.ms-excel",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "odt": "application/vnd.oasis.opendocument.text", "mp4": "video/mp4", "mov": "video/quicktime",
        ]
        return types[(name as NSString).pathExtension.lowercased()] ?? "application/octet-stream"
    }

    /// Addresses typed by an agent ("Bob <bob@x>, ops@y"), each checked.
    /// - Throws: ``InboxError`` `.badInput` naming the first that is not an address.
    public static func addresses(_ text: String) throws -> [MailAddress] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return [] }
        let parsed = AddressParser.parse(Array(trimmed.utf8)).addresses
        guard !parsed.isEmpty,
            parsed.allSatisfy({ $0.address.contains("@") && !$0.address.hasPrefix("@") && !$0.address.hasSuffix("@") })
        else {
            throw InboxError(
                .badInput, "\"\(trimmed)\" is not a mail address (write name@example.com, several with commas)")
        }
        return parsed
    }

    /// What one delivery pass did, and where the reply `outboxID` stands after it.
    public struct Delivery: Sendable {
        public var summary: OutboxSender.Summary
        /// The reply's row after the pass (nil when it is gone).
        public var entry: OutboxEntry?
        /// The reply was accepted by the server.
        public var delivered: Bool { entry?.state == .sent }
    }

    /// Delivers the outbox once (every due reply; `ignoreUndo` also those in their undo window
    /// or waiting for a retry) and reports on `outboxID`.
    /// - Throws: ``SMTPError/configuration(_:)`` when `[smtp]` is missing or incomplete.
    public func deliver(
        _ outboxID: Int64?, ignoreUndo: Bool, logger: Logger = Logger(label: "inbox.outbox")
    ) async throws -> Delivery {
        let sender = try sender(logger: logger)
        let summary = await sender.flush(ignoreUndo: ignoreUndo)
        return Delivery(summary: summary, entry: try outboxID.flatMap { try database.outboxEntry($0) })
    }

    /// The outbox sender `[smtp]` and `[replies]` describe.
    /// - Throws: ``SMTPError/configuration(_:)`` when `[smtp]` is missing or incomplete.
    /// Without `[smtp]` but with `[[channel]]` send commands, it delivers channel replies only.
    public func sender(logger: Logger = Logger(label: "inbox.outbox")) throws -> OutboxSender {
        let settings = config.replies ?? ReplySettings()
        let transport: (any MailTransport)?
        if config.smtp == nil, config.channels.contains(where: { $0.send_command != nil }) {
            transport = nil
        } else {
            transport = try OutboxSender.transport(config)
        }
        return OutboxSender(
            db: database, transport: transport, channels: config.channels, retryBase: settings.retryBase,
            maxAttempts: settings.maxAttempts, logger: logger)
    }
}
