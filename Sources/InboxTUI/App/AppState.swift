import Foundation
import InboxCore

/// What fills the screen and has the keys: exactly one of these at a time (docs/architecture.md,
/// "The TUI's modes"). Over it may sit one ``Overlay`` (the help or an input line).
public enum Mode: Equatable, Sendable {
    /// The current sidebar source: its tickets, or the held messages when it is the Quarantine.
    case list
    /// The `:report` screen (App/ReportScreen.swift).
    case report(ReportScreenState)
    /// The `:outbox` screen (App/OutboxScreen.swift).
    case outbox(OutboxScreenState)
    /// An open ticket, opened from `back` (where `q` returns). `compose` is the reply or note being
    /// written on it (App/AppState+Compose.swift): while there is one, it owns every key.
    case conversation(ConversationState, compose: ComposeState?, back: Backdrop)

    /// The screen a ticket opened from here goes back to.
    public var backdrop: Backdrop {
        switch self {
        case .list: .list
        case .report(let r): .report(r)
        case .outbox(let o): .outbox(o)
        case .conversation(_, _, let back): back
        }
    }

    /// Whether a ticket is open (with or without a compose on it).
    public var isConversation: Bool {
        if case .conversation = self { true } else { false }
    }

    /// What the status line calls the screen.
    public var label: String {
        switch self {
        case .list: "LIST"
        case .report: "REPORT"
        case .outbox: "OUTBOX"
        case .conversation: "TICKET"
        }
    }
}

/// The screens a ticket is opened from, which `q` in the ticket returns to with their state.
public enum Backdrop: Equatable, Sendable {
    case list
    case report(ReportScreenState)
    case outbox(OutboxScreenState)

    /// This screen as the mode.
    public var mode: Mode {
        switch self {
        case .list: .list
        case .report(let r): .report(r)
        case .outbox(let o): .outbox(o)
        }
    }
}

/// What sits over the mode and takes the keys before it: the help, or one input line
/// (App/LineEditor.swift). Compose has its own lines and owns the keys before any overlay.
public enum Overlay: Equatable, Sendable {
    case none
    /// The key list (`?`), scrolled by so many lines (j/k and the page keys; the renderer clamps).
    case help(scroll: Int)
    /// The `:`, `/` or `\\` line on the bottom row.
    case line(Prompt, LineEditor)
    /// The review pane's note (`e` in `inbox review`): Enter saves, Esc cancels.
    case note(LineEditor)
}

/// The ticket list: a window of rows onto `total` tickets; only the rows on screen are loaded.
public struct ListState: Equatable, Sendable {
    /// Number of tickets in the current source (from the sidebar count).
    public var total = 0
    /// Absolute index of the selected ticket.
    public var selected = 0
    /// Absolute index of the first row on screen.
    public var top = 0
    /// Rows on screen (set from the layout).
    public var visibleRows = 10
    /// The loaded rows, starting at `loadedOffset`.
    public var rows: [TicketSummary] = []
    public var loadedOffset = 0

    public init() {}

    /// The selected ticket when its row is loaded.
    public var selectedTicket: TicketSummary? {
        let i = selected - loadedOffset
        return rows.indices.contains(i) ? rows[i] : nil
    }

    /// Moves the selection to `index` (clamped) and scrolls so it stays on screen.
    mutating func select(_ index: Int) {
        selected = max(0, min(index, total - 1))
        if total == 0 { selected = 0 }
        scrollToSelection()
    }

    mutating func scrollToSelection() {
        let page = max(1, visibleRows)
        if selected < top { top = selected }
        if selected >= top + page { top = selected - page + 1 }
        top = max(0, min(top, max(0, total - page)))
    }
}

/// An open ticket.
public struct ConversationState: Equatable, Sendable {
    public var detail: TicketDetail
    public var scroll = 0
    public var showQuotes = false
    /// The message that `}`/`{` moved to, whose attachments `S` and `o` take.
    public var selectedMessage = 0
    /// Whether each message shows its thread reason.
    public var showReasons = false
    /// The line (below the header) where each message starts, at the current width; kept by
    /// the controller.
    public var messageStarts: [Int] = []
    /// The order card (App/OrderCardState.swift).
    public var orders = OrderCardState()
    /// Replies of this ticket the outbox gave up on (Message-ID → the server's words), marked until resent or discarded.
    public var failedReplies: [String: String] = [:]
    /// The agent's saved draft on this ticket ("d resumes"), kept by the controller.
    public var draftOffer: DraftOffer?

