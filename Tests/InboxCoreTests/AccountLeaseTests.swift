import Foundation
import InboxTestSupport
import Testing

@testable import InboxCore

/// The account lease of `inbox sync --watch` workers (issue 22, "Workers on several hosts"):
/// one holder per account, and another worker takes over within 10 s of the holder's end,
/// even a `kill -9`.
@Suite struct AccountLeaseTests {
    /// Waits, as a sync worker does, for `lease` to take its account; returns the seconds it took.
    static func takeOver(_ lease: AccountLease, within seconds: Double = 10) -> Double? {
        let started = Date()
        let got = lease.acquire(stop: { Date().timeIntervalSince(started) > seconds }, waiting: { _ in })
        return got ? Date().timeIntervalSince(started) : nil
    }

    /// Until `probe` finds the account held by someone else (a child process that takes it).
    static func waitUntilHeldElsewhere(_ probe: AccountLease) throws {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if try !probe.tryAcquire() { return }
            probe.release()
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("the child process never took the account")
    }

    @Test(arguments: EngineStore.engines) func oneHolderPerAccountAndATakeOverWhenItLetsGo(_ engine: StoreEngineKind)
        throws
    {
        let store = try EngineStore.make(engine, "lease")
        let (hostA, hostB) = (try store.open(), try store.open())
        let a = hostA.accountLease(account: "support")
        let b = hostB.accountLease(account: "Support")
        #expect(try a.tryAcquire())
        #expect(try a.tryAcquire(), "taking it again is a no-op")
        #expect(try !b.tryAcquire(), "the same account, named in another case")
        #expect(a.isStillHeld() && !b.isStillHeld())
        let other = hostB.accountLease(account: "sales")
        #expect(try other.tryAcquire(), "another account is free")
        other.release()

        a.release()
        let took = try #require(Self.takeOver(b))
        #expect(took < 10)
        #expect(b.isStillHeld())
        #expect(try !a.tryAcquire())
        b.release()
    }

    /// The holder's session ends without a word (its host crashed, an administrator ended it):
    /// PostgreSQL frees the lock, the waiting worker takes it, and the old holder learns it lost it.
    @Test(.enabled(if: PostgresServer.skipReason == nil)) func aDeadSessionFreesTheAccountOnPostgreSQL() throws {
        let store = try EngineStore.make(.postgresql, "lease-dead")
        let a = try store.open().accountLease(account: "support")
        let b = try store.open().accountLease(account: "support")
        #expect(try a.tryAcquire())
        #expect(try !b.tryAcquire())
        let admin = try PostgresConnection(url: store.location)
        defer { admin.close() }
        let ended = try admin.execute(
            """
            SELECT pg_terminate_backend(pid) FROM pg_locks
            WHERE locktype = 'advisory' AND granted
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """)
        #expect(ended.rows.count == 1)
        let took = try #require(Self.takeOver(b))
        #expect(took < 10)
        Thread.sleep(forTimeInterval: AccountLease.checkInterval + 0.1)
        #expect(!a.isStillHeld(), "the old holder notices its session is gone")
        #expect(b.isStillHeld())
    }

    /// A separate process holds the account (`psql` taking the same advisory lock) and is
    /// killed with -9: the other takes over within 10 s.
    @Test(.enabled(if: PostgresServer.skipReason == nil && FileManager.default.fileExists(atPath: Self.psql)))
    func aKilledHolderProcessHandsOverWithinTenSecondsOnPostgreSQL() throws {
        let store = try EngineStore.make(.postgresql, "lease-kill")
        let key = AccountLease.key(account: "support")
        // In pg_sleep the server notices a vanished client only by checking for it.
        try Self.killedHolderHandsOver(
            store,
            holder: [
                Self.psql, "-X", "-q", "-d", store.location, "-c", "SET client_connection_check_interval = 200",
                "-c", "SELECT pg_advisory_lock(\(key))", "-c", "SELECT pg_sleep(600)",
            ])
    }

    /// The same on SQLite: a child process holds the lock file with `flock` and is killed with -9.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/bin/flock")))
    func aKilledHolderProcessHandsOverWithinTenSecondsOnSQLite() throws {
        let store = try EngineStore.make(.sqlite, "lease-flock")
        let file = AccountLease.lockFile(store: store.location, account: "support")
        #expect(file.hasPrefix(store.location + ".sync-support-") && file.hasSuffix(".lock"))
        // The shell opens the file, flock(1) locks it, and the shell becomes `sleep` holding it.
        try Self.killedHolderHandsOver(
            store, holder: ["/bin/sh", "-c", "exec 9>>\"$0\" && /usr/bin/flock 9 && exec sleep 600", file],
            location: file)
    }

    /// Starts `holder`, a process that takes the account "support" of `store` and keeps it,
    /// kills it with -9 once it holds it, and expects a lease to take the account within 10 s.
    static func killedHolderHandsOver(_ store: EngineStore, holder: [String], location: String? = nil) throws {
        let pid = try DovecotServer.spawn(holder)
        var reaped = false
        defer {
            if !reaped {
                kill(pid, SIGKILL)
                var status: Int32 = 0
                waitpid(pid, &status, 0)
            }
        }
        let lease = try store.open().accountLease(account: "support")
        try waitUntilHeldElsewhere(lease)
        #expect(try !lease.tryAcquire())
        if let location { #expect(lease.location == location) }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        reaped = true
        let took = try #require(takeOver(lease), "not taken over within 10 s of kill -9")
        #expect(took < 10)
        lease.release()
    }

    @Test func keysAndFilesAreStableAndIgnoreCase() {
        #expect(AccountLease.key(account: "Support") == AccountLease.key(account: "support"))
        #expect(AccountLease.key(account: "support") != AccountLease.key(account: "sales"))
        let odd = AccountLease.lockFile(store: "/x/inbox.sqlite", account: "Łódź / Zoë")
        #expect(odd.hasPrefix("/x/inbox.sqlite.sync-dzo-") && !odd.dropFirst(3).contains("/"))
    }

    static let psql = PostgresServer.bin + "/psql"
}
