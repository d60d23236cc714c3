import CLibpq
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A value sent to or read from PostgreSQL. Text results are decoded by the column's type:
/// `bigint`/`integer` → ``int``, `double precision` → ``double``, `bytea` → ``bytes``.
public enum PostgresValue: Sendable, Equatable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case bytes([UInt8])

    public var int: Int64? {
        switch self {
        case .int(let v): return v
        case .double(let v): return Int64(exactly: v)
        case .text(let s): return Int64(s)
        default: return nil
        }
    }

    public var double: Double? {
        switch self {
        case .int(let v): return Double(v)
        case .double(let v): return v
        case .text(let s): return Double(s)
        default: return nil
        }
    }

    public var string: String? {
        switch self {
        case .text(let s): return s
        case .int(let v): return String(v)
        case .double(let v): return String(v)
        case .bytes(let b): return String(decoding: b, as: UTF8.self)
        case .null: return nil
        }
    }
}

/// The rows of one statement, every value already decoded.
public struct PostgresResult: Sendable {
    public var columns: [String]
    public var rows: [[PostgresValue]]
    /// Rows inserted, updated or deleted (`PQcmdTuples`); 0 for a query.
    public var affected: Int

    /// The first column of the first row.
    public var scalar: PostgresValue? { rows.first?.first }
}

/// One notification received on a channel this connection listens to.
public struct PostgresNotification: Sendable, Equatable {
    public var channel: String
    public var payload: String
    public var pid: Int32
}

/// A small synchronous PostgreSQL connection over libpq (DESIGN §20): one statement at a
/// time, parameters bound as `$1…$n` (never spliced into SQL), text results decoded by
/// column type, `bytea` both ways in binary, transactions, and LISTEN/NOTIFY polling.
///
/// Synchronous like GRDB, so the store keeps one programming model on both engines. Not
/// thread-safe: one connection per thread (a pool is the store's business).
public final class PostgresConnection: @unchecked Sendable {
    private var handle: OpaquePointer?
    /// The URL with its password masked: the only form that appears in errors and logs.
    public let maskedURL: String
    private let password: String?
    /// The SQLSTATE of the last statement that failed (`40001`, `40P01`…), nil after one that
    /// succeeded: how a transaction knows to run again (``PostgresPool``).
    public private(set) var lastErrorState: String?

    /// libpq's connection (nil once closed), for the change feed's ping (PostgresLiveness.swift).
    var libpqConnection: OpaquePointer? { handle }