    public init(detail: TicketDetail) { self.detail = detail }
}

/// Work the reducer asks its driver to do.
public enum Effect: Equatable, Sendable {
    case loadSidebar
    case openTicket(Int64)
    /// Change a ticket; with a version, only if nobody changed it since it was shown.
    case change(Int64, [TicketChange], expectedVersion: Int?)
    case undo(Int64)
    /// Undo the agent's last change on each ticket (`u` right after a change on marks).
    case undoMany([Int64])
    /// Merge the first ticket into the second.
    case merge(Int64, into: Int64)
    /// Snooze the tickets until a time or for a duration as typed (`2d`, `mon 09:00`), or `off`.
    case snooze([Int64], String)
    /// Store the review pane's scores and notes for its ticket.
    case saveReview(TicketReview)
    case quit
    /// Find the tickets of the list that match the query and move to the next (or previous) one.
    case search(String, forward: Bool)
    /// Narrow the list to a search (nil clears it).
    case filter(String?)
    /// Save the current list (source and filter) as a view.
    case saveView(String)
    /// Release, block or mark bouncing from the quarantine list (QuarantineScreen.swift).
    case quarantine(QuarantineAction)
    /// Read a held message's text before releasing it (QuarantineScreen.swift).
    case readQuarantined(Int64)
    /// Compute the report screen's report (ReportScreen.swift).
    case report(ReportRequest)
    /// List the tickets behind a report number: a title and the ticket ids.
    case reportTickets(String, [Int64])
    /// Apply the changes to every marked ticket at once (then clear the marks).
    case changeMarked([Int64], [TicketChange])
    /// Save every attachment of the message to the download folder.
    case saveAttachments(MessageDetail)
    /// Open attachment N of the message with the desktop's viewer.
    case openAttachment(MessageDetail, Int)
    /// Pipe the message's raw bytes to a shell command (`|`).
    case pipe(MessageDetail, String)
    /// Templates, editor, drafts and sending (`AppController+Compose.swift`).
    case compose(ComposeEffect)
    /// Reads the outbox for its screen after doing the action, if any (App/OutboxScreen.swift).
    case outbox(OutboxAction?)
    /// Link or unlink an order (App/OrderCardState.swift).
    case orders(OrderEffect)
}

/// What the bottom line is reading.
public enum Prompt: String, Sendable {
    case command = ":"
    case search = "/"
    case filter = "\\"
}

/// Everything the TUI shows.
///
/// Pure: ``apply(_:)`` and ``handle(_:keyMap:)`` only change the state and return ``Effect``s;
/// ``AppController`` performs them.
public struct AppState: Equatable, Sendable {
    public var rows: Int
    public var cols: Int
    /// What the screen is: the list, the report, the outbox, or an open ticket (with its compose).
    public var mode: Mode = .list
    /// The help or the input line over the mode, if any.
    public var overlay: Overlay = .none
    public var sidebar: [SidebarItem] = []
    public var sidebarIndex = 0
    public var list = ListState()
    /// Lines the conversation has at the current width (kept by the layout for scrolling).
    public var conversationLines = 0
    /// The agents `:assign` completes and accepts (`[agent]` and `[[agents]]` of the
    /// config); empty when the config names none, and then any name is taken.
    public var agents: [String] = []
    /// The search narrowing the list (`\\`), nil when none.
    public var filter: String?
    /// The last `/` search, for `n` and `N`.
    public var lastSearch: String?
    public var message: String?
    public var running = true
    /// The agent using the TUI: "me" in commands, hidden from the presence line.
    public var agent = "me"
    /// The review pane of `inbox review`; nil in the inbox. Its note line is ``Overlay/note(_:)``.
    public var review: ReviewPane?
    /// Tickets changed since the agent last looked (marked `+` in the list).
    public var updates = UpdateMarkers()
    /// The held messages, drawn in ``Mode/list`` instead of the tickets when the Quarantine is the
    /// current source (it is the list's content for that source, like ``list`` for the others).
    public var quarantine = QuarantineListState()
    /// Tickets marked with Space; triage commands in the list change them all.
    public var marks: Set<Int64> = []
    /// The tickets the last change on marks changed: `u` right after it (no other key between)
    /// undoes that change on every one of them.
    public var lastBulkChange: [Int64] = []
    /// The tickets the last command snoozed: `u` right after it wakes them again.
    public var lastSnooze: [Int64] = []
    /// Lines typed on the bottom line, for Up and Down; Tab completion.
    public var history = CommandHistory()
    /// The reply just sent, which `u` takes back until its undo window closes.
    public var undoSend: UndoSend?
    /// Tickets on screen with a reply the outbox gave up on (marked ✗ in the list).
    public var failedTickets: Set<Int64> = []

