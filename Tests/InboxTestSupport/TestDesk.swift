import Foundation

/// What the end-to-end tests of the real binary share: a temporary folder holding a config file
/// and a database, the environment that points `inbox` at them, and `inbox tui` in tmux.
public struct TestDesk: Sendable {
    public let dir: TemporaryFolder
    public let bin: String
    public let config: String
    /// INBOX_DB, INBOX_CONFIG and (when given) INBOX_AGENT, for ``CommandRunner``.
    public var env: [String: String]

    /// One default queue, Support, for support@shop.example.
    public static let queueConfig = queue("Support", "support@shop.example", isDefault: true)

    /// An `[agent]` section (the one who runs `inbox`), or with `table` `agents` one entry of the
    /// `[[agents]]` list (the team).
    public static func agent(_ name: String, _ email: String, table: String = "[agent]") -> String {
        "\(table)\nname = \"\(name)\"\nemail = \"\(email)\"\n"
    }

    /// A `[[queue]]` for `address`; the default queue (`isDefault`) takes what no queue's address names.
    public static func queue(_ name: String, _ address: String, isDefault: Bool = false) -> String {
        "[[queue]]\nname = \"\(name)\"\naddresses = [\"\(address)\"]\n" + (isDefault ? "default = true\n" : "")
    }

    /// The desk most tests use: the agent Ada Lindqvist (with `signature` when given) and
    /// ``queueConfig``; then `extra` (more sections of TOML).
    public static func agentConfig(signature: String? = nil, _ extra: String = "") -> String {
        agent("Ada Lindqvist", "ada@shop.example") + (signature.map { "signature = \"\($0)\"\n" } ?? "") + queueConfig
            + extra
    }

    /// Ada (ada@shop.example), Support (the default queue) and Returns: the desk of the crash
    /// and rules tests; then `extra`.
    public static func returnsConfig(_ extra: String = "") -> String {
        agent("Ada", "ada@shop.example") + queueConfig + queue("Returns", "returns@shop.example") + extra
    }

    /// An `[smtp]` section for a plain-text server on loopback (an ``SMTPSink``).
    public static func smtp(port: Int, timeout: Int? = nil) -> String {
        "[smtp]\nhost = \"127.0.0.1\"\nport = \(port)\ntls = \"none\"\n" + (timeout.map { "timeout = \($0)\n" } ?? "")
    }

    /// Writes `templates` (file name → text) into `folder`'s `templates/` and returns the
    /// `[replies]` section that names that folder, with `extra` (more keys of the section).
    public static func replies(templates: [String: String], in folder: TemporaryFolder, _ extra: String = "") -> String
    {
        for (name, text) in templates { folder.write("templates/" + name, text) }
        return "[replies]\ntemplates = \"\(folder.file("templates"))\"\n" + extra
    }

    /// A desk in a new temporary folder named after `prefix`, with `config` as its config file.
    /// - Parameter agent: INBOX_AGENT for every command, or nil to leave it unset.
    public init(
        _ prefix: String, bin: String = TestPaths.inboxBinary, config: String, agent: String? = "Ada Lindqvist"
    ) {
        self.init(TemporaryFolder(prefix), bin: bin, agent: agent) { $0.write("config.toml", config) }
    }

    /// A desk in `dir`, whose config file `writeConfig` writes (after the test has put what the
    /// config names, such as a template folder or an SMTP sink, in place).
    public init(
        _ dir: TemporaryFolder, bin: String = TestPaths.inboxBinary, agent: String? = "Ada Lindqvist",
        writeConfig: (TemporaryFolder) throws -> String
    ) rethrows {
        self.dir = dir
        self.bin = bin
        config = try writeConfig(dir)
        var env = ["INBOX_DB": dir.file("inbox.sqlite"), "INBOX_CONFIG": config]
        if let agent { env["INBOX_AGENT"] = agent }
        self.env = env
    }

    /// A desk with a copy of the demo's config (Fixtures/demo/config.toml) and no agent set.
    public static func demo(_ prefix: String, bin: String = TestPaths.inboxBinary) throws -> TestDesk {
        try TestDesk(TemporaryFolder(prefix), bin: bin, agent: nil) {
            let config = $0.file("config.toml")
            try FileManager.default.copyItem(atPath: TestPaths.demo + "/config.toml", toPath: config)
            return config
        }
    }

    /// The database file.
    public var database: String { env["INBOX_DB"] ?? dir.file("inbox.sqlite") }

    /// Runs `inbox` with `arguments` on this desk.
    public func inbox(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandResult {
        try CommandRunner.run(bin, arguments, environment: env.merging(environment) { $1 })
    }

    /// Runs each command in turn; throws with the first one's stderr that fails.
    public func inboxSucceeds(_ commands: [[String]]) throws {
        try CommandRunner.inboxSucceeds(commands, environment: env, binary: bin)
    }

    /// A fresh database holding `mail`, written to `name` in the desk's folder and imported
    /// (it may end in the quarantine).
    public func initAndImport(_ mail: String, name: String = "in/1.eml") throws {
        try inboxSucceeds([["init"], ["import", "eml", dir.write(name, mail)]])
    }

    /// A fresh database holding `mail` (one ticket); returns the ticket's number.
    public func importOne(_ mail: String, name: String = "in/1.eml") throws -> Int {
        try initAndImport(mail, name: name)
        return try firstTicket()
    }

    /// The number of the first ticket `inbox tickets` lists.
    public func firstTicket() throws -> Int { try CommandRunner.firstTicket(environment: env, binary: bin) }

    /// The shell command that runs `inbox arguments` in a UTF-8 terminal with this desk's
    /// environment and `prefix` (more `NAME=value` words for `env`), then prints its exit status
    /// and stays, so that the last screen can be read.
    public func command(_ arguments: String = "tui", prefix: String = "") -> String {
        var words = ["env", "LANG=C.UTF-8"]
        if !prefix.isEmpty { words.append(prefix) }
        words += env.sorted { $0.key < $1.key }.map { "\($0.key)='\($0.value)'" }
        return words.joined(separator: " ") + " '\(bin)' \(arguments); echo EXITED $?; sleep 600"
    }

    /// `inbox tui` (or `arguments`) in a new tmux session of `columns` × `rows`.
    public func tmux(_ arguments: String = "tui", prefix: String = "", columns: Int = 100, rows: Int = 30) throws
        -> TmuxSession
    {
        try TmuxSession(command: command(arguments, prefix: prefix), columns: columns, rows: rows)
    }
}
