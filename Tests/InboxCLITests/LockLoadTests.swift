import Foundation
import InboxCore
import InboxTestSupport
import Synchronization
import Testing

/// Several agents script `inbox set` while an import loads a large mailbox into the same
/// store: no change may fail with "database is locked" (issue 19) or, on PostgreSQL, with a
/// serialization failure or deadlock (issue 22: the store retries them), every change is in
/// the audit log, and the import ends as it does alone. On both engines.
@Suite(.serialized) struct LockLoadTests {
    static let writers = 4
    static let changesPerWriter = 150

    /// Runs the binary on a thread of its own: waiting for a process must not hold one of the
    /// few threads Swift Testing runs every test on.
    static func run(_ args: [String], _ env: [String: String]) async throws -> CommandResult {
        try await OwnThread.run { try CommandRunner.inbox(args, environment: env) }
    }

    /// A store on `engine` with the demo mailbox imported (its tickets are the ones changed),
    /// and the environment that points the CLI at it. Keep the store alive while it is used.
    static func prepare(_ engine: StoreEngineKind, _ name: String) async throws -> (EngineStore, [String: String]) {
        let store = try EngineStore.make(engine, name)
        let config = store.folder.file("config.toml")
        try FileManager.default.copyItem(atPath: TestPaths.demo + "/config.toml", toPath: config)
        let env = ["INBOX_DB": store.location, "INBOX_CONFIG": config]
        // The store is created and migrated; the import writes the config's queues.
        let r = try await run(["import", "mbox", TestPaths.demo + "/support.mbox"], env)
        #expect(r.status == 0, "\(engine) import of the demo mailbox: \(r.stderr)")
        return (store, env)
    }

    /// What a lock or a retried conflict would print were it to reach an agent or the import,
    /// PostgreSQL's warnings included ("WARNING:  there is no transaction in progress").
    static func concurrencyError(_ stderr: String) -> Bool {
        let s = stderr.lowercased()
        return [
            "locked", "busy", "serializ", "deadlock", "40001", "40p01", "duplicate key", "unique constraint",
            "transaction", "warning:  ",
        ].contains { s.contains($0) }
    }

    struct ImportReport: Decodable, Equatable {
        struct Summary: Decodable, Equatable {
            var messages: Int
            var new: Int
            var duplicates: Int
            var joined: Int
            var newTickets: Int
            var quarantined: Int
            var withProblems: Int
        }
        var summary: Summary
        var failures: [String]
        var warnings: [String]
    }

    static func report(_ r: CommandResult) throws -> ImportReport {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(ImportReport.self, from: Data(r.stdout.utf8))
    }

    @Test(.timeLimit(.minutes(10)), arguments: EngineStore.engines)
    func fourAgentsChangeTicketsDuringAnImport(_ engine: StoreEngineKind) async throws {
        let shared = TemporaryFolder("inbox-lock-load")
        let (mbox, isCorpus) = try LoadMailbox.make(in: shared)

        // The import alone in a store of its own, for the result to compare with; it runs
        // beside the busy one below (the two stores share nothing but the CPU, and on
        // PostgreSQL the server).
        let (aloneStore, aloneEnv) = try await Self.prepare(engine, "lock-alone")
        async let alone = Self.run(["import", "mbox", "--json", mbox], aloneEnv)

        // The same import with four agents changing tickets all along.
        let (store, env) = try await Self.prepare(engine, "lock-busy")
        let listed = try await Self.run(["tickets", "--json", "--limit", "1000"], env)
        let tickets = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
            .compactMap { $0["id"] as? Int }.sorted()
        try #require(tickets.count >= 20, "the demo mailbox gave \(tickets.count) tickets")
        let progress = LoadProgress()
        async let imported = Self.runImport(mbox, env, progress)
        let (failures, errors) = try await withThrowingTaskGroup(of: ([String], [String]).self) { group in
            for w in 0..<Self.writers {
                group.addTask {
                    var agentEnv = env
                    agentEnv["INBOX_AGENT"] = "agent\(w)"
                    var failed: [String] = []
                    var errors: [String] = []
                    for c in 0..<Self.changesPerWriter {
                        let ticket = tickets[(w * Self.changesPerWriter + c) % tickets.count]
                        // Tags and assignees unique to each change: each leaves its own event.
                        let change = c % 2 == 0 ? "tag+=w\(w)c\(c)" : "assignee=w\(w)c\(c)"
                        let doneBefore = progress.importDone.load(ordering: .sequentiallyConsistent)
                        let r = try await Self.run(["set", "\(ticket)", change], agentEnv)
                        if r.status != 0 { failed.append("agent\(w) #\(ticket) \(change): \(r.stderr)") }
                        // A change prints nothing on stderr: no lock, no retried conflict, no
                        // server warning may reach the agent.
                        if !r.stderr.isEmpty { errors.append("agent\(w) #\(ticket) \(change): \(r.stderr)") }
                        // The change overlapped the import if the import had not ended when the
                        // change began and had begun when it ended.
                        if !doneBefore && progress.importStarted.load(ordering: .sequentiallyConsistent) {
                            progress.duringImport.add(1, ordering: .sequentiallyConsistent)
                        }
                        if c == 0 { progress.writersReady.add(1, ordering: .sequentiallyConsistent) }
                    }
                    return (failed, errors)
                }
            }
            return try await group.reduce(into: ([], [])) {
                $0.0 += $1.0
                $0.1 += $1.1
            }
        }
        let busy = try await imported
        let aloneResult = try await alone
        #expect(aloneResult.status == 0, "\(aloneResult.stderr)")
        let aloneReport = try Self.report(aloneResult)
        let total = Self.writers * Self.changesPerWriter
        #expect(
            failures.isEmpty,
            "\(engine): \(failures.count) of \(total) changes failed (\(total - failures.count)/\(total) succeeded); first: \(failures.prefix(3))"
        )
        #expect(errors.isEmpty, "\(engine): \(errors.count) changes printed on stderr; first: \(errors.prefix(3))")