    public init(rows: Int, cols: Int, review: ReviewPane? = nil) {
        self.rows = rows
        self.cols = cols
        self.review = review
        list.visibleRows = layout.listRows
    }

    /// Where everything goes at the current size (with the review pane in review mode).
    public var layout: Layout { Layout(rows: rows, cols: cols, reviewRows: review?.height ?? 0) }

    public var currentSource: ListSource {
        sidebar.indices.contains(sidebarIndex) ? sidebar[sidebarIndex].source : .all
    }
    public var currentTitle: String {
        sidebar.indices.contains(sidebarIndex) ? sidebar[sidebarIndex].title : "All tickets"
    }

    /// Rows a conversation page scrolls.
    var conversationPage: Int { max(1, layout.body.rows - 1) }

    /// Applies the new sidebar (counts may have changed), keeping the current source selected.
    public mutating func setSidebar(_ items: [SidebarItem]) {
        let source = currentSource
        sidebar = items
        if let i = items.firstIndex(where: { $0.source == source }) {
            sidebarIndex = i
        } else if let i = items.firstIndex(where: { $0.source == .all }) {
            sidebarIndex = i
        } else {
            sidebarIndex = 0
        }
        list.total = sidebar.indices.contains(sidebarIndex) ? sidebar[sidebarIndex].count : 0
        list.select(list.selected)
    }

    public mutating func resize(rows: Int, cols: Int) {
        self.rows = rows
        self.cols = cols
        list.visibleRows = layout.listRows
        list.scrollToSelection()
    }

    /// Handles one key: compose when one is open, else the overlay (an input line, the help),
    /// else the screen's own keys, else the key map.
    public mutating func handle(_ key: Key, keyMap: KeyMap = .standard) -> [Effect] {
        // A terminal sends Alt-x as Esc then x: when nothing takes Alt-x, it was Esc pressed
        // quickly before x (the line editors' Alt-B/F/D and keys.toml bindings take theirs).
        if case .alt(let c) = key, !takesAlt(key, keyMap: keyMap) {
            return handle(.escape, keyMap: keyMap) + handle(.char(c), keyMap: keyMap)
        }
        switch (overlay, mode) {
        case (.help, .conversation(_, compose: .some, _)):
            // Over a compose, a key that does not scroll the help only closes it: the compose's
            // own keys (p postpone, S send+solved, b Bcc) are not the list's.
            if let command = keyMap.command(for: key), Self.helpScrolls.contains(command) { return apply(command) }
            overlay = .none
            return []
        case (_, .conversation(_, compose: .some, _)): return handleCompose(key)
        case (.line, _): return editCommandLine(key)
        case (.note, _): return editNote(key)
        case _ where key == .resize: return []
        case (.help, _): break
        case (.none, .report):
            if let effects = handleReportKey(key, keyMap: keyMap) { return effects }
        case (.none, .outbox):
            if let effects = handleOutboxKey(key, keyMap: keyMap) { return effects }
        case (.none, .list) where currentSource == .quarantine:
            if let effects = handleQuarantineKey(key, keyMap: keyMap) { return effects }
        case (.none, .list), (.none, .conversation): break
        }
        guard let command = keyMap.command(for: key) else {
            if showHelp {
                // Any key closes the help; one the screen under it handles (the quarantine's
                // `b`) then does its work, as a bound key does.
                overlay = .none
                return key == .escape ? [] : handle(key, keyMap: keyMap)
            }
            message = "\(key.label) is not bound (press ? for help)"
            return []
        }
        return apply(command)
    }

