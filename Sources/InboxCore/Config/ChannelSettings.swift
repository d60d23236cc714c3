import Foundation

/// `[[channel]]` in config.toml (DESIGN §19, docs/channels.md): a conversation source other
/// than e-mail (a chat, a web form, a marketplace) whose messages come in through
/// `inbox import jsonl` and whose replies leave through `send_command`.
public struct ChannelSettings: Codable, Sendable, Equatable {
    /// The name the JSON lines give in `channel` ("chat", "webform", "allegro").
    public var name: String
    /// A shell command that gets the reply as JSON on stdin (docs/channels.md). Exit 0 means
    /// delivered, 75 means "try again later", anything else failed (its stderr is shown).
    public var send_command: String?
    /// Seconds `send_command` may take (default 30): `30`, `30.0` or `"30s"`.
    public var send_timeout: Double?
    /// The queue new tickets of this channel go to (default: the default queue).
    public var queue: String?
    /// SLA targets for this channel's tickets, overriding `[sla]` and its policies.
    public var sla: SLASettings.Policy?

    public init(
        name: String, send_command: String? = nil, send_timeout: Double? = nil, queue: String? = nil,
        sla: SLASettings.Policy? = nil
    ) {
        self.name = name
        self.send_command = send_command
        self.send_timeout = send_timeout
        self.queue = queue
        self.sla = sla
    }

    enum CodingKeys: String, CodingKey {
        case name, send_command, send_timeout, queue, sla
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        send_command = try c.decodeIfPresent(String.self, forKey: .send_command)
        // `send_timeout = 30`, `30.0` or `"30s"`.
        send_timeout = try c.decodeSeconds(forKey: .send_timeout)
        queue = try c.decodeIfPresent(String.self, forKey: .queue)
        sla = try c.decodeIfPresent(SLASettings.Policy.self, forKey: .sla)
    }

    /// Channel names as stored: lower case, trimmed.
    public static func normalized(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespaces).lowercased()
    }
}

extension InboxConfig {
    /// The `[[channel]]` tables.
    public var channels: [ChannelSettings] { channel ?? [] }

    /// The `[[channel]]` named `name` (case-insensitive), or nil.
    public func channelSettings(_ name: String) -> ChannelSettings? {
        let n = ChannelSettings.normalized(name)
        return channels.first { ChannelSettings.normalized($0.name) == n }
    }

    /// The `[[queue]]` named `name` (case-insensitive), or nil.
    public func queueSettings(_ name: String) -> Queue? {
        queues.first { $0.name.lowercased() == name.lowercased() }
    }

    func validateChannels(path: String) throws {
        var names = Set<String>()
        for c in channels {
            let n = ChannelSettings.normalized(c.name)
            if n.isEmpty {
                throw InboxError(.config, "\(path): a [[channel]] has an empty name (give every channel a name)")
            }
            if n == "email" {
                throw InboxError(
                    .config,
                    "\(path): [[channel]] \"email\" is the mail channel and cannot be configured here (remove it)")
            }
            if !names.insert(n).inserted {
                throw InboxError(
                    .config, "\(path): channel \"\(c.name)\" is defined twice (channel names must be unique)")
            }
            if let q = c.queue, queueSettings(q) == nil {
                throw InboxError(
                    .config,
                    "\(path): channel \"\(c.name)\" names queue \"\(q)\", which no [[queue]] defines (add the queue or fix the name)"
                )
            }
            if let t = c.send_timeout, t <= 0 {
                throw InboxError(
                    .config, "\(path): channel \"\(c.name)\" has send_timeout = \(t) (use a positive number of seconds)"
                )
            }
        }
    }
}
