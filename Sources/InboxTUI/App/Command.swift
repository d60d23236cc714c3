import Foundation
import InboxCore

/// A named command: every key runs one, and the `:` command line accepts the same names.
public enum Command: String, CaseIterable, Sendable {
    case down, up, top, bottom
    case pageDown = "page-down"
    case pageUp = "page-up"
    case open, back
    case nextQueue = "next-queue"
    case prevQueue = "prev-queue"
    case toggleQuotes = "toggle-quotes"
    case help, quit, refresh
    case commandLine = "command-line"
    case search
    case searchNext = "search-next"
    case searchPrev = "search-prev"
    case filter
    /// Prompts on the `:` line for the change (`status pending`, `assign bob`, …).
    case setStatus = "status"
    case assign
    case assignToMe = "assign-me"
    case setPriority = "priority"
    case addTag = "tag"
    case removeTag = "untag"
    case undo
    case merge
    case snooze
    // Marks (App/Marks.swift) and the conversation's messages (App/ConversationCommands.swift).
    case mark
    case clearMarks = "clear-marks"
    case nextMessage = "next-message"
    case prevMessage = "prev-message"
    case toggleReasons = "thread-reasons"
    case saveAttachments = "save-attachments"
    case openAttachment = "open-attachment"
    case pipeMessage = "pipe"
    case blockSender = "block"
    case markBouncing = "bouncing"
    // The review pane of `inbox review`.
    case score1 = "score-1"
    case score2 = "score-2"
    case score3 = "score-3"
    case score4 = "score-4"
    case score5 = "score-5"
    case scoreClear = "score-clear"
    case nextCriterion = "next-criterion"
    case prevCriterion = "prev-criterion"
    case editNote = "edit-note"
    // Replies (docs/replies.md); send, edit, postpone and discard act on the review screen.
    case reply
    case templatePicker = "template"
    case note
    case resumeDraft = "resume-draft"
    case send
    case editDraft = "edit"
    case postpone, discard
    /// Issue 20 items 9–12: send and set the status in one key, files and copies, forwarding, the outbox.
    case sendPending = "send-pending"
    case sendSolved = "send-solved"
    case attachFile = "attach"
    case addCc = "cc"
    case addBcc = "bcc"
    case forward
    case outbox
    // The knowledge base on the review screen (docs/kb.md).
    case kbSuggest = "kb-suggest"
    case kbInsertLink = "kb-insert-link"
    case kbInsertText = "kb-insert-text"
    /// Orders beside the ticket (docs/orders.md).
    case linkOrder = "link-order"

    /// Commands of compose's review screen, bound in ``KeyMap/composeReview``.
    public var isComposeReview: Bool {
        [.send, .sendPending, .sendSolved, .attachFile, .addCc, .addBcc, .editDraft, .postpone, .discard, .kbSuggest]
            .contains(self)
    }

    /// Commands of the `k` article panel, bound in ``KeyMap/kbPicker``.
    public var isKBPicker: Bool { self == .kbInsertLink || self == .kbInsertText }

    /// Commands of the review pane; the inbox's help leaves them out.
    public var isReview: Bool {
        switch self {
        case .score1, .score2, .score3, .score4, .score5, .scoreClear, .nextCriterion, .prevCriterion, .editNote: true
        default: false
        }
    }