    /// The commands that scroll the help rather than close it.
    static let helpScrolls: Set<Command> = [.down, .up, .pageDown, .pageUp, .top, .bottom]

    /// Whether an Alt key means something here: word moves in an open input line, or a binding.
    private func takesAlt(_ key: Key, keyMap: KeyMap) -> Bool {
        let typing: Bool =
            switch (overlay, compose?.stage) {
            case (.line, _), (.note, _), (_, .editing?), (_, .picker?): true
            case (_, .review?): compose?.prompt != nil
            default: false
            }
        if typing { return [Key.alt("b"), .alt("f"), .alt("d")].contains(key) }
        return compose == nil && keyMap.command(for: key) != nil
    }

    /// Runs one named command.
    public mutating func apply(_ command: Command) -> [Effect] {
        message = nil
        let bulk = lastBulkChange
        lastBulkChange = []
        let snoozed = lastSnooze
        lastSnooze = []
        if case .help(var scroll) = overlay {
            let page = max(1, rows - 6)
            switch command {
            case .down: scroll += 1
            case .up: scroll = max(0, scroll - 1)
            case .pageDown: scroll += page
            case .pageUp: scroll = max(0, scroll - page)
            case .top: scroll = 0
            case .bottom: scroll = Command.allCases.count
            default: break
            }
            if Self.helpScrolls.contains(command) {
                overlay = .help(scroll: min(scroll, max(0, Command.allCases.count - page)))
                return []
            }
            if command != .quit {
                overlay = .none
                if command == .help || command == .back { return [] }
            }
        }
        switch command {
        case .help:
            overlay = .help(scroll: 0)
            return []
        case .quit:
            running = false
            return [.quit]
        case .refresh:
            message = "Reloaded"
            return [.loadSidebar] + (conversation.map { [.openTicket($0.detail.ticket.id)] } ?? [])
        case .commandLine, .search, .filter:
            if command != .commandLine && mode.isConversation {
                message = "Search and filter work in the ticket list (q goes back to it)"
                return []
            }
            // `\\` opens empty; the status line shows the filter in force beside it.
            openLine(command == .search ? .search : command == .filter ? .filter : .command)
            return []
        case .searchNext, .searchPrev:
            guard !mode.isConversation else { return [] }
            guard let q = lastSearch else {
                message = "No search yet (press / to search)"
                return []
            }
            return [.search(q, forward: command == .searchNext)]
        case .setStatus, .assign, .setPriority, .addTag, .removeTag, .merge, .snooze:
            guard targetTicket != nil else {
                message = "Select a ticket first"
                return []
            }
            commandLine = command.prompt
            return []
        case .undo where undoSend != nil && undoSend!.secondsLeft > 0:
            // Within the undo window `u` takes the reply back, as the status line says.
            let u = undoSend!
            undoSend = nil
            return [.outbox(.cancel(u.outboxID))]
        case .undo where !snoozed.isEmpty:
            // A snooze is taken back by waking the tickets (they come back marked "agent").
            return [.snooze(snoozed, "off")]
        case .undo where !bulk.isEmpty && !actsOnMarks && !mode.isConversation:
            return [.undoMany(bulk)]
        case .assignToMe, .undo:
            guard let target = targetTicket else {
                message = "Select a ticket first"
                return []
            }
            if command == .undo { return [.undo(target.id)] }
            return changeEffects([.assignee(agent)], target: target)
        case .score1, .score2, .score3, .score4, .score5, .scoreClear, .nextCriterion, .prevCriterion, .editNote:
            return applyReview(command)
        case .mark, .clearMarks:
            return applyMarks(command)
        case .nextMessage, .prevMessage, .toggleReasons, .saveAttachments, .openAttachment, .pipeMessage:
            return applyMessageCommand(command)
        case .reply, .templatePicker, .note, .resumeDraft, .send, .editDraft, .postpone, .discard, .kbSuggest,
            .kbInsertLink, .kbInsertText, .sendPending, .sendSolved, .attachFile, .addCc, .addBcc, .forward:
            return applyCompose(command)
        case .outbox:
            return openOutbox()
        case .linkOrder:
            return applyLinkOrder()
        case .blockSender, .markBouncing:
            if case .list = mode, currentSource == .quarantine { return quarantineSenderKey(command) }
            message = "b and B work in the Quarantine (J/K to it in the sidebar)"
            return []
        case .nextQueue, .prevQueue:
            guard !sidebar.isEmpty else { return [] }
            let step = command == .nextQueue ? 1 : -1
            sidebarIndex = (sidebarIndex + step + sidebar.count) % sidebar.count
            filter = nil
            // Out of an open ticket, back to the screen it was opened from.
            mode = mode.backdrop.mode
            list.total = sidebar[sidebarIndex].count
            list.rows = []
            list.top = 0
            list.select(0)
            marks.removeAll()
            quarantine.reading = nil
            quarantine.confirmRelease = false
            return []
        default:
            break
        }
        switch mode {
        case .list, .report, .outbox: return applyInList(command)
        case .conversation(let c, _, let back): return applyInConversation(command, c, back: back)
        }
    }

