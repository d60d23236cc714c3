import Foundation
import GRDB
@testable import InboxCore
import InboxTestSupport
import Testing

@testable import InboxMail

/// A second, different IMAP server (pymap, pure Python, from PyPI via `make pymap`): keeps the
/// client honest about server variation (different capabilities, no CONDSTORE, other formats).
@Suite(.serialized, .enabled(if: PymapServer.isAvailable)) struct IMAPPymapTests {
    static func account(_ server: PymapServer) -> IMAPAccount {
        IMAPAccount(
            name: "pymap",
            endpoint: IMAPEndpoint(
                host: "127.0.0.1", port: server.port, security: .none, connectTimeout: 5, responseTimeout: 20),
            user: PymapServer.user, password: PymapServer.password)
    }

    @Test func syncFromPymapThenAppend() throws {
        let server = try PymapServer()
        defer { server.stop() }
        let db = try AppDatabase.inMemory()
        let syncer = try IMAPSyncer(database: db, config: InboxConfig(), batchSize: 2, backoffBase: 0.1)
        let first = syncer.sync(Self.account(server))
        #expect(first.failures.isEmpty, "\(first.failures)")
        #expect(first.summary.messages > 0)
        let stored = try db.writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM message")! }
        #expect(stored == first.summary.new)
        #expect(syncer.sync(Self.account(server)).summary.messages == 0)

        let session = try IMAPSession.open(Self.account(server).endpoint)
        try session.login(user: PymapServer.user, password: PymapServer.password)
        for i in 0..<3 {
            let m = MailFactory.message(id: "pymap\(i)@imap.test", subject: "Pymap \(i)")
                .replacingOccurrences(of: "\n", with: "\r\n")
            try session.run([.text("APPEND INBOX "), .literal(Array(m.utf8))])
        }
        session.logout()
        let second = syncer.sync(Self.account(server))
        #expect(second.failures.isEmpty, "\(second.failures)")
        #expect(second.summary.new == 3)
    }

    @Test func wrongPasswordOnPymap() throws {
        let server = try PymapServer()
        defer { server.stop() }
        var account = Self.account(server)
        account.password = "nope"
        let db = try AppDatabase.inMemory()
        let result = try IMAPSyncer(database: db, config: InboxConfig()).sync(account)
        #expect(result.failures.count == 1 && result.fatal, "\(result.failures)")
        #expect(result.failures.first?.contains("refused the login") == true)
    }
}

/// pymap's in-memory server with its demo data, on a free port of 127.0.0.1.
final class PymapServer: @unchecked Sendable {
    // `process` is set once in init and read by the owning test only.
    static let user = "demouser"
    static let password = "demopass"
    static var executable: String { TestPaths.root + "/.build/pymap-venv/bin/pymap" }
    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: executable) }

    let port: Int
    private let process: HelperProcess

    init() throws {
        port = try DovecotServer.freePort()
        // Spawned with no blocked signals, so that SIGTERM stops it (see DovecotServer.spawn).
        process = try HelperProcess([
            Self.executable, "--host", "127.0.0.1", "--port", "\(port)", "--no-tls", "dict", "--demo-data",
        ])
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if DovecotServer.canConnect(port) { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        stop()
        throw HarnessError("pymap did not start on port \(port)")
    }

    func stop() { process.stop() }
}
