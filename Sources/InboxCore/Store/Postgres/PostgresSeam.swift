import Foundation
import GRDB
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// PostgreSQL's side of the store seam (``StoreConnection``): the store's statements are
/// written with `?` placeholders, as SQLite takes them; here they become `$1…$n`, the values
/// GRDB's `DatabaseValue`s, and the results GRDB `Row`s.
extension PostgresConnection: StoreConnection {
    var engineKind: StoreEngineKind { .postgresql }

    @discardableResult
    func exec(_ sql: String, _ arguments: StoreArguments) throws -> Int {
        try execute(PostgresSQL.numbered(sql, count: arguments.values.count), arguments.postgresValues).affected
    }

    func rows(_ sql: String, _ arguments: StoreArguments) throws -> [Row] {
        try execute(PostgresSQL.numbered(sql, count: arguments.values.count), arguments.postgresValues).storeRows
    }

    func column(_ sql: String, _ arguments: StoreArguments) throws -> [DatabaseValue] {
        try execute(PostgresSQL.numbered(sql, count: arguments.values.count), arguments.postgresValues).firstColumn
    }

    /// One of the store's hot statements (``StoreConnection/execHot(_:_:)`` and its
    /// siblings): prepared once per connection, its `?` numbered once, as SQLite's statement
    /// cache keeps them (an import runs each for every message).
    func prepared(_ sql: String, _ arguments: StoreArguments) throws -> PostgresResult {
        try executePrepared(key: sql, arguments.postgresValues) {
            try PostgresSQL.numbered(sql, count: arguments.values.count)
        }
    }
}

extension PostgresResult {
    /// The rows as GRDB `Row`s, keyed by column name.
    var storeRows: [Row] {
        rows.map { values in
            Row(
                Dictionary(
                    zip(columns, values.map { $0.databaseValue as (any DatabaseValueConvertible)? }),
                    uniquingKeysWith: { first, _ in first }))
        }
    }

    /// The first column of every row.
    var firstColumn: [DatabaseValue] {
        rows.map { $0.first?.databaseValue ?? .null }
    }
}

extension StoreArguments {
    var postgresValues: [PostgresValue] {
        values.map { value in
            switch value.storage {
            case .null: .null
            case .int64(let v): .int(v)
            case .double(let v): .double(v)
            case .string(let s): .text(s)
            case .blob(let d): .bytes([UInt8](d))
            }
        }
    }
}

extension PostgresValue {
    /// The value as GRDB carries it: `bytea` as `Data`, booleans already 0/1 integers.
    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .int(let v): v.databaseValue
        case .double(let v): v.databaseValue
        case .text(let s): s.databaseValue
        case .bytes(let b): Data(b).databaseValue
        }
    }
}