    /// Whether the connection is still up (a failed statement leaves it usable; a lost server does not).
    public var isHealthy: Bool {
        guard let handle else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// Whether a transaction is open on the connection, an aborted one included: a COMMIT that
    /// failed (a serialization failure found at commit) has already ended its transaction.
    public var inTransaction: Bool {
        guard let handle else { return false }
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
    }

    /// Rolls back the open transaction, if any: a ROLLBACK outside one draws the server's
    /// "WARNING: there is no transaction in progress", which libpq prints on the user's stderr.
    func rollbackIfOpen() {
        deferred.removeAll()
        if inTransaction { _ = try? execute("ROLLBACK") }
    }

    /// Connects to `url` (`postgresql://user@host:port/db?…`; libpq reads the password from
    /// `PGPASSWORD` or `~/.pgpass` when the URL has none). Without an `sslmode` in the URL,
    /// a host off loopback gets `verify-full` (the server's certificate checked against
    /// `sslrootcert`, default `~/.postgresql/root.crt`) and loopback or a Unix socket `prefer`.
    /// A `password` (from `database_password_command`) goes to libpq as the `password`
    /// keyword of this connection only: never into the URL, the environment or a message.
    /// `passwordSource` names where the password comes from in the error hint.
    public init(
        url: String, password explicitPassword: String? = nil, passwordSource: String = "PGPASSWORD or ~/.pgpass",
        applicationName: String = "inbox"
    ) throws {
        maskedURL = PostgresURL.masked(url)
        let options = try PostgresURL.options(url)
        var keywords: [String] = ["dbname"]
        var values: [String] = [url]
        if let explicitPassword, !explicitPassword.isEmpty {
            password = explicitPassword
            keywords.append("password")
            values.append(explicitPassword)
        } else {
            password = options["password"].flatMap { $0.isEmpty ? nil : $0 }
        }
        if options["sslmode"] == nil {
            keywords.append("sslmode")
            values.append(PostgresURL.isLoopback(options) ? "prefer" : "verify-full")
        }
        if options["application_name"] == nil {
            keywords.append("application_name")
            values.append(applicationName)
        }
        if options["connect_timeout"] == nil {
            keywords.append("connect_timeout")
            values.append("10")
        }
        for (keyword, value) in PostgresURL.defaults(beside: options) {  // keepalives (PostgresURL.swift)
            keywords.append(keyword)
            values.append(value)
        }
        // expand_dbname = 1: the first "dbname" value is the URL itself; later keywords add to it.
        let conn = withCStrings(keywords) { k in
            withCStrings(values) { v in PQconnectdbParams(k, v, 1) }
        }
        handle = conn
        guard let conn, PQstatus(conn) == CONNECTION_OK else {
            let why = conn.map { Self.message(PQerrorMessage($0)) } ?? "out of memory"
            if let conn { PQfinish(conn) }
            handle = nil
            throw InboxError(
                .database,
                "Cannot connect to PostgreSQL at \(maskedURL): \(mask(why)) (check the host, the user and the password in \(passwordSource); off loopback the server's certificate must verify: add ?sslrootcert=FILE or ?sslmode=…)"
            )
        }
        // NOTICEs ("relation already exists, skipping") stay on the server.
        _ = try execute("SET client_min_messages = warning")
    }

    deinit { close() }

    /// Closes the connection; later calls throw.
    public func close() {
        deferred.removeAll()
        if let handle { PQfinish(handle) }
        handle = nil
    }

    /// The server's version as a number (150018 for 15.18).
    public var serverVersion: Int {
        guard let handle else { return 0 }
        return Int(PQserverVersion(handle))
    }

    /// Runs one statement with `$1…$n` parameters. `.bytes` are sent in binary; everything
    /// else as text.
    /// Deferred rows go first (``deferRows(stage:head:group:tail:_:)``).
    @discardableResult
    public func execute(_ sql: String, _ parameters: [PostgresValue] = []) throws -> PostgresResult {
        try writeDeferredRows()
        return try run(sql, parameters)
    }

    private func run(_ sql: String, _ parameters: [PostgresValue]) throws -> PostgresResult {
        guard let handle else { throw InboxError(.database, "The PostgreSQL connection is closed (open it again)") }
        lastErrorState = nil
        return try bound(parameters) { count, pointers, lengths, formats in
            try check(PQexecParams(handle, sql, count, nil, pointers, lengths, formats, 0), handle, sql)
        }
    }

    /// Inserts waiting to be sent (``deferRows(stage:head:group:tail:_:)``), one entry per statement.
    private var deferred: [DeferredRows] = []

    private struct DeferredRows {
        var stage: Int
        /// `INSERT INTO t(a, b) VALUES`, or for rows sent by COPY (``deferCopy(stage:into:_:)``)
        /// `COPY t(a, b) FROM STDIN (FORMAT binary)`.
        var head: String
        /// The row's group split at its `?`s.
        var group: [Substring]
        var tail: String
        var rows: [[PostgresValue]]
        /// COPY's rows, encoded as they come (``PostgresCopyBinary``).
        var lines: [UInt8] = []
    }

    /// The most parameters one statement binds (PostgreSQL's protocol allows 65,535).
    static let maxParameters = 65_535

    /// Keeps a row of an `INSERT` to send later, many rows to a statement: `head` is
    /// `INSERT INTO t(a, b) VALUES`, `group` the row's values with a `?` for each of `row`'s
    /// (`(?, f(?))`), `tail` e.g. `ON CONFLICT DO NOTHING`. The rows go before the next
    /// statement of any kind on this connection (a query, a write, COMMIT), so every statement
    /// still sees them: in the order of their `stage` (rows a foreign key points at in a lower
    /// one), then of their first deferral. A rollback drops them. An error in them surfaces
    /// from the statement that sends them, inside the same transaction.
    ///
    /// For ingest, whose round trips cost more than its rows: a batch's messages, their
    /// references, attachments and routes go in a few statements instead of several per message.
    func deferRows(stage: Int, head: String, group: String, tail: String = "", _ row: [PostgresValue]) {
        if let i = deferred.firstIndex(where: { $0.head == head && $0.tail == tail }) {
            deferred[i].rows.append(row)
        } else {
            deferred.append(
                DeferredRows(
                    stage: stage, head: head, group: group.split(separator: "?", omittingEmptySubsequences: false),
                    tail: tail, rows: [row]))
        }
    }

    /// ``deferRows(stage:head:group:tail:_:)`` for rows sent by `COPY … FROM STDIN` in the binary
    /// format (`into` is `t(a, b)`; ``PostgresCopyBinary``): the fastest way in, nothing for the
    /// server to parse or plan per row, but no expressions and no `ON CONFLICT`, and each value
    /// of its column's type exactly (`.int` a bigint, `.double` a double precision). Triggers
    /// run as for an INSERT.
    func deferCopy(stage: Int, into table: String, _ row: [PostgresValue]) {
        var line: [UInt8] = []
        PostgresCopyBinary.appendFieldCount(row.count, to: &line)
        for value in row { PostgresCopyBinary.append(value, to: &line) }
        deferCopy(stage: stage, into: table, line: line)
    }

    /// ``deferCopy(stage:into:_:)`` for a row already in COPY's binary format
    /// (``PostgresCopyBinary``: its field count, then its fields).
    func deferCopy(stage: Int, into table: String, line: [UInt8]) {
        let head = "COPY \(table) FROM STDIN (FORMAT binary)"
        if let i = deferred.firstIndex(where: { $0.head == head }) {
            deferred[i].lines += line
        } else {
            deferred.append(DeferredRows(stage: stage, head: head, group: [], tail: "", rows: [], lines: line))
        }
    }

    /// Sends the deferred rows (``deferRows(stage:head:group:tail:_:)``), each statement's in as
    /// few statements as the parameter limit allows.
    func writeDeferredRows() throws {
        guard !deferred.isEmpty else { return }
        let pending = deferred.enumerated().sorted { ($0.element.stage, $0.offset) < ($1.element.stage, $1.offset) }
            .map(\.element)
        deferred.removeAll()
        for entry in pending {
            if entry.head.hasPrefix("COPY ") {
                try copy(entry.head, entry.lines)
                continue
            }
            guard let width = entry.rows.first?.count, width > 0 else { continue }
            let perStatement = max(1, Self.maxParameters / width)
            for start in stride(from: 0, to: entry.rows.count, by: perStatement) {
                let rows = entry.rows[start..<min(start + perStatement, entry.rows.count)]
                var sql = entry.head
                var n = 0
                for r in 0..<rows.count {
                    sql += r == 0 ? " " : ", "
                    for (k, part) in entry.group.enumerated() {
                        if k > 0 {
                            n += 1
                            sql += "$\(n)"
                        }
                        sql += part
                    }
                }
                sql += " " + entry.tail
                _ = try run(sql, rows.flatMap { $0 })
            }
        }
    }

    /// Statements prepared on this connection (``executePrepared(_:_:)``), by their SQL.
    private var preparedNames: [String: String] = [:]
    /// How many statements a connection keeps prepared; later ones run as ``execute(_:_:)``
    /// does (the store's hot statements are a few dozen).
    static let maxPrepared = 256

    /// ``execute(_:_:)`` through a statement prepared once per connection (`PQprepare`, then
    /// `PQexecPrepared`): the server parses and plans it once, not on every call. For the
    /// statements an import runs for every message. A prepared statement lives as long as
    /// the connection, whatever becomes of the transaction that prepared it.
    @discardableResult
    public func executePrepared(_ sql: String, _ parameters: [PostgresValue] = []) throws -> PostgresResult {
        try executePrepared(key: sql, parameters) { sql }
    }

    /// ``executePrepared(_:_:)`` for a statement known by `key` (the store's `?` spelling),
    /// whose `$1…$n` text `text` gives the first time only.
    func executePrepared(key: String, _ parameters: [PostgresValue], _ text: () throws -> String) throws
        -> PostgresResult
    {
        try writeDeferredRows()
        guard let handle else { throw InboxError(.database, "The PostgreSQL connection is closed (open it again)") }
        lastErrorState = nil
        let name: String
        if let known = preparedNames[key] {
            name = known
        } else {
            let sql = try text()
            guard preparedNames.count < Self.maxPrepared else { return try execute(sql, parameters) }
            name = "inbox_\(preparedNames.count + 1)"
            _ = try check(PQprepare(handle, name, sql, Int32(parameters.count), nil), handle, sql)
            preparedNames[key] = name
        }
        return try bound(parameters) { count, pointers, lengths, formats in
            try check(PQexecPrepared(handle, name, count, pointers, lengths, formats, 0), handle, key)
        }
    }

    /// Calls `body` with the parameters as libpq takes them: text, but `.bytes` in binary.
    private func bound(
        _ parameters: [PostgresValue],
        _ body: (Int32, UnsafePointer<UnsafePointer<CChar>?>?, [Int32], [Int32]) throws -> PostgresResult
    ) throws -> PostgresResult {
        var texts: [[UInt8]?] = []
        var formats: [Int32] = []
        texts.reserveCapacity(parameters.count)
        formats.reserveCapacity(parameters.count)
        for p in parameters {
            switch p {
            case .null:
                texts.append(nil)
                formats.append(0)
            case .int(let v):
                texts.append(Array(String(v).utf8) + [0])
                formats.append(0)
            case .double(let v):
                texts.append(Array(Self.text(v).utf8) + [0])
                formats.append(0)
            case .text(let s):
                // A text parameter is a C string: a NUL would cut it short, so that a lookup
                // of a hostile header's value (NUL inside) asked for less than the write
                // stored. PostgreSQL's text holds no NUL, so every statement drops them alike.
                var bytes = Array(s.utf8)
                if bytes.contains(0) { bytes.removeAll { $0 == 0 } }
                texts.append(bytes + [0])
                formats.append(0)
            case .bytes(let b):
                texts.append(b)
                formats.append(1)
            }
        }
        let lengths = zip(texts, formats).map { t, f in f == 1 ? Int32(t?.count ?? 0) : 0 }
        return try withBuffers(texts) { pointers in
            try body(Int32(parameters.count), pointers, lengths, formats)
        }
    }

    /// The decoded result of a statement, or its error (with its SQLSTATE kept in
    /// ``lastErrorState``); clears the result.
    private func check(_ result: OpaquePointer?, _ handle: OpaquePointer, _ sql: String) throws -> PostgresResult {
        guard let result else {
            throw InboxError(.database, "PostgreSQL: \(mask(Self.message(PQerrorMessage(handle))))")
        }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            var why = Self.message(PQresultErrorMessage(result))
            if why.isEmpty { why = Self.message(PQerrorMessage(handle)) }
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
            lastErrorState = state
            throw InboxError(
                state == "40001" || state == "23505" ? .conflict : .database,
                "PostgreSQL: \(mask(why)) (in: \(sql.prefix(120)))")
        }
        return Self.decode(result)
    }

