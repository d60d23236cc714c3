import Foundation
import Glibc
import InboxCore
import InboxMail

// `make bench`: release-build measurements on the 20k-message corpus. Prints numbers only;
// the budgets they are compared with live in docs/performance.md.

struct Options {
    var inbox = ".build/release/inbox"
    var corpus = "../shared/corpora/linux-mips-20k.mboxrd.xz"
    var work: String?
    var tuiOnly = false
    var searchOnly = false
    var importsOnly = false
    var rulesOnly = false
    var kbOnly = false
    var ordersOnly = false
    var lockOnly = false
    /// `--search-postgres URL`: the search queries on PostgreSQL (``postgresSearchSection``).
    var searchPostgres: String?
    var searchSize = 1_000_000
    /// `--postgresql URL`: the PostgreSQL sections (PostgresSections.swift) run in fresh databases
    /// on that server (issue 22); with `--imports-only`, only the mbox import does. Without it a
    /// full run or `--postgresql-only` starts a server of its own (BenchPostgresServer.swift).
    var postgresql: String?
    /// `--postgresql-only`: the mbox import and the PostgreSQL sections, each beside SQLite's number.
    var postgresqlOnly = false
    /// Whether any `--X-only` flag narrowed the run.
    var narrowed: Bool {
        tuiOnly || searchOnly || importsOnly || rulesOnly || kbOnly || ordersOnly || lockOnly || searchPostgres != nil
            || postgresqlOnly
    }
}

func parseOptions() -> Options {
    var o = Options()
    var args = CommandLine.arguments.dropFirst().makeIterator()
    while let a = args.next() {
        switch a {
        case "--inbox": o.inbox = args.next() ?? o.inbox
        case "--corpus": o.corpus = args.next() ?? o.corpus
        case "--work": o.work = args.next()
        case "--tui-only": o.tuiOnly = true
        case "--search-only": o.searchOnly = true
        case "--imports-only": o.importsOnly = true
        case "--rules-only": o.rulesOnly = true
        case "--kb-only": o.kbOnly = true
        case "--orders-only": o.ordersOnly = true
        case "--lock-only": o.lockOnly = true
        case "--search-postgres": o.searchPostgres = args.next()
        case "--search-size": o.searchSize = Int(args.next() ?? "") ?? o.searchSize
        case "--postgresql": o.postgresql = args.next()
        case "--postgresql-only": o.postgresqlOnly = true
        default:
            FileHandle.standardError.write(
                Data(
                    "usage: inbox-bench [--inbox PATH] [--corpus FILE.xz] [--work DIR] [--tui-only] [--search-only] [--imports-only] [--rules-only] [--kb-only] [--orders-only] [--lock-only] [--search-postgres URL] [--search-size N] [--postgresql URL] [--postgresql-only]\n"
                        .utf8))
            exit(2)
        }
    }
    return o
}

struct RunResult {
    var seconds: Double
    var maxRSSKiB: Int
    var status: Int32
    var output: String
}

/// Runs a command, returning wall time and its own peak RSS (from wait4's rusage).
func run(_ argv: [String], env: [String: String] = [:]) -> RunResult {
    let outPath = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).out").path
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    var environment = ProcessInfo.processInfo.environment
    for (k, v) in env { environment[k] = v }
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    let cargs = argv.map { strdup($0) } + [nil]
    var pid: pid_t = 0
    let start = Date()
    let rc = posix_spawn(&pid, argv[0], &actions, nil, cargs, envp)
    guard rc == 0 else {
        print("cannot start \(argv[0]): \(String(cString: strerror(rc)))")
        exit(1)
    }
    var status: Int32 = 0
    var usage = rusage()
    _ = wait4(pid, &status, 0, &usage)
    let seconds = Date().timeIntervalSince(start)
    posix_spawn_file_actions_destroy(&actions)
    for p in cargs { free(p) }
    for p in envp { free(p) }
    let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    unlink(outPath)
    return RunResult(seconds: seconds, maxRSSKiB: usage.ru_maxrss, status: (status >> 8) & 0xFF, output: output)
}

