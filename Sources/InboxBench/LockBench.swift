import Foundation
import Glibc
import Synchronization

@_spi(Bench) import InboxCore

// `inbox-bench --lock-only`: how long an agent's single change waits while an import loads the
// store (issue 19). Each change is `inbox set N status=…`, a fresh process as a script or the
// CLI makes it, while `inbox import mbox` loads the 20k corpus into the same store; once on the
// machine as it is and once beside busy-looping processes that keep both cores loaded. Where the
// time goes: the same change with no import at the same load (process start and its own work),
// and a probe in this process that takes the store's write lock every 50 ms through the same
// busy handler as every connection (``LockWaiting``): its wait is what the lock alone costs.
// With `--postgresql URL` the store is a fresh database on that server instead (issue 22), and
// the probe a small SERIALIZABLE transaction (PostgreSQL has no store-wide write lock to wait for).

/// Starts `argv` with its output thrown away; returns its pid.
func spawnQuietly(_ argv: [String], env: [String: String] = [:]) -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    var environment = ProcessInfo.processInfo.environment
    for (k, v) in env { environment[k] = v }
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    let cargs = argv.map { strdup($0) } + [nil]
    defer {
        for p in cargs { free(p) }
        for p in envp { free(p) }
    }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, argv[0], &actions, nil, cargs, envp)
    guard rc == 0 else {
        print("cannot start \(argv[0]): \(String(cString: strerror(rc)))")
        exit(1)
    }
    return pid
}

/// p50, p95 and the largest of `xs`, in milliseconds.
func percentiles(_ xs: [Double]) -> String {
    guard !xs.isEmpty else { return "– | – | –" }
    let s = xs.sorted()
    let at = { (p: Double) in s[min(s.count - 1, Int(p * Double(s.count)))] * 1000 }
    return "\(Int(at(0.5))) | \(Int(at(0.95))) | \(Int(s.last! * 1000))"
}

/// Runs `probe` every 50 ms until `stop` is set; returns each run's time, in seconds.
final class LockProbe: Sendable {
    let stop = Atomic<Bool>(false)
    private let waits = Mutex<[Double]>([])
    private let done = DispatchSemaphore(value: 0)

    /// Takes the SQLite store's write lock: an empty write transaction, whose `BEGIN IMMEDIATE`
    /// waits for it.
    convenience init(database: AppDatabase) {
        self.init { try database.benchWriter.write { _ in } }
    }

    init(probe: @escaping @Sendable () throws -> Void) {
        let thread = Thread { [self] in
            while !stop.load(ordering: .relaxed) {
                let start = ContinuousClock.now
                if (try? probe()) != nil {
                    let wait = ContinuousClock.now - start
                    waits.withLock {
                        $0.append(Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18)
                    }
                }
                usleep(50_000)
            }
            done.signal()
        }
        thread.start()
    }

    /// Stops the probe and returns its waits.
    func finish() -> [Double] {
        stop.store(true, ordering: .relaxed)
        done.wait()
        return waits.withLock { $0 }
    }
}

/// `postgresql`: a server's URL; the store is then a fresh database there (``PostgresBench``).
func lockBench(inbox: String, work: String, mbox: String, postgresql: String? = nil, changes: Int = 30) {
    let demo = "Fixtures/demo"
    guard FileManager.default.fileExists(atPath: demo + "/support.mbox") else {
        print("\(demo) is absent: run inbox-bench from the package's root for the lock section.")
        return
    }
    let dir = work + "/lock-bench"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    warm(mbox)
    print("")
    print("An agent's change (`inbox set N status=…`, a fresh process) while `inbox import mbox` loads the")
    print("20k corpus, \(changes) changes 100 ms apart; milliseconds (p50 | p95 | max). \"alone\": the same change")
    if postgresql == nil {
        print("with no import at the same load; \"lock probe\": waits for the store's write lock every 50 ms.")
    } else {
        print("with no import at the same load, on PostgreSQL; \"lock probe\": a one-row SERIALIZABLE transaction")
        print("every 50 ms (PostgreSQL has no store-wide write lock).")
    }
    print(
        "| busy loops beside | changes | alone p50 | p95 | max | during the import p50 | p95 | max | lock probe p50 | p95 | max | import |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for hogs in [0, 2] {
        let db: String
        if let postgresql {
            do {
                db = try PostgresBench.fresh(postgresql, "inbox_bench_lock")
            } catch {
                print("cannot make a database on \(PostgresURL.masked(postgresql)): \(error)")
                return
            }
        } else {
            db = dir + "/inbox.sqlite"
            for suffix in ["", "-wal", "-shm", ".search", ".search-wal", ".search-shm"] { unlink(db + suffix) }
        }
        let env = ["INBOX_DB": db, "INBOX_CONFIG": demo + "/config.toml", "INBOX_AGENT": "bench"]
        // `inbox init` makes the SQLite file; the import makes a PostgreSQL database's schema.
        for args in (postgresql == nil ? [["init"]] : []) + [["import", "mbox", demo + "/support.mbox"]] {
            let r = run([inbox] + args, env: env)
            if r.status != 0 { print("\(args.joined(separator: " ")) failed: \(r.output)") }
        }
        let tickets: [Int64]
        let makeProbe: () -> LockProbe
        if postgresql != nil {
            guard let connection = try? PostgresConnection(url: db),
                let ids = try? connection.execute("SELECT id FROM ticket ORDER BY id").rows.compactMap({ $0.first?.int }
                ),
                !ids.isEmpty
            else {
                print("the demo store has no tickets")
                return
            }
            tickets = ids
            makeProbe = {
                LockProbe {
                    try connection.transaction {
                        _ = try connection.execute("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")
                        _ = try connection.execute("SELECT version FROM ticket WHERE id = $1", [.int(ids[0])])
                    }
                }
            }
        } else {
            guard let database = try? AppDatabase.open(path: db),
                let ids = try? database.reader.read({ try Int64.fetchAll($0, sql: "SELECT id FROM ticket ORDER BY id") }
                ),
                !ids.isEmpty
            else {
                print("the demo store has no tickets")
                return
            }
            tickets = ids
            makeProbe = { LockProbe(database: database) }
        }
        var n = 0
        /// The next change: tickets in turn, each status the other way from the last time.
        func change() -> Double {
            defer { n += 1 }
            let status = (n / tickets.count) % 2 == 0 ? "pending" : "open"
            let r = run([inbox, "set", "\(tickets[n % tickets.count])", "status=\(status)"], env: env)
            if r.status != 0 { print("change failed: \(r.output)") }
            return r.seconds
        }
        let loops = (0..<hogs).map { _ in spawnQuietly(["/bin/sh", "-c", "while :; do :; done"]) }
        let alone = (0..<10).map { _ in change() }
        let probe = makeProbe()
        let start = Date()
        let importer = spawnQuietly([inbox, "import", "mbox", mbox], env: env)
        var status: Int32 = 0
        var during: [Double] = []
        while during.count < changes, waitpid(importer, &status, WNOHANG) == 0 {
            during.append(change())
            usleep(100_000)
        }
        if during.count == changes { _ = waitpid(importer, &status, 0) }
        if status != 0 { print("the import failed with status \((status >> 8) & 0xFF)") }
        let seconds = Date().timeIntervalSince(start)
        let waits = probe.finish()
        for pid in loops {
            kill(pid, SIGKILL)
            _ = waitpid(pid, nil, 0)
        }
        print(
            "| \(hogs) | \(during.count) | \(percentiles(alone)) | \(percentiles(during)) | \(percentiles(waits)) | \(f1(seconds)) s |"
        )
    }
}