    /// Runs `command` (`COPY t(a, b) FROM STDIN (FORMAT binary)`) with `rows` in COPY's binary
    /// format, between its header and trailer, a megabyte at a time.
    private func copy(_ command: String, _ rows: [UInt8]) throws {
        let lines = PostgresCopyBinary.header + rows + PostgresCopyBinary.trailer
        guard let handle else { throw InboxError(.database, "The PostgreSQL connection is closed (open it again)") }
        lastErrorState = nil
        guard let start = PQexec(handle, command) else {
            throw InboxError(.database, "PostgreSQL: \(mask(Self.message(PQerrorMessage(handle))))")
        }
        if PQresultStatus(start) != PGRES_COPY_IN {
            _ = try check(start, handle, command)
            return
        }
        PQclear(start)
        var failure: String?
        lines.withUnsafeBufferPointer { all in
            guard let base = all.baseAddress else { return }
            var offset = 0
            while offset < all.count, failure == nil {
                let n = min(1 << 20, all.count - offset)
                let sent = (base + offset).withMemoryRebound(to: CChar.self, capacity: n) {
                    PQputCopyData(handle, $0, Int32(n))
                }
                if sent != 1 { failure = Self.message(PQerrorMessage(handle)) }
                offset += n
            }
        }
        if PQputCopyEnd(handle, failure) != 1, failure == nil { failure = Self.message(PQerrorMessage(handle)) }
        var firstError: Error?
        while let result = PQgetResult(handle) {
            if PQresultStatus(result) == PGRES_COPY_IN {
                // The end could not be sent: the server still waits for rows. Nothing more
                // can go over this connection; closing it ends the transaction there.
                PQclear(result)
                close()
                break
            }
            do { _ = try check(result, handle, command) } catch { if firstError == nil { firstError = error } }
        }
        if let firstError { throw firstError }
        if let failure { throw InboxError(.database, "PostgreSQL: \(mask(failure)) (in: \(command.prefix(120)))") }
    }

