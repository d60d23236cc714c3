import Foundation
import GRDB
@testable import InboxCore
import InboxTestSupport
import Logging
import Synchronization
import Testing

@testable import InboxMail

/// IMAP sync against a real Dovecot on 127.0.0.1, started and stopped by each test.
@Suite(.serialized, .enabled(if: DovecotServer.isAvailable)) struct IMAPSyncTests {
    static func messages(_ count: Int, prefix: String = "m") -> [[UInt8]] {
        (0..<count).map { i in
            Array(
                MailFactory.message(
                    id: "\(prefix)\(i)@imap.test", from: "Customer \(i) <c\(i)@example.com>",
                    subject: "Order \(prefix)\(i)",
                    body: "Hello \(i)\nwhere is my parcel?\n"
                ).replacingOccurrences(of: "\n", with: "\r\n").utf8)
        }
    }

    static func account(
        _ server: DovecotServer, security: IMAPEndpoint.Security = .none, caFile: String? = nil,
        password: String = DovecotServer.password, mechanism: IMAPSession.Mechanism = .automatic
    ) -> IMAPAccount {
        let port = security == .implicit ? server.tlsPort! : server.port
        return IMAPAccount(
            name: "support",
            endpoint: IMAPEndpoint(
                host: security == .none ? "127.0.0.1" : "localhost", port: port, security: security, caFile: caFile,
                connectTimeout: 5, responseTimeout: 20),
            user: DovecotServer.user, password: password, mechanism: mechanism)
    }

    static func count(_ db: AppDatabase) throws -> Int {
        try db.snapshot { try $0.value(Int.self, "SELECT count(*) FROM message")! }
    }

    static func distinctIDs(_ db: AppDatabase) throws -> Int {
        try db.snapshot { try $0.value(Int.self, "SELECT count(DISTINCT message_id) FROM message")! }
    }

    /// APPENDs messages over IMAP with the client's own session (literals included).
    static func append(_ server: DovecotServer, _ messages: [[UInt8]], folder: String = "INBOX") throws {
        let session = try IMAPSession.open(account(server).endpoint)
        defer { session.logout() }
        try session.login(user: DovecotServer.user, password: DovecotServer.password)
        for m in messages {
            try session.run([.text("APPEND "), IMAPSession.mailbox(folder), .text(" "), .literal(m)])
        }
    }

    /// A Dovecot server holding `count` of ``messages(_:prefix:)``, started (the caller stops
    /// it), and an empty in-memory store to sync into.
    static func serverAndStore(seeding count: Int) throws -> (DovecotServer, AppDatabase) {
        let server = try DovecotServer()
        try server.seed(messages(count))
        try server.start()
        do {
            return (server, try AppDatabase.inMemory())
        } catch {
            server.stop()
            throw error
        }
    }

    func syncer(_ db: AppDatabase, batch: Int = 500, attempts: Int = 6, backoff: Double = 0.2) throws -> IMAPSyncer {
        try IMAPSyncer(
            database: db, config: InboxConfig(), batchSize: batch, maxAttempts: attempts, backoffBase: backoff)
    }

    /// On both engines: `inbox sync` (one pass) runs on PostgreSQL too (issue 22).
    @Test(arguments: EngineStore.engines) func syncIntoEmptyStoreThenAppendTenMore(_ engine: StoreEngineKind) throws {
        let server = try DovecotServer()
        try server.seed(Self.messages(25))
        try server.start()
        defer { server.stop() }
        let store = try EngineStore.make(engine, "imap-sync")
        let db = try store.open()
        let syncer = try syncer(db, batch: 10)
        let first = syncer.sync(Self.account(server))
        #expect(first.failures.isEmpty, "\(first.failures)")
        #expect(first.summary.new == 25)
        #expect(try Self.count(db) == 25)
        let state = try #require(try db.imapState(account: "support", folder: "INBOX"))
        #expect(state.lastUID == 25)
        #expect(state.highestModSeq != nil)

        let again = syncer.sync(Self.account(server))
        #expect(again.summary.messages == 0)

        try Self.append(server, Self.messages(10, prefix: "new"))
        let third = syncer.sync(Self.account(server))
        #expect(third.failures.isEmpty, "\(third.failures)")
        #expect(third.summary.messages == 10 && third.summary.new == 10)
        #expect(try Self.count(db) == 35)
        // The server's messages are untouched (no \Seen, nothing moved).
        let session = try IMAPSession.open(Self.account(server).endpoint)
        defer { session.logout() }
        try session.login(user: DovecotServer.user, password: DovecotServer.password)
        _ = try session.select("INBOX", readOnly: true)
        var seen: [UInt32] = []
        try session.run([.text("UID SEARCH SEEN")]) { if case .search(let l) = $0 { seen += l } }
        #expect(seen.isEmpty)
    }

    @Test func uidValidityResetAddsNoDuplicates() throws {
        let (server, db) = try Self.serverAndStore(seeding: 12)
        defer { server.stop() }
        let syncer = try syncer(db)
        #expect(syncer.sync(Self.account(server)).summary.new == 12)
        let before = try #require(try db.imapState(account: "support", folder: "INBOX"))
        server.stop()
        try server.resetUIDValidity()
        try server.seed(Self.messages(3, prefix: "after"), prefix: "after")
        try server.start()
        let result = syncer.sync(Self.account(server))
        #expect(result.failures.isEmpty, "\(result.failures)")
        #expect(result.summary.new == 3)
        #expect(result.summary.duplicates == 12)
        #expect(try Self.count(db) == 15)
        #expect(try Self.distinctIDs(db) == 15)
        let after = try #require(try db.imapState(account: "support", folder: "INBOX"))
        #expect(after.uidValidity != before.uidValidity)
    }

    @Test func serverStoppedMidFetchResumesWithoutDuplicates() throws {
        let (server, db) = try Self.serverAndStore(seeding: 3000)
        defer { server.stop() }
        let syncer = try syncer(db, batch: 50, attempts: 20, backoff: 0.2)
        let outcome = Locked<IMAPSyncer.Result?>(nil)
        let account = Self.account(server)
        let thread = Thread { outcome.value.withLock { $0 = syncer.sync(account) } }
        thread.start()
        // Wait for the first committed batches, then pull the plug while the fetch runs.
        let deadline = Date().addingTimeInterval(30)
        while try Self.count(db) < 50, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        server.stop()
        let atStop = try Self.count(db)
        Thread.sleep(forTimeInterval: 0.5)
        try server.start()
        while outcome.value.withLock({ $0 == nil }), Date() < deadline.addingTimeInterval(60) {
            Thread.sleep(forTimeInterval: 0.05)
        }
        let result = try #require(outcome.value.withLock { $0 })
        #expect(atStop < 3000, "the sync finished before the server stopped")
        #expect(result.failures.isEmpty, "\(result.failures)")
        #expect(result.retries >= 1)
        #expect(try Self.count(db) == 3000)
        #expect(try Self.distinctIDs(db) == 3000)
        #expect(result.summary.duplicates == 0)
        // A second sync finds nothing new.
        #expect(syncer.sync(account).summary.messages == 0)
    }

    @Test func stoppedServerGivesUpWithAClearError() throws {
        let server = try DovecotServer()
        let db = try AppDatabase.inMemory()
        let result = try syncer(db, attempts: 2, backoff: 0.05).sync(Self.account(server))
        #expect(result.failures.count == 1)
        #expect(result.failures[0].contains("account support"))
        #expect(result.failures[0].contains("Cannot connect to 127.0.0.1:\(server.port)"))
    }

    @Test func wrongPasswordIsOneClearError() throws {
        let server = try DovecotServer()
        try server.start()
        defer { server.stop() }
        let db = try AppDatabase.inMemory()
        for mechanism in [IMAPSession.Mechanism.plain, .login] {
            let result = try syncer(db).sync(Self.account(server, password: "wrong", mechanism: mechanism))
            #expect(result.failures.count == 1)
            #expect(result.fatal)
            #expect(result.retries == 0)
            #expect(result.failures[0].contains("refused the login of \(DovecotServer.user)"), "\(result.failures)")
            #expect(!result.failures[0].contains("wrong"))
        }
    }

    @Test func loginMechanismsBothWork() throws {
        let (server, db) = try Self.serverAndStore(seeding: 2)
        defer { server.stop() }
        let result = try syncer(db).sync(Self.account(server, mechanism: .login))
        #expect(result.failures.isEmpty, "\(result.failures)")
        #expect(result.summary.new == 2)
    }

    @Test func starttlsAndImplicitTLSWithCAFile() throws {
        let server = try DovecotServer(tls: true)
        try server.seed(Self.messages(5))
        try server.start()
        defer { server.stop() }
        for security in [IMAPEndpoint.Security.starttls, .implicit] {
            let db = try AppDatabase.inMemory()
            let result = try syncer(db).sync(Self.account(server, security: security, caFile: server.caFile))
            #expect(result.failures.isEmpty, "\(security): \(result.failures)")
            #expect(try Self.count(db) == 5)
        }
    }

    @Test func selfSignedCertificateWithoutCAFileIsRefused() throws {
        let server = try DovecotServer(tls: true)
        try server.start()
        defer { server.stop() }
        for security in [IMAPEndpoint.Security.implicit, .starttls] {
            let db = try AppDatabase.inMemory()
            let result = try syncer(db).sync(Self.account(server, security: security))
            #expect(result.failures.count == 1)
            #expect(result.retries == 0)
            #expect(result.failures.first?.contains("is not trusted") == true, "\(result.failures)")
            #expect(result.failures.first?.contains("ca_file") == true)
        }
    }

    @Test func plaintextOnlyToLoopback() throws {
        let endpoint = IMAPEndpoint(host: "imap.example.com", port: 143, security: .none)
        #expect {
            try IMAPSession.open(endpoint)
        } throws: { error in
            (error as? IMAPError)?.kind == .config && "\(error)".contains("loopback")
        }
    }

    @Test func missingFolderIsNamedAndOthersGoOn() throws {
        let (server, db) = try Self.serverAndStore(seeding: 4)
        defer { server.stop() }
        var account = Self.account(server)
        account.folders = ["Nope", "INBOX"]
        let result = try syncer(db).sync(account)
        #expect(result.summary.new == 4)
        #expect(result.failures.count == 1)
        #expect(
            result.failures.first?.contains("account support, folder Nope: EXAMINE \"Nope\"") == true,
            "\(result.failures)")
    }

    @Test func afterImportSeenAndMove() throws {
        let (server, db) = try Self.serverAndStore(seeding: 6)
        defer { server.stop() }
        var account = Self.account(server)
        account.afterImport = .seen
        #expect(try syncer(db, batch: 4).sync(account).summary.new == 6)
        let session = try IMAPSession.open(account.endpoint)
        defer { session.logout() }
        try session.login(user: DovecotServer.user, password: DovecotServer.password)
        _ = try session.select("INBOX", readOnly: true)
        var seen: [UInt32] = []
        try session.run([.text("UID SEARCH SEEN")]) { if case .search(let l) = $0 { seen += l } }
        #expect(seen.count == 6)

        try Self.append(server, Self.messages(2, prefix: "mv"))
        account.afterImport = .move("Archive")
        #expect(try syncer(db).sync(account).summary.new == 2)
        let status = try session.select("Archive", readOnly: true)
        #expect(status.exists == 2)
    }

    @Test func watchDeliversNewMailWithinTwoSeconds() throws {
        let (server, db) = try Self.serverAndStore(seeding: 3)
        defer { server.stop() }
        let syncer = try syncer(db)
        let stop = Locked<Bool>(false)
        let account = Self.account(server)
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            syncer.watch(account, stop: { stop.value.withLock { $0 } }) { _ in }
            finished.signal()
        }
        thread.start()
        var deadline = Date().addingTimeInterval(10)
        while try Self.count(db) < 3, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        Thread.sleep(forTimeInterval: 0.3)  // let it enter IDLE
        try Self.append(server, Self.messages(1, prefix: "live"))
        let appended = Date()
        deadline = appended.addingTimeInterval(2)
        while try Self.count(db) < 4, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        let latency = Date().timeIntervalSince(appended)
        #expect(try Self.count(db) == 4, "not in the database \(latency) s after APPEND")
        stop.value.withLock { $0 = true }
        // Wake the IDLE so the watch sees the stop flag.
        try Self.append(server, Self.messages(1, prefix: "wake"))
        #expect(finished.wait(timeout: .now() + 10) == .success)
    }
}

/// A value shared with a thread.
final class Locked<T: Sendable>: Sendable {
    let value: Mutex<T>
    init(_ initial: T) { value = Mutex(initial) }
}
