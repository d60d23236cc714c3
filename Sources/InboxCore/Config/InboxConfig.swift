import Foundation
import TOMLKit

/// `config.toml` (DESIGN §13). A key that no property here (or in the types it holds) reads
/// is an error naming its line (``ConfigKeyCheck``): add a table's fields here, as optional
/// Codable properties named as in the TOML, even when another module reads them.
public struct InboxConfig: Codable, Sendable, Equatable {
    public struct Agent: Codable, Sendable, Equatable {
        public var name: String
        public var email: String?
        /// Appended to replies as `{{agent.signature}}`.
        public var signature: String?
        /// The agent's login name (`$USER`, `--agent`), so the audit log's actor and the
        /// configured name are one person in reports.
        public var login: String?
        public init(name: String, email: String? = nil, signature: String? = nil, login: String? = nil) {
            self.name = name
            self.email = email
            self.signature = signature
            self.login = login
        }
    }

    public struct Queue: Codable, Sendable, Equatable {
        public var name: String
        public var addresses: [String]
        public var `default`: Bool?
        public var priority: String?
        /// The From name of this queue's replies (default: "Agent (Queue)").
        public var from_name: String?
        /// The From address of this queue's replies (default: the queue's first address).
        public var from_address: String?
        /// The queue's signature: `{{queue.signature}}` in templates, and below a reply written
        /// without a template instead of the agent's.
        public var signature: String?
        public init(
            name: String, addresses: [String], default isDefault: Bool? = nil, priority: String? = nil,
            from_name: String? = nil, from_address: String? = nil, signature: String? = nil
        ) {
            self.name = name
            self.addresses = addresses
            self.default = isDefault
            self.priority = priority
            self.from_name = from_name
            self.from_address = from_address
            self.signature = signature
        }
    }

    /// An IMAP account to sync (DESIGN §13, docs/imap.md).
    public struct Account: Codable, Sendable, Equatable {
        public var name: String
        public var host: String
        public var port: Int?
        /// "implicit" (default), "starttls" or "none" (loopback hosts only).
        public var tls: String?
        public var user: String
        /// A shell command whose first output line is the password.
        public var password_command: String?
        /// A password in clear: refused unless the config file's mode is 0600.
        public var password: String?
        /// PEM file of certificate authorities to trust (a private CA or a self-signed server).
        public var ca_file: String?
        public var folders: [String]?
        /// Nothing (default), "seen", or "move:Folder": what to do to a message on the server
        /// once it is stored.
        public var after_import: String?
        /// Polling interval under `--watch` when the server has no IDLE ("60s", "5m").
        public var poll: String?
        /// "automatic" (default), "login", "plain", or for OAuth2 "xoauth2" / "oauthbearer"
        /// (the access token then comes from `oauth2_token_command`; docs/oauth2.md).
        public var auth: String?
        /// With `auth = "xoauth2"` or `"oauthbearer"`: a shell command whose first output line is
        /// a fresh access token (refreshing it is the command's job).
        public var oauth2_token_command: String?

        public init(
            name: String, host: String, port: Int? = nil, tls: String? = nil, user: String,
            password_command: String? = nil, password: String? = nil, ca_file: String? = nil,
            folders: [String]? = nil, after_import: String? = nil, poll: String? = nil, auth: String? = nil
        ) {
            self.name = name
            self.host = host
            self.port = port
            self.tls = tls
            self.user = user
            self.password_command = password_command
            self.password = password
            self.ca_file = ca_file
            self.folders = folders
            self.after_import = after_import
            self.poll = poll
            self.auth = auth
        }
    }

