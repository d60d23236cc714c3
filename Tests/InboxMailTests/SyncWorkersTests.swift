import Foundation
import InboxTestSupport
import Testing

@testable import InboxCore
@testable import InboxMail

/// Issue 22's acceptance check "Two `sync --watch` workers on one account": two workers run
/// against Dovecot while 2,000 messages are appended; the one holding the account is killed
/// with -9; the other carries on within 10 s, and every message is stored once.
///
/// On SQLite the two workers share one machine (the lease is a lock file); on PostgreSQL they
/// could be on two hosts (an advisory lock) — that case waits for ingest on PostgreSQL.
@Suite(.serialized, .enabled(if: DovecotServer.isAvailable))
struct SyncWorkersTests {
    static let appended = 2_000

    /// Why the PostgreSQL case cannot run yet, or nil when `inbox sync` runs on PostgreSQL.
    static let postgresSkip: String? = {
        guard PostgresServer.skipReason == nil else { return "PostgreSQL is not installed" }
        let dir = TemporaryFolder("sync-workers-probe")
        _ = dir.write("config.toml", DovecotServer.account("support", port: 1))
        let run = try? CommandRunner.inbox(
            ["sync", "--db", "postgresql://nobody@127.0.0.1:1/inbox"],
            environment: ["INBOX_CONFIG": dir.file("config.toml"), "INBOX_PASSWORD_SUPPORT": "x"])
        guard let run else { return "the inbox binary did not run" }
        return run.stderr.contains("run on PostgreSQL") && !run.stderr.contains("Cannot connect")
            ? "`inbox sync --db postgresql://…` does not run on PostgreSQL yet (ingest on the store seam, issue 22)"
            : nil
    }()

    @Test func twoWatchWorkersOnSQLite() throws { try twoWatchWorkers(.sqlite) }

    @Test(
        .enabled(
            if: Self.postgresSkip == nil,
            "`inbox sync --db postgresql://…` still says it does not run on PostgreSQL yet: ingest on the store seam lands separately (issue 22)"
        ))
    func twoWatchWorkersOnPostgreSQL() throws { try twoWatchWorkers(.postgresql) }

    func twoWatchWorkers(_ engine: StoreEngineKind) throws {
        let store = try EngineStore.make(engine, "sync-workers")
        let dir = store.folder
        let server = try DovecotServer()
        try server.seed(IMAPSyncTests.messages(2, prefix: "seed"))
        try server.start()
        defer { server.stop() }
        let config = dir.write("config.toml", DovecotServer.account("support", port: server.port))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: config)
        let environment = CommandRunner.environment([
            "INBOX_DB": store.location, "INBOX_CONFIG": config, "XDG_STATE_HOME": dir.file("state"),
            "INBOX_PASSWORD_SUPPORT": DovecotServer.password,
        ])
        let db = try store.open()
        func count() -> Int {
            (try? db.snapshot { try $0.value(Int.self, "SELECT count(*) FROM message") }) ?? 0
        }
        func stderr(_ name: String) -> String {
            (try? String(contentsOfFile: dir.file(name), encoding: .utf8)) ?? ""
        }
        func worker(_ name: String) throws -> pid_t {
            try DovecotServer.spawn(
                ["/bin/sh", "-c", "exec \"$0\" sync --watch 2>\"$1\"", TestPaths.inboxBinary, dir.file(name)],
                environment: environment)
        }
        var running: [pid_t] = []
        defer {
            for pid in running {
                kill(pid, SIGKILL)
                var status: Int32 = 0
                waitpid(pid, &status, 0)
            }
        }

        // A takes the account and syncs what is there; B finds it held and waits.
        let a = try worker("a.err")
        running.append(a)
        var deadline = Date().addingTimeInterval(30)
        while count() < 2, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        try #require(count() == 2, "worker A synced nothing: \(stderr("a.err"))")
        let b = try worker("b.err")
        running.append(b)
        deadline = Date().addingTimeInterval(15)
        while !stderr("b.err").contains("held by another worker"), Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        try #require(stderr("b.err").contains("account support is held by another worker"), "\(stderr("b.err"))")

        // 2,000 messages arrive; A is killed with -9 while it is pulling them.
        let appending = DispatchGroup()
        nonisolated(unsafe) var appendError: (any Error)?
        OwnThread.start(appending) {
            do {
                try IMAPSyncTests.append(server, IMAPSyncTests.messages(Self.appended, prefix: "burst"))
            } catch {
                appendError = error
            }
        }
        deadline = Date().addingTimeInterval(60)
        while count() < 2 + 200, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        #expect(count() >= 2 + 200, "worker A pulls the new mail")
        kill(a, SIGKILL)
        var status: Int32 = 0
        waitpid(a, &status, 0)
        running.removeAll { $0 == a }
        let killed = Date()
        let atKill = count()
        #expect(atKill < 2 + Self.appended, "A had stored everything before it was killed: nothing to take over")
        deadline = killed.addingTimeInterval(10)
        while !stderr("b.err").contains("took over"), Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(stderr("b.err").contains("account support: took over"), "\(stderr("b.err"))")
        #expect(Date().timeIntervalSince(killed) <= 10, "B did not take over within 10 s of kill -9")
        appending.wait()
        #expect(appendError == nil, "\(String(describing: appendError))")

        // B carries on: every message arrives, each once.
        deadline = Date().addingTimeInterval(180)
        while count() < 2 + Self.appended, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        Thread.sleep(forTimeInterval: 1)
        let (total, distinct) = try db.snapshot { c in
            (
                try c.value(Int.self, "SELECT count(*) FROM message") ?? 0,
                try c.value(Int.self, "SELECT count(DISTINCT message_id) FROM message") ?? 0
            )
        }
        #expect(total == 2 + Self.appended, "A stored \(atKill) before kill -9; B: \(stderr("b.err").suffix(500))")
        #expect(distinct == total, "a message stored twice")
        #expect(waitpid(b, &status, WNOHANG) == 0, "worker B ended: \(stderr("b.err").suffix(500))")
    }
}
