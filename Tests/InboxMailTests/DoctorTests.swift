import Foundation
import InboxCore
import InboxTestSupport
import Testing

@testable import InboxMail

/// `inbox doctor` end to end: the binary against a real Dovecot and a real SMTP server on
/// loopback. A good setup passes; each broken part is one ✘ line that says what to do.
/// SQLite only: doctor's database checks are a SQLite file's (quick_check, its mode, its size).
@Suite(.serialized, .enabled(if: DovecotServer.isAvailable && SMTPSink.available)) struct DoctorTests {
    let dir = TemporaryFolder("inbox-doctor")
    static let smtpUser = "ada@nordlys.example"
    static let smtpPassword = "Zażółć-gęślą"

    func env() -> [String: String] {
        [
            "INBOX_DB": dir.file("inbox.sqlite"), "INBOX_CONFIG": dir.file("config.toml"),
            "XDG_STATE_HOME": dir.file("state"), "XDG_CONFIG_HOME": dir.file("xdg-config"),
        ]
    }

    /// A config naming the server, the sink and the templates folder, mode 0600 unless told.
    func writeConfig(
        imapPort: Int, smtpPort: Int, smtpPassword: String = smtpPassword, extra: String = "", mode: Int = 0o600
    )
        throws
    {
        let path = dir.write(
            "config.toml",
            """
            [agent]
            name = "Ada Lindqvist"

            [[account]]
            name = "support"
            host = "127.0.0.1"
            port = \(imapPort)
            tls = "none"
            user = "\(DovecotServer.user)"
            password_command = "echo \(DovecotServer.password)"
            \(extra)

            [smtp]
            host = "127.0.0.1"
            port = \(smtpPort)
            tls = "none"
            user = "\(Self.smtpUser)"
            password_command = "printf '%s\\\\n' '\(smtpPassword)'"

            [replies]
            templates = "\(dir.file("templates"))"

            """)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    func setUp() throws -> (DovecotServer, SMTPSink) {
        let server = try DovecotServer()
        try server.start()
        let sink = try SMTPSink(
            folder: dir.file("sink"), arguments: ["--auth", "\(Self.smtpUser):\(Self.smtpPassword)"])
        _ = try AppDatabase.open(path: dir.file("inbox.sqlite"))
        for name in ["damaged-item.en.md", "where-is-my-order.tr.md"] {
            let text = try String(contentsOfFile: TestPaths.demo + "/templates/" + name, encoding: .utf8)
            dir.write("templates/" + name, text)
        }
        return (server, sink)
    }

    func doctor() throws -> CommandResult { try CommandRunner.inbox(["doctor"], environment: env()) }

    func line(_ r: CommandResult, _ prefix: String) -> String {
        r.stdout.split(separator: "\n").map(String.init).first { $0.dropFirst(2).hasPrefix(prefix) } ?? ""
    }

    /// Runs `inbox doctor`, which must exit 1 with a ✘ on the line of `check`; returns what it
    /// printed and that line.
    func failedCheck(_ check: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> (
        CommandResult, String
    ) {
        let r = try doctor()
        #expect(r.status == 1, sourceLocation: sourceLocation)
        let failed = line(r, check)
        #expect(failed.hasPrefix("✘"), "\(r.stdout)", sourceLocation: sourceLocation)
        return (r, failed)
    }

    @Test func goodSetupPasses() throws {
        let (server, sink) = try setUp()
        defer { server.stop(); sink.stop() }
        try writeConfig(imapPort: server.port, smtpPort: sink.port)
        let r = try doctor()
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.hasPrefix("inbox \(InboxVersion.current)\n"), "the version comes first: \(r.stdout)")
        for name in [
            "config", "permissions", "database integrity", "database migrations", "database size", "templates",
            "imap support", "smtp",
        ] {
            #expect(line(r, name).hasPrefix("✔"), "\(name): \(r.stdout)")
        }
        #expect(line(r, "imap support").contains("signed in as \(DovecotServer.user)"))
        #expect(line(r, "smtp").contains("signed in as \(Self.smtpUser)"))
        #expect(!r.stdout.contains("✘"))
        #expect(sink.messages().isEmpty, "doctor sends no mail")
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        let log = try String(contentsOfFile: dir.file("state/inbox/inbox.log"), encoding: .utf8)
        #expect(log.contains("inbox \(InboxVersion.current) started: doctor"))
        #expect(!log.contains(DovecotServer.password) && !log.contains(Self.smtpPassword), "no secret in the log")
    }

    @Test func tomlErrorNamesTheLine() throws {
        let (server, sink) = try setUp()
        defer { server.stop(); sink.stop() }
        dir.write("config.toml", "[agent]\nname = \"Ada\"\n\n[[account]\nname = \"support\"\n")
        let (r, config) = try failedCheck("config")
        #expect(config.contains("line 4"), "the line of the error is named: \(config)")
        #expect(config.contains("fix the TOML syntax"), "\(config)")
        #expect(line(r, "database integrity").hasPrefix("✔"), "the other checks still run: \(r.stdout)")
    }

    @Test func worldReadableConfigWithPasswordFails() throws {
        let (server, sink) = try setUp()
        defer { server.stop(); sink.stop() }
        try writeConfig(
            imapPort: server.port, smtpPort: sink.port, extra: "password = \"\(DovecotServer.password)\"", mode: 0o644)
        let (_, permissions) = try failedCheck("permissions")
        #expect(permissions.contains("chmod 600 \(dir.file("config.toml"))"), "\(permissions)")
        #expect(permissions.contains("644"), "\(permissions)")
        #expect(!permissions.contains(DovecotServer.password), "the password is not printed")
    }

    @Test func unreachableIMAPServerFails() throws {
        let (server, sink) = try setUp()
        defer { server.stop(); sink.stop() }
        let closed = try DovecotServer.freePort()
        try writeConfig(imapPort: closed, smtpPort: sink.port)
        let (r, imap) = try failedCheck("imap support")
        #expect(imap.contains("cannot connect to 127.0.0.1:\(closed)"), "\(imap)")
        #expect(imap.contains("check host and port"), "\(imap)")
        #expect(line(r, "smtp").hasPrefix("✔"), "\(r.stdout)")
    }

    @Test func wrongSMTPPasswordFails() throws {
        let (server, sink) = try setUp()
        defer { server.stop(); sink.stop() }
        try writeConfig(imapPort: server.port, smtpPort: sink.port, smtpPassword: "wrong-password")
        let (r, smtp) = try failedCheck("smtp")
        #expect(smtp.contains("refused the login for \(Self.smtpUser)"), "\(smtp)")
        #expect(smtp.contains("check [smtp] user and password_command"), "\(smtp)")
        #expect(!smtp.contains("wrong-password"), "the password is not printed")
        #expect(line(r, "imap support").hasPrefix("✔"), "\(r.stdout)")
    }

    @Test func brokenTemplateFails() throws {
        let (server, sink) = try setUp()
        defer { server.stop(); sink.stop() }
        try writeConfig(imapPort: server.port, smtpPort: sink.port)
        dir.write("templates/broken.en.md", "---\nname: broken\nlanguage: en\n---\nHello {{#order.id}} never closed\n")
        let (_, templates) = try failedCheck("templates")
        #expect(templates.contains("broken.en.md"), "\(templates)")
        #expect(templates.contains("inbox templates lint"), "\(templates)")
    }

    @Test func brokenRuleFailsAndNamesTheLine() throws {
        let (server, sink) = try setUp()
        defer { server.stop(); sink.stop() }
        try writeConfig(imapPort: server.port, smtpPort: sink.port)
        dir.write(
            "rules.toml",
            "[[rule]]\nname = \"route returns\"\non = \"message-in\"\nif = \"subject:(return\"\nthen = [\"queue=Returns\"]\n"
        )
        let (_, rules) = try failedCheck("rules")
        #expect(rules.contains("rules.toml:1") && rules.contains("inbox rules lint"), "\(rules)")
    }

    @Test func missingDatabaseSaysToRunInit() throws {
        let r = try CommandRunner.inbox(["doctor", "--offline"], environment: env())
        #expect(r.status == 1)
        #expect(line(r, "database").contains("run `inbox init`"), "\(r.stdout)")
    }
}
