import Foundation
import InboxCore
import Testing

/// Issue 18 items 6 and 8: misspelt keys and unquoted words in config.toml.
@Suite struct ConfigCheckTests {
    func error(_ toml: String) -> String? {
        do {
            _ = try InboxConfig.parse(toml, path: "/etc/inbox/config.toml")
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func aMisspeltSLAKeyNamesFileLineAndTheNearestKey() throws {
        let toml = """
            [agent]
            name = "Ada"

            [sla]
            calendar = "24/7"
            first_respons = "4h"
            """
        let message = try #require(error(toml))
        #expect(message.contains("/etc/inbox/config.toml line 6"), "\(message)")
        #expect(message.contains("first_respons"))
        #expect(message.contains("[sla]"))
        #expect(message.contains("did you mean first_response?"), "\(message)")
    }

    @Test func unknownKeysInEveryTableAndArrayOfTables() throws {
        let toml = """
            own_adresses = ["noreply@shop.example"]

            [[queue]]
            name = "Support"
            addresses = []

            [[queue]]
            name = "Returns"
            adresses = ["returns@shop.example"]

            [[sla.policy]]
            queue = "Returns"
            resolutoin = "2d"

            [smtp]
            host = "127.0.0.1"
            timout = 5

            [[account]]
            name = "main"
            host = "imap.example"
            user = "ada"
            pasword_command = "pass show imap"

            [review]
            rubrik = ["tone"]
            """
        let message = try #require(error(toml))
        let lines = message.split(separator: "\n").map(String.init)
        #expect(lines.count == 6, "\(message)")
        #expect(lines.contains { $0.contains("line 1:") && $0.contains("did you mean own_addresses?") }, "\(message)")
        #expect(
            lines.contains {
                $0.contains("line 9:") && $0.contains("[queue]") && $0.contains("did you mean addresses?")
            }, "\(message)")
        #expect(
            lines.contains {
                $0.contains("line 13:") && $0.contains("[sla.policy]") && $0.contains("did you mean resolution?")
            }, "\(message)")
        #expect(lines.contains { $0.contains("line 17:") && $0.contains("did you mean timeout?") }, "\(message)")
        #expect(
            lines.contains { $0.contains("line 23:") && $0.contains("did you mean password_command?") }, "\(message)")
        #expect(lines.contains { $0.contains("line 26:") && $0.contains("did you mean rubric?") }, "\(message)")
    }

    @Test func anUnknownTableIsNamedWithoutAGuessWhenNothingIsNear() throws {
        let message = try #require(error("[frobnicate]\nx = 1\n"))
        #expect(message.contains("line 1") && message.contains("unknown key frobnicate"), "\(message)")
        #expect(message.contains("docs/config.md"))
        #expect(!message.contains("did you mean"))
    }

    @Test func aValidFullConfigPasses() throws {
        let toml = """
            own_addresses = ["noreply@shop.example"]
            [agent]
            name = "Ada"
            email = "ada@shop.example"
            signature = "Ada"
            [[agents]]
            name = "Bo"
            [[queue]]
            name = "Support"
            addresses = ["support@shop.example"]
            default = true
            priority = "high"
            [sla]
            first_response = "4h"
            holidays = ["2026-12-25"]
            [[sla.policy]]
            queue = "Support"
            resolution = "2d"
            [smtp]
            host = "127.0.0.1"
            timeout = "30s"
            [replies]
            undo_window = 5
            order_patterns = ["#\\\\d+"]
            [review]
            rubric = ["tone"]
            """
        #expect(error(toml) == nil, "\(error(toml) ?? "")")
    }

    @Test func aBareWordSaysToQuoteIt() throws {
        let toml = """
            [[account]]
            name = "main"
            host = "127.0.0.1"
            user = "ada"
            tls = none
            """
        let message = try #require(error(toml))
        #expect(message.hasPrefix("/etc/inbox/config.toml line 5:"), "\(message)")
        #expect(message.contains(#"write tls = "none""#), "\(message)")
        #expect(!message.contains("floating-point"), "\(message)")
        let zone = try #require(error("[sla]\ntimezone = Europe/Oslo\n"))
        #expect(zone.contains(#"write timezone = "Europe/Oslo""#), "\(zone)")
    }

    @Test func otherSyntaxErrorsSayWhatToWrite() throws {
        let open = try #require(error("[agent]\nname = \"Ada\n"))
        #expect(open.contains("line 2") && open.contains("not closed"), "\(open)")
        let missing = try #require(error("[agent]\nname =\n"))
        #expect(missing.contains("line 2") && missing.contains("name has no value"), "\(missing)")
    }
}
