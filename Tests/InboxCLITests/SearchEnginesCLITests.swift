import Foundation
import InboxCore
import InboxTestSupport
import Testing

/// Issue 22: `inbox search --json` on PostgreSQL prints what it prints on SQLite. The inbox is
/// made on SQLite by the commands (``PostgresCLITests/fixtureInbox(_:)``: the demo mailbox,
/// mail in Turkish, Polish and Norwegian, some changes) and copied to PostgreSQL.
///
/// Every hit is the same, field for field, but `score`: bm25 (SQLite) and `ts_rank`
/// (PostgreSQL) are other numbers, so ranked results may come in another order too. Without
/// words there is no score and the order is the newest first on both: the output is identical.
@Suite(.serialized) struct SearchEnginesCLITests {
    @Test(.enabled(if: EngineStore.engines.contains(.postgresql))) func searchJSONIsTheSameOnBothEngines() throws {
        let fixture = PostgresCLITests()
        let (sqlite, env) = try fixture.fixtureInbox("search")
        let postgres = try EngineStore.make(.postgresql, "search-cli")
        _ = try DatabaseCopy.run(from: sqlite, to: postgres.location)

        func search(_ database: String, _ query: String) throws -> String {
            let r = try CommandRunner.inbox(
                ["search", "--json", "--limit", "500", "--db", database, "--", query], environment: env)
            #expect(r.status == 0, "\(query) on \(database): \(r.stderr)")
            return r.stdout
        }
        func hits(_ json: String) throws -> [[String: Any]] {
            (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]) ?? []
        }
        /// The hits without their scores, by message id, as comparable JSON.
        func unscored(_ json: String) throws -> [String] {
            try hits(json).map { hit -> (Int, String) in
                var hit = hit
                #expect(hit["score"] != nil)
                hit["score"] = nil
                let text = String(
                    decoding: try JSONSerialization.data(withJSONObject: hit, options: .sortedKeys), as: UTF8.self)
                return ((hit["message"] as? Int) ?? 0, text)
            }.sorted { $0.0 < $1.0 }.map(\.1)
        }

        for query in [
            "zolw", "ŻÓŁW", "\"nie dotarła\"", "istanbul", "İSTANBUL", "kirik", "ıgdır", "odegard", "dotar*",
            "order OR refund", "kirik -izmir", "subject:istanbul", "from:@example.pl zolw", "password",
        ] {
            let a = try search(sqlite, query)
            let b = try search(postgres.location, query)
            #expect(try unscored(a) == unscored(b), "\(query):\nSQLite \(a)\nPostgreSQL \(b)")
            if !["password", "order OR refund"].contains(query) { #expect(!(try hits(a)).isEmpty, "\(query)") }
        }
        for query in ["status:pending", "priority:high", "assignee:ada", "-status:new", "from:@example.com"] {
            let a = try search(sqlite, query)
            #expect(a == (try search(postgres.location, query)), "\(query)")
            #expect(!(try hits(a)).isEmpty, "\(query)")
        }
        // `is:breaching` and `lang:` run there too (PL/pgSQL functions of the same names).
        for query in [
            "is:breaching", "-is:breaching status:new", "lang:pl", "lang:tr", "lang:en", "lang:no OR lang:de",
        ] {
            let a = try search(sqlite, query)
            #expect(a == (try search(postgres.location, query)), "\(query)")
        }
    }
}
