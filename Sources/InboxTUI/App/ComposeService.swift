import Foundation
import InboxCore
import InboxMail
import Logging

/// What compose needs from the world: the templates, the store (drafts, notes, the outbox),
/// the editor, and a background sender that delivers the outbox while the TUI is open.
///
/// Delivery never blocks the UI: `y` only queues the reply (one transaction, the library's
/// ``AppDatabase/queueReply(_:undoWindow:config:now:)``); a detached task runs
/// ``OutboxSender/flush(now:ignoreUndo:)`` every second. A reply still queued when the TUI
/// quits stays in the outbox (`inbox outbox flush`, or the next TUI, delivers it); one
/// interrupted mid-delivery is given back by the next sender, so nothing is lost.
///
/// Used from the UI thread only, except the delivery task, which reports through a locked log.
public final class ComposeService {
    public let database: AppDatabase
    public let config: InboxConfig
    /// The agent replies are signed by and drafts belong to.
    public let agent: InboxConfig.Agent
    public let templatesFolder: String
    /// `$VISUAL`, else `$EDITOR`; nil uses the inline editor.
    public var editorCommand: String?
    /// Runs `command` on a file with the terminal given back (ncurses suspended) and returns
    /// its exit status; set by the terminal backend. Nil (tests) runs it without a terminal.
    public var runEditor: ((_ command: String, _ file: String) -> Int32)?
    let news = DeliveryNews()
    /// The knowledge base, read once on the first `k` or template (ComposeService+KB.swift).
    var kbCache: KBLibrary?
    private var senderTask: Task<Void, Never>?
    /// Where the background sender logs (the log file under `inbox`; nothing by default, since
    /// a log handler writing to the terminal would draw over ncurses).
    public var logger = Logger(label: "inbox.outbox", factory: { SwiftLogNoOpLogHandler($0) })

    public init(
        database: AppDatabase, config: InboxConfig, agent: InboxConfig.Agent, templatesFolder: String? = nil,
        editorCommand: String? = ComposeService.editorFromEnvironment()
    ) {
        self.database = database
        self.config = config
        self.agent = agent
        self.templatesFolder = templatesFolder ?? TemplateLibrary.defaultFolder(config: config)
        self.editorCommand = editorCommand
    }

    deinit { senderTask?.cancel() }