    /// What the command does, for the `?` help.
    public var summary: String {
        switch self {
        case .down: "next ticket / scroll down"
        case .up: "previous ticket / scroll up"
        case .top: "first ticket / top of conversation"
        case .bottom: "last ticket / end of conversation"
        case .pageDown: "half a page down"
        case .pageUp: "half a page up"
        case .open: "open the selected ticket"
        case .back: "back to the list (quit from the list)"
        case .nextQueue: "next queue or view"
        case .prevQueue: "previous queue or view"
        case .toggleQuotes: "show or fold quoted lines"
        case .help: "show or hide this help"
        case .quit: "quit"
        case .refresh: "reload from the database"
        case .commandLine:
            "type a command by name (also :search Q, :filter Q, :save-view NAME, :report [week|month|quarter])"
        case .search: "find tickets in this list (words, from:, tag:, … — see docs/search.md)"
        case .searchNext: "next ticket that matches the search"
        case .searchPrev: "previous ticket that matches the search"
        case .filter: "narrow this list to a search (empty to clear)"
        case .setStatus: "set the status (:status pending)"
        case .assign: "assign to an agent (:assign bob, :assign none)"
        case .assignToMe: "assign to me"
        case .setPriority: "set the priority (:priority high)"
        case .addTag: "add a tag (:tag refund)"
        case .removeTag: "remove a tag (:untag vip)"
        case .undo: "undo my last change (u again steps back; after a change on marks: on all of them)"
        case .merge: "merge this ticket into another (:merge 1042)"
        case .snooze: "snooze the ticket (:snooze 2d, :snooze mon 09:00, :snooze off)"
        case .mark: "mark or unmark the ticket; s a A p + - then change all marked"
        case .clearMarks: "clear every mark"
        case .nextMessage: "next message of the conversation"
        case .prevMessage: "previous message of the conversation"
        case .toggleReasons: "show or hide why each message is in the ticket"
        case .saveAttachments: "save the message's attachments to ~/Downloads"
        case .openAttachment: "open an attachment with xdg-open (:open-attachment 2)"
        case .blockSender: "quarantine: block the sender of the selected message (asks for the address)"
        case .markBouncing: "quarantine: mark a customer address as bouncing (asks for it)"
        case .pipeMessage: "pipe the selected message (raw) to a shell command (:pipe CMD), as in mutt"
        case .score1, .score2, .score3, .score4, .score5: "score the selected criterion \(rawValue.suffix(1))/5"
        case .scoreClear: "clear the selected criterion's score"
        case .nextCriterion: "next rubric criterion"
        case .prevCriterion: "previous rubric criterion"
        case .editNote: "edit the review note (Enter saves, Esc cancels)"
        case .reply: "reply to the customer, quoting their last message"
        case .templatePicker: "pick a template (type to filter; preview for this customer)"
        case .note: "write an internal note (never sent)"
        case .resumeDraft: "resume my draft on this ticket"
        case .send: "review screen: send the reply (save the note)"
        case .editDraft: "review screen: edit the text again ($VISUAL/$EDITOR or inline)"
        case .postpone: "review screen: keep it as a draft for later"
        case .discard: "review screen: discard it (asks y/n)"
        case .sendPending: "review screen: send, and the ticket waits for the customer (pending)"
        case .sendSolved: "review screen: send, and the ticket is solved"
        case .attachFile: "review screen: attach a file (Tab completes the path)"
        case .addCc: "review screen: add a Cc address"
        case .addBcc: "review screen: add a Bcc address (never shown to the others)"
        case .forward: "forward the selected message with its files to a third party (a carrier, the warehouse)"
        case .outbox: "the outbox: queued, failed and sent replies (R sends a failed one again, D discards it)"
        case .kbSuggest: "review screen: suggest knowledge-base articles for the customer's message"
        case .kbInsertLink: "article suggestions: insert the selected article's link"
        case .kbInsertText: "article suggestions: insert the selected article's text"
        case .linkOrder: "pick or link an order for this ticket (:link-order 1042, :unlink-order 1042)"
        }
    }

    /// What the `:` line starts with when the command's key is pressed: commands that need a
    /// value ask for it there. Nil for commands that run at once.
    public var prompt: String? {
        switch self {
        case .setStatus: "status "
        case .assign: "assign "
        case .setPriority: "priority "
        case .addTag: "tag "
        case .removeTag: "untag "
        case .merge: "merge "
        case .snooze: "snooze "
        case .linkOrder: "link-order "
        default: nil
        }
    }

    /// A command typed on the `:` line ("page-down", "q", "quit"); nil when unknown.
    public init?(commandLine text: String) {
        let name = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let c = Command(rawValue: name) {
            self = c
            return
        }
        switch name {
        case "q": self = .quit
        case "j": self = .down
        case "k": self = .up
        default: return nil
        }
    }
}

/// A `:` line with arguments that changes a ticket: `status pending`, `assign bob`, `assign me`,
/// `unassign`, `priority high`, `tag refund`, `untag vip`, or `set key=value…` as `inbox set` takes.
public enum TicketAction {
    /// The changes, or nil when `text` is not a ticket command.
    /// - Throws: ``InboxError`` for a ticket command with a bad value.
    public static func parse(_ text: String, agent: String) throws -> [TicketChange]? {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let verb = words.first?.lowercased() else { return nil }
        let rest = words.dropFirst().joined(separator: " ")
        func need(_ what: String) throws -> String {
            if rest.isEmpty { throw InboxError(.badInput, "\(verb) needs \(what)") }
            return rest
        }
        switch verb {
        case "status":
            return [
                try TicketChange.parse(
                    "status=" + need("a status (new open pending on_hold solved closed spam)"), agent: agent)
            ]
        case "assign": return [try TicketChange.parse("assignee=" + need("an agent, me or none"), agent: agent)]
        case "assign-me": return [.assignee(agent)]
        case "unassign": return [.assignee(nil)]
        case "priority":
            return [try TicketChange.parse("priority=" + need("low, normal, high or urgent"), agent: agent)]
        case "tag": return try need("a tag").split(separator: " ").map { .addTag(try TicketChange.tagName(String($0))) }
        case "untag":
            return try need("a tag").split(separator: " ").map { .removeTag(try TicketChange.tagName(String($0))) }
        case "set": return try words.dropFirst().map { try TicketChange.parse($0, agent: agent) }
        default: return nil
        }
    }
}

