import Foundation
import InboxTestSupport
import Testing

/// The commands moved onto the store seam in session 12 (issue 22), run through the binary on
/// both engines: the demo inbox on SQLite, copied to PostgreSQL with `inbox db copy`, then the
/// same commands against each give the same output. Saved views, the quarantine (list,
/// release, `inbox undo` of a release, block, bouncing), `inbox customer merge`, `inbox kb
/// suggest|gaps`, `inbox templates show --ticket`, `inbox orders lookup` and `inbox orders late
/// --open`.
@Suite(.serialized) struct CommandsEnginesCLITests {
    /// The lines of one command's run: its exit status, stdout and stderr.
    /// The moments of the run (`updated_at` of a ticket changed now, `fetched_at` of a lookup)
    /// and the import's speed are left out.
    static func run(_ args: [String], _ env: [String: String]) throws -> String {
        let r = try CommandRunner.inbox(args, environment: env)
        return "\(args.joined(separator: " ")) → \(r.status)\n\(r.stdout)\(r.stderr)"
            .replacing(/"(updated_at|fetched_at)" : "[^"]*"/) { "\"\($0.1)\" : …" }
            .replacing(/\ in [0-9.]+ s \([0-9]+ rows\/s\)/, with: "")
    }

    /// The demo's config with a `lookup_command` for the store: it prints one paid order,
    /// placed weeks ago and never shipped, of a customer without tickets (so it is late).
    static func withLookup(_ env: [String: String], _ dir: TemporaryFolder) throws -> [String: String] {
        let script = dir.write(
            "lookup.sh",
            """
            cat > /dev/null
            echo '{"orders": [{"number": "LATE-1", "emails": ["Late.Customer@example.com"], "placed_at": "2026-11-02T10:00:00Z", "financial_status": "paid", "fulfillment_status": "unfulfilled", "total": 10}]}'
            """)
        let config = try String(contentsOfFile: env["INBOX_CONFIG"]!, encoding: .utf8)
            .replacingOccurrences(
                of: "name = \"nordlys\"\n", with: "name = \"nordlys\"\nlookup_command = \"/bin/sh '\(script)'\"\n")
        #expect(config.contains("lookup_command"))
        var out = env
        out["INBOX_CONFIG"] = dir.write("config-lookup.toml", config)
        return out
    }

    @Test func movedCommandsGiveTheSameOutputOnBothEngines() throws {
        guard EngineStore.engines.contains(.postgresql) else { return }
        let dir = TemporaryFolder("inbox-commands-pg")
        let sqlite = try Self.withLookup(try OrdersCLITests.demo(dir), dir)
        let postgres = try EngineStore.make(.postgresql, "commands-cli")
        let copy = try CommandRunner.inbox(["db", "copy", sqlite["INBOX_DB"]!, postgres.location], environment: sqlite)
        #expect(copy.status == 0, "\(copy.stderr)")
        var pg = sqlite
        pg["INBOX_DB"] = postgres.location
        let held = try #require(
            try JSONSerialization.jsonObject(
                with: Data(try CommandRunner.inbox(["quarantine", "list", "--json"], environment: sqlite).stdout.utf8))
                as? [[String: Any]])
        let message = try #require(held.first?["id"] as? Int)
        let orders = [
            TestPaths.demo + "/orders/shopify-orders.csv", TestPaths.demo + "/orders/woocommerce-orders.json",
        ]
        let kb = ["--kb", TestPaths.demo + "/kb"]
        var outputs: [[String]] = []
        for env in [sqlite, pg] {
            var out: [String] = []
            func run(_ args: [String]) throws -> String {
                let line = try Self.run(args, env)
                out.append(line)
                return line
            }
            func customer(_ ticket: Int) throws -> String {
                let shown = try JSONSerialization.jsonObject(
                    with: Data(
                        try CommandRunner.inbox(["show", String(ticket), "--json"], environment: env).stdout.utf8))
                let t = shown as? [String: Any]
                return try #require((t?["customer"] as? [String: Any])?["address"] as? String)
            }
            for args in [
                ["views", "save", "Refunds", "tag:refund", "OR", "iade"], ["views", "save", "Polish", "lang:pl"],
                ["views", "save", "Breaching", "is:breaching"], ["views", "list", "--json"],
                ["views", "delete", "Polish"], ["views", "list"], ["views", "delete", "Polish"],
                ["search", "lang:de", "--json"], ["quarantine", "list", "--json"],
            ] {
                _ = try run(args)
            }
            // Released into a ticket of its own, then back; into #1001, then back.
            let released = try run(["quarantine", "release", String(message)])
            let opened = try #require(released.split(separator: "#").last.map { $0.prefix { $0.isNumber } })
            _ = try run(["quarantine", "list"])
            _ = try run(["undo", String(opened)])
            _ = try run(["quarantine", "list", "--json"])
            _ = try run(["quarantine", "release", String(message), "--into", "1001"])
            _ = try run(["undo", "1001"])
            for args in [
                ["quarantine", "list"], ["quarantine", "block", "@trailwear.example", "--reason", "newsletter"],
                ["quarantine", "block", "@trailwear.example", "--undo"],
                ["quarantine", "bouncing", "Nobody@Example.com"],
                ["kb", "suggest", "1001", "--json"] + kb, ["kb", "gaps", "--since", "2026-01-01", "--json"] + kb,
                ["templates", "show", "damaged-item", "--ticket", "1001"],
                ["orders", "import", "--store", "nordlys"] + orders, ["orders", "lookup", "1001"],
                ["orders", "late", "--days", "1", "--open", "damaged-item", "--json"],
                ["orders", "late", "--days", "1", "--json"],
            ] {
                _ = try run(args)
            }
            let (keep, other) = (try customer(1001), try customer(1002))
            _ = try run(["customer", "merge", "robot@example.invalid", other])
            _ = try run(["customer", "merge", keep, other, "--json"])
            _ = try run(["customer", keep, "--json"])
            outputs.append(out)
        }
        #expect(outputs[0].count == outputs[1].count)
        for (a, b) in zip(outputs[0], outputs[1]) { #expect(a == b) }
        let s = outputs[0]
        for line in s { #expect(!line.contains("does not run on PostgreSQL"), "\(line)") }
        #expect(s[3].contains("\"Refunds\"") && s[3].contains("\"Breaching\""), "\(s[3])")
        #expect(s[6].contains("→ 1"), "\(s[6])")
        #expect(s[9].contains("Released message \(message) into #"), "\(s[9])")
        #expect(s[11].contains("back in the quarantine"), "\(s[11])")
        #expect(s[13].contains("into #1001"), "\(s[13])")
        #expect(s[14].contains("back in the quarantine from #1001"), "\(s[14])")
        #expect(s[21].contains("→ 0"), "\(s[21])")
        #expect(s[24].contains("→ 0") && s[24].contains("LATE-1"), "\(s[24])")
        #expect(s[27].contains("→ 0") && s[27].contains("\"tickets\""), "\(s[27])")
    }
}
