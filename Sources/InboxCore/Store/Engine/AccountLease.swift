import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One `inbox sync --watch` worker's hold on a mail account (issue 22, "Workers on several
/// hosts"; docs/team.md): while one worker holds it, the others leave the account alone, and
/// when the holder dies one of them takes over.
///
/// - PostgreSQL: a session-level advisory lock, `pg_try_advisory_lock(key)` with ``key(account:)``
///   (from a hash of the account's name), on a connection of its own kept for the life of the
///   lease. When the holder dies, even by `kill -9` or with its host, its session ends and
///   PostgreSQL frees the lock; a lost session (a network cut) is noticed by ``isStillHeld()``.
/// - SQLite (one machine): an exclusive `flock` on a lock file beside the database
///   (``lockFile(store:account:)``), freed by the kernel when the holder dies. An in-memory
///   store has no other process to share with: its lease is always held.
///
/// The same API on both; a worker that does not hold the account tries again every
/// ``retryInterval`` seconds (``acquire(stop:waiting:)``), so it takes over well within 10 s.
/// Thread-safe.
public final class AccountLease: Sendable {
    /// Seconds between two tries of a worker waiting for an account.
    public static let retryInterval: Double = 2
    /// Seconds a PostgreSQL session checked alive is trusted before ``isStillHeld()`` asks again.
    static let checkInterval: Double = 2

    /// The account's name, as in the config.
    public let account: String

    private enum Holder: Sendable {
        case postgresql(PostgresLogin, key: Int64)
        case file(String)
        case memory
    }

    private struct State: Sendable {
        var connection: PostgresConnection?
        var fd: Int32 = -1
        var held = false
        var lastCheck: ContinuousClock.Instant?
    }

    private let holder: Holder
    private let state = Mutex(State())

    init(_ database: AppDatabase, account: String) {
        self.account = account
        switch database.storage {
        case .postgresql(let pool):
            holder = .postgresql(pool.login, key: Self.key(account: account))
        case .sqlite(let writer, _):
            let path = writer.path
            holder = path.isEmpty || path == ":memory:" ? .memory : .file(Self.lockFile(store: path, account: account))
        }
    }

    deinit { release() }

    /// The advisory lock's key for `account` on PostgreSQL: the first 8 bytes of SHA-256 of
    /// `inbox sync account ` and the name in lower case (account names are matched without case).
    public static func key(account: String) -> Int64 {
        let hex = RawDigest.sha256Hex(Array(("inbox sync account " + account.lowercased()).utf8))
        return Int64(bitPattern: UInt64(hex.prefix(16), radix: 16) ?? 0)
    }

    /// The lock file of `account` beside the SQLite store at `store`:
    /// `inbox.sqlite.sync-<name>-<hash>.lock` (the name's letters and digits, and the key's first hex
    /// digits, so two names that differ only in punctuation do not share a file).
    public static func lockFile(store: String, account: String) -> String {
        let kept = account.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        let name = String(String.UnicodeScalarView(kept.prefix(40)))
        let hash = String(UInt64(bitPattern: key(account: account)) >> 32, radix: 16)
        return "\(store).sync-\(name)-\(hash).lock"
    }

    /// Where the lease lives, for messages: the lock file, or the database's masked URL.
    public var location: String {
        switch holder {
        case .postgresql(let login, let key): "advisory lock \(key) on \(PostgresURL.masked(login.url))"
        case .file(let path): path
        case .memory: "memory"
        }
    }

    /// Tries once to take the account; true when this lease holds it (now, or already).
    /// - Throws: when the database cannot be reached (PostgreSQL) or the lock file cannot be
    ///   opened (SQLite); a holder elsewhere is not an error but `false`.
    public func tryAcquire() throws -> Bool {
        try state.withLock { state in
            if state.held { return true }
            switch holder {
            case .memory:
                state.held = true
            case .file(let path):
                if state.fd < 0 {
                    let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
                    guard fd >= 0 else {
                        throw InboxError(
                            .io,
                            "Cannot open the sync lock file \(path): \(String(cString: strerror(errno))) (the database's folder must be writable)"
                        )
                    }
                    state.fd = fd
                }
                state.held = flock(state.fd, LOCK_EX | LOCK_NB) == 0
            case .postgresql(let login, let key):
                if state.connection == nil || state.connection?.isHealthy == false {
                    state.connection?.close()
                    let connection = try login.connect()
                    // The server drops the session, and with it the lock, when the holder's host
                    // dies: its TCP keepalive asks after 5 s idle, every 2 s, 3 times (the
                    // default waits two hours). A Unix socket ignores these.
                    _ = try connection.execute(
                        "SELECT set_config('tcp_keepalives_idle', '5', false), set_config('tcp_keepalives_interval', '2', false), set_config('tcp_keepalives_count', '3', false)"
                    )
                    state.connection = connection
                }
                do {
                    let got = try state.connection!.execute("SELECT pg_try_advisory_lock($1)", [.int(key)]).scalar
                    state.held = got?.int == 1
                } catch {
                    state.connection?.close()
                    state.connection = nil
                    throw error
                }
                state.lastCheck = .now
            }
            return state.held
        }
    }

    /// Takes the account, trying again every ``retryInterval`` seconds while another worker holds
    /// it (or the database cannot be reached), until it is held (true) or `stop` says so (false).
    /// `waiting` is called once per failed try, with the error when the try failed.
    public func acquire(stop: () -> Bool, waiting: (_ error: (any Error)?) -> Void) -> Bool {
        while !stop() {
            do {
                if try tryAcquire() { return true }
                waiting(nil)
            } catch {
                waiting(error)
            }
            let until = Date().addingTimeInterval(Self.retryInterval)
            while !stop(), Date() < until { Thread.sleep(forTimeInterval: 0.1) }
        }
        return false
    }

    /// Whether the lease still holds the account. On PostgreSQL the session is asked at most
    /// every ``checkInterval`` seconds; a lost session means the lock is gone (another worker
    /// may hold it already), and the lease no longer holds it.
    public func isStillHeld() -> Bool {
        state.withLock { state in
            guard state.held else { return false }
            guard case .postgresql = holder, let connection = state.connection else { return true }
            if let last = state.lastCheck, ContinuousClock.now - last < .seconds(Self.checkInterval) { return true }
            state.lastCheck = .now
            if (try? connection.execute("SELECT 1")) != nil { return true }
            connection.close()
            state.connection = nil
            state.held = false
            return false
        }
    }

    /// Gives the account up (another worker takes it on its next try).
    public func release() {
        state.withLock { state in
            switch holder {
            case .postgresql(_, let key):
                if state.held, let connection = state.connection {
                    _ = try? connection.execute("SELECT pg_advisory_unlock($1)", [.int(key)])
                }
                state.connection?.close()
                state.connection = nil
            case .file:
                if state.fd >= 0 { close(state.fd) }
                state.fd = -1
            case .memory:
                break
            }
            state.held = false
        }
    }
}

extension AppDatabase {
    /// A lease on `account` for a sync worker, not yet taken (see ``AccountLease``).
    public func accountLease(account: String) -> AccountLease { AccountLease(self, account: account) }
}
