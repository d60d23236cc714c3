import Foundation
import InboxCore

/// Drives an ``AppState``: runs the effects the reducer returns against a data source and keeps the loaded ticket rows matching the rows on screen.
///
/// No terminal here; the backend feeds it keys and draws ``screen()``.
public final class AppController {
    public internal(set) var state: AppState
    /// Replies: templates, drafts, the outbox (nil where the inbox is read-only).
    public var composer: ComposeService?
    var lastDraftSave = Date.distantPast
    public let keyMap: KeyMap
    let data: any InboxDataSource
    private var loadedWindow: (source: ListSource, filter: String?, top: Int, rows: Int)?
    let reviews: (any ReviewStore)?
    private var lastToken: Int?
    /// The ticket our presence is recorded on, and when we last said so.
    private var presenceTicket: Int64?
    private var lastHeartbeat = Date.distantPast
    private var lastMaintenance = Date.distantPast
    /// Seconds between presence heartbeats (well inside the 30 s a heartbeat lasts).
    static let heartbeat: TimeInterval = 10
    /// Where `S` saves attachments.
    public var downloadFolder = AttachmentActions.downloadFolder()
    /// Opens a file with the desktop's viewer; the terminal backend wraps it to give up the
    /// screen while the viewer runs.
    public var openFile: (URL) throws -> Void = { try ExternalViewer.open($0) }
    /// Runs `|`'s shell command with a message's raw bytes on its stdin and returns its exit
    /// status. The terminal backend runs it on the terminal (ncurses suspended, its output shown
    /// until a key is pressed, as mutt does); without a terminal (tests) it runs through
    /// ``ExternalCommand`` and its output is dropped.
    public var pipeCommand: (_ command: String, _ raw: [UInt8]) throws -> Int32 = { command, raw in
        try ExternalCommand(command, purpose: "the | command", timeout: 60).run(input: raw).status
    }
    /// `lookup_command` runs in flight and finished (App/AppController+Orders.swift).
    let orderLookups = OrderLookups()

    /// - Parameter review: the review pane and where its scores go (`inbox review`); nil in the inbox.
    public init(
        data: any InboxDataSource, rows: Int, cols: Int, keyMap: KeyMap = .standard,
        review: (pane: ReviewPane, store: any ReviewStore)? = nil
    ) {
        self.data = data
        self.keyMap = keyMap
        self.reviews = review?.store
        state = AppState(rows: rows, cols: cols, review: review?.pane)
        state.agent = data.agent
        state.agents = data.agents
        lastToken = try? data.changeToken()
        reload()
    }

    public var running: Bool { state.running }

    /// Handles a key and returns whether anything may have changed.
    public func handle(_ key: Key) {
        let stage = state.compose?.stage
        let ticket = state.conversation?.detail.ticket.id
        perform(state.handle(key, keyMap: keyMap))
        composeAfterKey(previousStage: stage, previousTicket: ticket)
    }

    /// Runs a named command.
    public func run(_ command: Command) {
        let stage = state.compose?.stage
        let ticket = state.conversation?.detail.ticket.id
        perform(state.apply(command))
        composeAfterKey(previousStage: stage, previousTicket: ticket)
    }

    public func resize(rows: Int, cols: Int) {
        state.resize(rows: rows, cols: cols)
        settle()
    }

    /// Reloads the sidebar, the visible rows and the open ticket.
    public func reload() {
        let selectedID = state.list.selectedTicket?.id
        loadedWindow = nil
        state.quarantine.loaded = false
        perform([.loadSidebar] + (state.conversation.map { [.openTicket($0.detail.ticket.id)] } ?? []))
        // New mail moves rows; keep the selection on the same ticket when it is still on screen.
        if let id = selectedID, let i = state.list.rows.firstIndex(where: { $0.id == id }) {
            state.list.select(state.list.loadedOffset + i)
            settle()
        }
    }

    /// Reloads when another process committed since the last check; returns whether it did.
    @discardableResult
    public func pollForChanges() -> Bool {
        guard let token = try? data.changeToken() else { return false }
        defer { lastToken = token }
        guard let last = lastToken, last != token else { return false }
        reload()
        return true
    }

    /// Whether other processes' commits are pushed to us (PostgreSQL): ``pollForChanges()``
    /// then costs no query unless something changed, and the terminal may call it often.
    public var changesArePushed: Bool { data.changesArePushed }

    /// Periodic work, called about once a second: presence heartbeats and the time-based rules.
    public func tick(now: Date = Date()) {
        if let id = presenceTicket, now.timeIntervalSince(lastHeartbeat) >= Self.heartbeat {
            try? data.touchPresence(ticket: id, activity: .viewing)
            lastHeartbeat = now
        }
        if now.timeIntervalSince(lastMaintenance) >= 60 {
            try? data.maintenance()
            lastMaintenance = now
        }
        composeTick(now: now)
        ordersTick()
    }

    /// Says we left the open ticket; call before exiting.
    public func shutdown() {
        saveDraft()
        composer?.stopDelivery()
        if let id = presenceTicket { try? data.leave(ticket: id) }
        presenceTicket = nil
    }