    /// Whether the database lower-cases ASCII letters as ASCII (`I` to `i`), as every locale
    /// but Turkish and Azeri does: only then may ingest build a `tsvector` in Swift
    /// (``PostgresSearchVector``). Asked once per connection.
    func lowersASCIIPlainly() throws -> Bool {
        if let known = asciiLowering { return known }
        let sql = """
            SELECT CASE WHEN to_tsvector('inbox_search', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')
                = to_tsvector('inbox_search', 'abcdefghijklmnopqrstuvwxyz') THEN 1 ELSE 0 END
            """
        let plain = try execute(sql).scalar?.int == 1
        asciiLowering = plain
        return plain
    }
    private var asciiLowering: Bool?

    /// Runs several `;`-separated statements without parameters (a migration's script).
    public func executeScript(_ sql: String) throws {
        try writeDeferredRows()
        guard let handle else { throw InboxError(.database, "The PostgreSQL connection is closed (open it again)") }
        guard let result = PQexec(handle, sql) else {
            throw InboxError(.database, "PostgreSQL: \(mask(Self.message(PQerrorMessage(handle))))")
        }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY else {
            throw InboxError(.database, "PostgreSQL: \(mask(Self.message(PQresultErrorMessage(result))))")
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            rollbackIfOpen()
            throw error
        }
    }