enum PostgresSQL {
    /// `sql` with its `?` placeholders numbered `$1…$n` for PostgreSQL. A `?` inside a string
    /// literal (`'…'`), a quoted identifier (`"…"`) or a comment stays as it is.
    /// - Throws: when the statement has not `count` placeholders (a store bug, named).
    static func numbered(_ sql: String, count: Int) throws -> String {
        var out: [UInt8] = []
        out.reserveCapacity(sql.utf8.count + 8)
        let bytes = Array(sql.utf8)
        var n = 0
        var i = 0
        func copy(until end: Int) {
            out.append(contentsOf: bytes[i..<min(end, bytes.count)])
            i = min(end, bytes.count)
        }
        func index(of terminator: [UInt8], from start: Int) -> Int {
            var j = start
            while j + terminator.count <= bytes.count {
                if Array(bytes[j..<j + terminator.count]) == terminator { return j + terminator.count }
                j += 1
            }
            return bytes.count
        }
        while i < bytes.count {
            let c = bytes[i]
            let next = i + 1 < bytes.count ? bytes[i + 1] : 0
            switch c {
            case UInt8(ascii: "'"):
                // '' inside a literal is a quote: two literals back to back read the same.
                copy(until: index(of: [UInt8(ascii: "'")], from: i + 1))
            case UInt8(ascii: "\""):
                copy(until: index(of: [UInt8(ascii: "\"")], from: i + 1))
            case UInt8(ascii: "-") where next == UInt8(ascii: "-"):
                copy(until: index(of: [UInt8(ascii: "\n")], from: i + 2))
            case UInt8(ascii: "/") where next == UInt8(ascii: "*"):
                copy(until: index(of: Array("*/".utf8), from: i + 2))
            case UInt8(ascii: "?"):
                n += 1
                out.append(contentsOf: Array("$\(n)".utf8))
                i += 1
            default:
                out.append(c)
                i += 1
            }
        }
        guard n == count else {
            throw InboxError(
                .database,
                "A store statement has \(n) placeholders for \(count) values (report this bug with the statement: \(sql.prefix(120)))"
            )
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Where and as whom the store connects to PostgreSQL: the URL and the password
/// `database_password_command` printed (kept in memory for the pool's next connections,
/// never in the URL, the environment or a message).
struct PostgresLogin: Sendable {
    let url: String
    let password: String?

    /// When the URL holds no password and `passwordCommand` is set, its first output line is
    /// the password; otherwise libpq reads `PGPASSWORD` or `~/.pgpass`.
    init(url: String, passwordCommand: String?) throws {
        self.url = url
        if let passwordCommand, !passwordCommand.isEmpty, !PostgresURL.hasPassword(url) {
            password = try PostgresStore.runPasswordCommand(passwordCommand)
        } else {
            password = nil
        }
    }

    func connect() throws -> PostgresConnection {
        try PostgresConnection(
            url: url, password: password,
            passwordSource: password == nil ? "PGPASSWORD or ~/.pgpass" : "database_password_command")
    }
}

/// The store's connections to one PostgreSQL database, shared by the threads of a process
/// (the CLI, the TUI's loop and its sender): a connection is taken for one transaction and
/// given back. Transactions are `SERIALIZABLE`, so an intention reads and writes as on
/// SQLite's single writer; one PostgreSQL refuses with `40001` (serialization failure) or
/// `40P01` (deadlock) runs again from the start, a bounded number of times.
final class PostgresPool: Sendable {
    let login: PostgresLogin
    private let idle: Mutex<[PostgresConnection]>

    /// Connections kept open between transactions.
    static let keptIdle = 4
    /// Tries of a transaction PostgreSQL refuses as conflicting, before the error is the caller's.
    static let maxAttempts = 30
    /// SQLSTATEs after which the whole transaction runs again.
    static let retriedStates: Set<String> = ["40001", "40P01"]
    /// Tries after which a refused write transaction runs alone (``transaction(readOnly:_:)``).
    static let triesBeforeAlone = 3
    /// The advisory lock (two-key form, apart from the store's one-key locks) every write
    /// transaction takes shared, and one that was refused ``triesBeforeAlone`` times exclusive.
    static let writersLock = "1768842338, 22"

    /// Connects (the first connection migrates the database under an advisory lock).
    init(login: PostgresLogin) throws {
        self.login = login
        let first = try login.connect()
        try PostgresStore(connection: first).migrate()
        idle = Mutex([first])
    }

    /// The URL with its password masked.
    var maskedURL: String { PostgresURL.masked(login.url) }

    /// Runs `body` in one transaction on a connection of the pool: committed when it returns,
    /// rolled back when it throws; run again on a serialization failure or deadlock.
    /// `readOnly`: a consistent snapshot (`REPEATABLE READ READ ONLY`), as SQLite's readers see.
    ///
    /// A write transaction refused ``triesBeforeAlone`` times runs alone from then on: it waits
    /// for the writers under way and holds new ones back (``writersLock``, taken exclusive
    /// before its snapshot), so no concurrent writer can make it a serialization failure's
    /// victim again. Without that an import's batch, long beside agents' small changes, was
    /// refused 30 times in a row and the import failed (LockLoadTests' scenario, by hand).
    func transaction<T>(readOnly: Bool = false, _ body: (PostgresConnection) throws -> T) throws -> T {
        let connection = try take()
        defer { giveBack(connection) }
        let begin =
            readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN ISOLATION LEVEL SERIALIZABLE"
        var attempt = 0
        var alone = false
        var shared = false
        defer {
            // A lock the server did not let go of would stay with the pooled connection and hold
            // every other writer back: such a connection is closed (the server then frees it).
            if alone, (try? connection.execute("SELECT pg_advisory_unlock(\(Self.writersLock))").scalar?.int) != 1 {
                connection.close()
            }
            if shared,
                (try? connection.execute("SELECT pg_advisory_unlock_shared(\(Self.writersLock))").scalar?.int) != 1
            {
                connection.close()
            }
        }
        while true {
            attempt += 1
            do {
                // Both locks session-level, before BEGIN: the transaction's snapshot is taken by its
                // first statement, so a writer that waited for one running alone sees its commit
                // (inside the transaction the wait came after the snapshot, and the change it
                // waited for made it a serialization failure in turn).
                if !readOnly && !alone && attempt > Self.triesBeforeAlone {
                    if shared {
                        shared = false
                        try connection.execute("SELECT pg_advisory_unlock_shared(\(Self.writersLock))")
                    }
                    try Self.takeWritersLockAlone(connection)  // at most aloneWait s: PostgresWritersLock.swift
                    alone = true
                }
                if !readOnly && !alone && !shared {
                    try connection.execute("SELECT pg_advisory_lock_shared(\(Self.writersLock))")
                    shared = true
                }
                try connection.execute(begin)
                let value = try body(connection)
                try connection.execute("COMMIT")
                return value
            } catch {
                let state = connection.lastErrorState
                // Not after a failed COMMIT, which ended the transaction (found by LockLoadTests:
                // 24 of 600 agents' changes printed the server's warning).
                connection.rollbackIfOpen()
                guard let state, Self.retriedStates.contains(state) else { throw error }
                guard attempt < Self.maxAttempts else {
                    throw InboxError(
                        .conflict,
                        "PostgreSQL refused the change \(attempt) times as conflicting with other agents' changes (\(error)); try again"
                    )
                }
                // Apart again, at random: two hosts that collided do not collide the same way twice.
                usleep(UInt32.random(in: 500...(2_000 * UInt32(min(attempt, 10)))))
            }
        }
    }

    private func take() throws -> PostgresConnection {
        if let connection = idle.withLock({ $0.popLast() }) { return connection }
        return try login.connect()
    }

    private func giveBack(_ connection: PostgresConnection) {
        guard connection.isHealthy else { return connection.close() }
        let kept = idle.withLock { connections in
            guard connections.count < Self.keptIdle else { return false }
            connections.append(connection)
            return true
        }
        if !kept { connection.close() }
    }
}