    /// `$VISUAL`, else `$EDITOR`, when set and not empty.
    public static func editorFromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        for name in ["VISUAL", "EDITOR"] {
            if let v = env[name]?.trimmingCharacters(in: .whitespaces), !v.isEmpty { return v }
        }
        return nil
    }

    // MARK: Templates

    /// The picker's templates for `detail`, ranked as the library ranks them, each rendered
    /// for this customer (unresolved placeholders left visible as `{{name}}`).
    func pickerItems(_ detail: TicketDetail) throws -> [PickerItem] {
        let library = try TemplateLibrary.load(folder: templatesFolder)
        let context = try database.replyContext(detail, agent: agent, config: config, kb: knowledgeBase)
        let last = detail.messages.last { $0.direction == .inbound }
        let ranked = library.ranked(
            customerLanguage: context.customerLanguage, usage: (try? database.templateUsage()) ?? [:],
            lastMessage: last?.text ?? "")
        return ranked.map { item($0, context: context) }
    }

    /// The template `name` rendered for `detail` (for a resumed draft's subject and actions).
    func template(named name: String, detail: TicketDetail) -> PickerItem? {
        guard let library = try? TemplateLibrary.load(folder: templatesFolder) else { return nil }
        guard let context = try? database.replyContext(detail, agent: agent, config: config, kb: knowledgeBase) else {
            return nil
        }
        guard let t = try? library.template(named: name, language: context.customerLanguage) else { return nil }
        return item(t, context: context)
    }

    func item(_ t: ReplyTemplate, context: ReplyContext) -> PickerItem {
        var problem: String?
        var subject = SubjectTag.ensure(SubjectTag.replySubject(context.ticketSubject), ticket: context.ticketID)
        var body = ""
        do {
            (subject, body) = try Self.renderVisible(t, context: context)
            // Order data on a ticket without an order: say what to do rather than show blanks.
            if let r = try? TemplateRenderer.render(t, context: context), r.needsOrder { problem = r.blockingReason }
        } catch {
            problem = "Template \"\(t.name)\" does not render: \(error)"
        }
        var changes: [TicketChange] = []
        do {
            changes = try ReplyComposer.changes(t.actions, agent: agent.name)
        } catch {
            problem = "Template \"\(t.name)\" has a bad action: \(error) (fix its front matter)"
        }
        var actions: [String] = []
        if let s = t.actions.status { actions.append("status → \(s)") }
        for tag in t.actions.tags { actions.append("tag +\(tag)") }
        if let a = t.actions.assignee { actions.append("assign → \(a == "me" ? agent.name : a)") }
        return PickerItem(
            name: t.name, language: t.language, tags: t.tags, subject: subject, body: body, actions: actions,
            changes: changes,
            problem: problem, customerLanguage: context.customerLanguage)
    }

    /// Renders `t`; placeholders the library finds unresolved or empty come out as `{{name}}`
    /// so the agent sees where, and ``ComposeState/unresolved`` blocks sending until edited.
    static func renderVisible(_ t: ReplyTemplate, context: ReplyContext) throws -> (subject: String, body: String) {
        let first = try TemplateRenderer.render(t, context: context)
        guard !first.unresolved.isEmpty else { return (first.subject, first.body) }
        var marked = t
        for name in first.unresolved {
            marked.body = mark(marked.body, name)
            marked.subject = marked.subject.map { mark($0, name) }
        }
        let second = try TemplateRenderer.render(marked, context: context)
        var body = unmark(second.body)
        // A blocking placeholder the text does not show (inside another section): say so in the text.
        let shown = ComposeState.placeholders(in: unmark(second.subject) + body)
        for name in first.unresolved where !shown.contains(name) { body += "{{\(name)}}\n" }
        return (unmark(second.subject), body)
    }

    private static let open = "\u{E000}"
    private static let close = "\u{E001}"

    /// Replaces the variable tags of `name` (`{{name}}`, `{{ name }}`, `{{&name}}`, `{{{name}}}`) with markers Mustache leaves alone.
    static func mark(_ text: String, _ name: String) -> String {
        let escaped = NSRegularExpression.escapedPattern(for: name)
        guard
            let re = try? NSRegularExpression(
                pattern: "\\{\\{\\{\\s*\(escaped)\\s*\\}\\}\\}|\\{\\{\\s*&?\\s*\(escaped)\\s*\\}\\}")
        else {
            return text
        }
        let ns = text as NSString
        return re.stringByReplacingMatches(
            in: text, range: NSRange(location: 0, length: ns.length),
            withTemplate: NSRegularExpression.escapedTemplate(for: open + name + close))
    }

    static func unmark(_ text: String) -> String {
        text.replacingOccurrences(of: open, with: "{{").replacingOccurrences(of: close, with: "}}")
    }

    // MARK: Texts

    /// A reply's first text: room to write, the signature, and the customer's last message quoted.
    func replyText(_ detail: TicketDetail) -> String {
        var text = "\n"
        let sig = config.queueSettings(detail.ticket.queue)?.signature ?? agent.signature
        if let sig, !sig.isEmpty { text += "\n-- \n" + sig + "\n" }
        let quote = ReplyComposer.quote(detail)
        if !quote.isEmpty { text += "\n" + quote }
        return text
    }

    /// "Name <address>" of the customer, as the reply's To.
    func recipients(_ detail: TicketDetail) -> [String] {
        let address = detail.customerProfile?.address ?? detail.ticket.customer.address ?? ""
        guard !address.isEmpty else { return [] }
        let name = detail.customerProfile?.name ?? detail.ticket.customer.name
        return [name.map { "\($0) <\(address)>" } ?? address]
    }

    // MARK: Drafts

    func draft(ticket: Int64, kind: ComposeKind) throws -> Draft? {
        try database.draft(ticket: ticket, agent: agent.name, kind: kind.rawValue)
    }

    /// The newest draft of the ticket (reply or note), for the "d resumes" line.
    func newestDraft(ticket: Int64) -> Draft? {
        let all = [ComposeKind.reply, .note].compactMap { try? draft(ticket: ticket, kind: $0) }
        return all.max { $0.updatedAt < $1.updatedAt }
    }

    func save(_ c: ComposeState) throws {
        try database.saveDraft(
            ticket: c.ticketID, agent: agent.name, kind: c.kind.rawValue, body: c.body, template: c.template)
    }

    func discard(_ c: ComposeState) throws {
        try database.discardDraft(ticket: c.ticketID, agent: agent.name, kind: c.kind.rawValue)
    }

    // MARK: Sending

    /// Stores the note, or queues the reply (or forward) in the outbox and makes sure a sender
    /// runs. Returns what the status line says, and the undo `u` offers.
    /// - Throws: ``InboxError`` `.conflict` when another agent replied after the draft began;
    ///   `.notFound` when an attached file is gone.
    func send(_ c: ComposeState, now: Date = Date()) throws -> (said: String, undo: UndoSend?) {
        if c.kind == .note {
            try database.addNote(ticket: c.ticketID, agent: agent.name, text: c.body)
            return ("Note added to #\(c.ticketID) (never sent)", nil)
        }
        let detail = try database.ticketDetail(c.ticketID)
        // The library's one reply path (the CLI's `inbox reply --send` and `inbox forward` too).
        let replier = Replier(database: database, config: config, agent: agent)
        let files = try Replier.attachments(c.attachments)
        let cc = try c.cc.flatMap(Replier.addresses)
        var changes = c.changes
        if let status = c.submitStatus { changes.append(try TicketChange.parse("status=" + status, agent: agent.name)) }
        let queued: Replier.Queued
        if c.kind == .forward {
            queued = try replier.forward(
                detail: detail, message: c.forwardMessage, to: try c.to.flatMap(Replier.addresses), cc: cc,
                note: c.body,
                attachments: files, now: now)
            if !changes.isEmpty {
                _ = try database.update([c.ticketID], changes, actor: agent.name, config: config, now: now)
            }
        } else {
            queued = try replier.queue(
                detail: detail, subject: c.subject, text: c.body, template: c.template, changes: changes,
                startedAt: c.startedAt, force: c.confirmOverride, now: now, cc: cc,
                bcc: try c.bcc.flatMap(Replier.addresses),
                attachments: files)
        }
        let (id, reply, window) = (queued.outboxID, queued.reply, replier.undoWindow)
        let what = c.kind == .forward ? "forward" : "reply"
        let status = c.submitStatus.map { "; #\(c.ticketID) is \($0)" } ?? ""
        let undo =
            window > 0
            ? UndoSend(outboxID: id, ticketID: c.ticketID, until: now.addingTimeInterval(window), now: now) : nil
        guard replier.canDeliver(reply) else {
            let missing = reply.channel.map { "no send_command for channel \($0)" } ?? "no [smtp]"
            return (
                // What happens to the reply first: the status line cuts a long message at the right.
                "Queued \(what) \(id) for #\(c.ticketID)\(status): it waits in the outbox (:outbox), \(missing) in config.toml",
                undo
            )
        }
        startDelivery()
        let when = window > 0 ? "delivering in \(Int(window)) s" : "delivering now"
        return ("Queued \(what) \(id) to \(reply.recipients.joined(separator: ", "))\(status): \(when)", undo)
    }

    /// A file to attach, read now to check it ("label.pdf (12 KB)").
    /// - Throws: ``InboxError`` saying what is wrong with the path.
    func attachment(_ path: String) throws -> String {
        try Replier.attachments([path]).map(ReplyComposer.describe)[0]
    }

    /// What the review screen says about a forward of message `index` (nil: the customer's newest).
    func forwardSummary(_ detail: TicketDetail, message index: Int?) -> String {
        let m =
            index.map { detail.messages[$0] }
            ?? detail.messages.last { $0.direction == .inbound }
        guard let m else { return "no message to forward" }
        let who = m.from.name ?? m.from.address ?? "?"
        let date = m.date.map { ReplyLanguage.date($0, language: nil, timeZone: .current) } ?? ""
        let files = m.attachments.isEmpty ? "" : ", \(m.attachments.count) file\(m.attachments.count == 1 ? "" : "s")"
        return "the message from \(who)\(date.isEmpty ? "" : ", " + date)\(files)"
    }

    /// Paths that start with what is typed (a leading `~` is the home folder), for Tab.
    static func completions(_ typed: String) -> [String] {
        let expanded = (typed as NSString).expandingTildeInPath
        let folder: String
        let prefix: String
        if typed.isEmpty || expanded.hasSuffix("/") {
            folder = expanded.isEmpty ? FileManager.default.currentDirectoryPath : expanded
            prefix = ""
        } else {
            folder =
                (expanded as NSString).deletingLastPathComponent.isEmpty
                ? FileManager.default.currentDirectoryPath : (expanded as NSString).deletingLastPathComponent
            prefix = (expanded as NSString).lastPathComponent
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        let typedFolder = typed.isEmpty || typed.hasSuffix("/") ? typed : String(typed.dropLast(prefix.count))
        return names.filter {
            $0.hasPrefix(prefix) && !$0.hasPrefix(".") || (prefix.hasPrefix(".") && $0.hasPrefix(prefix))
        }.sorted().map { name in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(
                atPath: (folder as NSString).appendingPathComponent(name), isDirectory: &isDirectory)
            return typedFolder + name + (isDirectory.boolValue ? "/" : "")
        }
    }

    /// The longest start the candidates share.
    static func commonPrefix(_ items: [String]) -> String {
        guard var p = items.first else { return "" }
        for s in items.dropFirst() {
            while !s.hasPrefix(p) { p.removeLast() }
        }
        return p
    }

    /// Starts the background sender (once) when `[smtp]` is configured.
    public func startDelivery() {
        guard senderTask == nil, Replier.canDeliver(config) else { return }
        let logger = self.logger
        let sender: OutboxSender
        do {
            sender = try Replier(database: database, config: config, agent: agent).sender(logger: logger)
        } catch {
            news.post("Cannot deliver the outbox: \(error)")
            return
        }
        let news = self.news
        senderTask = Task.detached {
            while !Task.isCancelled {
                let s = await sender.flush()
                if s.sent > 0 { news.post("Delivered \(s.sent) repl\(s.sent == 1 ? "y" : "ies")") }
                for e in s.errors { news.post("Delivery: \(e) (inbox outbox list)") }
                try? await Task.sleep(nanoseconds: 1_000_000_000)
            }
        }
    }

    /// Stops the background sender (on quit); queued replies stay in the outbox.
    public func stopDelivery() {
        senderTask?.cancel()
        senderTask = nil
    }

    /// Replies still waiting in the outbox (said after the TUI closes).
    public func waitingReplies() -> Int {
        ((try? database.outbox(states: [.queued, .sending])) ?? []).count
    }
}

/// Messages from the delivery task to the UI thread.
final class DeliveryNews: @unchecked Sendable {
    // `lock` guards `items`: the delivery task posts, the UI thread takes.
    private let lock = NSLock()
    private var items: [String] = []

    func post(_ s: String) { lock.withLock { items.append(s) } }

    func take() -> [String] {
        lock.withLock {
            defer { items = [] }
            return items
        }
    }
}