    /// Starts listening on `channel` (an identifier: letters, digits and `_`).
    public func listen(_ channel: String) throws {
        try execute("LISTEN \(try Self.identifier(channel))")
    }

    /// Sends `payload` to every connection listening on `channel` (at commit, in a transaction).
    public func notify(_ channel: String, payload: String = "") throws {
        try execute("SELECT pg_notify($1, $2)", [.text(channel), .text(payload)])
    }

    /// Waits up to `timeout` seconds for notifications and returns those that arrived (none
    /// on timeout). The TUI polls this to redraw within a second of another agent's change.
    public func notifications(timeout: Double) throws -> [PostgresNotification] {
        guard let handle else { throw InboxError(.database, "The PostgreSQL connection is closed (open it again)") }
        var received = drain(handle)
        if !received.isEmpty { return received }
        var fds = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        let ready = poll(&fds, 1, Int32(max(0, timeout) * 1000))
        guard ready > 0 else { return [] }
        guard PQconsumeInput(handle) == 1 else {
            throw InboxError(
                .database, "PostgreSQL: \(mask(Self.message(PQerrorMessage(handle)))) (the connection was lost)")
        }
        received = drain(handle)
        return received
    }

    private func drain(_ handle: OpaquePointer) -> [PostgresNotification] {
        var out: [PostgresNotification] = []
        while let n = PQnotifies(handle) {
            out.append(
                PostgresNotification(
                    channel: String(cString: n.pointee.relname), payload: String(cString: n.pointee.extra),
                    pid: n.pointee.be_pid))
            PQfreemem(n)
        }
        return out
    }

    /// `name` quoted as an SQL identifier, after checking it is a plain one.
    static func identifier(_ name: String) throws -> String {
        guard !name.isEmpty,
            name.utf8.allSatisfy({ $0 == UInt8(ascii: "_") || (0x30...0x39).contains($0) || (0x61...0x7A).contains($0) }
            )
        else {
            throw InboxError(.badInput, "\"\(name)\" is not a plain identifier (use lower-case letters, digits and _)")
        }
        return "\"\(name)\""
    }

