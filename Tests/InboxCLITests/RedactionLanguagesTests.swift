import Foundation
import InboxCore
import InboxTestSupport
import Testing

/// Issue 18 items 4–5: hand-written mail in five languages, exported with `--redact` in every
/// format. No known name (in any case form), postal address, phone or card number may survive,
/// and the Message-IDs must still thread.
@Suite(.serialized) struct RedactionLanguagesTests {
    let dir = TemporaryFolder("inbox-redact-languages")
    let stores = EngineStores()
    var env: [String: String] { ["INBOX_DB": stores.main.location, "INBOX_CONFIG": dir.file("config.toml")] }

    static let agent = "Ada Lindqvist <ada@shop.example>"

    /// Five customers and the agent's answer to each.
    static let mail: [String] = [
        MailFactory.message(
            id: "pl-1@poczta.example.pl", from: "Krzysztof Nowak <k.nowak@poczta.example.pl>",
            subject: "Zwrot zamówienia",
            body: """
                Dzień dobry,
                proszę o zwrot pieniędzy na kartę 4111 1111 1111 1111.
                Mój adres: ul. Marszałkowska 12/5, 00-950 Warszawa, tel. +48 600 100 200.

                Pozdrawiam,
                Krzysztof Nowak

                """),
        MailFactory.message(
            id: "pl-2@shop.example", from: agent, to: "Krzysztof Nowak <k.nowak@poczta.example.pl>",
            subject: "Re: Zwrot zamówienia", inReplyTo: "pl-1@poczta.example.pl",
            references: ["pl-1@poczta.example.pl"],
            body: """
                Dzień dobry Panie Krzysztofie,
                zwrot dla Pana Nowaka jest w drodze; Krzysztofa prosimy o cierpliwość.

                W dniu 3.11.2026 Krzysztof Nowak <k.nowak@poczta.example.pl> napisał:
                > Message-ID: <pl-1@poczta.example.pl>
                > Mój adres: ul. Marszałkowska 12/5, 00-950 Warszawa, tel. +48 600 100 200.

                """),
        MailFactory.message(
            id: "tr-1@mail.example.com.tr", from: "Ayşe Yılmaz <ayse.yilmaz@example.com.tr>", subject: "Kargom nerede?",
            body: """
                Merhaba,
                siparişim gelmedi. Adresim: Moda Mahallesi, Bahariye Caddesi No: 12/3, 34710 Kadıköy/İstanbul.
                Telefon: 0532 123 45 67.

                Saygılarımla,
                Ayşe Yılmaz

                """),
        MailFactory.message(
            id: "tr-2@shop.example", from: agent, to: "ayse.yilmaz@example.com.tr", subject: "Re: Kargom nerede?",
            inReplyTo: "tr-1@mail.example.com.tr",
            body: "Merhaba Ayşe Hanım,\nAyşe'nin siparişi kargoda; AYŞE YILMAZ adına teslim edilecek.\n"),
        MailFactory.message(
            id: "de-1@example.de", from: "Heike Schröder <h.schroeder@example.de>", subject: "Lieferung",
            body: """
                Guten Tag,
                bitte an Hauptstraße 12a, 10115 Berlin liefern. Tel. 030 1234 5678.

                Mit freundlichen Grüßen
                Heike Schröder

                """),
        MailFactory.message(
            id: "de-2@shop.example", from: agent, to: "Heike Schröder <h.schroeder@example.de>",
            subject: "Re: Lieferung",
            inReplyTo: "de-1@example.de",
            body: "Guten Tag Frau Schröder,\nGuten Tag Heike, Frau Schroeders Paket kommt morgen.\n"),
        // The header carries no name: only the signature says who writes.
        MailFactory.message(
            id: "no-1@example.no", from: "ola.n@example.no", subject: "Pakken",
            body: """
                Hei,
                pakken kom aldri til Kjøpmannsgata 14, 7013 Trondheim. Ring meg på +47 912 34 567.

                Med vennlig hilsen
                Ola Nordmann
                Kjøpmannsgata 14
                7013 Trondheim

                """),
        MailFactory.message(
            id: "no-2@shop.example", from: agent, to: "ola.n@example.no", subject: "Re: Pakken",
            inReplyTo: "no-1@example.no",
            body: "Hei Ola,\nOlas pakke er sendt på nytt til Nordmanns adresse.\n"),
        MailFactory.message(
            id: "en-1@example.co.uk", from: "Mary O'Brien <mary@example.co.uk>", subject: "Refund",
            body: """
                Hello,
                please send to 221B Baker Street, London NW1 6XE, or to my office at
                1600 Pennsylvania Avenue NW, Washington, DC 20500. Call 020 7946 0958.
                Card 5555 5555 5555 4444.

                Kind regards,
                Mary O'Brien

                """),
        MailFactory.message(
            id: "en-2@shop.example", from: agent, to: "Mary O'Brien <mary@example.co.uk>", subject: "Re: Refund",
            inReplyTo: "en-1@example.co.uk", body: "Dear Mary,\nMs O'Brien's refund is on its way. Thanks, Mary!\n"),
    ]

