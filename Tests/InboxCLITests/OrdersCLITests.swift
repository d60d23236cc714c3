import Foundation
import InboxTestSupport
import Testing

/// `inbox orders …`, `inbox show --json` orders and `inbox reply --preview` on the demo shop
/// (issue 21): the fixtures' orders match the demo tickets.
@Suite(.serialized) struct OrdersCLITests {
    /// The demo mailbox and its orders in a fresh database; returns the environment.
    static func demo(_ dir: TemporaryFolder) throws -> [String: String] {
        let config =
            try String(contentsOfFile: TestPaths.demo + "/config.toml", encoding: .utf8)
            + "\n[replies]\ntemplates = \"\(TestPaths.demo)/templates\"\n"
        let env = [
            "INBOX_DB": dir.file("inbox.sqlite"), "INBOX_CONFIG": dir.write("config.toml", config),
            "INBOX_AGENT": "Ada Lindqvist",
        ]
        try CommandRunner.inboxSucceeds(TestPaths.demoImports, environment: env)
        return env
    }

    static func ticket(subjectContaining text: String, env: [String: String]) throws -> Int {
        let list = try CommandRunner.inbox(["tickets", "--json", "--limit", "500"], environment: env)
        let tickets = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        return try #require(tickets.first { ($0["subject"] as? String)?.contains(text) == true }?["id"] as? Int)
    }