func fileSize(_ path: String) -> Int64 {
    var total: Int64 = 0
    for suffix in ["", "-wal", "-shm"] {
        if let size = try? FileManager.default.attributesOfItem(atPath: path + suffix)[.size] as? Int {
            total += Int64(size)
        }
    }
    return total
}

func mb(_ bytes: Int64) -> String { String(format: "%.1f MB", Double(bytes) / 1_048_576) }
func f1(_ x: Double) -> String { String(format: "%.1f", x) }

// The TUI measurement runs in a child process, so that its memory is its own (TUIBench.swift).
if CommandLine.arguments.count == 3, CommandLine.arguments[1] == "--tui-measure" {
    AppDatabase.configureSQLite(memoryStatistics: true)  // it reports sqlite3_memory_used()
    tuiMeasure(path: CommandLine.arguments[2])
    exit(0)
}
let options = parseOptions()
// PostgreSQL (issue 22): a server of the bench's own unless one was given; stopped at exit.
let postgresURL =
    options.postgresql
    ?? (!options.narrowed || options.postgresqlOnly ? BenchPostgresServer.startForBench() : nil)
if postgresURL == nil, options.postgresqlOnly { exit(1) }
// Search on PostgreSQL (SearchBench.swift) generates its store, as the SQLite one does.
if let url = options.searchPostgres {
    postgresSearchSection(
        url: url, size: options.searchSize,
        work: options.work ?? FileManager.default.temporaryDirectory.appendingPathComponent("inbox-bench").path)
    exit(0)
}
// The knowledge-base section needs no corpus either: it generates its articles (KBBench.swift).
if options.kbOnly || !options.narrowed {
    kbBench(work: options.work ?? FileManager.default.temporaryDirectory.appendingPathComponent("inbox-bench").path)
    if options.kbOnly { exit(0) }
}
// The orders section generates its CSV (OrdersBench.swift).
if options.ordersOnly || !options.narrowed {
    let ordersWork = options.work ?? FileManager.default.temporaryDirectory.appendingPathComponent("inbox-bench").path
    try? FileManager.default.createDirectory(atPath: ordersWork, withIntermediateDirectories: true)
    ordersBench(inbox: options.inbox, work: ordersWork)
    if options.ordersOnly { exit(0) }
}
// The TUI section needs no corpus: it generates its stores.
if !options.searchOnly && !options.rulesOnly && !options.lockOnly && !options.postgresqlOnly {
    let tuiWork = options.work ?? FileManager.default.temporaryDirectory.appendingPathComponent("inbox-bench").path
    try? FileManager.default.createDirectory(atPath: tuiWork, withIntermediateDirectories: true)
    tuiBench(work: tuiWork)
    if options.tuiOnly { exit(0) }
}
guard FileManager.default.fileExists(atPath: options.corpus) else {
    print("Corpus \(options.corpus) is absent: nothing to measure (pass --corpus FILE.xz).")
    exit(0)
}
let work = options.work ?? FileManager.default.temporaryDirectory.appendingPathComponent("inbox-bench").path
if options.searchOnly {
    searchSection()
    exit(0)
}
try? FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
let mbox = work + "/corpus.mboxrd"
if !FileManager.default.fileExists(atPath: mbox) {
    print("Unpacking \(options.corpus) …")
    let r = run(["/bin/sh", "-c", "xz -dc '\(options.corpus)' > '\(mbox).part' && mv '\(mbox).part' '\(mbox)'"])
    if r.status != 0 {
        print("xz failed: \(r.output)")
        exit(1)
    }
}

if options.rulesOnly {
    rulesBench(inbox: options.inbox, work: work, mbox: mbox)
    exit(0)
}
// An agent's change during an import (LockBench.swift); not part of the full run (it takes minutes).
if options.lockOnly {
    lockBench(inbox: options.inbox, work: work, mbox: mbox, postgresql: options.postgresql)
    exit(0)
}