    /// Words that must not appear, matched as whole words, any case.
    static let names = [
        "Krzysztof", "Krzysztofie", "Krzysztofa", "Nowak", "Nowaka", "Ayşe", "Yılmaz", "YILMAZ", "Heike", "Schröder",
        "Schroeders", "Ola", "Olas", "Nordmann", "Nordmanns", "Mary", "Brien",
    ]
    /// Text that must not appear anywhere.
    static let data = [
        "Marszałkowska", "00-950", "Warszawa", "Moda Mahallesi", "Bahariye", "34710", "Kadıköy", "Hauptstraße", "10115",
        "Kjøpmannsgata", "7013", "Trondheim", "Baker Street", "NW1 6XE", "Pennsylvania", "20500", "600 100 200",
        "123 45 67", "1234 5678", "912 34 567", "7946 0958", "4111 1111 1111 1111", "5555 5555 5555 4444",
        "k.nowak", "ayse.yilmaz", "h.schroeder", "ola.n@", "mary@",
    ]
    static let messageIDs = [
        "pl-1@poczta.example.pl", "tr-1@mail.example.com.tr", "de-1@example.de", "no-1@example.no",
        "en-1@example.co.uk",
    ]

    func load(_ engine: StoreEngineKind) throws {
        try stores.start(engine, "redaction")
        dir.write(
            "config.toml",
            "[agent]\nname = \"Ada Lindqvist\"\nemail = \"ada@shop.example\"\n[[queue]]\nname = \"Support\"\naddresses = [\"support@shop.example\"]\n"
        )
        let path = dir.write("five.mbox", MailFactory.mbox(Self.mail))
        try CommandRunner.inboxSucceeds([["import", "mbox", path]], environment: env)
        let tickets = try CommandRunner.inbox(["tickets", "--json"], environment: env)
        try #require(
            tickets.stdout.components(separatedBy: "\"subject\"").count - 1 == 5, "five threads: \(tickets.stdout)")
    }

    func leaks(_ text: String) -> [String] {
        var found = Self.data.filter { text.range(of: $0, options: [.caseInsensitive]) != nil }
        for name in Self.names {
            let pattern = "(?<!\\p{L})" + NSRegularExpression.escapedPattern(for: name) + "(?!\\p{L})"
            if text.range(of: pattern, options: [.regularExpression, .caseInsensitive]) != nil { found.append(name) }
        }
        return found
    }

    @Test(arguments: EngineStore.engines, ["archive", "jsonl", "mbox", "html", "md"])
    func nothingPersonalSurvivesAndMessageIDsStay(_ engine: StoreEngineKind, format: String) throws {
        try load(engine)
        let out = dir.file("redacted.\(format)")
        let r = try CommandRunner.inbox(
            ["export", "--all", "--format", format, "-o", out, "--redact"], environment: env)
        try #require(r.status == 0, "\(r.stderr)")
        var text = String(decoding: try #require(FileManager.default.contents(atPath: out)), as: UTF8.self)
        if format == "archive" {
            // The archive's text columns, and the stand-ins of the raw sources.
            let archive = try AppDatabase.openArchive(path: out)
            text = ""
            for id in try archive.exportTicketIDs(.all) {
                let detail = try archive.ticketDetail(id)
                text += String(decoding: try JSONEncoder().encode(detail), as: UTF8.self)
                for m in detail.messages {
                    text += String(decoding: try #require(try archive.rawMessage(sha256: m.sha256)), as: UTF8.self)
                }
            }
            #expect(
                String(decoding: try #require(FileManager.default.contents(atPath: out)), as: UTF8.self).contains(
                    "Nowak") == false)
        }
        #expect(leaks(text).isEmpty, "\(format) leaks \(leaks(text))")
        // The transcripts show no headers: there the Message-ID quoted in a reply must stay.
        for id in ["html", "md"].contains(format) ? ["pl-1@poczta.example.pl"] : Self.messageIDs {
            #expect(text.contains(id), "\(format) lost the Message-ID \(id)")
        }
        #expect(
            text.contains("Customer 1") && text.contains("[address-1]") && text.contains("[phone-1]")
                && text.contains("[card-1]"))
        // The team stays readable.
        #expect(text.contains("ada@shop.example"))
    }

    @Test(arguments: EngineStore.engines) func redactedMailStillThreads(_ engine: StoreEngineKind) throws {
        try load(engine)
        let mbox = dir.file("redacted.mbox")
        let archive = dir.file("redacted.archive")
        #expect(
            try CommandRunner.inbox(["export", "--all", "--format", "mbox", "-o", mbox, "--redact"], environment: env)
                .status == 0)
        #expect(
            try CommandRunner.inbox(
                ["export", "--all", "--format", "archive", "-o", archive, "--redact"], environment: env
            ).status == 0)
        // Into an empty inbox: the ten messages make five tickets again, each customer's
        // message with the team's answer.
        let fresh = [
            "INBOX_DB": try stores.make(engine, "redaction-fresh").location, "INBOX_CONFIG": dir.file("config.toml"),
        ]
        let imported = try CommandRunner.inbox(["import", "mbox", mbox], environment: fresh)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("10 new") && imported.stdout.contains("5 new tickets"), "\(imported.stdout)")
        let copy = try AppDatabase.openArchive(path: archive)
        let ids = try copy.exportTicketIDs(.all)
        #expect(ids.count == 5)
        for id in ids { #expect(try copy.ticketDetail(id).messages.count == 2) }
    }

    @Test(arguments: EngineStore.engines) func aFewTicketsMakeASmallArchive(_ engine: StoreEngineKind) throws {
        try load(engine)
        let archive = dir.file("four.archive")
        let ids = try stores.main.open().exportTicketIDs(.all).prefix(4).map(String.init)
        let r = try CommandRunner.inbox(
            ["export", "--ticket"] + ids + ["--format", "archive", "-o", archive, "--redact"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: archive)[.size] as? Int)
        // The schema's tables and indexes take a page each: 64 KiB pages made this 3.7 MB.
        #expect(size < 1_000_000, "a 4-ticket archive takes \(size) bytes")
    }
}
