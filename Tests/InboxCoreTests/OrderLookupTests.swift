import Foundation
import InboxTestSupport
import Testing

@testable import InboxCore

/// `lookup_command` with real scripts (issue 21): success (stored with fetched_at and linked),
/// exit 1, bad JSON, and a command that sleeps past its timeout — each a clear line.
@Suite struct OrderLookupTests {
    let base: Double = 1_793_606_400

    final class Folder {
        let url: URL
        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("lookup-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        func script(_ name: String, _ text: String) throws -> String {
            let path = url.appendingPathComponent(name).path
            try ("#!/bin/sh\n" + text).write(toFile: path, atomically: true, encoding: .utf8)
            // Run through sh, not exec'd: a parallel test's fork may still hold the file open
            // for writing (ETXTBSY).
            return "/bin/sh '\(path)'"
        }
        deinit { try? FileManager.default.removeItem(at: url) }
    }

    func config(_ command: String, timeout: Double = 5) -> InboxConfig {
        var c = InboxConfig(
            agent: .init(name: "Ada", email: "ada@shop.example"),
            queue: [.init(name: "Support", addresses: ["support@shop.example"], default: true)])
        c.store = [StoreSettings(name: "nordlys", lookup_command: command, lookup_timeout: timeout)]
        return c
    }

    func setUp(_ config: InboxConfig, into store: AppDatabase? = nil) throws -> AppDatabase {
        let db = try store ?? AppDatabase.inMemory()
        try db.syncQueues(config)
        let p = ParsedMessage(
            messageID: "k@x", from: MailAddress(name: "Kari", address: "kari@example.no"),
            to: [MailAddress(address: "support@shop.example")],
            date: Date(timeIntervalSince1970: base), subject: "Hvor er ordre 5531?",
            text: "Hei, pakken har ikke kommet.")
        let raw = Array("Message-ID: k@x\n\nHei".utf8)
        _ = try db.ingest(
            [IncomingMessage(raw: raw, sha256: RawDigest.sha256Hex(raw), parsed: p, source: "test")], config: config)
        return db
    }

    /// `inbox orders lookup TICKET` on either engine (the mail ingested on SQLite and copied).
    @Test(arguments: EngineStore.engines) func successIsStoredWithFetchedAtAndLinked(_ engine: StoreEngineKind) throws {
        let folder = try Folder()
        // Echoes the query into a file so the test can read what the command got.
        let script = try folder.script(
            "ok.sh",
            """
            cat > "\(folder.url.path)/query.json"
            cat <<'JSON'
            {"orders": [{"number": "#5531", "emails": ["Kari@Example.no"], "financial_status": "paid", "total": 1497,
              "shipments": [{"carrier": "Bring", "tracking_number": "CS123NO", "shipped_at": "2026-10-31T10:00:00Z"}]}]}
            JSON
            """)
        let c = config(script)
        let store = try ShopEngineStore.make(engine, "ticket-lookup") { db in _ = try setUp(c, into: db) }
        let db = store.db
        let now = Date(timeIntervalSince1970: base + 60)
        #expect(try db.lookupOrders(ticket: 1001, config: c, now: now) == [])
        let query = try String(contentsOfFile: folder.url.path + "/query.json", encoding: .utf8)
        #expect(query == "{\"emails\":[\"kari@example.no\"],\"orders\":[\"5531\"]}\n")
        let o = try db.order(number: "5531")
        #expect(o.fetched_at == now && o.source == "lookup" && o.store == "nordlys" && o.total == "1497.00")
        #expect(o.emails == ["kari@example.no"])
        #expect(o.shipments.first?.tracking_url == "https://tracking.bring.com/tracking/CS123NO")
        #expect(try db.orderLinks(1001) == [OrderLink(number: "5531", store: "nordlys", reason: "number in subject")])
        #expect(try db.lookupFailure(query: "ticket:1001") == nil)
    }

    /// `inbox orders list --customer`'s lookup on either engine (the mail ingested on SQLite and
    /// copied): what the command returns is stored, a failure is recorded, then cleared.
    @Test(arguments: EngineStore.engines) func aCustomerLookupOnEitherEngine(_ engine: StoreEngineKind) throws {
        let folder = try Folder()
        let ok = config(
            try folder.script(
                "ok.sh",
                """
                cat > "\(folder.url.path)/query.json"
                echo '{"orders": [{"number": "#5531", "emails": ["Kari@Example.no"], "financial_status": "paid", "total": 1497}]}'
                """))
        let store = try ShopEngineStore.make(engine, "order-lookup") { db in _ = try setUp(ok, into: db) }
        let db = store.db
        let fail = config(try folder.script("fail.sh", "echo 'HTTP 401: token expired' >&2\nexit 1\n"))
        let failures = try db.lookupOrders(customer: "KARI@example.no", config: fail)
        #expect(failures.count == 1 && failures[0].contains("HTTP 401: token expired"))
        #expect(try db.lookupFailure(query: "customer:kari@example.no")?.error == failures[0])
        let now = Date(timeIntervalSince1970: base + 60)
        #expect(try db.lookupOrders(customer: "KARI@example.no", config: ok, now: now) == [])
        let query = try String(contentsOfFile: folder.url.path + "/query.json", encoding: .utf8)
        #expect(query == "{\"emails\":[\"kari@example.no\"],\"orders\":[]}\n")
        #expect(try db.lookupFailure(query: "customer:kari@example.no") == nil)
        let o = try db.order(number: "5531", store: "Nordlys")
        #expect(o.fetched_at == now && o.source == "lookup" && o.total == "1497.00" && o.emails == ["kari@example.no"])
        #expect(try db.listOrders(customer: "kari@example.no").map(\.number) == ["5531"])
    }

    @Test func exitOneIsAClearLineWithTheFirstLineOfStderr() throws {
        let folder = try Folder()
        let c = config(try folder.script("fail.sh", "echo 'HTTP 401: token expired' >&2\necho secret-output\nexit 1\n"))
        let db = try setUp(c)
        let failures = try db.lookupOrders(ticket: 1001, config: c)
        #expect(
            failures == [
                "The lookup_command of store nordlys failed with exit status 1: HTTP 401: token expired (run it by hand to see why)"
            ])
        #expect(try db.lookupFailure(query: "ticket:1001")?.error == failures[0])
    }

    @Test func badJSONIsAClearLine() throws {
        let folder = try Folder()
        let c = config(try folder.script("bad.sh", "cat >/dev/null\necho '<html>502 Bad Gateway</html>'\n"))
        let db = try setUp(c)
        let failures = try db.lookupOrders(ticket: 1001, config: c)
        #expect(failures.count == 1)
        #expect(failures[0].hasPrefix("The lookup_command of store nordlys printed no valid {\"orders\": [...]} JSON"))
        let missing = config(try folder.script("nonumber.sh", "echo '{\"orders\": [{\"total\": \"1\"}]}'\n"))
        #expect(try setUp(missing).lookupOrders(ticket: 1001, config: missing).first?.contains("no \"number\"") == true)
    }

    @Test func aCommandThatSleepsPastTheTimeoutIsStopped() throws {
        let folder = try Folder()
        let c = config(try folder.script("slow.sh", "sleep 30\necho '{\"orders\": []}'\n"), timeout: 0.5)
        let db = try setUp(c)
        let started = Date()
        let failures = try db.lookupOrders(ticket: 1001, config: c)
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(
            failures == [
                "The lookup_command of store nordlys took longer than 0.5 s and was stopped (raise lookup_timeout, or make the script faster)"
            ])
    }
}
