import Foundation
import Glibc
import InboxCore
import InboxTUI

// `make bench` on PostgreSQL (issue 22): the sections that have a budget there, each beside
// SQLite's number measured the same way in the same run. The server is the bench's own
// (BenchPostgresServer.swift) or `--postgresql URL`; every section works in fresh databases on it.

/// One line of the closing table: a measure, its issue-22 budget, PostgreSQL's and SQLite's numbers.
struct EngineComparison {
    var measure: String
    var budget: String
    var postgresql: String
    var sqlite: String
}

/// Median, p95 and the largest of `times` (milliseconds).
func summary(_ times: [Double]) -> (median: Double, p95: Double, max: Double) {
    let sorted = times.sorted()
    return (percentile(sorted, 0.5), percentile(sorted, 0.95), sorted.last ?? 0)
}

func ms(_ x: Double) -> String { String(format: "%.1f ms", x) }

/// Drops and creates `name` on the server of `url`, then copies the SQLite store at `path` into it
/// (`inbox db copy`) and analyses it (``PostgresBench/vacuumAnalyze(_:)``), saying how long
/// each took. Returns the database's URL.
func copyToPostgres(_ path: String, _ url: String, _ name: String) throws -> String {
    let target = try PostgresBench.fresh(url, name)
    print("Copying \(path) to PostgreSQL (\(name)) …")
    let started = Date()
    let report = try DatabaseCopy.run(from: path, to: target)
    let seconds = Date().timeIntervalSince(started)
    print(
        "  \(report.added) rows copied in \(f1(seconds)) s (\(Int(Double(report.added) / max(seconds, 0.001))) rows/s)")
    let vacuum = try PostgresBench.vacuumAnalyze(target)
    print("  VACUUM ANALYZE (autovacuum's work after a bulk load) in \(f1(vacuum)) s")
    return target
}

/// The ticket list's first page, `runs` times after one warm-up: what `inbox tickets` runs
/// (the 50 most recently updated) and what the TUI's list runs (a page in urgency order).
func timeFirstPage(_ database: AppDatabase, runs: Int = 50) throws -> (
    cli: (median: Double, p95: Double, max: Double), tui: (median: Double, p95: Double, max: Double)
) {
    let data = DatabaseDataSource(database)
    func time(_ body: () throws -> Int) throws -> (median: Double, p95: Double, max: Double) {
        guard try body() == 50 else { throw InboxError(.database, "the first page did not hold 50 tickets") }
        var times: [Double] = []
        for _ in 0..<runs {
            let t0 = DispatchTime.now().uptimeNanoseconds
            _ = try body()
            times.append(milliseconds(since: t0))
        }
        return summary(times)
    }
    let cli = try time { try database.tickets(TicketFilter(limit: 50)).count }
    let tui = try time { try data.tickets(.all, limit: 50, offset: 0).count }
    return (cli, tui)
}

/// Another agent's change on screen: `ada` assigns the first ticket of Bob's list on a
/// connection (a store value) of her own; Bob's TUI model (``AppController`` over its own store
/// value, as `inbox tui` holds it) looks for changes every millisecond, as the terminal does in
/// the pauses of the keys (``ChangeFeed``: LISTEN/NOTIFY on PostgreSQL, `PRAGMA data_version`
/// on SQLite), and the time runs from Ada's `update` call until Bob's reloaded list shows the
/// new assignee. Returns the times from the call and the commits' own times (ms).
func changeOnScreen(_ location: String, runs: Int = 30) throws -> (toScreen: [Double], commit: [Double]) {
    let ada = try AppDatabase.open(url: location)
    let bob = try AppDatabase.open(url: location)
    let controller = AppController(data: DatabaseDataSource(bob, agent: "bob"), rows: 40, cols: 120)
    _ = controller.screen()
    var toScreen: [Double] = []
    var commits: [Double] = []
    for i in 0..<runs {
        // Whatever is still on its way (Bob's own reload's looks) is read first.
        Thread.sleep(forTimeInterval: 0.05)
        controller.pollForChanges()
        guard let id = controller.state.list.rows.first?.id else {
            throw InboxError(.database, "Bob's list is empty")
        }
        let name = "ada\(i)"
        let t0 = DispatchTime.now().uptimeNanoseconds
        _ = try ada.update([id], [.assignee(name)], actor: "ada")
        commits.append(milliseconds(since: t0))
        let deadline = Date().addingTimeInterval(30)
        while true {
            if controller.pollForChanges() {
                _ = controller.screen()
                if controller.state.list.rows.contains(where: { $0.id == id && $0.assignee == name }) { break }
            }
            if Date() > deadline {
                throw InboxError(.database, "Bob's screen did not show #\(id) assigned to \(name) within 30 s")
            }
            usleep(1000)
        }
        toScreen.append(milliseconds(since: t0))
    }
    return (toScreen, commits)
}

