import Foundation
import InboxCore

/// The Quarantine entry of the sidebar (DESIGN §6): automatic mail and bounces that opened no
/// ticket, newest first, with what an agent does with them.
///
/// Keys while the quarantine is the current list: `j`/`k` (arrows) select, `Enter` shows the held
/// message (why it was held, then its text); there `Enter` asks before releasing it into a new
/// ticket, and `u` puts a released message back. `b` blocks its sender (`:block ADDRESS` asks
/// first), `B` asks for the address to mark as bouncing. `:release [TICKET]`, `:block ADDRESS` and `:bouncing ADDRESS` work on
/// the `:` line too. The other list keys (Tab, `:`, `?`, `q`) keep their meaning.
public struct QuarantineListState: Equatable, Sendable {
    public var items: [QuarantinedMessage] = []
    public var selected = 0
    public var top = 0
    /// False until the driver loaded the items for the current visit.
    public var loaded = false
    /// The text of the held message being read (`Enter`), nil while the list shows.
    public var reading: String?
    /// Lines of the held message scrolled past.
    public var readScroll = 0
    /// Whether the release question is asked (`y` releases, any other key keeps the message).
    public var confirmRelease = false
    /// The ticket the last release made or joined, which `u` puts the message back from.
    public var lastRelease: Int64?

    public init() {}

    public var current: QuarantinedMessage? { items.indices.contains(selected) ? items[selected] : nil }

    mutating func move(to index: Int, visibleRows: Int) {
        selected = max(0, min(items.count - 1, index))
        if selected < top { top = selected }
        if selected >= top + visibleRows { top = selected - visibleRows + 1 }
    }

    /// Takes the freshly read items, keeping the selection on the same message when it is still there.
    mutating func receive(_ new: [QuarantinedMessage], visibleRows: Int) {
        let id = current?.id
        items = new
        loaded = true
        move(to: id.flatMap { id in new.firstIndex { $0.id == id } } ?? selected, visibleRows: visibleRows)
    }
}

/// What an agent does with a quarantined message.
public enum QuarantineAction: Equatable, Sendable {
    /// Into a new ticket (nil) or an existing one.
    case release(message: Int64, into: Int64?)
    case block(String)
    case bouncing(String)
}

extension AppState {
    /// Keys of the quarantine list; nil for keys the rest of the TUI handles.
    mutating func handleQuarantineKey(_ key: Key, keyMap: KeyMap) -> [Effect]? {
        let page = max(1, layout.body.rows - 1)
        let command = keyMap.command(for: key)
        if quarantine.confirmRelease {
            quarantine.confirmRelease = false
            guard key == .char("y") || key == .char("Y"), let m = quarantine.current else {
                message = "Kept in the quarantine"
                return []
            }
            quarantine.reading = nil
            return [.quarantine(.release(message: m.id, into: nil))]
        }
        if command == .blockSender || command == .markBouncing { return quarantineSenderKey(command!) }
        if command == .undo {
            guard let ticket = quarantine.lastRelease else {
                message = "Nothing released here to undo"
                return []
            }
            quarantine.lastRelease = nil
            return [.undo(ticket)]
        }
        if quarantine.reading != nil {
            switch key {
            case .char("j"), .down: quarantine.readScroll += 1
            case .char("k"), .up: quarantine.readScroll = max(0, quarantine.readScroll - 1)
            case .pageDown, .ctrl("d"), .char(" "): quarantine.readScroll += max(1, page / 2)
            case .pageUp, .ctrl("u"): quarantine.readScroll = max(0, quarantine.readScroll - max(1, page / 2))
            case .char("g"), .home: quarantine.readScroll = 0
            case .char("q"), .escape, .left:
                // Back on the list: the reading screen's hint ("Enter releases…") no longer holds.
                quarantine.reading = nil
                message = nil
            case .enter, .char("r"): askRelease()
            default: return command == .help || command == .commandLine || command == .quit ? nil : []
            }
            return []
        }
        switch key {
        case .char("j"), .down: quarantine.move(to: quarantine.selected + 1, visibleRows: page)
        case .char("k"), .up: quarantine.move(to: quarantine.selected - 1, visibleRows: page)
        case .char("g"), .home: quarantine.move(to: 0, visibleRows: page)
        case .char("G"), .end: quarantine.move(to: quarantine.items.count - 1, visibleRows: page)
        case .pageDown, .ctrl("d"): quarantine.move(to: quarantine.selected + page / 2, visibleRows: page)
        case .pageUp, .ctrl("u"): quarantine.move(to: quarantine.selected - page / 2, visibleRows: page)
        case .enter, .right:
            // The held message first; releasing is a second, confirmed step.
            guard let m = quarantine.current else { return [] }
            return [.readQuarantined(m.id)]
        default:
            return nil
        }
        return []
    }

