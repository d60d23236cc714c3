import Foundation
import GRDB
import InboxCore
import InboxTestSupport
import Testing

/// Issue 22: `inbox db copy` and `inbox db info` on both engines, full text on PostgreSQL
/// against SQLite's, and the config's password rule. PostgreSQL runs per test (``PostgresServer``).
@Suite(.serialized) struct PostgresCLITests {
    let dir = TemporaryFolder("inbox-pg-cli")

    /// Mail whose words need folding: Polish, Turkish (dotted capital İ, dotless ı), Nordic.
    static let diacriticMail: [(String, String, String)] = [
        ("aylin@example.com", "İSTANBUL siparişi", "Merhaba, kargo kırık geldi. Şişe kırıldı."),
        ("krzysztof@example.pl", "Żółw nie dotarł", "Zamówiłem pluszowego żółwia, paczka nie dotarła do Łodzi."),
        ("ole@example.no", "Ødegård bestilling", "Pakken til Ødegård kom aldri."),
        ("ayse@example.com.tr", "Iğdır adresi", "Adresim Iğdır, İzmir değil."),
    ]

    /// An inbox file with the demo mailbox, diacritic mail and some workflow events.
    func fixtureInbox(_ name: String) throws -> (db: String, env: [String: String]) {
        let db = dir.file("\(name)/inbox.sqlite")
        let env = ["INBOX_DB": db, "INBOX_CONFIG": dir.file("\(name)/config.toml"), "INBOX_AGENT": "ada"]
        #expect(try CommandRunner.inbox(["init"], environment: env).status == 0)
        let mbox = try CommandRunner.inbox(["import", "mbox", TestPaths.demo + "/support.mbox"], environment: env)
        #expect(mbox.status == 0, "\(mbox.stderr)")
        for (i, (from, subject, text)) in Self.diacriticMail.enumerated() {
            dir.write(
                "\(name)/eml/\(i).eml",
                """
                From: \(from)\r
                To: support@nordlys.example\r
                Subject: =?UTF-8?B?\(Data(subject.utf8).base64EncodedString())?=\r
                Message-ID: <diacritic-\(i)@example.test>\r
                Date: Mon, 1 Dec 2025 10:0\(i):00 +0000\r
                MIME-Version: 1.0\r
                Content-Type: text/plain; charset=utf-8\r
                Content-Transfer-Encoding: 8bit\r
                \r
                \(text)\r

                """)
        }
        let eml = try CommandRunner.inbox(["import", "eml", dir.file("\(name)/eml")], environment: env)
        #expect(eml.status == 0, "\(eml.stderr)")
        let list = try CommandRunner.inbox(["tickets", "--json", "--limit", "3"], environment: env)
        let ids = ((try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]) ?? [])
            .compactMap { $0["id"] as? Int }.map(String.init)
        #expect(ids.count == 3, "\(list.stdout)")
        for (id, change) in zip(ids, ["status=pending", "priority=high", "assignee=ada"]) {
            let change = ["set", id, change]
            let r = try CommandRunner.inbox(change, environment: env)
            #expect(r.status == 0, "\(change): \(r.stderr)")
        }
        return (db, env)
    }

    /// A PostgreSQL server, started (the caller stops it), with an empty database `team`: its URL.
    static func serverWithTeamDatabase() throws -> (server: PostgresServer, url: String) {
        let server = try PostgresServer()
        try server.start()
        do {
            return (server, try server.createDatabase("team"))
        } catch {
            server.stop()
            throw error
        }
    }

    func copy(_ source: String, _ destination: String) throws -> [String: Any] {
        let r = try CommandRunner.inbox(
            ["db", "copy", source, destination, "--json"], environment: ["INBOX_CONFIG": dir.file("none.toml")])
        #expect(r.status == 0, "\(r.stderr)")
        return (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]) ?? [:]
    }

    /// Every row of `table`, in key order, as comparable text.
    func rows(_ db: String, _ table: String) throws -> [[DatabaseValue]] {
        let queue = try DatabaseQueue(path: db)
        defer { try? queue.close() }
        return try queue.read { db in
            let order =
                table == "raw_message"
                ? "sha256" : (table == "event" || table == "ticket" || table == "message" ? "id" : "1")
            return try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY \(order)").map {
                Array($0.databaseValues)
            }
        }
    }

    /// The acceptance test of issue 22 for `db copy`: SQLite → PostgreSQL → SQLite keeps the
    /// same tickets, messages, events and raw bytes (SHA-256), and a second copy adds nothing.
    @Test(.enabled(if: PostgresServer.skipReason == nil)) func dbCopyRoundTripSQLiteToPostgresAndBack() throws {
        let (original, _) = try fixtureInbox("a")
        let (server, url) = try Self.serverWithTeamDatabase()
        defer { server.stop() }
        let first = try copy(original, url)
        #expect((first["added"] as? Int ?? 0) > 100, "\(first)")
        #expect(first["added"] as? Int == first["read"] as? Int)
        // The copy ends with ANALYZE of what it filled: the planner knows the rows at once.
        let analyzed = try PostgresStore.open(url: url).connection.execute(
            """
            SELECT relname FROM pg_stat_user_tables
            WHERE relname IN ('ticket', 'message', 'raw_message', 'event') AND last_analyze IS NOT NULL
            ORDER BY relname
            """
        ).rows.compactMap { $0.first?.string }
        #expect(analyzed == ["event", "message", "raw_message", "ticket"])
        let again = try copy(original, url)
        #expect(again["added"] as? Int == 0, "a second copy added rows: \(again)")
        #expect((again["read"] as? Int ?? 0) == (first["read"] as? Int ?? -1))

        let back = dir.file("b/inbox.sqlite")
        let returned = try copy(url, back)
        #expect(returned["added"] as? Int == first["added"] as? Int, "\(returned)")
        #expect(try copy(url, back)["added"] as? Int == 0)

        for table in ["ticket", "message", "event", "raw_message", "customer", "tag", "message_reference"] {
            let a = try rows(original, table)
            let b = try rows(back, table)
            #expect(a.count == b.count && !a.isEmpty || table == "tag", "\(table): \(a.count) vs \(b.count)")
            #expect(a == b, "\(table) differs after the round trip")
        }
        // Raw bytes: each row's bytes hash to its key, on both sides.
        let queue = try DatabaseQueue(path: back)
        let raws = try queue.read { db in try Row.fetchAll(db, sql: "SELECT sha256, bytes FROM raw_message") }
        try queue.close()
        #expect(!raws.isEmpty)
        for raw in raws {
            let bytes: Data = raw["bytes"]
            #expect(RawDigest.sha256Hex([UInt8](bytes)) == raw["sha256"] as String)
        }
        // The copy is a working inbox: tickets list and search finds copied mail.
        let env = ["INBOX_DB": back, "INBOX_CONFIG": dir.file("none.toml")]
        let search = try CommandRunner.inbox(["search", "zolw", "--json"], environment: env)
        #expect(search.status == 0 && search.stdout.contains("\"message\""), "\(search.stdout) \(search.stderr)")
        // Ids continue after the copied ones on PostgreSQL.
        let store = try PostgresStore.open(url: url)
        let next =
            try store.connection.execute(
                "INSERT INTO saved_view(name, query, created_at) VALUES ('x', 'y', 0) RETURNING id"
            ).scalar?.int ?? 0
        #expect(next >= 1)
        let ticket =
            try store.connection.execute(
                """
                INSERT INTO ticket(queue_id, subject, status, created_at, updated_at)
                VALUES (1, 'after the copy', 'new', 0, 0) RETURNING id
                """
            ).scalar?.int ?? 0
        let copiedTickets = try rows(original, "ticket").count
        #expect(ticket > Int64(copiedTickets), "a new ticket reused a copied id")
    }

    /// The same words find the same messages on both engines (diacritics, Turkish İ and ı).
    @Test(.enabled(if: PostgresServer.skipReason == nil)) func fullTextOnPostgresMatchesSQLiteSearch() throws {
        let (original, env) = try fixtureInbox("s")
        let (server, url) = try Self.serverWithTeamDatabase()
        defer { server.stop() }
        _ = try copy(original, url)
        let store = try PostgresStore.open(url: url)
        for word in [
            "zolw", "żółw", "ŻÓŁW", "dotarl", "lodzi", "istanbul", "İstanbul", "ISTANBUL", "kirik", "kırık", "KIRIK",
            "igdir", "IĞDIR", "izmir", "odegard", "Ødegård", "parcel", "Bestellung",
        ] {
            let r = try CommandRunner.inbox(["search", word, "--json", "--limit", "500"], environment: env)
            #expect(r.status == 0, "\(word): \(r.stderr)")
            let hits = (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]]) ?? []
            let sqlite = Set(hits.compactMap { $0["message"] as? Int64 ?? ($0["message"] as? Int).map(Int64.init) })
            let postgres = Set(try store.searchMessageIDs(word))
            #expect(sqlite == postgres, "\(word): SQLite \(sqlite.sorted()) PostgreSQL \(postgres.sorted())")
            if !["parcel", "Bestellung"].contains(word) { #expect(!postgres.isEmpty, "\(word) found nothing") }
        }
    }

    @Test(.enabled(if: PostgresServer.skipReason == nil)) func dbInfoOnBothEngines() throws {
        let (original, _) = try fixtureInbox("i")
        let (server, url) = try Self.serverWithTeamDatabase()
        defer { server.stop() }
        _ = try copy(original, url)
        let env = ["INBOX_CONFIG": dir.file("none.toml")]
        var infos: [[String: Any]] = []
        for location in [original, url] {
            let r = try CommandRunner.inbox(["db", "info", "--db", location, "--json"], environment: env)
            #expect(r.status == 0, "\(r.stderr)")
            infos.append((try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]) ?? [:])
            let text = try CommandRunner.inbox(["db", "info", "--db", location], environment: env)
            #expect(text.stdout.contains("engine") && text.stdout.contains("ticket"), "\(text.stdout)")
        }
        #expect(infos[0]["engine"] as? String == "sqlite")
        #expect(infos[1]["engine"] as? String == "postgresql")
        #expect((infos[1]["version"] as? String ?? "").hasPrefix("15."))
        #expect(infos[0]["migration"] as? String == infos[1]["migration"] as? String)
        #expect(infos[0]["migrations"] as? Int == infos[1]["migrations"] as? Int)
        let a = infos[0]["counts"] as? [String: Int] ?? [:]
        let b = infos[1]["counts"] as? [String: Int] ?? [:]
        #expect(!a.isEmpty && a == b, "\(a) vs \(b)")
        #expect((a["message"] ?? 0) > 60)
        #expect((infos[1]["bytes"] as? Int ?? 0) > 0)
        // `inbox init` on the copy: nothing to migrate, the tickets counted, the URL masked.
        let initialised = try CommandRunner.inbox(["init", "--db", url], environment: env)
        #expect(initialised.status == 0, "\(initialised.stderr)")
        #expect(initialised.stdout.contains("is ready ("), "\(initialised.stdout)")
    }

    /// Issue 22, security: the password comes from PGPASSWORD or a .pgpass file (libpq's),
    /// a wrong one in a URL is never printed, and TLS is verified against `sslrootcert`.
    @Test(.enabled(if: PostgresServer.skipReason == nil)) func passwordsFromTheEnvironmentAndVerifiedTLS() throws {
        let server = try PostgresServer(password: "pg-s3cret", tls: true)
        try server.start()
        defer { server.stop() }
        let env = ["INBOX_CONFIG": dir.file("none.toml"), "PGPASSFILE": dir.file("no-pgpass")]
        func inbox(_ arguments: [String], _ extra: [String: String] = [:]) throws -> CommandResult {
            try CommandRunner.inbox(arguments, environment: env.merging(extra) { $1 })
        }
        let bare = "postgresql://inbox@127.0.0.1:\(server.port)/postgres"
        let none = try inbox(["db", "info", "--db", bare])
        #expect(none.status != 0 && none.stderr.contains("PGPASSWORD"), "\(none.stderr)")
        let fromEnvironment = try inbox(["db", "info", "--db", bare, "--json"], ["PGPASSWORD": "pg-s3cret"])
        #expect(
            fromEnvironment.status == 0 && fromEnvironment.stdout.contains("postgresql"), "\(fromEnvironment.stderr)")
        #expect(!fromEnvironment.stdout.contains("pg-s3cret"))
        let pgpass = dir.write("pgpass", "127.0.0.1:\(server.port):*:inbox:pg-s3cret\n")
        chmod(pgpass, 0o600)
        let fromFile = try inbox(["db", "info", "--db", bare], ["PGPASSFILE": pgpass])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        let wrong = try inbox(["db", "info", "--db", "postgresql://inbox:wr0ng-pw@127.0.0.1:\(server.port)/postgres"])
        #expect(wrong.status != 0 && wrong.stderr.contains("inbox:***@"), "\(wrong.stderr)")
        #expect(!wrong.stderr.contains("wr0ng-pw"), "\(wrong.stderr)")

        let ca = try #require(server.caFile)
        let verified = "postgresql://inbox@localhost:\(server.port)/postgres?sslmode=verify-full&sslrootcert=\(ca)"
        let tls = try inbox(["db", "info", "--db", verified], ["PGPASSWORD": "pg-s3cret"])
        #expect(tls.status == 0, "\(tls.stderr)")
        let connection = try PostgresConnection(url: verified + "&password=pg-s3cret")
        #expect(try connection.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").scalar == .int(1))
        // A CA that did not sign the server's certificate: refused.
        try DovecotServer.shell(
            "openssl req -x509 -newkey rsa:2048 -nodes -keyout '\(dir.file("other.key"))' -out '\(dir.file("other.pem"))' -days 1 -subj '/CN=Other CA'"
        )
        let other =
            "postgresql://inbox@localhost:\(server.port)/postgres?sslmode=verify-full&sslrootcert=\(dir.file("other.pem"))"
        let refused = try inbox(["db", "info", "--db", other], ["PGPASSWORD": "pg-s3cret"])
        #expect(refused.status != 0 && refused.stderr.contains("certificate"), "\(refused.stderr)")
    }

    /// Issue 22 item 6: `database_password_command` gives the password of a URL that holds none
    /// (the shared runner: first line, CR/LF stripped, empty refused). The password reaches
    /// libpq only: never stdout, stderr or the log file; errors name the key, not the output.
    @Test(.enabled(if: PostgresServer.skipReason == nil)) func thePasswordFromDatabasePasswordCommand() throws {
        let server = try PostgresServer(password: "pg-s3cret")
        try server.start()
        defer { server.stop() }
        let bare = "postgresql://inbox@127.0.0.1:\(server.port)/postgres"
        let config = dir.file("cmd/config.toml")
        let state = dir.file("cmd/state")
        let env = [
            "INBOX_CONFIG": config, "PGPASSFILE": dir.file("no-pgpass"), "XDG_STATE_HOME": state,
            "INBOX_LOG_LEVEL": "trace",
        ]
        var printed = ""
        func inbox(_ arguments: [String], script: String) throws -> CommandResult {
            let file = dir.write("cmd/password.sh", script)
            dir.write("cmd/config.toml", "database = \"\(bare)\"\ndatabase_password_command = 'sh \(file)'\n")
            let r = try CommandRunner.inbox(arguments, environment: env)
            printed += r.stdout + r.stderr
            return r
        }
        // First line only, its CR/LF stripped; a config without a password needs no chmod 600.
        let info = try inbox(["db", "info", "--json"], script: "printf 'pg-s3cret\\r\\nnot this line\\n'\n")
        #expect(info.status == 0 && info.stdout.contains("\"postgresql\""), "\(info.stderr)")
        let sqlite = dir.file("cmd/inbox.sqlite")
        #expect(
            try CommandRunner.inbox(["init"], environment: ["INBOX_DB": sqlite, "INBOX_CONFIG": config]).status == 0)
        let copy = try inbox(["db", "copy", sqlite, bare], script: "echo pg-s3cret\n")
        #expect(copy.status == 0 && copy.stdout.contains("Copied"), "\(copy.stderr)")
        // Without the command, libpq finds no password: this server needs one.
        dir.write("cmd/config.toml", "database = \"\(bare)\"\n")
        let without = try CommandRunner.inbox(["db", "info"], environment: env)
        #expect(without.status != 0 && without.stderr.contains("PGPASSWORD"), "\(without.stderr)")
        // An empty first line is refused, saying what the command must print.
        let empty = try inbox(["db", "info"], script: "printf '\\npg-s3cret\\n'\n")
        #expect(empty.status != 0, "\(empty.stdout)")
        #expect(
            empty.stderr.contains("database_password_command") && empty.stderr.contains("printed nothing"),
            "\(empty.stderr)")
        // A failing command is named by its key; neither its output nor its stderr is quoted.
        let failing = try inbox(["db", "info"], script: "echo pg-s3cret\necho pg-s3cret >&2\nexit 3\n")
        #expect(failing.status != 0, "\(failing.stdout)")
        #expect(
            failing.stderr.contains("database_password_command") && failing.stderr.contains("exit status 3"),
            "\(failing.stderr)")
        // A wrong password: the hint names the command, the password is not shown.
        let wrong = try inbox(["db", "info"], script: "echo wr0ng-pw\n")
        #expect(wrong.status != 0 && wrong.stderr.contains("Cannot connect to PostgreSQL"), "\(wrong.stderr)")
        #expect(wrong.stderr.contains("database_password_command"), "\(wrong.stderr)")
        // A password in the URL wins: the command is not run.
        let inURL = try inbox(
            ["db", "info", "--db", "postgresql://inbox:pg-s3cret@127.0.0.1:\(server.port)/postgres"],
            script: "exit 7\n")
        #expect(inURL.status == 0, "\(inURL.stderr)")
        #expect(!printed.contains("pg-s3cret") && !printed.contains("wr0ng-pw"), "\(printed)")
        // The log of db copy says where it connected and how, never the password.
        let log = (try? String(contentsOfFile: state + "/inbox/inbox.log", encoding: .utf8)) ?? ""
        #expect(log.contains("db copy") && log.contains("gets it from database_password_command"), "\(log)")
        #expect(log.contains("inbox@127.0.0.1"), "\(log)")
        let logs = (FileManager.default.subpaths(atPath: state) ?? []).map { state + "/" + $0 }
        for file in logs {
            let text = String(decoding: FileManager.default.contents(atPath: file) ?? Data(), as: UTF8.self)
            #expect(!text.contains("pg-s3cret") && !text.contains("wr0ng-pw"), "\(file)")
        }
    }

    /// Issue 22, security: off loopback the default is `sslmode=verify-full`: without the
    /// team's CA, or with a certificate for another name, the connection is refused; an
    /// explicit `sslmode` in the URL wins.
    @Test(.enabled(if: PostgresServer.skipReason == nil && PostgresServer.nonLoopbackAddress != nil))
    func offLoopbackTheServerCertificateIsVerifiedByDefault() throws {
        let address = try #require(PostgresServer.nonLoopbackAddress)
        let server = try PostgresServer(tls: true, address: address)
        try server.start()
        defer { server.stop() }
        let env = ["INBOX_CONFIG": dir.file("none.toml"), "PGSSLROOTCERT": dir.file("no-root.crt")]
        let url = "postgresql://inbox@\(address):\(server.port)/postgres"
        let noCA = try CommandRunner.inbox(["db", "info", "--db", url], environment: env)
        #expect(noCA.status != 0 && noCA.stderr.contains("root certificate"), "\(noCA.stderr)")
        let ca = try #require(server.caFile)
        // The certificate names localhost and 127.0.0.1, not this address: verify-full refuses.
        let wrongName = try CommandRunner.inbox(["db", "info", "--db", url + "?sslrootcert=\(ca)"], environment: env)
        #expect(wrongName.status != 0 && wrongName.stderr.contains("does not match host name"), "\(wrongName.stderr)")
        let explicit = try CommandRunner.inbox(["db", "info", "--db", url + "?sslmode=require"], environment: env)
        #expect(explicit.status == 0, "\(explicit.stderr)")
        // On loopback, no certificate is asked for.
        let loopback = try CommandRunner.inbox(["db", "info", "--db", server.url()], environment: env)
        #expect(loopback.status == 0, "\(loopback.stderr)")
    }

    /// libpq is opened on first use, not linked: a command on a SQLite store does not load it
    /// and the 21 libraries it needs (about 4 ms of start-up each time, measured in session 10).
    @Test func theInboxBinaryDoesNotLinkLibpq() throws {
        let ldd = try CommandRunner.run("/usr/bin/ldd", [TestPaths.inboxBinary], environment: [:])
        #expect(ldd.status == 0 && ldd.stdout.contains("libc.so"), "\(ldd.stdout)\(ldd.stderr)")
        #expect(!ldd.stdout.contains("libpq"), "\(ldd.stdout)")
    }

    /// Issue 22, security: a password in the config's database URL needs mode 0600, and is
    /// never printed.
    @Test func aPasswordInADatabaseURLNeedsAPrivateConfig() throws {
        let config = dir.file("pw/config.toml")
        dir.write("pw/config.toml", "database = \"postgresql://ada:s3cret@127.0.0.1:1/inbox\"\n")
        chmod(config, 0o644)
        let env = ["INBOX_CONFIG": config]
        for command in [["db", "info"], ["tickets"]] {
            let r = try CommandRunner.inbox(command, environment: env)
            #expect(r.status != 0)
            #expect(r.stderr.contains("chmod 600") && r.stderr.contains("PGPASSWORD"), "\(r.stderr)")
            #expect(!r.stderr.contains("s3cret"), "\(r.stderr)")
        }
        chmod(config, 0o600)
        let r = try CommandRunner.inbox(["db", "info"], environment: env)
        #expect(r.status != 0 && r.stderr.contains("Cannot connect to PostgreSQL"), "\(r.stderr)")
        #expect(r.stderr.contains("ada:***@") && !r.stderr.contains("s3cret"), "\(r.stderr)")
        let doctor = try CommandRunner.inbox(["doctor"], environment: env)
        #expect(doctor.stdout.contains("ada:***@") && doctor.stdout.contains("db info"), "\(doctor.stdout)")
        #expect(!(doctor.stdout + doctor.stderr).contains("s3cret"), "\(doctor.stdout)")
        // Without a password the file's mode does not matter.
        dir.write("pw/config.toml", "database = \"postgresql://ada@127.0.0.1:1/inbox\"\n")
        chmod(config, 0o644)
        let open = try CommandRunner.inbox(["db", "info"], environment: env)
        #expect(!open.stderr.contains("chmod"), "\(open.stderr)")
        // Unknown schemes stay an error.
        let mysql = try CommandRunner.inbox(["db", "info", "--db", "mysql://db.example/inbox"], environment: env)
        #expect(mysql.status != 0 && mysql.stderr.contains("unknown scheme"), "\(mysql.stderr)")
    }
}