    /// Where the inbox lives when neither --db nor INBOX_DB says: a file path, or a
    /// `postgresql://` URL (docs/team.md). A URL with a password needs the file at mode 0600.
    public var database: String?
    /// A shell command whose first output line is the password of a PostgreSQL `database`
    /// whose URL holds none (before PGPASSWORD and ~/.pgpass). Never stored or logged.
    public var database_password_command: String?
    /// The agent using this installation.
    public var agent: Agent?
    /// Other agents of the team: their mail counts as outbound.
    public var agents: [Agent]?
    public var queue: [Queue]?
    /// Extra addresses of the team that are not queues (e.g. "noreply@shop.example").
    public var own_addresses: [String]?
    /// SLA targets and business calendar (docs/workflow.md); nil means no SLA clocks.
    public var sla: SLASettings?
    /// IMAP accounts (`[[account]]`).
    public var account: [Account]?
    /// Outgoing mail (DESIGN §13 `[smtp]`); nil means replies stay in the outbox.
    public var smtp: SMTPSettings?
    /// Templates folder, undo window, order-number patterns (docs/replies.md).
    public var replies: ReplySettings?
    /// The review rubric (docs/export.md).
    public var review: ReviewSettings?
    /// Where the rules file is (docs/rules.md); nil means `rules.toml` beside the config.
    public var rules: RulesSettings?
    /// The knowledge base: articles folder and public base URL (docs/kb.md).
    public var kb: KBSettings?
    /// Web shops whose orders are shown beside tickets (`[[store]]`, docs/orders.md).
    public var store: [StoreSettings]?
    /// Satisfaction surveys after solved (docs/surveys.md); nil means none are sent.
    public var survey: SurveySettings?
    /// Follow-ups after an order's delivery (docs/surveys.md); nil means none are sent.
    public var followup: FollowupSettings?
    /// Channels beyond e-mail (`[[channel]]`, docs/channels.md).
    public var channel: [ChannelSettings]?

    public init(
        agent: Agent? = nil, agents: [Agent]? = nil, queue: [Queue]? = nil, own_addresses: [String]? = nil,
        account: [Account]? = nil
    ) {
        self.agent = agent
        self.agents = agents
        self.queue = queue
        self.own_addresses = own_addresses
        self.account = account
    }

    public var accounts: [Account] { account ?? [] }

    /// The queues, with a "Support" default when the file names none.
    public var queues: [Queue] {
        let list = queue ?? []
        if list.isEmpty { return [Queue(name: "Support", addresses: [], default: true)] }
        return list
    }