/// The PostgreSQL sections after the imports (whose rows are `imports`): the ticket list and
/// the TUI at 100k tickets, another agent's change on screen, search at `searchSize` messages;
/// then the table of issue 22's budgets with both engines' numbers.
func postgresSections(url: String, work: String, imports: [ImportRow], repeats: Int, searchSize: Int) {
    var table: [EngineComparison] = []
    let sqliteImport = imports.first { $0.label == "mbox" }
    let postgresImport = imports.first { $0.label == "mbox (PostgreSQL)" }
    func rate(_ r: ImportRow?) -> String {
        guard let r else { return "—" }
        return
            "\(Int(Double(r.messages) / r.first.seconds)) msg/s (range \(Int(Double(r.messages) / r.slowest)) – \(Int(Double(r.messages) / r.fastest)))"
    }
    table.append(
        EngineComparison(
            measure: "20k corpus import (`inbox import mbox`, median of \(repeats))", budget: "≥ 2,000 msg/s",
            postgresql: rate(postgresImport), sqlite: rate(sqliteImport)))

    // The ticket list and the TUI at 100k tickets: the TUI section's store, copied.
    do {
        let path = try ticketStore(at: work + "/tui-100000.sqlite", tickets: 100_000)
        for suffix in ["", "-wal", ".search", ".search-wal"] { warm(path + suffix) }
        let pg = try copyToPostgres(path, url, "inbox_bench_tui_100k")

        let pagePG = try timeFirstPage(try AppDatabase.open(url: pg))
        let pageSQLite = try timeFirstPage(try AppDatabase.open(path: path))
        print("")
        print("| first page at 100k tickets (median of 50) | PostgreSQL median | p95 | SQLite median | p95 |")
        print("|---|---|---|---|---|")
        print(
            "| `inbox tickets` (newest 50) | \(ms(pagePG.cli.median)) | \(ms(pagePG.cli.p95)) | \(ms(pageSQLite.cli.median)) | \(ms(pageSQLite.cli.p95)) |"
        )
        print(
            "| the TUI's list (50 rows, urgency order) | \(ms(pagePG.tui.median)) | \(ms(pagePG.tui.p95)) | \(ms(pageSQLite.tui.median)) | \(ms(pageSQLite.tui.p95)) |"
        )
        table.append(
            EngineComparison(
                measure: "newest 50 at 100k tickets (`inbox tickets`' query, median)", budget: "≤ 20 ms",
                postgresql: ms(pagePG.cli.median), sqlite: ms(pageSQLite.cli.median)))

        var lines: [String] = []
        var firsts: [String: Double] = [:]
        for (engine, location) in [("PostgreSQL", pg), ("SQLite", path)] {
            guard let m = tuiMeasureRow(location) else { continue }
            firsts[engine] = m.json["first_ms"] as? Double
            lines.append("| \(engine) | " + m.cells)
            lines.append("| | " + m.breakdown + " |")
        }
        print("")
        print(
            "| TUI 120×40, 100k tickets | first full screen | ↓ to screen, median | p95 | End (jump to the last) | ↑ at the end, median | p95 | resident after | peak RSS | SQLite's memory | rows held |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        for l in lines { print(l) }
        table.append(
            EngineComparison(
                measure: "TUI first screen at 100k tickets", budget: "≤ 150 ms",
                postgresql: firsts["PostgreSQL"].map(ms) ?? "failed", sqlite: firsts["SQLite"].map(ms) ?? "failed"))

        // Another agent's change, on a store of its own (the assignments would change the others').
        let changePG = try copyToPostgres(path, url, "inbox_bench_change_100k")
        let changeSQLite = work + "/change-100000.sqlite"
        for suffix in ["", "-wal", "-shm", ".search", ".search-wal", ".search-shm"] { unlink(changeSQLite + suffix) }
        _ = try DatabaseCopy.run(from: path, to: changeSQLite)
        var cells: [String: (String, String)] = [:]
        for (engine, location) in [("PostgreSQL", changePG), ("SQLite", changeSQLite)] {
            let r = try changeOnScreen(location)
            let s = summary(r.toScreen)
            let c = summary(r.commit)
            cells[engine] = (
                "\(ms(s.median)) (p95 \(ms(s.p95)), max \(ms(s.max)))", "\(ms(c.median)) (p95 \(ms(c.p95)))"
            )
        }
        print("")
        print("| another agent's change on screen, 100k tickets (30 changes) | PostgreSQL | SQLite |")
        print("|---|---|---|")
        print(
            "| Ada's `update` call → Bob's list shows it, median | \(cells["PostgreSQL"]?.0 ?? "—") | \(cells["SQLite"]?.0 ?? "—") |"
        )
        print("| of which Ada's commit | \(cells["PostgreSQL"]?.1 ?? "—") | \(cells["SQLite"]?.1 ?? "—") |")
        print(
            "(Bob looks every millisecond here; `inbox tui` looks in every pause of the keys, at most 100 ms apart on PostgreSQL, about once a second on SQLite)"
        )
        table.append(
            EngineComparison(
                measure: "another agent's change on screen (commit → reloaded list, median)", budget: "≤ 1 s",
                postgresql: cells["PostgreSQL"]?.0 ?? "failed", sqlite: cells["SQLite"]?.0 ?? "failed"))
    } catch {
        print("the PostgreSQL ticket-list section failed: \(error)")
    }

    // Search at `searchSize` messages (SearchBench.swift).
    do {
        let target = try PostgresBench.fresh(url, "inbox_bench_search")
        if let word = postgresSearchSection(url: target, size: searchSize, work: work) {
            table.append(
                EngineComparison(
                    measure: "word query at \(searchSize / 1000)k messages (`faktura`, median)", budget: "≤ 100 ms",
                    postgresql: ms(word.postgresql), sqlite: ms(word.sqlite)))
        }
    } catch {
        print("the PostgreSQL search section failed: \(error)")
    }

    print("")
    print("PostgreSQL on loopback beside SQLite (issue 22's budgets):")
    print("| measure | budget | PostgreSQL | SQLite |")
    print("|---|---|---|---|")
    for r in table { print("| \(r.measure) | \(r.budget) | \(r.postgresql) | \(r.sqlite) |") }
}