// 1. A Maildir copy of the same mail, written once and flushed to disk before any timing.
let maildir = work + "/maildir"
if !options.postgresqlOnly && !FileManager.default.fileExists(atPath: maildir + "/cur") {
    try? FileManager.default.removeItem(atPath: maildir)
    for sub in ["cur", "new", "tmp"] {
        try? FileManager.default.createDirectory(atPath: maildir + "/" + sub, withIntermediateDirectories: true)
    }
    do {
        let reader = try MboxReader(path: mbox)
        var i = 0
        while let m = try reader.next() {
            let name = String(format: "%@/cur/%010d.M%dP1.bench:2,S", maildir, 1_700_000_000 + i, i)
            let fd = open(name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard fd >= 0, m.raw.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == m.raw.count else {
                print("cannot write \(name): \(String(cString: strerror(errno)))")
                exit(1)
            }
            close(fd)
            i += 1
        }
    } catch {
        print("cannot write the Maildir: \(error)")
        exit(1)
    }
}
sync()

// 3. Imports through the real binary.
struct ImportRow {
    var label: String
    /// The median of ``importRepeats`` fresh imports (peak RSS: the largest of them).
    var first: RunResult
    var fastest: Double
    var slowest: Double
    var second: RunResult
    var dbBytes: Int64
    var tickets: Int
    var messages: Int
}

/// Reads a file, or every message file of a Maildir, once, so that a timed run finds it in the
/// page cache, as it is right after `make bench` unpacks or writes it. Without this the first
/// run after the kernel dropped the files measures this VM's disk, not AgentInbox (a cold
/// Maildir took twice as long to import here; a cold 100k-ticket store, 244 ms to its first
/// screen instead of about 50).
func warm(_ path: String) {
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    func readAll(_ file: String) {
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        while buffer.withUnsafeMutableBytes({ read(fd, $0.baseAddress, $0.count) }) > 0 {}
        close(fd)
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
    if !isDirectory.boolValue { return readAll(path) }
    for sub in ["cur", "new"] {
        let dir = path + "/" + sub
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] { readAll(dir + "/" + name) }
    }
}

/// How many fresh imports each kind gets; the table shows the median and the range.
let importRepeats = 3

/// With `postgresql` (a server's URL), each run imports into a fresh database on that server.
func importRun(_ label: String, _ kind: String, _ path: String, postgresql: String? = nil) -> ImportRow {
    var db = work + "/\(kind).sqlite"
    var env = ["INBOX_DB": db, "INBOX_CONFIG": work + "/none.toml"]
    warm(path)
    var firsts: [RunResult] = []
    for _ in 0..<importRepeats {
        if let postgresql {
            do {
                db = try PostgresBench.fresh(postgresql, "inbox_bench_\(kind)")
            } catch {
                print("cannot prepare PostgreSQL: \(error)")
                exit(1)
            }
            env["INBOX_DB"] = db
        }
        for suffix in ["", "-wal", "-shm", ".search", ".search-wal", ".search-shm"] { unlink(db + suffix) }
        sync()
        var first = run([options.inbox, "import", kind, path, "--json"], env: env)
        if first.status != 0 { print("import failed: \(first.output)") }
        if let json = try? JSONSerialization.jsonObject(with: Data(first.output.utf8)) as? [String: Any] {
            first.maxRSSKiB = json["peak_rss_kib"] as? Int ?? 0
            if let summary = json["summary"] as? [String: Any] {
                first.output =
                    "new \(summary["new"] ?? 0), duplicates \(summary["duplicates"] ?? 0), "
                    + "new tickets \(summary["newTickets"] ?? 0), quarantined \(summary["quarantined"] ?? 0)"
            }
        }
        firsts.append(first)
    }
    let sorted = firsts.sorted { $0.seconds < $1.seconds }
    var first = sorted[sorted.count / 2]
    first.maxRSSKiB = firsts.map(\.maxRSSKiB).max() ?? 0
    let second = run([options.inbox, "import", kind, path], env: env)
    var tickets = 0
    var messages = 0
    if postgresql != nil, let (t, m, bytes) = try? PostgresBench.counts(db) {
        return ImportRow(
            label: label, first: first, fastest: sorted.first!.seconds, slowest: sorted.last!.seconds, second: second,
            dbBytes: bytes, tickets: t, messages: m)
    }
    if let database = try? AppDatabase.open(path: db) {
        tickets = (try? database.ticketCount()) ?? 0
        messages = (try? database.reader.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM message") ?? 0 }) ?? 0
    }
    return ImportRow(
        label: label, first: first, fastest: sorted.first!.seconds, slowest: sorted.last!.seconds, second: second,
        dbBytes: fileSize(db) + fileSize(db + ".search"), tickets: tickets, messages: messages)
}

var rows: [ImportRow] = []
rows.append(importRun("mbox", "mbox", mbox))
if !options.postgresqlOnly { rows.append(importRun("Maildir", "maildir", maildir)) }
if let url = postgresURL {
    rows.append(importRun("mbox (PostgreSQL)", "mbox", mbox, postgresql: url))
}

print("")
print("Fresh imports, \(importRepeats) each, inputs in the page cache; the median, then the range.")
print(
    "| import | messages | first run | messages/s | range | peak RSS | store + index | tickets | re-run (adds nothing) |"
)
print("|---|---|---|---|---|---|---|---|---|")
for r in rows {
    let rate = { (s: Double) in Int(Double(r.messages) / s) }
    print(
        "| \(r.label) | \(r.messages) | \(f1(r.first.seconds)) s | \(rate(r.first.seconds)) | "
            + "\(rate(r.slowest)) – \(rate(r.fastest)) | \(r.first.maxRSSKiB / 1024) MB | \(mb(r.dbBytes)) | \(r.tickets) | "
            + "\(String(format: "%.2f", r.second.seconds)) s |")
}
for r in rows { print("\(r.label): \(r.first.output.split(separator: "\n").last ?? "")") }
if options.importsOnly { exit(0) }
if options.postgresqlOnly, let url = postgresURL {
    postgresSections(url: url, work: work, imports: rows, repeats: importRepeats, searchSize: options.searchSize)
    exit(0)
}
rulesBench(inbox: options.inbox, work: work, mbox: mbox)

// 4. Exports of everything the mbox import stored, through the real binary (issue 9: bounded memory).
do {
    let env = ["INBOX_DB": work + "/mbox.sqlite", "INBOX_CONFIG": work + "/none.toml"]
    print("")
    print("| export 20k messages | seconds | peak RSS | output |")
    print("|---|---|---|---|")
    for (format, extra) in [
        ("archive", []), ("archive", ["--redact"]), ("mbox", []), ("jsonl", []), ("html", []), ("md", []),
    ] {
        let out = work + "/export.\(format)"
        unlink(out)
        let r = run([options.inbox, "export", "--all", "--format", format, "--output", out] + extra, env: env)
        if r.status != 0 { print("export \(format) failed: \(r.output)") }
        let label = format + (extra.isEmpty ? "" : " " + extra.joined(separator: " "))
        print("| \(label) | \(f1(r.seconds)) s | \(r.maxRSSKiB / 1024) MB | \(mb(fileSize(out))) |")
        unlink(out)
    }
}

// 4b. `inbox report` over everything the mbox import stored, through the real binary (issue 10:
// budget 2 s). The range covers the whole corpus.
do {
    let env = ["INBOX_DB": work + "/mbox.sqlite", "INBOX_CONFIG": work + "/none.toml"]
    print("")
    print("| report over 20k messages | seconds | peak RSS | output |")
    print("|---|---|---|---|")
    for format in ["text", "json", "html"] {
        let out = work + "/report.\(format)"
        unlink(out)
        let r = run(
            [
                options.inbox, "report", "--since", "1990-01-01", "--until", "today", "--format", format, "--output",
                out,
            ], env: env)
        if r.status != 0 { print("report \(format) failed: \(r.output)") }
        print(
            "| \(format) | \(String(format: "%.2f", r.seconds)) s | \(r.maxRSSKiB / 1024) MB | \(mb(fileSize(out))) |")
        unlink(out)
    }
}

// 5. IMAP full pull of the same mail from Dovecot on loopback (plain, port on 127.0.0.1), through
// the real binary: `inbox sync --json` into an empty database. Skipped without Dovecot.
func imapBench() {
    guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/dovecot") else {
        print("\nIMAP pull: /usr/sbin/dovecot is absent (make deps installs dovecot-imapd); skipped.")
        return
    }
    let dir = work + "/dovecot"
    _ = run(["/bin/rm", "-rf", dir])
    let home = dir + "/mail/bench"
    try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    // Hard links: the server gets its own Maildir without copying 220 MB.
    let copy = run(["/bin/cp", "-al", maildir, home + "/Maildir"])
    if copy.status != 0 {
        print("cannot link the Maildir for Dovecot: \(copy.output)")
        return
    }
    let port = freeLoopbackPort()
    let root = getuid() == 0
    let user = root ? "nobody" : (ProcessInfo.processInfo.environment["USER"] ?? "nobody")
    let uid = root ? 65534 : Int(getuid())
    let gid = root ? 65534 : Int(getgid())
    let group = root ? "nogroup" : String(cString: getgrgid(getgid()).pointee.gr_name)
    let conf = """
        protocols = imap
        listen = 127.0.0.1
        base_dir = \(dir)/run
        state_dir = \(dir)/state
        instance_name = bench-\(port)
        log_path = \(dir)/dovecot.log
        default_internal_user = \(user)
        default_internal_group = \(group)
        default_login_user = \(user)
        first_valid_uid = \(uid)
        last_valid_uid = \(uid)
        first_valid_gid = 0
        ssl = no
        disable_plaintext_auth = no
        auth_mechanisms = plain login
        mail_location = maildir:\(dir)/mail/%u/Maildir
        passdb {
          driver = passwd-file
          args = scheme=PLAIN username_format=%u \(dir)/users
        }
        userdb {
          driver = passwd-file
          args = username_format=%u \(dir)/users
          default_fields = uid=\(uid) gid=\(gid) home=\(dir)/mail/%u
        }
        service imap-login {
          chroot =
          inet_listener imap {
            address = 127.0.0.1
            port = \(port)
          }
          inet_listener imaps {
            port = 0
          }
        }
        service anvil {
          chroot =
        }
        service stats {
          chroot =
        }

        """
    _ = FileManager.default.createFile(atPath: dir + "/dovecot.conf", contents: Data(conf.utf8))
    _ = FileManager.default.createFile(atPath: dir + "/users", contents: Data("bench:{PLAIN}secret::::::\n".utf8))
    if root { _ = run(["/bin/chown", "-R", "65534:65534", dir]) }
    let server = Process()
    server.executableURL = URL(fileURLWithPath: root ? "/usr/bin/setpriv" : "/usr/sbin/dovecot")
    server.arguments =
        (root ? ["--reuid=65534", "--regid=65534", "--clear-groups", "/usr/sbin/dovecot"] : []) + [
            "-F", "-c", dir + "/dovecot.conf",
        ]
    server.standardOutput = FileHandle.nullDevice
    server.standardError = FileHandle.nullDevice
    do { try server.run() } catch {
        print("cannot start Dovecot: \(error)")
        return
    }
    defer {
        server.terminate()
        server.waitUntilExit()
    }
    Thread.sleep(forTimeInterval: 1.5)
    let config = work + "/imap.toml"
    let toml = """
        [[account]]
        name = "bench"
        host = "127.0.0.1"
        port = \(port)
        tls = "none"
        user = "bench"
        folders = ["INBOX"]

        """
    _ = FileManager.default.createFile(atPath: config, contents: Data(toml.utf8))
    let db = work + "/imap.sqlite"
    for suffix in ["", "-wal", "-shm"] { unlink(db + suffix) }
    let env = ["INBOX_DB": db, "INBOX_CONFIG": config, "INBOX_PASSWORD_BENCH": "secret"]
    sync()
    let first = run([options.inbox, "sync", "--json"], env: env)
    var rss = first.maxRSSKiB
    var new = 0
    if let json = try? JSONSerialization.jsonObject(with: Data(first.output.utf8)) as? [String: Any] {
        rss = json["peak_rss_kib"] as? Int ?? rss
        if let accounts = json["accounts"] as? [[String: Any]],
            let summary = accounts.first?["summary"] as? [String: Any]
        {
            new = summary["new"] as? Int ?? 0
        }
    }
    if first.status != 0 { print("inbox sync failed: \(first.output)") }
    let second = run([options.inbox, "sync"], env: env)
    var messages = 0
    if let database = try? AppDatabase.open(path: db) {
        messages = (try? database.reader.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM message") ?? 0 }) ?? 0
    }
    print("")
    print(
        "| IMAP full pull (Dovecot, loopback) | messages | first run | messages/s | peak RSS | database | re-run (adds nothing) |"
    )
    print("|---|---|---|---|---|---|---|")
    print(
        "| inbox sync | \(messages) (new \(new)) | \(f1(first.seconds)) s | \(Int(Double(messages) / first.seconds)) | \(rss / 1024) MB | "
            + "\(mb(fileSize(db))) | \(String(format: "%.2f", second.seconds)) s |")
    print("(mbsync with its default fsync from the same Dovecot: 913 messages/s; research/test-material.md §3.3)")
}
imapBench()

// 6. Parse only, in this process.
var raws: [[UInt8]] = []
do {
    let reader = try MboxReader(path: mbox)
    while let m = try reader.next() { raws.append(m.raw) }
} catch {
    print("cannot read \(mbox): \(error)")
    exit(1)
}
let totalBytes = raws.reduce(0) { $0 + $1.count }
print("")
print("Corpus: \(raws.count) messages, \(mb(Int64(totalBytes)))")
var best = Double.infinity
var checksum = 0
for _ in 0..<3 {
    let t0 = Date()
    for r in raws { checksum &+= MessageParser.parse(r).text.utf8.count }
    best = min(best, Date().timeIntervalSince(t0))
}
print(
    "parse only (1 thread, best of 3): \(Int(Double(raws.count) / best)) messages/s, \(f1(Double(totalBytes) / best / 1_048_576)) MB/s"
)
let t1 = Date()
for r in raws { checksum &+= RawDigest.sha256Hex(r).utf8.count }
print(
    "sha-256 only (1 thread): \(Int(Double(raws.count) / Date().timeIntervalSince(t1))) messages/s (checksum \(checksum % 1000))"
)

// 3b. One-megabyte header lines (issue 3: linear time).
do {
    let long = String(repeating: "x", count: 1 << 20)
    let raw = Array(
        ("From: a@b.c\nX-Long: \(long)\nSubject: =?utf-8?q?\(String(repeating: "a", count: 1 << 20))?=\nTo: "
            + String(repeating: "b@c.d, ", count: 100_000) + "\n\nbody").utf8)
    let t0 = Date()
    let m = MessageParser.parse(raw)
    print(
        "1 MB header lines (a field, an encoded subject, 100,000 addresses): \(Int(Date().timeIntervalSince(t0) * 1000)) ms (\(m.to.count) addresses)"
    )
}

// 4. Search (DESIGN §14): on the imported corpus (imported by an earlier section or run), then
// on a generated store of a million messages. `--search-only` runs just this section.
searchSection()
if let url = postgresURL {
    postgresSections(url: url, work: work, imports: rows, repeats: importRepeats, searchSize: options.searchSize)
}

func searchSection() {
    if let corpusDB = try? AppDatabase.open(path: work + "/mbox.sqlite") {
        printQueryTable(
            "search, 20k corpus",
            timeQueries(
                corpusDB,
                [
                    ("newest 50 of a queue", "queue:support"),
                    ("a word", "memory"),
                    ("a phrase", "\"page table\""),
                    ("a field plus a word", "from:@linux-mips.org cache"),
                    ("a negated query", "cache -patch"),
                ]))
    }
    let millionCount = Int(ProcessInfo.processInfo.environment["INBOX_BENCH_SCALE"] ?? "") ?? 1_000_000
    do {
        let big = try syntheticStore(at: work + "/generated-zipf-\(millionCount).sqlite", count: millionCount)
        printQueryTable(
            "search, \(millionCount / 1000)k generated",
            timeQueries(big, generatedStoreQueries))
    } catch {
        print("cannot build the generated store: \(error)")
    }
}