        // The load overlapped: changes ran while the import did. The import starts once every
        // agent has made its first change, so some always do; how many depends on how fast
        // processes start (22 of 600 on a machine loaded 8-fold, hundreds on a quiet one).
        let duringImport = progress.duringImport.load(ordering: .sequentiallyConsistent)
        #expect(duringImport >= 10, "only \(duringImport) changes ran while the import did")

        #expect(busy.status == 0, "\(busy.stderr)")
        #expect(!Self.concurrencyError(busy.stderr), "\(engine): the import saw \(busy.stderr)")
        let busyReport = try Self.report(busy)
        #expect(busyReport == aloneReport)
        #expect(busyReport.warnings.isEmpty && busyReport.failures.isEmpty)

        // Every change is in the audit log, by its agent.
        var expected: Set<String> = []
        for w in 0..<Self.writers {
            for c in 0..<Self.changesPerWriter {
                let ticket = tickets[(w * Self.changesPerWriter + c) % tickets.count]
                expected.insert("\(ticket) agent\(w) \(c % 2 == 0 ? "tag" : "assignee") w\(w)c\(c)")
            }
        }
        var logged: Set<String> = []
        for ticket in tickets {
            let show = try await Self.run(["show", "\(ticket)", "--json"], env)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
            for event in object["events"] as? [[String: Any]] ?? [] {
                guard let actor = event["actor"] as? String, actor.hasPrefix("agent"),
                    let kind = event["kind"] as? String, let new = event["new"] as? String
                else { continue }
                logged.insert("\(ticket) \(actor) \(kind) \(new)")
            }
        }
        #expect(
            expected.subtracting(logged).isEmpty,
            "missing from the audit log: \(expected.subtracting(logged).sorted().prefix(5))")

        // The index holds the import: a search finds in the busy store what it finds alone.
        let term = isCorpus ? "cache" : "zolw"
        let found = try await Self.run(["search", "--json", "--limit", "100000", term], env)
        let foundAlone = try await Self.run(["search", "--json", "--limit", "100000", term], aloneEnv)
        #expect(found.status == 0 && !found.stdout.isEmpty)
        #expect(Self.ticketCount(found.stdout) == Self.ticketCount(foundAlone.stdout))
        #expect(Self.ticketCount(found.stdout) > 0)
        // Held to here: a store's folder (SQLite's file) goes with its value.
        withExtendedLifetime((store, aloneStore)) {}
    }

    static func runImport(_ mbox: String, _ env: [String: String], _ progress: LoadProgress) async throws
        -> CommandResult
    {
        // Once every agent is at work (bounded: a writer that cannot start fails elsewhere).
        let deadline = ContinuousClock.now + .seconds(120)
        while progress.writersReady.load(ordering: .sequentiallyConsistent) < writers, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        progress.importStarted.store(true, ordering: .sequentiallyConsistent)
        defer { progress.importDone.store(true, ordering: .sequentiallyConsistent) }
        return try await run(["import", "mbox", "--json", mbox], env)
    }

    /// What the writers saw of the import, shared between their tasks.
    final class LoadProgress: Sendable {
        let writersReady = Atomic<Int>(0)
        let importStarted = Atomic<Bool>(false)
        let importDone = Atomic<Bool>(false)
        let duringImport = Atomic<Int>(0)
    }

    static func ticketCount(_ json: String) -> Int {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any])?.count ?? -1
    }
}