    private mutating func applyInList(_ command: Command) -> [Effect] {
        let half = max(1, list.visibleRows / 2)
        switch command {
        case .down: list.select(list.selected + 1)
        case .up: list.select(list.selected - 1)
        case .top: list.select(0)
        case .bottom: list.select(list.total - 1)
        case .pageDown: list.select(list.selected + half)
        case .pageUp: list.select(list.selected - half)
        case .open:
            guard let t = list.selectedTicket else {
                message = list.total == 0 ? "No tickets here" : nil
                return []
            }
            return [.openTicket(t.id)]
        case .back:
            if filter != nil { return [.filter(nil)] }  // q first drops the filter, then quits
            running = false
            return [.quit]
        case .toggleQuotes: message = "Open a ticket to fold or show quotes"
        default: break
        }
        return []
    }

    private mutating func applyInConversation(_ command: Command, _ open: ConversationState, back: Backdrop)
        -> [Effect]
    {
        var c = open
        let page = conversationPage
        let maxScroll = max(0, conversationLines - page)
        switch command {
        case .down: c.scroll += 1
        case .up: c.scroll -= 1
        case .top: c.scroll = 0
        case .bottom: c.scroll = maxScroll
        case .pageDown: c.scroll += max(1, page / 2)
        case .pageUp: c.scroll -= max(1, page / 2)
        case .toggleQuotes:
            c.showQuotes.toggle()
            message = c.showQuotes ? "Showing quoted lines" : "Quoted lines folded"
        case .open: break
        case .back:
            mode = back.mode
            return [.loadSidebar]
        default: break
        }
        c.scroll = max(0, min(c.scroll, command == .toggleQuotes ? c.scroll : maxScroll))
        conversation = c
        return []
    }

    /// The ticket a change applies to: the open one (with the version shown, so a change made
    /// by someone else meanwhile is refused), else the selected row.
    public var targetTicket: (id: Int64, version: Int?)? {
        if let c = conversation { return (c.detail.ticket.id, c.detail.version) }
        if let t = list.selectedTicket { return (t.id, nil) }
        return nil
    }

    /// Shows a ticket that the driver loaded.
    public mutating func show(_ detail: TicketDetail) {
        updates.noteOpened(detail.ticket)
        let same = conversation?.detail.ticket.id == detail.ticket.id
        var c = ConversationState(detail: detail)
        if same, let old = conversation {
            c.scroll = old.scroll
            c.showQuotes = old.showQuotes
            c.selectedMessage = min(old.selectedMessage, max(0, detail.messages.count - 1))
            c.showReasons = old.showReasons
            c.messageStarts = old.messageStarts
            c.orders = old.orders
            c.failedReplies = old.failedReplies
            c.draftOffer = old.draftOffer
        } else {
            openAtNewestCustomerMessage(&c)
        }
        // A ticket opened from another keeps the screen `q` goes back to, and a compose on it.
        conversation = c
    }

