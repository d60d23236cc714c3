import Foundation
import InboxCore
import InboxTestSupport
import Testing

/// `inbox set`, `show`, `merge`/`split`/`undo`, `presence` and `quarantine` through the real
/// binary, and several processes working on one database at once.
@Suite(.serialized) struct WorkflowCLITests {
    let dir = TemporaryFolder("inbox-workflow")
    let store: StoreLocation
    var env: [String: String] { ["INBOX_DB": store.location, "INBOX_CONFIG": dir.file("config.toml")] }

    init() { store = StoreLocation(sqlite: dir.file("inbox.sqlite")) }

    /// Runs the binary on a thread of its own: waiting for a process must not hold one of the
    /// few threads Swift Testing runs every test on (the tmux tests would starve).
    func run(_ args: [String], agent: String = "ada") async throws -> CommandResult {
        var e = env
        e["INBOX_AGENT"] = agent
        let environment = e
        return try await OwnThread.run { try CommandRunner.inbox(args, environment: environment) }
    }

    func json(_ r: CommandResult) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stdout) \(r.stderr)")
    }

    /// Two customers' tickets #1001 and #1002, with an SLA on the wall clock, on `engine`.
    func setUp(_ engine: StoreEngineKind, _ name: String) async throws {
        try store.use(engine, name)
        dir.write(
            "config.toml",
            TestDesk.agent("Ada", "ada@shop.example") + TestDesk.queue("Support", "support@shop.example") + """
                [sla]
                calendar = "24/7"
                first_response = "4h"
                resolution = "3d"
                """)
        let now = Date()
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let date = f.string(from: now.addingTimeInterval(-3600))
        let mbox = MailFactory.mbox([
            MailFactory.message(id: "a@x", date: date),
            MailFactory.message(
                id: "b@x", from: "Jonas <jonas@example.no>", subject: "Pakken", date: date,
                body: "Hei, jeg har ikke fått pakken ennå. Hvor er bestillingen min?\n"),
        ])
        for args in [["init"], ["import", "mbox", dir.write("in.mbox", mbox)]] {
            let r = try await run(args)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
    }

    @Test(arguments: EngineStore.engines)
    func setChangesFieldsAndShowListsTheEvents(_ engine: StoreEngineKind) async throws {
        try await setUp(engine, "wf-set")
        let set = try await run([
            "set", "1001", "status=pending", "assignee=me", "priority=high", "tag+=refund", "tag+=vip", "tag-=vip",
        ])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(
            set.stdout.contains(
                "#1001: status=pending assignee=ada priority=high tag+=refund tag+=vip tag-=vip (version 2)"))
        let mine = try await run(["tickets", "--assignee", "me", "--json"])
        #expect(
            (try JSONSerialization.jsonObject(with: Data(mine.stdout.utf8)) as? [[String: Any]])?.map {
                $0["id"] as? Int
            } == [1001])
        let breaching = try await run(["tickets", "--breaching", "--json"])
        // #1002 has 3 h of its 4 h first response left: outside the 1 h warning window.
        #expect(breaching.status == 0 && breaching.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]")
        let text = try await run(["show", "1001"])
        #expect(text.stdout.contains("History:"))
        #expect(text.stdout.contains("ada  status new → pending"))
        #expect(text.stdout.contains("ada  assignee ada"))
        #expect(text.stdout.contains("SLA first response paused"))
        #expect(text.stdout.contains("SLA timeline (policy default):"))
        let detail = try json(try await run(["show", "1001", "--json"]))
        #expect(detail["version"] as? Int == 2)
        #expect(detail["status"] as? String == "pending" && detail["assignee"] as? String == "ada")
        #expect(detail["tags"] as? [String] == ["refund"])
        let events = try #require(detail["events"] as? [[String: Any]])
        #expect(
            events.contains {
                $0["kind"] as? String == "priority" && $0["actor"] as? String == "ada" && $0["new"] as? String == "high"
            })
        let sla = try #require(detail["sla"] as? [String: Any])
        #expect((sla["clocks"] as? [[String: Any]])?.first?["state"] as? String == "paused")
        let profile = try #require(detail["customer_profile"] as? [String: Any])
        #expect(profile["address"] as? String == "ayse@example.com.tr" && profile["language"] as? String == "tr")
        #expect(profile["open_count"] as? Int == 1)
        // Bad input says what to type instead, with the usage exit status for a malformed command.
        let bad = try await run(["set", "1001", "status=done"])
        #expect(bad.status == 1 && bad.stderr.contains("Unknown status \"done\""))
        let none = try await run(["set", "1001"])
        #expect(none.status == 2)
        let closedRule = try await run(["set", "1001", "status=new"])
        #expect(closedRule.status == 1 && closedRule.stderr.contains("cannot go back to new"))
        // Undo the whole change.
        let undo = try await run(["undo", "1001"])
        #expect(undo.status == 0 && undo.stdout.contains("Undid the last change to #1001"), "\(undo.stderr)")
        #expect(try json(try await run(["show", "1001", "--json"]))["status"] as? String == "new")
    }

    @Test(arguments: EngineStore.engines)
    func twoProcessesChangingOneTicketNeverLoseAnUpdate(_ engine: StoreEngineKind) async throws {
        try await setUp(engine, "wf-race")
        // Both read version 1 and write at the same moment: one wins, the other is told.
        async let first = run(["set", "1001", "assignee=ada", "status=open", "--if-version", "1"], agent: "ada")
        async let second = run(["set", "1001", "assignee=bob", "status=open", "--if-version", "1"], agent: "bob")
        let both = try await [first, second]
        #expect(both.count == 2)
        let winners = both.filter { $0.status == 0 }
        let losers = both.filter { $0.status != 0 }
        #expect(winners.count == 1 && losers.count == 1)
        let loser = try #require(losers.first)
        #expect(loser.stderr.contains("Ticket #1001 was changed by someone else after you read it"), "\(loser.stderr)")
        #expect(loser.stderr.contains("Nothing was saved"))
        let detail = try json(try await run(["show", "1001", "--json"]))
        let winner = winners[0].stdout.contains("assignee=ada") ? "ada" : "bob"
        #expect(detail["assignee"] as? String == winner)
        #expect(detail["version"] as? Int == 2)

        // Without a version, concurrent changes all land: six processes each add a tag.
        let tags = try await withThrowingTaskGroup(of: CommandResult.self) { group in
            for i in 0..<6 { group.addTask { try await run(["set", "1001", "tag+=t\(i)"], agent: "agent\(i)") } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(tags.count == 6 && tags.allSatisfy { $0.status == 0 })
        let tagged = try json(try await run(["show", "1001", "--json"]))
        #expect(tagged["tags"] as? [String] == (0..<6).map { "t\($0)" })
        #expect(tagged["version"] as? Int == 8)
    }

    @Test(arguments: EngineStore.engines)
    func presenceIsSeenByAnotherProcessAndGoesWhenTheAgentLeaves(_ engine: StoreEngineKind) async throws {
        try await setUp(engine, "wf-presence")
        let here = try await run(["presence", "1001", "--here", "replying"], agent: "ada")
        #expect(here.status == 0, "\(here.stderr)")
        let seen = try await run(["presence", "1001", "--json"], agent: "bob")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(seen.stdout.utf8)) as? [[String: Any]])
        #expect(list.count == 1 && list[0]["agent"] as? String == "ada" && list[0]["activity"] as? String == "replying")
        let show = try json(try await run(["show", "1001", "--json"], agent: "bob"))
        #expect((show["presence"] as? [[String: Any]])?.first?["agent"] as? String == "ada")
        #expect(try await run(["show", "1001"], agent: "bob").stdout.contains("ada is replying this ticket"))
        _ = try await run(["presence", "1001", "--leave"], agent: "ada")
        #expect(try await run(["presence", "1001"], agent: "bob").stdout.contains("Nobody is on #1001."))
    }

    @Test(arguments: EngineStore.engines)
    func mergeSplitUndoAndQuarantineCommands(_ engine: StoreEngineKind) async throws {
        try await setUp(engine, "wf-merge")
        let merge = try await run(["merge", "1002", "--into", "1001"])
        #expect(merge.status == 0, "\(merge.stderr)")
        var a = try json(try await run(["show", "1001", "--json"]))
        #expect((a["messages"] as? [[String: Any]])?.last?["thread_reason"] as? String == "merged from #1002")
        #expect(try json(try await run(["show", "1002", "--json"]))["merged_into"] as? Int == 1001)
        #expect(try await run(["undo", "1002"]).status == 0)
        a = try json(try await run(["show", "1001", "--json"]))
        #expect((a["messages"] as? [[String: Any]])?.count == 1)
        let split = try await run(["split", "1001", "1"])
        #expect(split.status == 1 && split.stderr.contains("leave at least one"))

        let bounce = MailFactory.message(
            id: "ooo@x", from: "robot@vendor.example", subject: "Out of office",
            extraHeaders: ["Auto-Submitted: auto-replied"])
        #expect(try await run(["import", "eml", dir.write("ooo.eml", bounce)]).status == 0)
        let list = try await run(["quarantine", "list", "--json"])
        let held = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(held.count == 1)
        let id = try #require(held.first?["id"] as? Int)
        let release = try await run(["quarantine", "release", "\(id)", "--into", "1001"])
        #expect(release.status == 0 && release.stdout.contains("into #1001"), "\(release.stderr)")
        #expect(try await run(["quarantine", "block", "@vendor.example"]).status == 0)
        #expect(try await run(["quarantine", "bouncing", "jonas@example.no"]).status == 0)
        let customer = try await run(["customer", "jonas@example.no", "--json"])
        let profile = try #require(try JSONSerialization.jsonObject(with: Data(customer.stdout.utf8)) as? [String: Any])
        #expect(profile["failing"] as? Bool == true && profile["language"] as? String == "no")
    }
}
