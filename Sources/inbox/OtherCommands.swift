import ArgumentParser
import Foundation
import InboxCore
import InboxMail
import InboxTUI

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create the config file and the database (safe to run again).")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        // A PostgreSQL database is created by its owner (docs/team.md); init migrates it.
        let isPostgres = PostgresURL.isPostgres(global.databasePath)
        if !isPostgres { try AppDatabase.checkLocation(global.databasePath) }
        let configPath = global.configPath
        let fm = FileManager.default
        if !fm.fileExists(atPath: configPath) {
            let folder = (configPath as NSString).deletingLastPathComponent
            try fm.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let text = """
                # AgentInbox configuration (see docs/config.md).
                [agent]
                name = "\(global.agentName)"
                # email = "you@shop.example"

                [[queue]]
                name = "Support"
                addresses = []   # e.g. ["support@shop.example"]
                default = true

                """
            guard fm.createFile(atPath: configPath, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
            else {
                throw InboxError(
                    .io, "Cannot write \(configPath) (check the folder's permissions, or pass --config PATH)")
            }
            Output.line("Created \(configPath)")
        } else {
            Output.line("Config \(configPath) exists")
        }
        let config = try global.loadConfig()
        let database = isPostgres ? try global.openOnEitherEngine() : try global.openDatabase()
        try database.syncQueues(config)
        Output.line(
            "Database \(PostgresURL.masked(global.databasePath)) is ready (\(try database.ticketCount()) tickets)")
    }
}

struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse", abstract: "Show how one message file is parsed (no database is touched).")

    @Argument(help: "A message file (.eml), or - for standard input.") var file: String
    @Flag(help: "Print JSON (see docs/json.md).") var json = false

    func run() throws {
        let bytes: [UInt8]
        if file == "-" {
            bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        } else {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw InboxError(.io, "Cannot read \(file) (check the path and its permissions)")
            }
            bytes = [UInt8](data)
        }
        var raw = bytes
        if raw.starts(with: Array("From ".utf8)), let nl = raw.firstIndex(of: 0x0A) { raw = Array(raw[(nl + 1)...]) }
        let parsed = MessageParser.parse(raw)
        let report = ParsedMessageJSON(parsed, sha256: RawDigest.sha256Hex(raw), size: raw.count)
        if json {
            print(try Output.json(report))
            return
        }
        func show(_ a: MailAddress?) -> String {
            guard let a else { return "-" }
            return a.name.map { "\($0) <\(a.address)>" } ?? a.address
        }
        var lines = [
            "Message-ID: \(parsed.messageID ?? "-")",
            "From: \(show(parsed.from))",
            "To: \(parsed.to.map { show($0) }.joined(separator: ", "))",
            "Cc: \(parsed.cc.map { show($0) }.joined(separator: ", "))",
            "Date: \(parsed.date.map { ISO8601DateFormatter().string(from: $0) } ?? "-")",
            "Subject: \(parsed.subject)",
            "In-Reply-To: \(parsed.inReplyTo.joined(separator: " "))",
            "References: \(parsed.references.joined(separator: " "))",
            "HTML: \(parsed.hasHTML ? "yes" : "no")",
            "Automatic: \(LoopProtection.automaticReason(parsed) ?? "no")  Bounce: \(LoopProtection.isBounce(parsed) ? "yes" : "no")",
        ]
        for a in parsed.attachments {
            lines.append(
                "Attachment \(a.partPath): \(a.filename ?? "(no name)") → \(a.safeFilename) (\(a.contentType), \(a.size) bytes)"
            )
        }
        for p in parsed.problems { lines.append("Problem: \(p)") }
        lines.append("")
        lines += parsed.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for line in lines { Output.line(TerminalText.sanitize(line)) }
    }
}