/// A key press, independent of the terminal library.
public enum Key: Hashable, Sendable {
    case char(Character)
    case ctrl(Character)
    /// Alt (Meta) and a character: the terminal sends Esc and the character.
    case alt(Character)
    case up, down, left, right, pageUp, pageDown, home, end, enter, escape, backspace, tab, delete
    case resize

    /// How the help shows the key.
    public var label: String {
        switch self {
        case .char(" "): "Space"
        case .char(let c): String(c)
        case .ctrl(let c): "Ctrl-\(c)"
        case .alt(let c): "Alt-\(c)"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .enter: "Enter"
        case .escape: "Esc"
        case .backspace: "Backspace"
        case .delete: "Delete"
        case .tab: "Tab"
        case .resize: "resize"
        }
    }
}

/// Keys bound to commands.
///
/// Later bindings of the same key replace earlier ones.
public struct KeyMap: Sendable {
    public private(set) var bindings: [(key: Key, command: Command)]

    public init(_ bindings: [(Key, Command)]) {
        self.bindings = bindings.map { (key: $0.0, command: $0.1) }
    }

    public func command(for key: Key) -> Command? {
        bindings.last { $0.key == key }?.command
    }

    /// Keys bound to `command`, in binding order.
    public func keys(for command: Command) -> [Key] {
        bindings.filter { $0.command == command && self.command(for: $0.key) == command }.map(\.key)
    }

    public mutating func bind(_ key: Key, to command: Command) { bindings.append((key: key, command: command)) }

    /// vim/mutt habits (DESIGN §11).
    public static let standard = KeyMap([
        (.char("j"), .down), (.down, .down),
        (.char("k"), .up), (.up, .up),
        (.char("g"), .top), (.home, .top),
        (.char("G"), .bottom), (.end, .bottom),
        (.ctrl("d"), .pageDown), (.pageDown, .pageDown),
        (.ctrl("u"), .pageUp), (.pageUp, .pageUp),
        (.enter, .open), (.right, .open),
        (.char("q"), .back), (.left, .back),
        (.char("J"), .nextQueue), (.char("K"), .prevQueue),
        (.char("z"), .toggleQuotes),
        (.char("?"), .help),
        (.ctrl("c"), .quit),
        (.char("R"), .refresh),
        (.char(":"), .commandLine),
        (.char("/"), .search), (.char("n"), .searchNext), (.char("N"), .searchPrev),
        (.char("\\"), .filter),
        (.char("s"), .setStatus), (.char("a"), .assign), (.char("A"), .assignToMe),
        (.char("p"), .setPriority), (.char("+"), .addTag), (.char("-"), .removeTag),
        (.char("u"), .undo), (.char("m"), .merge), (.char("Z"), .snooze),
        (.char(" "), .mark), (.char("}"), .nextMessage), (.char("{"), .prevMessage), (.char("w"), .toggleReasons),
        (.char("S"), .saveAttachments), (.char("o"), .openAttachment), (.char("|"), .pipeMessage),
        (.char("b"), .blockSender), (.char("B"), .markBouncing),
        (.char("r"), .reply), (.char("t"), .templatePicker), (.char("i"), .note), (.char("d"), .resumeDraft),
        (.char("O"), .linkOrder), (.char("f"), .forward),
    ])

    /// The review screen of compose (aerc's habits).
    public static let composeReview = KeyMap([
        (.char("y"), .send), (.char("e"), .editDraft), (.char("p"), .postpone), (.char("q"), .discard),
        (.char("k"), .kbSuggest), (.char("Y"), .sendPending), (.char("S"), .sendSolved), (.char("a"), .attachFile),
        (.char("c"), .addCc), (.char("b"), .addBcc), (.char("f"), .forward),
    ])

    /// The `k` panel of suggested articles on the review screen.
    public static let kbPicker = KeyMap([(.enter, .kbInsertLink), (.char("T"), .kbInsertText)])

    /// The standard keys plus the review pane's (`inbox review`).
    public static let review: KeyMap = {
        var map = standard
        for (key, command) in [
            (Key.char("1"), Command.score1), (.char("2"), .score2), (.char("3"), .score3), (.char("4"), .score4),
            (.char("5"), .score5), (.char("0"), .scoreClear), (.tab, .nextCriterion), (.char("]"), .nextCriterion),
            (.char("["), .prevCriterion), (.char("e"), .editNote),
        ] {
            map.bind(key, to: command)
        }
        return map
    }()
}
