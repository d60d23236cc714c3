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
