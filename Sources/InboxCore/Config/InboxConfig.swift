import Foundation
import TOMLKit

/// The parts of `config.toml` (DESIGN §13) that the core needs. Unknown tables are ignored
/// here; other modules read their own parts.
public struct InboxConfig: Codable, Sendable, Equatable {
    public struct Agent: Codable, Sendable, Equatable {
        public var name: String
        public var email: String?
        /// Appended to replies as `{{agent.signature}}`.
        public var signature: String?
        public init(name: String, email: String? = nil, signature: String? = nil) {
            self.name = name
            self.email = email
            self.signature = signature
        }
    }

    public struct Queue: Codable, Sendable, Equatable {
        public var name: String
        public var addresses: [String]
        public var `default`: Bool?
        public var priority: String?
        public init(name: String, addresses: [String], default isDefault: Bool? = nil, priority: String? = nil) {
            self.name = name
            self.addresses = addresses
            self.default = isDefault
            self.priority = priority
        }
    }

    /// The agent using this installation.
    public var agent: Agent?
    /// Other agents of the team: their mail counts as outbound.
    public var agents: [Agent]?
    public var queue: [Queue]?
    /// Extra addresses of the team that are not queues (e.g. "noreply@shop.example").
    public var own_addresses: [String]?
    /// SLA targets and business calendar (docs/workflow.md); nil means no SLA clocks.
    public var sla: SLASettings?
    /// Outgoing mail (DESIGN §13 `[smtp]`); nil means replies stay in the outbox.
    public var smtp: SMTPSettings?
    /// Templates folder, undo window, order-number patterns (docs/replies.md).
    public var replies: ReplySettings?

    public init(agent: Agent? = nil, agents: [Agent]? = nil, queue: [Queue]? = nil, own_addresses: [String]? = nil) {
        self.agent = agent
        self.agents = agents
        self.queue = queue
        self.own_addresses = own_addresses
    }

    /// The queues, with a "Support" default when the file names none.
    public var queues: [Queue] {
        let list = queue ?? []
        if list.isEmpty { return [Queue(name: "Support", addresses: [], default: true)] }
        return list
    }

    /// Every address of the team (queues, agents, extra addresses), lower-cased.
    public var ownAddresses: Set<String> {
        var set = Set<String>()
        for q in queues { for a in q.addresses { set.insert(a.lowercased()) } }
        if let email = agent?.email { set.insert(email.lowercased()) }
        for a in agents ?? [] { if let e = a.email { set.insert(e.lowercased()) } }
        for a in own_addresses ?? [] { set.insert(a.lowercased()) }
        return set
    }

    /// Parses TOML text. Throws an ``InboxError`` naming the line of a syntax error.
    public static func parse(_ text: String, path: String = "config.toml") throws -> InboxConfig {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw InboxError(
                .config,
                "\(path) line \(error.source.begin.line): \(error.description) (fix the TOML syntax there)")
        }
        do {
            let config = try TOMLDecoder().decode(InboxConfig.self, from: table)
            try config.validate(path: path)
            return config
        } catch let error as InboxError {
            throw error
        } catch {
            throw InboxError(.config, "\(path) has a value of the wrong type: \(error) (see docs/config.md)")
        }
    }

    /// Loads the file at `path`; a missing file gives the default configuration.
    public static func load(path: String) throws -> InboxConfig {
        guard FileManager.default.fileExists(atPath: path) else { return InboxConfig() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InboxError(.config, "Cannot read \(path): permission denied (check the file's owner and mode)")
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    func validate(path: String) throws {
        var names = Set<String>()
        for q in queues {
            if q.name.trimmingCharacters(in: .whitespaces).isEmpty {
                throw InboxError(.config, "\(path): a [[queue]] has an empty name (give every queue a name)")
            }
            if !names.insert(q.name.lowercased()).inserted {
                throw InboxError(.config, "\(path): queue \"\(q.name)\" is defined twice (queue names must be unique)")
            }
            if let p = q.priority, TicketPriority(rawValue: p) == nil {
                throw InboxError(.config, "\(path): queue \"\(q.name)\" has priority \"\(p)\" (use low, normal, high or urgent)")
            }
        }
        if queues.filter({ $0.default == true }).count > 1 {
            throw InboxError(.config, "\(path): more than one queue has default = true (mark only one)")
        }
        do {
            _ = try SLAPolicyBook(self)
        } catch let error as InboxError {
            throw InboxError(.config, "\(path) [sla]: \(error.description)")
        }
    }
}
