import Foundation
import InboxCore
import InboxTestSupport
import Testing

/// Every line the CLI prints goes through the one terminal sanitiser (``TerminalText``): text
/// from mail never brings an escape sequence, a C1 control or a bidi override to the terminal.
@Suite struct TerminalOutputTests {
    /// Scalars that must never reach a terminal from mail: controls other than newline and
    /// tab (C0, DEL, C1: U+009B is a one-byte CSI) and bidirectional overrides and isolates.
    static func hostile(_ text: String) -> [String] {
        text.unicodeScalars.filter { s in
            let v = s.value
            return (v < 0x20 && v != 0x0A && v != 0x09) || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v)
                || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C
        }.map { String(format: "U+%04X", $0.value) }
    }

    @Test func theSanitiserReplacesC0C1AndBidiAndKeepsColumns() {
        let text = "İade\u{1B}[2J \u{9B}31m \u{85}x \u{202E}gnp.exe\u{202C} \u{2067}y\u{2069} żółw\u{7}"
        let safe = TerminalText.sanitize(text)
        #expect(Self.hostile(safe).isEmpty)
        #expect(safe.contains("İade␛[2J") && safe.contains("żółw␇"))
        #expect(safe.contains("\u{FFFD}31m"))
        // Columns: the separators stay, a tab inside a field does not split it.
        #expect(TerminalText.columns(["a\tb", "ç\u{9B}", "漢字"]) == "a b\tç\u{FFFD}\t漢字")
    }

    @Test(arguments: EngineStore.engines)
    func cliLinesFromHostileMailAreSanitised(_ engine: StoreEngineKind) throws {
        let dir = TemporaryFolder("inbox-terminal")
        let config = dir.write(
            "config.toml", TestDesk.agent("Ada", "ada@shop.example") + TestDesk.queue("Support", "support@shop.example")
        )
        let env = [
            "INBOX_DB": try EngineStore.location(engine, "terminal", sqlite: dir.file("inbox.sqlite")),
            "INBOX_CONFIG": config, "INBOX_AGENT": "Ada",
        ]
        let subject = "Zwrot \u{9B}2J\u{1B}]0;pwned\u{7} \u{202E}fdp.exe\u{202C} \u{85}koniec"
        let mail = MailFactory.message(
            id: "evil@example.pl", from: "Mallory\u{200F} <mallory@example.pl>", subject: subject,
            body: "Dzień dobry \u{1B}[31m\u{9B}1m\u{202E}żółw\n")
        try CommandRunner.inboxSucceeds([["init"], ["import", "eml", dir.write("in/1.eml", mail)]], environment: env)
        let list = try CommandRunner.inbox(["tickets", "--json"], environment: env)
        let tickets = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        let id = String(try #require(tickets.first?["id"] as? Int))
        // The subject arrived with its controls (the store keeps what was sent).
        #expect((tickets.first?["subject"] as? String)?.unicodeScalars.contains("\u{9B}") == true)

        for args in [
            ["tickets"], ["show", id], ["search", "zolw"],
            ["reply", id, "--message", "Sprawdzamy.", "--send", "--no-deliver"], ["outbox", "list"],
        ] {
            let r = try CommandRunner.inbox(args, environment: env)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            #expect(Self.hostile(r.stdout).isEmpty, "\(args) printed \(Self.hostile(r.stdout))")
            #expect(Self.hostile(r.stderr).isEmpty, "\(args) printed on stderr \(Self.hostile(r.stderr))")
        }
        // The reply's confirmation and the outbox list name the subject, sanitised.
        let outbox = try CommandRunner.inbox(["outbox", "list"], environment: env)
        #expect(outbox.stdout.contains("Zwrot \u{FFFD}2J␛]0;pwned␇ \u{FFFD}fdp.exe\u{FFFD}"))
        #expect(outbox.stdout.split(separator: "\n").first?.split(separator: "\t").count ?? 0 >= 6)
    }
}