    /// A ticket opens at its newest customer message, the one to answer, with the earlier
    /// messages above it (`g` goes to the top); that message is the selected one for `}`/`{`.
    mutating func openAtNewestCustomerMessage(_ c: inout ConversationState) {
        guard let newest = c.detail.messages.lastIndex(where: { $0.direction == .inbound }), newest > 0 else { return }
        let cols = layout.body.cols
        let body = ConversationView.layout(
            c.detail, width: ConversationView.textWidth(c.detail, cols: cols), showQuotes: c.showQuotes,
            showReasons: c.showReasons, card: ConversationView.cardAbove(c, cols: cols))
        conversationLines = body.lines.count
        c.messageStarts = body.starts
        c.selectedMessage = newest
        guard body.starts.indices.contains(newest) else { return }
        c.scroll = max(0, min(body.starts[newest], conversationLines - conversationPage))
    }

    private mutating func editCommandLine(_ key: Key) -> [Effect] {
        guard case .line(let prompt, var editor) = overlay else { return [] }
        var text = editor.text
        if recallOrComplete(key, &text) {
            if text != editor.text { editor.set(text) }
            overlay = .line(prompt, editor)
            return []
        }
        switch key {
        case .escape, .ctrl("c"), .ctrl("g"):
            overlay = .none
            return []
        case .enter:
            overlay = .none
            let typed = text.trimmingCharacters(in: .whitespaces)
            history.record(typed, prompt: prompt)
            switch prompt {
            case .search:
                if typed.isEmpty { return [] }
                lastSearch = typed
                return [.search(typed, forward: true)]
            case .filter:
                return [.filter(typed.isEmpty ? nil : typed)]
            case .command:
                return runCommandLine(typed)
            }
        case .backspace where editor.isEmpty:
            overlay = .none
            return []
        default:
            editor.edit(key)
        }
        overlay = .line(prompt, editor)
        return []
    }

    /// The ticket number in "1008" or "#1008" (as `inbox show` takes it); nil for anything else.
    static func ticketNumber(_ text: String) -> Int64? {
        let number = text.trimmingCharacters(in: .whitespaces)
        guard let id = Int64(number.hasPrefix("#") ? String(number.dropFirst()) : number), id > 0 else { return nil }
        return id
    }

    /// A `:` line: a command name, or one that takes the rest of the line as its argument.
    private mutating func runCommandLine(_ line: String) -> [Effect] {
        if line.isEmpty { return [] }
        if let effects = runMessageLine(line) { return effects }
        // `:1008` or `:#1008` opens that ticket, as `inbox show 1008` does.
        if let id = Self.ticketNumber(line) { return [.openTicket(id)] }
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        if let effects = runQuarantineLine(parts[0].lowercased(), argument) { return effects }
        if let effects = runOrderLine(parts[0].lowercased(), argument) { return effects }
        switch parts[0].lowercased() {
        case "save-view":
            guard !argument.isEmpty else {
                message = "Name the view: :save-view NAME"
                return []
            }
            return [.saveView(argument)]
        case "search" where !argument.isEmpty:
            guard !mode.isConversation else { return apply(.search) }
            lastSearch = argument
            return [.search(argument, forward: true)]
        case "report":
            return openReport(argument)
        case "filter":
            guard !mode.isConversation else { return apply(.filter) }
            return [.filter(argument.isEmpty ? nil : argument)]
        default:
            let name = line
            let words = name.split(separator: " ")
            if words.count >= 2, words[0].lowercased() == "snooze" {
                guard let target = targetTicket else {
                    message = "Select a ticket first"
                    return []
                }
                return [.snooze(actsOnMarks ? marks.sorted() : [target.id], words.dropFirst().joined(separator: " "))]
            }
            if words.count == 2, words[0].lowercased() == "merge" {
                guard let target = targetTicket else {
                    message = "Select a ticket first"
                    return []
                }
                guard let into = Int64(words[1].trimmingCharacters(in: CharacterSet(charactersIn: "#"))) else {
                    message = "merge needs a ticket number (:merge 1042)"
                    return []
                }
                return [.merge(target.id, into: into)]
            }
            if let problem = unknownAgent(name) {
                message = problem
                return []
            }
            if name.contains(" ") || name.lowercased() == "unassign" {
                do {
                    if let changes = try TicketAction.parse(name, agent: agent) {
                        guard let target = targetTicket else {
                            message = "Select a ticket first"
                            return []
                        }
                        return changeEffects(changes, target: target)
                    }
                } catch {
                    message = "\(error)"
                    return []
                }
            }
            guard let command = Command(commandLine: name) else {
                message = "Unknown command \"\(name)\" (press ? for the list)"
                return []
            }
            return apply(command)
        }
    }
}