    /// Keeps our presence on the open ticket, and only there.
    private func syncPresence() {
        let open = state.running ? state.conversation?.detail.ticket.id : nil
        guard open != presenceTicket else { return }
        if let old = presenceTicket { try? data.leave(ticket: old) }
        if let new = open {
            try? data.touchPresence(ticket: new, activity: .viewing)
            lastHeartbeat = Date()
        }
        presenceTicket = open
    }

    /// The screen for the current state.
    public func screen(now: Date = Date()) -> Screen { AppRenderer.render(state, keyMap: keyMap, now: now) }

    func perform(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .quit: return
            case .loadSidebar:
                do {
                    try reloadSidebar()
                    loadedWindow = nil
                } catch {
                    state.message = "Cannot read the queues: \(Self.firstLine(error))"
                }
            case .filter(let filter):
                do {
                    let total = try data.count(state.currentSource, filter: filter)
                    state.filter = filter
                    state.list.total =
                        filter == nil
                        ? (state.sidebar.first { $0.source == state.currentSource }?.count ?? total) : total
                    state.list.rows = []
                    state.list.top = 0
                    state.list.select(0)
                    loadedWindow = nil
                    state.message =
                        filter.map { "Filter: \($0) (\(total) ticket\(total == 1 ? "" : "s"); q clears)" }
                        ?? "Filter cleared"
                } catch {
                    state.message = Self.firstLine(error)
                }
            case .search(let query, let forward):
                do {
                    if try findTicketNumber(query) { break }
                    let hits = try data.positions(state.currentSource, filter: state.filter, matching: query)
                    let current = state.list.selected
                    let next =
                        forward
                        ? hits.first { $0 > current } ?? hits.first
                        : hits.last { $0 < current } ?? hits.last
                    if let next {
                        state.list.select(next)
                        let n = hits.firstIndex(of: next)! + 1
                        state.message = "\(query): \(n) of \(hits.count)"
                    } else {
                        state.message = "No ticket in this list matches \(query)"
                    }
                } catch {
                    state.message = Self.firstLine(error)
                }
            case .saveView(let name):
                guard let query = state.currentSource.query(filter: state.filter), !query.isEmpty else {
                    state.message = "Choose a queue, view or filter first (the quarantine cannot be saved)"
                    break
                }
                do {
                    try data.saveView(name: name, query: query)
                    try reloadSidebar()
                    state.message = "Saved view \(name): \(query)"
                } catch {
                    state.message = Self.firstLine(error)
                }
            case .openTicket(let id):
                do {
                    let opening = state.conversation?.detail.ticket.id != id
                    state.show(try data.ticket(id))
                    state.conversation?.failedReplies = (try? data.failedReplies(ticket: id)) ?? [:]
                    loadOrderCard(id, startLookup: opening)
                    // The order card above the conversation moves the messages down.
                    if opening, var c = state.conversation,
                        !ConversationView.cardAbove(c, cols: state.layout.body.cols).isEmpty
                    {
                        state.openAtNewestCustomerMessage(&c)
                        state.conversation = c
                    }
                } catch {
                    state.message = "\(error)"
                }
            case .change(let id, let changes, let version):
                do {
                    let r = try data.apply(changes, to: id, expectedVersion: version)
                    state.updates.noteOwnChange([id])
                    state.message = "#\(id): " + (r.applied.isEmpty ? "no change" : r.applied.joined(separator: " "))
                } catch {
                    state.message = "\(error)"
                }
                afterChange()
            case .merge(let id, let target):
                do {
                    try data.merge(id, into: target)
                    state.updates.noteOwnChange([id, target])
                    // The merged ticket is empty now: back to the list, where the target is.
                    if state.conversation?.detail.ticket.id == id { _ = state.apply(.back) }
                    state.message = "Merged #\(id) into #\(target) (u on #\(target) undoes it)"
                } catch {
                    state.message = "\(error)"
                }
                afterChange()
            case .snooze(let ids, let when):
                do {
                    state.message = try data.snooze(ids, when: when)
                    state.marks.subtract(ids)  // as after a change on marks
                    if when.trimmingCharacters(in: .whitespaces).lowercased() != "off" {
                        state.lastSnooze = ids
                        state.message? += " (u wakes \(ids.count == 1 ? "it" : "them"))"
                    }
                } catch {
                    state.message = Self.firstLine(error)
                }
                afterChange()
            case .undo(let id):
                do {
                    state.message = try data.undo(ticket: id).summary
                    state.updates.noteOwnChange([id])
                } catch {
                    state.message = "\(error)"
                }
                afterChange()
            case .undoMany(let ids):
                undoMany(ids)
                state.updates.noteOwnChange(ids)
                afterChange()
            case .readQuarantined(let id):
                state.receiveQuarantined(Result { try data.quarantinedText(message: id) })
            case .quarantine(let action):
                do {
                    if case .release(let message, let into) = action {
                        let ticket = try data.release(message: message, into: into)
                        state.quarantine.lastRelease = ticket
                        state.message = "Released the message into #\(ticket) (u puts it back in the quarantine)"
                    } else {
                        state.message = try data.perform(action)
                    }
                } catch {
                    state.message = Self.firstLine(error)
                }
                afterChange()
            case .compose(let effect):
                performCompose(effect)
            case .outbox(let action):
                if let action {
                    do {
                        state.message = try data.perform(action)
                        if case .cancel = action { state.undoSend = nil }
                    } catch {
                        state.message = Self.firstLine(error)
                    }
                    afterChange()
                }
                state.receiveOutbox(Result { try data.outbox() })
            case .orders(let effect):
                performOrders(effect)
            case .report(let request):
                state.receiveReport(Result { try data.report(request) })
            case .reportTickets(let title, let ids):
                state.receiveReportTickets(title, Result { try data.ticketSummaries(ids) })
            case .changeMarked(let ids, let changes):
                changeMarked(ids, changes)
                state.updates.noteOwnChange(ids)
                afterChange()
            case .saveAttachments(let message):
                saveAttachments(message)
            case .openAttachment(let message, let index):
                openAttachment(message, index)
            case .pipe(let message, let command):
                pipe(message, to: command)
            case .saveReview(let review):
                do {
                    try reviews?.save(review)
                } catch {
                    state.message = "Cannot save the review: \(error)"
                }
            }
        }
        settle()
        syncPresence()
    }

    /// New sidebar counts; under a filter the list keeps the filtered count (the sidebar's is
    /// the whole queue's).
    private func reloadSidebar() throws {
        state.setSidebar(try data.sidebar())
        if let filter = state.filter {
            state.list.total = try data.count(state.currentSource, filter: filter)
            state.list.select(state.list.selected)
        }
    }

    /// Shows the result of our own change (which does not move the change token).
    private func afterChange() {
        let message = state.message
        reload()
        state.message = message
    }

    /// Loads the rows on screen when the window moved, and keeps derived numbers current.
    private func settle() {
        let source = state.currentSource
        let window = (source: source, filter: state.filter, top: state.list.top, rows: state.list.visibleRows)
        if loadedWindow == nil || loadedWindow!.source != window.source || loadedWindow!.top != window.top
            || loadedWindow!.rows != window.rows || loadedWindow!.filter != window.filter
        {
            state.quarantine.loaded = false
            do {
                let rows = try data.tickets(source, filter: window.filter, limit: window.rows, offset: window.top)
                state.list.rows = rows
                state.failedTickets = (try? data.ticketsWithFailedReplies(rows.map(\.id))) ?? []
                state.updates.noteLoaded(rows)
                state.list.loadedOffset = window.top
                // The count may lag behind (or the view may be approximate): trust a short page.
                if rows.count < window.rows, state.list.total != window.top + rows.count {
                    state.list.total = window.top + rows.count
                    state.list.select(state.list.selected)
                }
                loadedWindow = window
            } catch {
                state.message = "Cannot read the tickets: \(Self.firstLine(error))"
                state.list.rows = []
                loadedWindow = window
            }
        }
        if source == .quarantine, !state.mode.isConversation, !state.quarantine.loaded {
            state.receiveQuarantine(Result { try data.quarantine(limit: 500) })
        }
        if let pane = state.review, let reviews, pane.ticket != state.reviewTarget {
            let target = state.reviewTarget
            // A note being typed was about the ticket that is no longer the target.
            if case .note = state.overlay { state.overlay = .none }
            do {
                state.review?.load(ticket: target, try target.map { try reviews.review(ticket: $0) } ?? nil)
                state.review?.customer = try target.flatMap { try reviews.customerRating(ticket: $0) }
            } catch {
                state.review?.load(ticket: target, nil)
                state.message = "Cannot read the review: \(error)"
            }
        }
        if let c = state.conversation {
            let width = state.layout.body.cols
            let body = ConversationView.layout(
                c.detail, width: ConversationView.textWidth(c.detail, cols: width), showQuotes: c.showQuotes,
                showReasons: c.showReasons, card: ConversationView.cardAbove(c, cols: width), failed: c.failedReplies)
            state.conversationLines = body.lines.count
            state.conversation?.messageStarts = body.starts
            let maxScroll = max(0, state.conversationLines - state.conversationPage)
            if c.scroll > maxScroll { state.conversation?.scroll = maxScroll }
        }
    }

    /// `/1008` and `/#1008` find ticket #1008, as `inbox show 1008` does: selected when it is in
    /// this list, opened when it is not. False when the query is not a number of a ticket (then
    /// it is searched as text: an order number, say).
    func findTicketNumber(_ query: String) throws -> Bool {
        guard let id = AppState.ticketNumber(query) else { return false }
        if let at = try data.position(ofTicket: id, in: state.currentSource, filter: state.filter) {
            state.list.select(at)
            state.message = "#\(id)"
            return true
        }
        guard let detail = try? data.ticket(id) else { return false }
        state.show(detail)
        loadOrderCard(id, startLookup: true)
        state.message = "#\(id) is not in this list: opened it (q goes back to the list)"
        return true
    }

    /// The first line of an error (a search error adds the query and a caret below it).
    static func firstLine(_ error: any Error) -> String {
        String("\(error)".split(separator: "\n").first ?? "")
    }
}
