import Foundation
import InboxCore
import InboxTestSupport
import Testing

/// Issue 22: `inbox export` writes the same bytes from PostgreSQL as from SQLite for the same
/// inbox, and an archive exported from one engine imports into the other.
@Suite(.serialized, .enabled(if: PostgresServer.skipReason == nil)) struct ExportEnginesTests {
    let dir = TemporaryFolder("export-engines")

    /// The demo mailbox in a new store on `engine`; returns the store and its environment.
    func demo(_ engine: StoreEngineKind) throws -> (EngineStore, [String: String]) {
        let store = try EngineStore.make(engine, "export-\(engine)")
        let env = ["INBOX_DB": store.location, "INBOX_CONFIG": TestPaths.demo + "/config.toml", "INBOX_AGENT": "ada"]
        try CommandRunner.inboxSucceeds(EngineStores.demoImports, environment: env)
        return (store, env)
    }

    @Test func jsonlAndMboxAreTheSameBytesOnBothEnginesAndArchivesCrossOver() throws {
        // The same inbox on both: the demo imported into SQLite, copied to PostgreSQL (an
        // import of its own would stamp its events with other times).
        let (sqlite, sqliteEnv) = try demo(.sqlite)
        let postgres = try EngineStore.make(.postgresql, "export-copy")
        var postgresEnv = sqliteEnv
        postgresEnv["INBOX_DB"] = postgres.location
        let copied = try CommandRunner.inbox(
            ["db", "copy", sqlite.location, postgres.location], environment: sqliteEnv)
        try #require(copied.status == 0, "\(copied.stderr)")
        for (format, extra) in [("jsonl", []), ("mbox", []), ("jsonl", ["--redact"]), ("mbox", ["--redact"])] {
            var outputs: [Data] = []
            for (engine, env) in [("sqlite", sqliteEnv), ("postgresql", postgresEnv)] {
                let path = dir.file("\(engine)-\(format)\(extra.joined()).out")
                let r = try CommandRunner.inbox(
                    ["export", "--all", "--format", format, "-o", path, "--json"] + extra, environment: env)
                #expect(r.status == 0, "\(engine) \(format): \(r.stderr)")
                outputs.append(try #require(FileManager.default.contents(atPath: path)))
            }
            #expect(outputs[0].count > 10_000)
            // The first line that differs, with some context, when they do.
            let lines = outputs.map {
                String(decoding: $0, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            }
            let first = lines[0].indices.first { $0 < lines[1].count && lines[0][$0] != lines[1][$0] }
            let differs = first.map { i in
                let (a, b) = (Array(lines[0][i]), Array(lines[1][i]))
                let at = a.indices.first { $0 < b.count && a[$0] != b[$0] } ?? min(a.count, b.count)
                return
                    "line \(i + 1): SQLite …\(String(a[max(0, at - 80)..<min(a.count, at + 80)]))… PostgreSQL …\(String(b[max(0, at - 80)..<min(b.count, at + 80)]))…"
            }
            #expect(
                outputs[0] == outputs[1], "\(format) \(extra): the engines' exports differ at \(differs ?? "the end")")
        }
        // An archive from PostgreSQL into a new SQLite store, and one from SQLite into PostgreSQL.
        for (from, fromEnv, into) in [
            (postgres, postgresEnv, StoreEngineKind.sqlite), (sqlite, sqliteEnv, StoreEngineKind.postgresql),
        ] {
            let archive = dir.file("from-\(from.engine).archive")
            let export = try CommandRunner.inbox(
                ["export", "--all", "--format", "archive", "-o", archive], environment: fromEnv)
            #expect(export.status == 0, "\(export.stderr)")
            let target = try EngineStore.make(into, "export-into-\(into)")
            let env = ["INBOX_DB": target.location, "INBOX_CONFIG": dir.file("none.toml")]
            let imported = try CommandRunner.inbox(["import", "archive", archive, "--json"], environment: env)
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout.contains("\"tickets\" : 35"), "\(imported.stdout)")
            let source = try from.open()
            let copy = try target.open()
            let ids = try source.exportTicketIDs(.all)
            #expect(try copy.exportTicketIDs(.all) == ids)
            for id in ids {
                let (a, b) = (try source.ticketDetail(id), try copy.ticketDetail(id))
                #expect(a.messages.map(\.sha256) == b.messages.map(\.sha256), "#\(id)")
                #expect(a.ticket.subject == b.ticket.subject && a.events.count == b.events.count, "#\(id)")
                for m in b.messages {
                    #expect(try copy.rawMessage(sha256: m.sha256) == source.rawMessage(sha256: m.sha256))
                }
            }
            let again = try CommandRunner.inbox(["import", "archive", archive], environment: env)
            #expect(again.stdout.contains("0 new tickets, 35 matched existing ones, 0 new messages"), "\(again.stdout)")
        }
    }
}
