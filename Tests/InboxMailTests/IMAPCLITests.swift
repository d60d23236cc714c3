import Foundation
import GRDB
import InboxTestSupport
import Testing

@testable import InboxCore
@testable import InboxMail

/// `inbox sync` end to end: the binary, a config file, Dovecot on loopback.
@Suite(.serialized, .enabled(if: DovecotServer.isAvailable)) struct IMAPCLITests {
    let dir = TemporaryFolder("inbox-sync-cli")
    let store: StoreLocation

    init() { store = StoreLocation(sqlite: dir.file("inbox.sqlite")) }

    func env(_ extra: [String: String] = [:]) -> [String: String] {
        var e = [
            "INBOX_DB": store.location, "INBOX_CONFIG": dir.file("config.toml"),
            "XDG_STATE_HOME": dir.file("state"),
        ]
        for (k, v) in extra { e[k] = v }
        return e
    }

    func writeConfig(_ server: DovecotServer, tls: String = "none", extra: String = "", mode: Int = 0o600) throws {
        let port = tls == "implicit" ? server.tlsPort! : server.port
        let host = tls == "none" ? "127.0.0.1" : "localhost"
        let path = dir.write("config.toml", DovecotServer.account("support", host: host, port: port, tls: tls, extra))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    func count() throws -> Int {
        let db = try AppDatabase.open(url: store.location)
        return try db.snapshot { try $0.value(Int.self, "SELECT count(*) FROM message") } ?? -1
    }

    @Test(arguments: EngineStore.engines)
    func syncWithPasswordCommandAndEnvironment(_ engine: StoreEngineKind) throws {
        try store.use(engine, "sync-cli")
        let server = try DovecotServer()
        try server.seed(IMAPSyncTests.messages(7))
        try server.start()
        defer { server.stop() }
        try writeConfig(server, extra: "password_command = \"echo \(DovecotServer.password); echo ignored\"")
        let r = try CommandRunner.inbox(["sync"], environment: env())
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Synced support: 7 messages: 7 new"), "\(r.stdout)")
        try writeConfig(server)
        let again = try CommandRunner.inbox(
            ["sync", "support"],
            environment: env(["INBOX_PASSWORD_SUPPORT": DovecotServer.password, "INBOX_LOG_LEVEL": "trace"]))
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.isEmpty, "a successful run prints no log lines: \(again.stderr)")
        let log = (try? String(contentsOfFile: dir.file("state/inbox/inbox.log"), encoding: .utf8)) ?? ""
        #expect(log.contains("C: A"), "commands are logged to the log file at trace level")
        #expect(log.contains("inbox \(InboxVersion.current) started: sync"), "the version is logged")
        #expect(!log.contains(DovecotServer.password), "the password is never logged")
        #expect(again.stdout.contains("0 messages"))
        #expect(try count() == 7)
    }

    @Test func wrongPasswordIsOneClearErrorAndExitOne() throws {
        let server = try DovecotServer()
        try server.start()
        defer { server.stop() }
        try writeConfig(server)
        let r = try CommandRunner.inbox(["sync"], environment: env(["INBOX_PASSWORD_SUPPORT": "hunter2"]))
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(r.stderr)")
        #expect(
            lines.first?.hasPrefix(
                "error: account support: the server 127.0.0.1 refused the login of agent@example.test") == true)
        #expect(!r.stderr.contains("hunter2") && !r.stdout.contains("hunter2"))
    }

    @Test func selfSignedCertificateWithoutCAFileIsRefusedWithAHint() throws {
        let server = try DovecotServer(tls: true)
        try server.start()
        defer { server.stop() }
        try writeConfig(server, tls: "implicit")
        let r = try CommandRunner.inbox(["sync"], environment: env(["INBOX_PASSWORD_SUPPORT": DovecotServer.password]))
        #expect(r.status == 1)
        #expect(r.stderr.contains("is not trusted"), "\(r.stderr)")
        #expect(r.stderr.contains("ca_file = "))
        try writeConfig(server, tls: "implicit", extra: "ca_file = \"\(server.caFile!)\"")
        let ok = try CommandRunner.inbox(["sync"], environment: env(["INBOX_PASSWORD_SUPPORT": DovecotServer.password]))
        #expect(ok.status == 0, "\(ok.stderr)")
    }

    @Test func clearPasswordNeedsAPrivateConfigFile() throws {
        let server = try DovecotServer()
        try server.start()
        defer { server.stop() }
        try writeConfig(server, extra: "password = \"\(DovecotServer.password)\"", mode: 0o644)
        let r = try CommandRunner.inbox(["sync"], environment: env())
        #expect(r.status == 1)
        #expect(r.stderr.contains("chmod 600"), "\(r.stderr)")
        #expect(!r.stderr.contains(DovecotServer.password))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: dir.file("config.toml"))
        let ok = try CommandRunner.inbox(["sync"], environment: env())
        #expect(ok.status == 0, "\(ok.stderr)")
    }

    @Test func plaintextToARemoteHostIsRefused() throws {
        dir.write(
            "config.toml",
            """
            [[account]]
            name = "remote"
            host = "imap.example.com"
            tls = "none"
            user = "x"

            """)
        let r = try CommandRunner.inbox(["sync"], environment: env(["INBOX_PASSWORD_REMOTE": "x"]))
        #expect(r.status == 1)
        #expect(r.stderr.contains("loopback"), "\(r.stderr)")
    }

    @Test func watchPutsNewMailInTheDatabaseWithinTwoSeconds() throws {
        let server = try DovecotServer()
        try server.seed(IMAPSyncTests.messages(2))
        try server.start()
        defer { server.stop() }
        try writeConfig(server)
        // A first sync creates the database, so that the test never races the watch creating it.
        let first = try CommandRunner.inbox(
            ["sync"], environment: env(["INBOX_PASSWORD_SUPPORT": DovecotServer.password]))
        #expect(first.status == 0, "\(first.stderr)")
        try server.seed(IMAPSyncTests.messages(1, prefix: "second"), prefix: "second")
        let environment = CommandRunner.environment(env(["INBOX_PASSWORD_SUPPORT": DovecotServer.password]))
        // The test runner blocks SIGTERM; a child spawned by Process would inherit that.
        let pid = try DovecotServer.spawn(
            ["/bin/sh", "-c", "exec \"$0\" sync --watch 2>\"$1\"", TestPaths.inboxBinary, dir.file("watch.err")],
            environment: environment)
        defer {
            kill(pid, SIGTERM)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        var deadline = Date().addingTimeInterval(15)
        while (try? count()) ?? 0 < 3, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(try count() == 3)
        Thread.sleep(forTimeInterval: 0.5)
        try IMAPSyncTests.append(server, IMAPSyncTests.messages(1, prefix: "watch"))
        let appended = Date()
        deadline = appended.addingTimeInterval(2)
        while (try? count()) ?? 0 < 4, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(try count() == 4, "not in the database \(Date().timeIntervalSince(appended)) s after APPEND")
        var status: Int32 = 0
        #expect(
            waitpid(pid, &status, WNOHANG) == 0,
            "inbox sync --watch ended: \((try? String(contentsOfFile: dir.file("watch.err"), encoding: .utf8)) ?? "")")
    }
}
