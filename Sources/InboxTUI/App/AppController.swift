import Foundation
import InboxCore

/// Drives an ``AppState``: runs the effects the reducer returns against a data source and keeps the loaded ticket rows matching the rows on screen.
///
/// No terminal here; the backend feeds it keys and draws ``screen()``.
public final class AppController {
    public private(set) var state: AppState
    public let keyMap: KeyMap
    let data: any InboxDataSource
    let reviews: (any ReviewStore)?
    private var loadedWindow: (source: ListSource, top: Int, rows: Int)?
    private var lastToken: Int?

    /// - Parameter review: the review pane and where its scores go (`inbox review`); nil in the inbox.
    public init(
        data: any InboxDataSource, rows: Int, cols: Int, keyMap: KeyMap = .standard,
        review: (pane: ReviewPane, store: any ReviewStore)? = nil
    ) {
        self.data = data
        self.keyMap = keyMap
        self.reviews = review?.store
        state = AppState(rows: rows, cols: cols, review: review?.pane)
        lastToken = try? data.changeToken()
        reload()
    }

    public var running: Bool { state.running }

    /// Handles a key and returns whether anything may have changed.
    public func handle(_ key: Key) {
        perform(state.handle(key, keyMap: keyMap))
    }

    /// Runs a named command.
    public func run(_ command: Command) {
        perform(state.apply(command))
    }

    public func resize(rows: Int, cols: Int) {
        state.resize(rows: rows, cols: cols)
        settle()
    }

    /// Reloads the sidebar, the visible rows and the open ticket.
    public func reload() {
        let selectedID = state.list.selectedTicket?.id
        loadedWindow = nil
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

    /// The screen for the current state.
    public func screen(now: Date = Date()) -> Screen { AppRenderer.render(state, keyMap: keyMap, now: now) }

    private func perform(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .quit: return
            case .loadSidebar:
                do {
                    state.setSidebar(try data.sidebar())
                    loadedWindow = nil
                } catch {
                    state.message = "Cannot read the queues: \(error)"
                }
            case .openTicket(let id):
                do {
                    state.show(try data.ticket(id))
                } catch {
                    state.message = "\(error)"
                }
            case .saveReview(let review):
                do {
                    try reviews?.save(review)
                } catch {
                    state.message = "Cannot save the review: \(error)"
                }
            }
        }
        settle()
    }

    /// Loads the rows on screen when the window moved, and keeps derived numbers current.
    private func settle() {
        let source = state.currentSource
        let window = (source: source, top: state.list.top, rows: state.list.visibleRows)
        if loadedWindow == nil || loadedWindow!.source != window.source || loadedWindow!.top != window.top
            || loadedWindow!.rows != window.rows
        {
            do {
                let rows = try data.tickets(source, limit: window.rows, offset: window.top)
                state.list.rows = rows
                state.list.loadedOffset = window.top
                // The count may lag behind (or the view may be approximate): trust a short page.
                if rows.count < window.rows, state.list.total != window.top + rows.count {
                    state.list.total = window.top + rows.count
                    state.list.select(state.list.selected)
                }
                loadedWindow = window
            } catch {
                state.message = "Cannot read the tickets: \(error)"
                state.list.rows = []
                loadedWindow = window
            }
        }
        if let pane = state.review, let reviews, pane.ticket != state.reviewTarget {
            let target = state.reviewTarget
            do {
                state.review?.load(ticket: target, try target.map { try reviews.review(ticket: $0) } ?? nil)
            } catch {
                state.review?.load(ticket: target, nil)
                state.message = "Cannot read the review: \(error)"
            }
        }
        if let c = state.conversation {
            let width = state.layout.body.cols
            state.conversationLines = ConversationView.lines(c.detail, width: width, showQuotes: c.showQuotes).count
            let maxScroll = max(0, state.conversationLines - state.conversationPage)
            if c.scroll > maxScroll { state.conversation?.scroll = maxScroll }
        }
    }
}