// MARK: - Review pane (inbox review)

extension AppState {
    /// The ticket the review pane is about: the open one, else the selected row.
    public var reviewTarget: Int64? { conversation?.detail.ticket.id ?? list.selectedTicket?.id }

    mutating func applyReview(_ command: Command) -> [Effect] {
        guard var pane = review else {
            message = "Scores are given in `inbox review ARCHIVE`"
            return []
        }
        defer { review = pane }
        guard let ticket = pane.ticket, !pane.rubric.isEmpty else {
            message = "Select a ticket to review"
            return []
        }
        let criterion = pane.rubric[pane.criterion]
        switch command {
        case .nextCriterion: pane.criterion = (pane.criterion + 1) % pane.rubric.count
        case .prevCriterion: pane.criterion = (pane.criterion - 1 + pane.rubric.count) % pane.rubric.count
        case .editNote:
            overlay = .note(LineEditor(pane.notes))
            return []
        case .scoreClear:
            pane.scores[criterion] = nil
            message = "Cleared \(criterion) on #\(ticket)"
            return [.saveReview(pane.review(ticket))]
        default:
            let score: Int =
                switch command {
                case .score1: 1
                case .score2: 2
                case .score3: 3
                case .score4: 4
                default: 5
                }
            pane.scores[criterion] = score
            message = "Saved \(criterion) \(score)/5 on #\(ticket)"
            pane.criterion = min(pane.criterion + 1, pane.rubric.count - 1)
            return [.saveReview(pane.review(ticket))]
        }
        return []
    }

    /// The note line (App/LineEditor.swift): Enter saves, Esc cancels.
    mutating func editNote(_ key: Key) -> [Effect] {
        guard var pane = review, case .note(var editor) = overlay else { return [] }
        defer { review = pane }
        switch key {
        case .escape, .ctrl("c"), .ctrl("g"):
            overlay = .none
            message = "Note not changed"
            return []
        case .enter:
            overlay = .none
            pane.notes = editor.text
            guard let ticket = pane.ticket else { return [] }
            message = "Saved the note on #\(ticket)"
            return [.saveReview(pane.review(ticket))]
        case .tab: editor.edit(.char(" "))
        default: editor.edit(key)
        }
        overlay = .note(editor)
        return []
    }
}

/// What the review pane shows and edits: one reviewer's scores and notes on one ticket.
public struct ReviewPane: Equatable, Sendable {
    public var rubric: [String]
    public var reviewer: String
    /// The ticket the scores belong to (nil when the list is empty).
    public var ticket: Int64?
    public var scores: [String: Int] = [:]
    public var notes = ""
    /// Index of the selected criterion.
    public var criterion = 0
    /// The customer's own rating of the ticket (a survey answer), shown beside the reviewer's.
    public var customer: Satisfaction?

    public init(rubric: Rubric, reviewer: String) {
        self.rubric = rubric.criteria
        self.reviewer = reviewer
    }

    /// A title line, one line per criterion, the note line.
    public var height: Int { rubric.count + 2 }

    /// Shows `review` (or an empty one) for `ticket`.
    public mutating func load(ticket: Int64?, _ review: TicketReview?) {
        self.ticket = ticket
        customer = nil
        scores = review?.scores ?? [:]
        notes = review?.notes ?? ""
        criterion = 0
    }

    func review(_ ticket: Int64) -> TicketReview {
        TicketReview(ticket: ticket, reviewer: reviewer, scores: scores, notes: notes, updatedAt: Date())
    }
}
