import Foundation
import InboxCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A PostgreSQL 15 server for one test (issue 22): `initdb` into its own temp folder and
/// `postgres` on a free port of 127.0.0.1, trust authentication for the user `inbox`. As root
/// it runs as `nobody` through setpriv (PostgreSQL refuses to run as root), the folder
/// chowned to it. Stop it with ``stop()``; deinit stops it too.
public final class PostgresServer: @unchecked Sendable {
    // Mutable state (`pid`) is touched only by the test that owns the server, one call at a time.
    public static let bin = "/usr/lib/postgresql/15/bin"
    public static let user = "inbox"

    /// The line that installs what is missing (`make test` runs it as root).
    public static let installLine = "apt-get install -y postgresql-15 postgresql-contrib"

    /// Whether the server binaries and the `unaccent` extension are installed; tests skip
    /// cleanly without them, after printing ``installLine`` (``skipReason``).
    public static var isAvailable: Bool {
        let fm = FileManager.default
        return fm.isExecutableFile(atPath: bin + "/postgres") && fm.isExecutableFile(atPath: bin + "/initdb")
            && fm.fileExists(atPath: "/usr/share/postgresql/15/extension/unaccent.control")
    }

    /// Why PostgreSQL tests are skipped, or nil when they run. Printed once, on stderr.
    public static var skipReason: String? {
        guard !isAvailable else { return nil }
        let reason = "PostgreSQL 15 is not installed, so the PostgreSQL tests are skipped: run `sudo \(installLine)`"
        printedSkip.withLock { printed in
            if !printed { FileHandle.standardError.write(Data((reason + "\n").utf8)) }
            printed = true
        }
        return reason
    }

    private static let printedSkip = Mutex(false)

    public let folder: TemporaryFolder
    public let port: Int
    private var pid: pid_t?

    public var dir: String { folder.path }
    public var dataDirectory: String { dir + "/data" }

    static var isRoot: Bool { getuid() == 0 }

    /// An IPv4 address of this machine other than loopback, if it has one.
    public static var nonLoopbackAddress: String? {
        let out = (try? DovecotServer.shell("hostname -I 2>/dev/null")) ?? ""
        return out.split(separator: " ").map(String.init).first { $0.contains(".") && !$0.hasPrefix("127.") }
    }

    /// The password of ``user`` when the server was made with one (scram-sha-256), else nil (trust).
    public let password: String?
    /// With TLS: the CA that signed the server's certificate (for `sslrootcert`).
    public let caFile: String?
    /// The further address the server listens on, if any.
    public let address: String?

    /// Runs `initdb` (UTF-8, locale C.UTF-8 so that lower() knows every letter, no fsync).
    /// - Parameters:
    ///   - password: ``user``'s password; TCP logins then need it (scram-sha-256).
    ///   - tls: a certificate for `localhost` and 127.0.0.1 signed by a test CA (``caFile``).
    ///   - address: a further address to listen on (a non-loopback one, to test what the
    ///     client does off loopback); clients from anywhere are then let in (password rules apply).
    public init(password: String? = nil, tls: Bool = false, address: String? = nil) throws {
        guard Self.isAvailable else { throw HarnessError(Self.skipReason ?? "PostgreSQL is not installed") }
        folder = TemporaryFolder("postgres")
        port = try DovecotServer.freePort()
        self.password = password
        self.address = address
        caFile = tls ? folder.file("ca.pem") : nil
        try FileManager.default.createDirectory(atPath: dir + "/run", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/log", withIntermediateDirectories: true)
        var auth = "--auth=trust"
        if let password {
            folder.write("pwfile", password + "\n")
            auth = "--auth-local=trust --auth-host=scram-sha-256 --pwfile='\(dir)/pwfile'"
        }
        if tls {
            try DovecotServer.shell(
                """
                cd '\(dir)' && printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > san.ext && \
                openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 -subj '/CN=Inbox Test CA' && \
                openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=localhost && \
                openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 30 -extfile san.ext && \
                chmod 600 server.key
                """)
        }
        if Self.isRoot { try DovecotServer.shell("chown -R 65534:65534 '\(dir)'") }
        try DovecotServer.shell(
            Self.asServerUser(
                "'\(Self.bin)/initdb' -D '\(dataDirectory)' -U \(Self.user) \(auth) --encoding=UTF8 --locale=C.UTF-8 --no-sync"
            ))
        if address != nil {
            let method = password == nil ? "trust" : "scram-sha-256"
            let hba = try String(contentsOfFile: dataDirectory + "/pg_hba.conf", encoding: .utf8)
            try (hba + "host all all 0.0.0.0/0 \(method)\n").write(
                toFile: dataDirectory + "/pg_hba.conf", atomically: false, encoding: .utf8)
        }
    }

    deinit { stop() }

    private static func asServerUser(_ command: String) -> String {
        isRoot ? "/usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups -- /bin/sh -c \"\(command)\"" : command
    }

    /// The URL of `database` on this server, with the password when it has one (harness use:
    /// the tests of the password rules build their own URLs).
    public func url(_ database: String = "postgres") -> String {
        let credentials = password.map { "\(Self.user):\($0)" } ?? Self.user
        return "postgresql://\(credentials)@127.0.0.1:\(port)/\(database)"
    }

    /// Starts the server and waits until it answers queries.
    public func start() throws {
        let argv =
            (Self.isRoot ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : [])
            + [
                Self.bin + "/postgres", "-D", dataDirectory, "-p", String(port), "-k", dir + "/run",
                "-c", "listen_addresses=127.0.0.1\(address.map { "," + $0 } ?? "")", "-c", "fsync=off", "-c",
                "synchronous_commit=off",
                "-c", "full_page_writes=off", "-c", "logging_collector=on", "-c", "log_directory=\(dir)/log",
                "-c", "log_filename=postgres.log",
            ]
            + (caFile == nil
                ? []
                : ["-c", "ssl=on", "-c", "ssl_cert_file=\(dir)/server.pem", "-c", "ssl_key_file=\(dir)/server.key"])
        pid = try DovecotServer.spawn(argv)
        let deadline = Date().addingTimeInterval(30)
        var lastError = ""
        while Date() < deadline {
            if DovecotServer.canConnect(port) {
                do {
                    let c = try PostgresConnection(url: url())
                    try c.execute("SELECT 1")
                    c.close()
                    return
                } catch {
                    lastError = "\(error)"
                }
            }
            if !isRunning { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let log = (try? String(contentsOfFile: dir + "/log/postgres.log", encoding: .utf8)) ?? ""
        stop()
        throw HarnessError("PostgreSQL did not start on port \(port): \(lastError) \(log.suffix(800))")
    }

    /// A new, empty database on this server; returns its URL.
    public func createDatabase(_ name: String) throws -> String {
        let c = try PostgresConnection(url: url())
        defer { c.close() }
        try c.execute("CREATE DATABASE \"\(name)\"")
        return url(name)
    }

    /// Stops the server (fast shutdown: clients are disconnected) and waits for it to exit.
    public func stop() {
        guard let p = pid else { return }
        kill(p, SIGINT)
        let deadline = Date().addingTimeInterval(15)
        while isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if isRunning {
            for c in DovecotServer.descendants(of: p) { kill(c, SIGKILL) }
            kill(p, SIGKILL)
            var status: Int32 = 0
            waitpid(p, &status, 0)
        }
        pid = nil
    }

    public var isRunning: Bool {
        guard let p = pid else { return false }
        var status: Int32 = 0
        return waitpid(p, &status, WNOHANG) == 0
    }
}