    private func mask(_ text: String) -> String {
        guard let password, !password.isEmpty else { return text }
        return text.replacingOccurrences(of: password, with: "***")
    }

    private static func message(_ p: UnsafePointer<CChar>?) -> String {
        guard let p else { return "" }
        return String(cString: p).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A double as PostgreSQL reads it back bit for bit (Swift's shortest round-trip form).
    static func text(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "-Infinity" : "Infinity" }
        return "\(v)"
    }

    // Type OIDs of the columns we decode (pg_type.h).
    private static let int8OID: Oid = 20
    private static let int2OID: Oid = 21
    private static let int4OID: Oid = 23
    private static let float4OID: Oid = 700
    private static let float8OID: Oid = 701
    private static let byteaOID: Oid = 17
    private static let boolOID: Oid = 16

    private static func decode(_ result: OpaquePointer) -> PostgresResult {
        let nColumns = Int(PQnfields(result))
        let nRows = Int(PQntuples(result))
        var columns: [String] = []
        var types: [Oid] = []
        for c in 0..<nColumns {
            columns.append(String(cString: PQfname(result, Int32(c))))
            types.append(PQftype(result, Int32(c)))
        }
        var rows: [[PostgresValue]] = []
        rows.reserveCapacity(nRows)
        for r in 0..<nRows {
            var row: [PostgresValue] = []
            row.reserveCapacity(nColumns)
            for c in 0..<nColumns {
                if PQgetisnull(result, Int32(r), Int32(c)) == 1 {
                    row.append(.null)
                    continue
                }
                let length = Int(PQgetlength(result, Int32(r), Int32(c)))
                let raw = UnsafeRawPointer(PQgetvalue(result, Int32(r), Int32(c))!)
                let bytes = UnsafeBufferPointer(start: raw.assumingMemoryBound(to: UInt8.self), count: length)
                switch types[c] {
                case int8OID, int2OID, int4OID:
                    row.append(Int64(String(decoding: bytes, as: UTF8.self)).map(PostgresValue.int) ?? .null)
                case float4OID, float8OID:
                    row.append(Double(String(decoding: bytes, as: UTF8.self)).map(PostgresValue.double) ?? .null)
                case boolOID:
                    row.append(.int(bytes.first == UInt8(ascii: "t") ? 1 : 0))
                case byteaOID:
                    row.append(.bytes(hexBytea(bytes)))
                default:
                    row.append(.text(String(decoding: bytes, as: UTF8.self)))
                }
            }
            rows.append(row)
        }
        let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
        return PostgresResult(columns: columns, rows: rows, affected: affected)
    }

    /// Decodes `bytea` in the hex output format (`\x0a1b…`, the default since PostgreSQL 9.0).
    private static func hexBytea(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        guard text.count >= 2, text[0] == UInt8(ascii: "\\"), text[1] == UInt8(ascii: "x") else { return Array(text) }
        func nibble(_ c: UInt8) -> UInt8 {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x61...0x66: return c - 0x61 + 10
            case 0x41...0x46: return c - 0x41 + 10
            default: return 0
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity((text.count - 2) / 2)
        var i = 2
        while i + 1 < text.count {
            out.append(nibble(text[i]) << 4 | nibble(text[i + 1]))
            i += 2
        }
        return out
    }
}

/// Calls `body` with C strings for `strings`, NULL-terminated as libpq's keyword arrays are.
private func withCStrings<T>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> T) -> T {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    var pointers: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) }
    pointers.append(nil)
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}

/// Calls `body` with pointers into `buffers` (nil for NULL), alive for the call.
private func withBuffers<T>(
    _ buffers: [[UInt8]?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) throws -> T
) rethrows -> T {
    let copies: [UnsafeMutablePointer<CChar>?] = buffers.map { b in
        guard let b else { return nil }
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: max(1, b.count))
        b.withUnsafeBufferPointer { src in
            if let base = src.baseAddress {
                UnsafeMutableRawPointer(p).copyMemory(from: base, byteCount: b.count)
            }
        }
        return p
    }
    defer { copies.forEach { $0?.deallocate() } }
    let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
    if pointers.isEmpty { return try body(nil) }
    return try pointers.withUnsafeBufferPointer { try body($0.baseAddress) }
}