    /// Asks before releasing the message, saying why it was held.
    private mutating func askRelease() {
        guard let m = quarantine.current else { return }
        quarantine.confirmRelease = true
        message = "Release into a new ticket? Held because: \(m.reason) — y releases, any other key keeps it"
    }

    /// `b` and `B`: block the sender, or name an address that bounces.
    mutating func quarantineSenderKey(_ command: Command) -> [Effect] {
        if command == .blockSender {
            guard let m = quarantine.current, let address = m.from.address else {
                message = "This message has no sender address to block"
                return []
            }
            commandLine = "block " + address
            message = "Enter blocks all future mail from this address (edit it to @domain for the whole domain)"
        } else {
            guard quarantine.current != nil else { return [] }
            commandLine = "bouncing "
            message = "Type the customer address that bounces"
        }
        return []
    }

    /// The driver's answer after reading a held message's text.
    public mutating func receiveQuarantined(_ result: Result<String, any Error>) {
        switch result {
        case .success(let text):
            quarantine.reading = text
            quarantine.readScroll = 0
            message = "Enter releases (asks first) · q back to the list"
        case .failure(let e):
            message = "\(e)"
        }
    }

    /// `:release [TICKET]`, `:block ADDRESS`, `:bouncing ADDRESS`; nil for other lines.
    mutating func runQuarantineLine(_ name: String, _ argument: String) -> [Effect]? {
        switch name {
        case "release":
            guard currentSource == .quarantine, !mode.isConversation, let m = quarantine.current else {
                message = "Select a message in the Quarantine first"
                return []
            }
            if argument.isEmpty { return [.quarantine(.release(message: m.id, into: nil))] }
            guard let into = Int64(argument.trimmingCharacters(in: CharacterSet(charactersIn: "#"))) else {
                message = "release takes a ticket number (:release 1042), or nothing for a new ticket"
                return []
            }
            return [.quarantine(.release(message: m.id, into: into))]
        case "block", "bouncing":
            guard !argument.isEmpty else {
                message = "\(name) needs an address (:\(name) someone@example.com)"
                return []
            }
            return [.quarantine(name == "block" ? .block(argument) : .bouncing(argument))]
        default:
            return nil
        }
    }

    /// The driver's answer after reading the quarantine.
    public mutating func receiveQuarantine(_ result: Result<[QuarantinedMessage], any Error>) {
        switch result {
        case .success(let items): quarantine.receive(items, visibleRows: max(1, layout.body.rows - 1))
        case .failure(let e):
            quarantine.loaded = true
            message = "Cannot read the quarantine: \(e)"
        }
    }
}

/// The quarantine's reads and actions. Data sources without a store say so.
extension InboxDataSource {
    public func quarantine(limit: Int) throws -> [QuarantinedMessage] { [] }

    public func perform(_ action: QuarantineAction) throws -> String {
        throw InboxError(.notFound, "The quarantine needs the inbox database")
    }

    public func quarantinedText(message: Int64) throws -> String {
        throw InboxError(.notFound, "The quarantine needs the inbox database")
    }

    public func release(message: Int64, into: Int64?) throws -> Int64 {
        throw InboxError(.notFound, "The quarantine needs the inbox database")
    }
}

extension DatabaseDataSource {
    public func quarantine(limit: Int) throws -> [QuarantinedMessage] {
        try database.quarantine(limit: limit)
    }

    public func quarantinedText(message: Int64) throws -> String {
        try database.quarantinedText(message: message)
    }

    /// Releases a held message; returns the ticket it went into (`inbox undo` puts it back).
    public func release(message: Int64, into: Int64?) throws -> Int64 {
        try database.release(message: message, into: into, actor: agent, config: config)
    }

    /// Carries out the action; returns what to tell the agent.
    public func perform(_ action: QuarantineAction) throws -> String {
        switch action {
        case .release(let message, let into):
            let ticket = try database.release(message: message, into: into, actor: agent, config: config)
            return "Released the message into #\(ticket)"
        case .block(let address):
            try database.blockSender(address, actor: agent)
            return "Mail from \(address) will be quarantined (inbox quarantine block \(address) --undo lets it in)"
        case .bouncing(let address):
            try database.markBouncing(address, actor: agent)
            return "\(address.lowercased()) is marked as failing"
        }
    }
}