    @Test func importShowLinkAndPreviewOnTheDemoShop() throws {
        let dir = TemporaryFolder("inbox-orders-cli")
        let env = try Self.demo(dir)
        let files = [TestPaths.demo + "/orders/shopify-orders.csv", TestPaths.demo + "/orders/woocommerce-orders.json"]
        let first = try CommandRunner.inbox(["orders", "import", "--store", "nordlys"] + files, environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(
            first.stdout.hasPrefix("Imported orders: 18 added, 3 updated, 0 unchanged (24 rows, 0 rejected;"),
            "\(first.stdout)")
        let again = try CommandRunner.inbox(["orders", "import"] + files, environment: env)
        #expect(again.stdout.hasPrefix("Imported orders: 0 added, 0 updated, 21 unchanged"), "\(again.stdout)")

        let megan = try Self.ticket(subjectContaining: "US-55012", env: env)
        let show = try CommandRunner.inbox(["show", String(megan), "--json"], environment: env)
        let detail = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        let orders = try #require(detail["orders"] as? [[String: String]])
        #expect(orders == [["number": "US-55012", "store": "nordlys", "reason": "number in subject"]])

        let order = try CommandRunner.inbox(["orders", "show", "#US-55012", "--json"], environment: env)
        let o = try #require(try JSONSerialization.jsonObject(with: Data(order.stdout.utf8)) as? [String: Any])
        #expect(o["source"] as? String == "shopify-csv, woocommerce-json")
        #expect(o["emails"] as? [String] == ["megan.oconnor@example.com"])
        #expect((o["status"] as? String)?.hasPrefix("paid · shipped 25 Oct") == true)
        let shipment = try #require((o["shipments"] as? [[String: Any]])?.first)
        #expect(shipment["carrier"] as? String == "UPS")
        #expect(shipment["tracking_url"] as? String == "https://www.ups.com/track?tracknum=1Z999AA10123456784")
        for key in [
            "store", "number", "placed_at", "financial_status", "fulfillment_status", "currency", "total", "ship_to",
            "lines", "fetched_at",
        ] {
            #expect(o[key] != nil, "orders show --json lacks \(key)")
        }

        let preview = try CommandRunner.inbox(
            ["reply", String(megan), "--template", "where-is-my-order", "--preview"], environment: env)
        #expect(preview.status == 0, "\(preview.stderr)")
        #expect(preview.stdout.hasPrefix("Subject: Your order US-55012 [#\(megan)]"))
        #expect(preview.stdout.contains("https://www.ups.com/track?tracknum=1Z999AA10123456784"))
        // Nothing was saved or queued.
        #expect(try CommandRunner.inbox(["outbox", "list"], environment: env).stdout.contains("US-55012") == false)

        // Ayşe's ticket gets the Turkish variant with Yurtiçi's link and a Turkish date.
        let ayse = try Self.ticket(subjectContaining: "TR-40218", env: env)
        let tr = try CommandRunner.inbox(
            ["reply", String(ayse), "--template", "where-is-my-order", "--preview"], environment: env)
        #expect(
            tr.stdout.contains("https://www.yurticikargo.com/tr/online-servisler/gonderi-sorgula?code=101234567890"),
            "\(tr.stdout)")
        #expect(tr.stdout.contains("29 Ekim 2026 tarihinde Yurtiçi ile kargoya verildi"), "\(tr.stdout)")

        // A ticket without an order: blocked with the reason, exit 1.
        let astrid = try Self.ticket(subjectContaining: "5577", env: env)
        let blocked = try CommandRunner.inbox(
            ["reply", String(astrid), "--template", "where-is-my-order", "--preview"], environment: env)
        #expect(blocked.status == 1)
        #expect(blocked.stderr.contains("link an order first (O"), "\(blocked.stderr)")

        // By hand: link wins over matching and survives a re-import; unlink.
        #expect(try CommandRunner.inbox(["orders", "link", String(astrid), "5531"], environment: env).status == 0)
        _ = try CommandRunner.inbox(["orders", "import"] + files, environment: env)
        let linked = try CommandRunner.inbox(["show", String(astrid), "--json"], environment: env).stdout
        #expect(linked.contains("\"reason\" : \"linked by Ada Lindqvist\""))
        #expect(try CommandRunner.inbox(["orders", "unlink", String(astrid), "5531"], environment: env).status == 0)
        #expect(try CommandRunner.inbox(["orders", "link", String(astrid), "99999"], environment: env).status == 1)

        let list = try CommandRunner.inbox(
            ["orders", "list", "--customer", "ayse.yilmaz@example.com", "--json"], environment: env)
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(listed.map { $0["number"] as? String } == ["TR-40218"])
        #expect(
            try CommandRunner.inbox(["search", "order:TR-40218", "--json"], environment: env).stdout.contains(
                "TR-40218"))
    }

    /// JSON of one command's stdout with `fetched_at` (the moment of each import) left out.
    static func json(_ args: [String], _ env: [String: String]) throws -> String {
        let r = try CommandRunner.inbox(args, environment: env)
        #expect(r.status == 0, "\(args): \(r.stderr)")
        func strip(_ v: Any) -> Any {
            if let d = v as? [String: Any] { return d.filter { $0.key != "fetched_at" }.mapValues(strip) }
            if let a = v as? [Any] { return a.map(strip) }
            return v
        }
        let value = strip(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8), options: [.fragmentsAllowed]))
        return String(
            decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]),
            as: UTF8.self)
    }

    /// `inbox orders import|show|list|link|unlink|late` on PostgreSQL (issue 22): the demo mail
    /// copied from SQLite with `inbox db copy`, then the same import on both engines gives the
    /// same summary and the same `--json`.
    @Test func importShowListAndLinkOnPostgreSQL() throws {
        guard EngineStore.engines.contains(.postgresql) else { return }
        let dir = TemporaryFolder("inbox-orders-pg")
        let sqlite = try Self.demo(dir)
        let postgres = try EngineStore.make(.postgresql, "orders-cli")
        let copy = try CommandRunner.inbox(["db", "copy", sqlite["INBOX_DB"]!, postgres.location], environment: sqlite)
        #expect(copy.status == 0, "\(copy.stderr)")
        var pg = sqlite
        pg["INBOX_DB"] = postgres.location
        let files = [TestPaths.demo + "/orders/shopify-orders.csv", TestPaths.demo + "/orders/woocommerce-orders.json"]
        let astrid = try Self.ticket(subjectContaining: "5577", env: sqlite)
        var outputs: [[String]] = []
        for env in [sqlite, pg] {
            var out: [String] = []
            let first = try CommandRunner.inbox(["orders", "import", "--store", "nordlys"] + files, environment: env)
            #expect(first.status == 0, "\(first.stderr)")
            #expect(
                first.stdout.hasPrefix("Imported orders: 18 added, 3 updated, 0 unchanged (24 rows, 0 rejected;"),
                "\(first.stdout)")
            let again = try CommandRunner.inbox(["orders", "import", "--json"] + files, environment: env)
            let report = try #require(
                try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
            let summary = try #require(report["summary"] as? [String: Int])
            out.append(summary.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
            out.append(try Self.json(["orders", "show", "#US-55012", "--json"], env))
            out.append(try Self.json(["orders", "list", "--json"], env))
            out.append(try Self.json(["orders", "list", "--customer", "ayse.yilmaz@example.com", "--json"], env))
            out.append(try Self.json(["orders", "late", "--days", "1", "--json"], env))
            out.append(try CommandRunner.inbox(["orders", "link", String(astrid), "5531"], environment: env).stdout)
            _ = try CommandRunner.inbox(["orders", "import"] + files, environment: env)
            out.append(try CommandRunner.inbox(["orders", "unlink", String(astrid), "5531"], environment: env).stdout)
            let unknown = try CommandRunner.inbox(["orders", "link", String(astrid), "99999"], environment: env)
            out.append("\(unknown.status) \(unknown.stderr)")
            outputs.append(out)
        }
        #expect(outputs[0].count == outputs[1].count)
        for (a, b) in zip(outputs[0], outputs[1]) { #expect(a == b) }
        #expect(outputs[1][1].contains("1Z999AA10123456784"), "\(outputs[1][1])")
        #expect(outputs[1][5].hasPrefix("Linked order 5531 (nordlys)"), "\(outputs[1][5])")
        #expect(outputs[1][3].contains("TR-40218"))
    }

    @Test func badRowsAreNamedAndTheRestIsImported() throws {
        let dir = TemporaryFolder("inbox-orders-bad")
        let env = ["INBOX_DB": dir.file("inbox.sqlite"), "INBOX_CONFIG": dir.file("none.toml")]
        _ = try CommandRunner.inbox(["init"], environment: env)
        let csv = dir.write(
            "orders.csv",
            "Name,Email,Created at,Lineitem quantity,Lineitem name,Total\r\n#1001,a@example.com,2026-11-02 10:00:00 +0100,1,Mug,9.00\r\n#1002,b@example.com,not a date,1,Cup,5.00\r\n#1003,c@example.com,2026-11-03 10:00:00 +0100,x,Plate,7.00\r\n"
        )
        let r = try CommandRunner.inbox(["orders", "import", csv], environment: env)
        #expect(r.status == 1)
        #expect(
            r.stderr.contains("error: \(csv) line 3: column \"Created at\" holds \"not a date\", which is not a date"))
        #expect(
            r.stderr.contains(
                "error: \(csv) line 4: column \"Lineitem quantity\" holds \"x\", which is not a whole number"))
        #expect(r.stdout.hasPrefix("Imported orders: 1 added, 0 updated, 0 unchanged (3 rows, 2 rejected;"))
        let missing = try CommandRunner.inbox(["orders", "import", dir.file("nope.csv")], environment: env)
        #expect(missing.status == 1 && missing.stderr.contains("no such file"))
        let plain = dir.write("plain.csv", "Order,Mail\n1,a@b.c\n")
        let unmapped = try CommandRunner.inbox(["orders", "import", plain], environment: env)
        #expect(unmapped.stderr.contains("has no column mapping (add [store.columns]"))
    }
}
