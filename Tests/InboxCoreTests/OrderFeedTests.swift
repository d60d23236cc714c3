import Foundation
import InboxTestSupport
import Testing

@testable import InboxCore

/// Order files (issue 21): the CSV reader's awkward cases, Shopify's export, WooCommerce's
/// JSON, the plain CSV mapping, bad rows, idempotent upsert and the merge of two sources.
@Suite struct OrderFeedTests {
    static let shopifyHeader =
        "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,Billing Name,Shipping Name,Shipping City,Shipping Country,Notes,Cancelled at,Refunded Amount,Tags,Phone"

    /// Two orders; the first has two line items (the second row with empty order columns), a
    /// name with a comma, a note with a quote and a newline, Polish and Turkish letters.
    static let shopifyCSV =
        "\u{FEFF}" + shopifyHeader + "\r\n"
        + "#1042,Zofia@Example.pl,paid,2026-11-02 10:20:00 +0100,fulfilled,2026-11-03 09:00:00 +0100,no,PLN,179.80,0.00,0.00,179.80,,0,InPost,2026-11-02 10:15:00 +0100,2,\"Kubek \"\"Żółw\"\", 350 ml\",89.90,,MUG-350,true,true,fulfilled,Zofia Wójcik,\"Wójcik, Zofia\",Kraków,PL,\"Proszę o szybką wysyłkę.\r\nDziękuję!\",,0.00,\"vip, repeat\",+48 600 100 200\r\n"
        + "#1042,,,,,,,,,,,,,,,,1,Podkładka İzmir,0.00,,COASTER-1,true,true,fulfilled,,,,,,,,,\r\n"
        + "#1043,ayse@example.com.tr,pending,,unfulfilled,,no,TRY,450.00,0.00,0.00,450.00,,0,Yurtiçi,2026-11-04 08:00:00 +0300,1,Çay bardağı seti,450.00,,TEA-6,true,true,pending,Ayşe Yılmaz,Ayşe Yılmaz,İstanbul,TR,,,,,\r\n"

    let store = StoreSettings(name: "nordlys", currency: "EUR")

