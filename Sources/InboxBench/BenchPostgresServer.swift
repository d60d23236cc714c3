import Foundation
import Glibc
import InboxCore

/// The PostgreSQL server `make bench` measures on when none is given (`--postgresql URL`):
/// a temporary cluster of PostgreSQL 15 (`initdb` into a folder of its own, `postgres` on a
/// free port of 127.0.0.1, trust authentication for the user `inbox`), stopped when the bench
/// exits. As root it runs as `nobody` through setpriv (PostgreSQL refuses to run as root).
///
/// The tests' server (Tests/InboxTestSupport/PostgresServer.swift, which the bench cannot
/// import) turns durability off to be quick; this one keeps PostgreSQL's defaults (fsync,
/// synchronous commit, full-page writes), as an installed server has them, so that the numbers
/// are what a team's server on the same machine would give.
final class BenchPostgresServer {
    static let bin = "/usr/lib/postgresql/15/bin"
    static let user = "inbox"

    /// Whether the server binaries and the `unaccent` extension (the schema needs it) are installed.
    static var isAvailable: Bool {
        let fm = FileManager.default
        return fm.isExecutableFile(atPath: bin + "/postgres") && fm.isExecutableFile(atPath: bin + "/initdb")
            && fm.fileExists(atPath: "/usr/share/postgresql/15/extension/unaccent.control")
    }

    /// The server `make bench` started, stopped at exit (``stopAtExit()``).
    nonisolated(unsafe) static var started: BenchPostgresServer?

    let dir: String
    let port: Int
    private let process = Process()

    /// The URL of `database` on this server.
    func url(_ database: String = "postgres") -> String {
        "postgresql://\(Self.user)@127.0.0.1:\(port)/\(database)"
    }

    private static var isRoot: Bool { getuid() == 0 }

    /// `command` as the server's user (nobody when we are root).
    private static func asServerUser(_ argv: [String]) -> [String] {
        (isRoot ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"] : []) + argv
    }

    /// Creates the cluster and starts the server; waits (up to a minute) until it answers.
    init() throws {
        var template = Array((FileManager.default.temporaryDirectory.path + "/inbox-bench-pg.XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw InboxError(.io, "cannot make a folder for PostgreSQL: \(String(cString: strerror(errno)))")
        }
        dir = String(cString: made)
        port = freeLoopbackPort()
        for sub in ["run", "log"] {
            try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true)
        }
        if Self.isRoot { _ = run(["/bin/chown", "-R", "65534:65534", dir]) }
        let initdb = run(
            Self.asServerUser([
                Self.bin + "/initdb", "-D", dir + "/data", "-U", Self.user, "--auth=trust", "--encoding=UTF8",
                "--locale=C.UTF-8",
            ]))
        guard initdb.status == 0 else {
            throw InboxError(.io, "initdb failed in \(dir): \(initdb.output.suffix(800))")
        }
        process.executableURL = URL(fileURLWithPath: Self.asServerUser([Self.bin + "/postgres"])[0])
        process.arguments =
            Array(Self.asServerUser([Self.bin + "/postgres"]).dropFirst()) + [
                "-D", dir + "/data", "-p", String(port), "-k", dir + "/run", "-c", "listen_addresses=127.0.0.1",
                "-c", "logging_collector=on", "-c", "log_directory=\(dir)/log", "-c", "log_filename=postgres.log",
            ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        var lastError = ""
        while Date() < deadline, process.isRunning {
            do {
                let c = try PostgresConnection(url: url())
                defer { c.close() }
                _ = try c.execute("SELECT 1")
                return
            } catch {
                lastError = "\(error)"
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let log = (try? String(contentsOfFile: dir + "/log/postgres.log", encoding: .utf8)) ?? ""
        stop()
        throw InboxError(.io, "PostgreSQL did not start on port \(port): \(lastError) \(log.suffix(800))")
    }

    /// Stops the server (fast shutdown) and removes its folder.
    func stop() {
        if process.isRunning {
            process.interrupt()  // SIGINT: fast shutdown
            let deadline = Date().addingTimeInterval(30)
            while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// Starts the bench's own server (when PostgreSQL 15 is installed) and returns its URL,
    /// or nil with a line saying why the PostgreSQL sections are skipped.
    static func startForBench() -> String? {
        guard isAvailable else {
            print(
                "\nPostgreSQL 15 is not installed (\(bin)): the PostgreSQL sections are skipped "
                    + "(`make deps` installs it, or give --postgresql URL).")
            return nil
        }
        do {
            let server = try BenchPostgresServer()
            started = server
            atexit { BenchPostgresServer.started?.stop() }
            print("\nPostgreSQL 15 started for the bench on 127.0.0.1:\(server.port) (\(server.dir))")
            return server.url()
        } catch {
            print("\ncannot start PostgreSQL for the bench, its sections are skipped: \(error)")
            return nil
        }
    }
}

/// A TCP port of 127.0.0.1 that was free a moment ago.
func freeLoopbackPort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0
        }
    }
    return Int(UInt16(bigEndian: addr.sin_port))
}
