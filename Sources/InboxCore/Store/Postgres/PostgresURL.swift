import CLibpq
import Foundation

/// What the store needs to know about a `postgresql://` URL before connecting: its options
/// (parsed by libpq itself), whether it holds a password, and a form safe to show.
public enum PostgresURL {
    /// Whether `location` names a PostgreSQL database (`postgresql://` or `postgres://`).
    public static func isPostgres(_ location: String) -> Bool {
        let lower = location.lowercased()
        return lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://")
    }

    /// Opens libpq (it is loaded on first use, not linked: Sources/CLibpq/include/CLibpq.h).
    /// Everything that reaches libpq comes through ``options(_:)``, which calls this first.
    /// - Throws: ``InboxError`` `.config` naming the Debian package when libpq is not installed.
    static func loadLibpq() throws {
        var why = [CChar](repeating: 0, count: 512)
        guard inbox_pq_load(&why, UInt(why.count)) == 0 else { return }
        let text = String(decoding: why.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        throw InboxError(
            .config,
            "A postgresql:// database needs libpq, PostgreSQL's client library, which cannot be loaded (\(text)): install it with apt-get install libpq5"
        )
    }

    /// The connection options libpq reads from `url` (host, port, user, password, dbname,
    /// sslmode, sslrootcert, …), only those that are set.
    public static func options(_ url: String) throws -> [String: String] {
        try loadLibpq()
        var error: UnsafeMutablePointer<CChar>?
        guard let parsed = PQconninfoParse(url, &error) else {
            let why =
                error.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "out of memory"
            if let error { PQfreemem(error) }
            throw InboxError(
                .config,
                "The database URL \(masked(url)) cannot be read: \(why) (write it as postgresql://USER@HOST:PORT/DATABASE)"
            )
        }
        defer { PQconninfoFree(parsed) }
        var out: [String: String] = [:]
        var option = parsed
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { out[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        return out
    }

    /// TCP keepalives every connection gets unless its URL sets them (libpq's own default is
    /// the system's: a first probe after two hours of silence). A server that died or a NAT
    /// that dropped the connection then shows as an error within about a minute (30 s of
    /// silence, then three probes 10 s apart), not as a query or a TUI that waits forever.
    /// A sync worker's lease session adds shorter ones on the server's side (``AccountLease``).
    static let keepalives: [(keyword: String, value: String)] = [
        ("keepalives", "1"), ("keepalives_idle", "30"), ("keepalives_interval", "10"), ("keepalives_count", "3"),
    ]

    /// The libpq keywords and values ``PostgresConnection`` adds to a URL with `options`
    /// (``options(_:)``): the ``keepalives`` it does not set itself.
    static func defaults(beside options: [String: String]) -> [(keyword: String, value: String)] {
        keepalives.filter { options[$0.keyword] == nil }
    }

    /// Whether the URL carries a password (in `user:password@` or `?password=`).
    public static func hasPassword(_ url: String) -> Bool {
        guard let options = try? options(url) else { return url.contains("@") && authority(url)?.contains(":") == true }
        return !(options["password"] ?? "").isEmpty
    }

    /// Loopback or a Unix socket: the connection never leaves the machine, so TLS is optional.
    static func isLoopback(_ options: [String: String]) -> Bool {
        let hosts = (options["hostaddr"] ?? options["host"] ?? "").split(separator: ",").map(String.init)
        if hosts.isEmpty { return true }  // libpq's default: the Unix socket
        return hosts.allSatisfy { h in
            h.hasPrefix("/") || h == "localhost" || h == "::1" || h == "[::1]" || h.hasPrefix("127.")
        }
    }

    /// `url` with the password replaced by `***` (user info and a `password=` parameter):
    /// the only form of a database URL that errors and logs show.
    public static func masked(_ url: String) -> String {
        var out = url
        if let schemeEnd = out.range(of: "://") {
            let rest = out[schemeEnd.upperBound...]
            let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@"),
                let colon = rest[..<at].firstIndex(of: ":")
            {
                out.replaceSubrange(rest.index(after: colon)..<at, with: "***")
            }
        }
        if let query = out.firstIndex(of: "?") {
            let parameters = out[out.index(after: query)...].split(separator: "&", omittingEmptySubsequences: false)
                .map { p -> String in
                    p.lowercased().hasPrefix("password=") ? "password=***" : String(p)
                }
            out = String(out[...query]) + parameters.joined(separator: "&")
        }
        return out
    }

    /// Refuses a `database` URL holding a password in a config file other users may read
    /// (issue 22): the error names the file and the fix, never the password.
    static func refusePasswordInReadableFile(_ database: String?, path: String) throws {
        guard let database, isPostgres(database), hasPassword(database),
            let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0
        else { return }
        throw InboxError(
            .config,
            "\(path) holds the password of database \(masked(database)) in clear but other users may read it (mode \(String(mode & 0o777, radix: 8))); run `chmod 600 \(path)`, or leave the password out of the URL and use PGPASSWORD or ~/.pgpass"
        )
    }

    private static func authority(_ url: String) -> Substring? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let rest = url[schemeEnd.upperBound...]
        let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        return rest[..<end]
    }
}