    @Test func csvReaderHandlesQuotesCommasNewlinesBOMAndCRLF() throws {
        let text = "\u{FEFF}a,b,c\r\n\"x, y\",\"he said \"\"hi\"\"\",\"two\nlines\"\r\n\r\nlast,,\r\n\"a\rb\",2,3"
        let records = try CSVReader(text: text).records()
        #expect(
            records.map(\.fields) == [
                ["a", "b", "c"], ["x, y", "he said \"hi\"", "two\nlines"], ["last", "", ""], ["a\rb", "2", "3"],
            ])
        #expect(records.map(\.line) == [1, 2, 5, 6])
    }

    @Test func csvReaderNamesTheLineOfAnUnclosedQuote() {
        #expect(throws: CSVReader.Failure.self) { try CSVReader(text: "a,b\n1,2\n\"open,3\n4,5\n").records() }
        do {
            _ = try CSVReader(text: "a,b\n1,2\n\"open,3\n4,5\n").records()
        } catch let f as CSVReader.Failure {
            #expect(f.line == 3)
        } catch {}
    }

    @Test func detectsFormats() {
        #expect(OrderFormat.detect(Array(Self.shopifyCSV.utf8)) == .shopifyCSV)
        #expect(OrderFormat.detect(Array("  \n[{\"number\":\"1\"}]".utf8)) == .wooCommerceJSON)
        #expect(OrderFormat.detect(Array("Order,E-mail\n1,a@b\n".utf8)) == .csv)
    }

    @Test func readsShopifyExport() throws {
        let r = try OrderFeed.read(Array(Self.shopifyCSV.utf8), file: "orders.csv", format: .shopifyCSV, store: store)
        #expect(r.problems == [])
        #expect(r.rows == 3)
        #expect(r.orders.count == 2)
        let o = r.orders[0].order
        #expect(o.number == "1042" && o.store == "nordlys")
        #expect(o.emails == ["zofia@example.pl"])
        #expect(o.financial_status == "paid" && o.fulfillment_status == "fulfilled")
        #expect(o.currency == "PLN" && o.total == "179.80" && o.refunded == nil)
        #expect(o.ship_to == ShopOrder.ShipTo(name: "Wójcik, Zofia", city: "Kraków", country: "PL"))
        #expect(
            o.lines == [
                ShopOrder.Line(sku: "MUG-350", title: "Kubek \"Żółw\", 350 ml", quantity: 2, price: "89.90"),
                ShopOrder.Line(sku: "COASTER-1", title: "Podkładka İzmir", quantity: 1, price: "0.00"),
            ])
        #expect(o.note == "Proszę o szybką wysyłkę.\r\nDziękuję!")
        #expect(o.tags == ["vip", "repeat"])
        #expect(o.placed_at == Date(timeIntervalSince1970: 1_793_610_900))  // 2026-11-02 09:15Z
        #expect(o.plainStatus(timeZone: TimeZone(identifier: "UTC")!) == "paid · shipped 3 Nov")
        #expect(r.orders[0].record.contains("\"Lineitem sku\":\"COASTER-1\""))
        let t = r.orders[1].order
        #expect(t.number == "1043" && t.ship_to?.city == "İstanbul" && t.plainStatus() == "pending · not shipped yet")
    }

    @Test func badRowsAreReportedWithFileAndLineAndTheRestIsImported() throws {
        let csv =
            Self.shopifyHeader + "\n"
            + ",a@b.c,paid,,,,no,EUR,1,0,0,1,,0,,2026-11-02 10:00:00 +0100,1,Thing,1.00,,T,true,true,,,,,,,,,,\n"
            + "#2001,a@b.c,paid,,,,no,EUR,1,0,0,1,,0,,yesterday,1,Thing,1.00,,T,true,true,,,,,,,,,,\n"
            + "#2002,c@d.e,paid,,,,no,EUR,1,0,0,ten,,0,,2026-11-02 10:00:00 +0100,1,Thing,1.00,,T,true,true,,,,,,,,,,\n"
            + "#2003,c@d.e,paid,,,,no,EUR,2,0,0,2,,0,,2026-11-02 10:00:00 +0100,1,Thing,1.00,,T,true,true,,,,,,,,,,\n"
            + "#2003,,,,,,,,,,,,,,,,two,Other,1.00,,O,true,true,,,,,,,,,,\n"
            + "#2003,short row\n"
        let r = try OrderFeed.read(Array(csv.utf8), file: "x.csv", format: .shopifyCSV, store: store)
        #expect(r.orders.map(\.order.number) == ["2003"])
        #expect(r.orders[0].order.lines.count == 1)
        #expect(r.problems.count == 5)
        #expect(r.problems[0].hasPrefix("x.csv line 2: no order number"))
        #expect(r.problems[1].hasPrefix("x.csv line 3: column \"Created at\" holds \"yesterday\", which is not a date"))
        #expect(r.problems[2].hasPrefix("x.csv line 4: column \"Total\" holds \"ten\""))
        #expect(r.problems[3].hasPrefix("x.csv line 6: column \"Lineitem quantity\" holds \"two\""))
        #expect(r.problems[4].hasPrefix("x.csv line 7: the row has 2 fields but the header has 33"))
    }

    static let wooJSON = """
        [
          {
            "id": 727, "number": "1042", "status": "completed", "currency": "PLN", "total": "179.80",
            "date_created_gmt": "2026-11-02T09:15:00", "date_modified_gmt": "2026-11-05T12:00:00",
            "date_paid_gmt": "2026-11-02T09:20:00", "date_completed_gmt": "2026-11-03T08:00:00",
            "billing": {"first_name": "Zofia", "last_name": "Wójcik", "email": "zofia.w@poczta.example.pl", "city": "Kraków", "country": "PL"},
            "shipping": {"first_name": "Zofia", "last_name": "Wójcik", "city": "Kraków", "country": "PL"},
            "line_items": [{"name": "Kubek \\"Żółw\\", 350 ml", "sku": "MUG-350", "quantity": 2, "price": 89.9}],
            "shipment_trackings": [{"tracking_provider": "inpost", "tracking_number": "6200 1234 5678", "tracking_link": "", "date_shipped": "1793692800"}]
          },
          {"id": 728, "status": "processing"},
          {
            "id": 729, "number": "1050", "status": "processing", "currency": "NOK", "total": "499.00",
            "date_created_gmt": "2026-11-06T10:00:00", "billing": {"email": "Ola@Example.no"},
            "line_items": [],
            "meta_data": [{"key": "_wc_shipment_tracking_items", "value": [{"tracking_provider": "Posten Norge", "tracking_number": "70712345678901234", "date_shipped": "2026-11-07"}]}]
          }
        ]
        """

    @Test func readsWooCommerceWithShipmentTrackingAndNamesTheLineOfABadEntry() throws {
        let r = try OrderFeed.read(Array(Self.wooJSON.utf8), file: "woo.json", format: .wooCommerceJSON, store: store)
        #expect(r.rows == 3)
        #expect(r.problems == [])
        let o = r.orders[0].order
        #expect(o.number == "1042" && o.emails == ["zofia.w@poczta.example.pl"] && o.financial_status == "paid")
        #expect(o.shipments.count == 1)
        #expect(o.shipments[0].carrier == "InPost")
        #expect(o.shipments[0].tracking_url == "https://inpost.pl/sledzenie-przesylek?number=6200%201234%205678")
        #expect(o.shipments[0].shipped_at == Date(timeIntervalSince1970: 1_793_692_800))
        #expect(
            o.lines == [ShopOrder.Line(sku: "MUG-350", title: "Kubek \"Żółw\", 350 ml", quantity: 2, price: "89.90")])
        let n = r.orders.last!.order
        #expect(n.number == "1050" && n.emails == ["ola@example.no"])
        #expect(n.shipments.first?.carrier == "Posten")
        #expect(n.shipments.first?.tracking_url == "https://sporing.posten.no/sporing/70712345678901234")
    }

    @Test func wooEntryWithoutANumberFallsBackToItsIDAndBrokenJSONIsNamed() throws {
        let r = try OrderFeed.read(Array(Self.wooJSON.utf8), file: "woo.json", format: .wooCommerceJSON, store: store)
        #expect(r.orders.map(\.order.number) == ["1042", "728", "1050"])
        let broken = "[\n{\"number\": \"1\"},\n{\"number\": 2, \"total\": }\n]"
        let b = try OrderFeed.read(Array(broken.utf8), file: "b.json", format: .wooCommerceJSON, store: store)
        #expect(b.orders.map(\.order.number) == ["1"])
        #expect(
            b.problems == ["b.json line 3: this entry is not a JSON object (fix the JSON there; the entry was skipped)"]
        )
        #expect(throws: InboxError.self) {
            try OrderFeed.read(
                Array("[{\"number\": \"1\"".utf8), file: "c.json", format: .wooCommerceJSON, store: store)
        }
    }

    @Test func plainCSVUsesTheStoresColumnMapping() throws {
        var s = store
        s.columns = [
            "number": "Ordre", "email": "E-post", "title": "Vare", "quantity": "Antall", "carrier": "Transportør",
            "tracking_number": "Sporing",
        ]
        let csv =
            "Ordre,E-post,Vare,Antall,Transportør,Sporing\nNO-5531,kari@example.no,Ullgenser,1,Bring,CS111111111NO\n"
        let r = try OrderFeed.read(Array(csv.utf8), file: "p.csv", format: .csv, store: s)
        #expect(r.problems == [])
        let o = r.orders[0].order
        #expect(o.number == "NO-5531" && o.lines.first?.title == "Ullgenser")
        #expect(o.shipments.first?.tracking_url == "https://tracking.bring.com/tracking/CS111111111NO")
        #expect(throws: InboxError.self) {
            try OrderFeed.read(Array(csv.utf8), file: "p.csv", format: .csv, store: store)
        }
    }

    @Test(arguments: EngineStore.engines) func reimportAddsNothingNewerWinsAndASecondSourceAddsTracking(
        _ engine: StoreEngineKind
    ) throws {
        let engineStore = try EngineStore.make(engine, "order-feed")
        let db = try engineStore.open()
        let config = InboxConfig()
        var shop = config
        shop.store = [store]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("orders-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("shopify.csv").path
        let json = dir.appendingPathComponent("woo.json").path
        try Self.shopifyCSV.write(toFile: csv, atomically: true, encoding: .utf8)
        try Self.wooJSON.write(toFile: json, atomically: true, encoding: .utf8)
        let importer = OrderImporter(database: db, config: shop)
        let first = try importer.importFiles([csv])
        #expect(first.summary.added == 2 && first.summary.updated == 0)
        let again = try importer.importFiles([csv])
        #expect(again.summary.added == 0 && again.summary.updated == 0 && again.summary.unchanged == 2)
        #expect(try db.order(number: "#1042").lines.count == 2)
        let merged = try importer.importFiles([json])
        #expect(merged.summary.updated == 1 && merged.summary.added == 2)
        let o = try db.order(number: "1042", store: "nordlys")
        #expect(o.source == "shopify-csv, woocommerce-json")
        #expect(o.emails == ["zofia@example.pl", "zofia.w@poczta.example.pl"])
        #expect(o.shipments.first?.tracking_number == "6200 1234 5678")
        // WooCommerce's record was modified later (5 Nov): its lines win, not doubled.
        #expect(o.lines.count == 1)
        #expect(o.ship_to?.name == "Zofia Wójcik")
        let third = try importer.importFiles([json, csv])
        #expect(third.summary.added == 0)
        let after = try db.order(number: "1042")
        #expect(after.lines.count == 1 && after.shipments.count == 1)
        #expect(try db.listOrders(customer: "ZOFIA.W@poczta.example.pl").map(\.number) == ["1042"])
        #expect(try db.listOrders().count == 4)
    }

    /// The same files imported on both engines read back the same orders, field for field.
    @Test func bothEnginesStoreTheSameOrders() throws {
        guard EngineStore.engines.count == 2 else { return }
        var shop = InboxConfig()
        shop.store = [store]
        let dir = TemporaryFolder("orders-parity")
        let csv = dir.write("shopify.csv", Self.shopifyCSV)
        let json = dir.write("woo.json", Self.wooJSON)
        let now = Date(timeIntervalSince1970: 1_793_606_400)
        var read: [[ShopOrder]] = []
        var stores: [EngineStore] = []
        for engine in EngineStore.engines {
            let engineStore = try EngineStore.make(engine, "orders-parity")
            stores.append(engineStore)
            let db = try engineStore.open()
            let importer = OrderImporter(database: db, config: shop)
            _ = try importer.importFiles([csv], now: now)
            _ = try importer.importFiles([json, csv], now: now)
            read.append(try db.listOrders())
        }
        #expect(read[0].count == 4)
        #expect(read[0] == read[1])
    }
}