    /// Every address of the team (queues, agents, extra addresses), lower-cased.
    public var ownAddresses: Set<String> {
        var set = Set<String>()
        for q in queues {
            for a in q.addresses { set.insert(a.lowercased()) }
            if let a = q.from_address { set.insert(a.lowercased()) }
        }
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
            throw InboxError(.config, TOMLErrorSentence.sentence(error, text: text, file: path))
        }
        do {
            let config = try TOMLDecoder().decode(InboxConfig.self, from: table)
            try ConfigKeyCheck.rejectUnknownKeys(InboxConfig.self, table: table, text: text, file: path)
            try config.validate(path: path)
            return config
        } catch let error as InboxError {
            throw error
        } catch {
            // A misspelt required key ("adresses") shows as a missing one: name the spelling.
            try ConfigKeyCheck.rejectUnknownKeys(InboxConfig.self, table: table, text: text, file: path)
            throw InboxError(.config, "\(path) has a value of the wrong type: \(error) (see docs/config.md)")
        }
    }

    /// Loads the file at `path`; a missing file gives the default configuration.
    public static func load(path: String) throws -> InboxConfig {
        guard FileManager.default.fileExists(atPath: path) else { return InboxConfig() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InboxError(.config, "Cannot read \(path): permission denied (check the file's owner and mode)")
        }
        let config = try parse(String(decoding: data, as: UTF8.self), path: path)
        if let holder = config.accounts.first(where: { $0.password != nil }),
            let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0
        {
            throw InboxError(
                .config,
                "\(path) holds the password of account \"\(holder.name)\" in clear but other users may read it (mode \(String(mode & 0o777, radix: 8))); run `chmod 600 \(path)`, or use password_command instead"
            )
        }
        try PostgresURL.refusePasswordInReadableFile(config.database, path: path)
        return config
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
                throw InboxError(
                    .config, "\(path): queue \"\(q.name)\" has priority \"\(p)\" (use low, normal, high or urgent)")
            }
        }
        var accountNames = Set<String>()
        for a in accounts {
            if a.name.trimmingCharacters(in: .whitespaces).isEmpty {
                throw InboxError(.config, "\(path): an [[account]] has an empty name (give every account a name)")
            }
            if !accountNames.insert(a.name.lowercased()).inserted {
                throw InboxError(
                    .config, "\(path): account \"\(a.name)\" is defined twice (account names must be unique)")
            }
            if let tls = a.tls, !["implicit", "starttls", "none"].contains(tls) {
                throw InboxError(
                    .config, "\(path): account \"\(a.name)\" has tls = \"\(tls)\" (use implicit, starttls or none)")
            }
            if let after = a.after_import, after != "seen", !after.hasPrefix("move:") || after.count <= 5 {
                throw InboxError(
                    .config,
                    "\(path): account \"\(a.name)\" has after_import = \"\(after)\" (use \"seen\" or \"move:Folder\")")
            }
            if let auth = a.auth, !["automatic", "login", "plain", "xoauth2", "oauthbearer"].contains(auth) {
                throw InboxError(
                    .config,
                    "\(path): account \"\(a.name)\" has auth = \"\(auth)\" (use automatic, login, plain, xoauth2 or oauthbearer)"
                )
            }
            if OAuth2Settings.isOAuth2(a.auth), (a.oauth2_token_command ?? "").isEmpty {
                throw InboxError(
                    .config,
                    "\(path): account \"\(a.name)\" has auth = \"\(a.auth ?? "")\" but no oauth2_token_command (set it to a command that prints an access token; see docs/oauth2.md)"
                )
            }
            if let poll = a.poll, Self.seconds(poll) == nil {
                throw InboxError(
                    .config,
                    "\(path): account \"\(a.name)\" has poll = \"\(poll)\" (write a duration such as \"60s\" or \"5m\")"
                )
            }
        }
        try validateStores(path: path)
        if let after = survey?.after, SurveySettings.duration(after) == nil {
            throw InboxError(
                .config, "\(path): [survey] has after = \"\(after)\" (write a duration such as \"2d\" or \"36h\")")
        }
        if let r = survey?.reopen_below, !(0...6).contains(r) {
            throw InboxError(
                .config, "\(path): [survey] has reopen_below = \(r) (use 0 to 6: a score below it reopens the ticket)")
        }
        if let after = followup?.after_delivered, SurveySettings.duration(after) == nil {
            throw InboxError(
                .config, "\(path): [followup] has after_delivered = \"\(after)\" (write a duration such as \"3d\")")
        }
        try validateChannels(path: path)
        if let smtp {
            if let auth = smtp.auth, !["automatic", "xoauth2", "oauthbearer"].contains(auth) {
                throw InboxError(
                    .config, "\(path): [smtp] has auth = \"\(auth)\" (use automatic, xoauth2 or oauthbearer)")
            }
            if OAuth2Settings.isOAuth2(smtp.auth), (smtp.oauth2_token_command ?? "").isEmpty {
                throw InboxError(
                    .config,
                    "\(path): [smtp] has auth = \"\(smtp.auth ?? "")\" but no oauth2_token_command (set it to a command that prints an access token; see docs/oauth2.md)"
                )
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

    /// Seconds of a duration such as "90", "60s", "5m", "1h"; nil when unreadable or not positive.
    public static func seconds(_ text: String) -> Double? { seconds(text, allowZero: false) }

    /// Seconds of a duration; `allowZero` also accepts "0s" (an undo window of none).
    public static func seconds(_ text: String, allowZero: Bool) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        var unit = 1.0
        var number = Substring(t)
        if let last = t.last, last.isLetter {
            switch last {
            case "s": unit = 1
            case "m": unit = 60
            case "h": unit = 3600
            default: return nil
            }
            number = t.dropLast()
        }
        guard let value = Double(number), value > 0 || (allowZero && value == 0) else { return nil }
        return value * unit
    }
}
