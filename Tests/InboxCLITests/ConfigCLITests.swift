import Foundation
import InboxCore
import InboxTestSupport
import Testing

/// Issue 18 items 7 and 9: every command reports a broken config; global options go anywhere.
@Suite(.serialized) struct ConfigCLITests {
    let dir = TemporaryFolder("inbox-config-cli")

    @Test(arguments: EngineStore.engines)
    func globalOptionsWorkBeforeAndAfterTheSubcommand(_ engine: StoreEngineKind) throws {
        let db = try EngineStore.location(engine, "global-options", sqlite: dir.file("db/inbox.sqlite"))
        let config = dir.file("config.toml")
        let created = try CommandRunner.inbox(["--config", config, "--db", db, "--agent", "ada", "init"])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(engine == .postgresql || FileManager.default.fileExists(atPath: db))
        let before = try CommandRunner.inbox(["--config", config, "--db=\(db)", "queues", "--json"])
        #expect(before.status == 0, "\(before.stderr)")
        #expect(before.stdout.contains("Support"))
        let after = try CommandRunner.inbox(["queues", "--config", config, "--db", db, "--json"])
        #expect(after.stdout == before.stdout)
        let nested = try CommandRunner.inbox(["--db", db, "--config", config, "views", "list"])
        #expect(nested.status == 0, "\(nested.stderr)")
        let mixed = try CommandRunner.inbox(["--db", db, "tickets", "--config", config, "--json"])
        #expect(mixed.status == 0, "\(mixed.stderr)")
    }

    @Test(arguments: EngineStore.engines)
    func listingCommandsFailOnABrokenConfigNamingTheLine(_ engine: StoreEngineKind) throws {
        let db = try EngineStore.location(engine, "broken-config", sqlite: dir.file("db/inbox.sqlite"))
        let config = dir.file("config.toml")
        let env = ["INBOX_DB": db, "INBOX_CONFIG": config]
        #expect(try CommandRunner.inbox(["init"], environment: env).status == 0)
        dir.write("config.toml", "[agent]\nname = \"Ada\"\n\n[[queue]]\nname = Support\n")
        for command in [["queues"], ["tickets"], ["search", "x"], ["views", "list"], ["quarantine", "list"]] {
            let r = try CommandRunner.inbox(command, environment: env)
            #expect(r.status != 0, "\(command) exited 0 with a broken config")
            #expect(r.stderr.contains("config.toml line 5:"), "\(command): \(r.stderr)")
            #expect(r.stderr.contains(#"write name = "Support""#), "\(command): \(r.stderr)")
        }
        dir.write("config.toml", "[agent]\nname = \"Ada\"\n\n[sla]\nfirst_respons = \"4h\"\n")
        let misspelt = try CommandRunner.inbox(["tickets"], environment: env)
        #expect(misspelt.status != 0)
        #expect(
            misspelt.stderr.contains(
                "config.toml line 5: unknown key first_respons in [sla] (did you mean first_response?)"),
            "\(misspelt.stderr)")
        // The config is read before the database is looked for: its mistake is the one named.
        let noDatabase = try CommandRunner.inbox(
            ["tickets"], environment: ["INBOX_DB": dir.file("none/inbox.sqlite"), "INBOX_CONFIG": config])
        #expect(noDatabase.status != 0 && noDatabase.stderr.contains("first_respons"), "\(noDatabase.stderr)")
    }

    /// Issue 22 item 1: a URL is never taken for a path (it once made a folder named `postgresql:`).
    @Test func aDatabaseURLIsRefusedAndCreatesNothing() throws {
        let config = dir.file("url-config.toml")
        let home = dir.file("cwd")
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        // A PostgreSQL URL opens PostgreSQL (here a host that does not resolve: no network in
        // the tests); another scheme is refused. Neither is ever taken for a path.
        for (url, words) in [
            ("postgresql://ada:secret@db.example/inbox", "Cannot connect to PostgreSQL at postgresql://ada:***@"),
            ("postgres://db.example/inbox", "Cannot connect to PostgreSQL"),
            ("mysql://db.example/inbox", "unknown scheme"),
        ] {
            let refusedBeforeConfig = url.hasPrefix("mysql") ? [["init"]] : []
            for command in refusedBeforeConfig + [
                ["tickets"], ["export", "--all", "--format", "jsonl", "--output", "/dev/null"],
                ["export", "--all", "--format", "jsonl", "--output", "/dev/null", "--db", url],
            ] {
                let env = ["INBOX_DB": url, "INBOX_CONFIG": config]
                let r = try CommandRunner.inbox(command, environment: env, directory: home)
                #expect(r.status == 1, "\(command) \(url): \(r.stderr)")
                #expect(r.stderr.contains(words), "\(r.stderr)")
                #expect(!r.stderr.contains("secret"), "the password is echoed: \(r.stderr)")
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: home).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: config), "init wrote a config before refusing the URL")
    }
}
