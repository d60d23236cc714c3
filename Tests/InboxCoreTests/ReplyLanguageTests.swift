import Foundation
import Testing
@testable import InboxCore

/// Issue 20 item 13: dates, the quote line and the salutation in the customer's language.
@Suite struct ReplyLanguageTests {
    static let day = Date(timeIntervalSince1970: 1_795_080_000)  // Thu 2026-11-19 09:20 UTC
    static let utc = TimeZone(secondsFromGMT: 0)!

    @Test func datesAreWrittenAsTheCustomerWritesThem() {
        // The languages that write the day alike, and how they write it.
        let written: [([String?], String)] = [
            (["pl", "de-AT", "tr"], "19.11.2026"), (["fr"], "19/11/2026"), (["sv", "ja"], "2026-11-19"),
            (["en", nil], "19 November 2026"),
        ]
        for (languages, date) in written {
            for language in languages {
                #expect(ReplyLanguage.date(Self.day, language: language, timeZone: Self.utc) == date)
            }
        }
        // The customer's day, not UTC's: 22:50 UTC is the next day in Istanbul (UTC+3).
        let late = Date(timeIntervalSince1970: 1_795_128_600)  // 2026-11-19 22:50 UTC
        #expect(ReplyLanguage.date(late, language: "tr", timeZone: TimeZone(secondsFromGMT: 3 * 3600)!) == "20.11.2026")
    }

    @Test(arguments: [
        ("Astrid Bråten", "pl", "W dniu 19.11.2026 Astrid Bråten napisała:"),
        ("Zofia Wójcik", "pl", "W dniu 19.11.2026 Zofia Wójcik napisała:"),
        ("Krzysztof Żółkiewski", "pl", "W dniu 19.11.2026 Krzysztof Żółkiewski napisał:"),
        ("Frau Schröder", "de", "Am 19.11.2026 schrieb Frau Schröder:"),
        ("Ada", "en", "On 19 November 2026, Ada wrote:"),
        ("Ayşe Yılmaz", "tr", "19.11.2026 tarihinde Ayşe Yılmaz şunu yazdı:"),
        ("田中花子", "ja", "2026-11-19 田中花子 さんは書きました:"),
    ])
    func theQuoteLineIsInTheCustomersLanguage(name: String, language: String, line: String) {
        #expect(ReplyLanguage.quoteLine(name: name, date: Self.day, language: language, timeZone: Self.utc) == line)
    }

    @Test func theSalutationIsTheCustomersOrANeutralGreeting() throws {
        var c = ReplyContext(
            ticketID: 1, ticketSubject: "Zwrot", customerName: "Krzysztof Nowak", customerEmail: "k@example.pl",
            customerLanguage: "pl", agentName: "Ada", now: Self.day, timeZone: Self.utc)
        #expect(try TemplateRenderer.render("{{customer.salutation}},", context: c).text == "Dzień dobry,")
        c.customerSalutation = "Panie Krzysztofie"
        #expect(try TemplateRenderer.render("{{customer.salutation}},", context: c).text == "Panie Krzysztofie,")
        c.customerLanguage = "tr"
        c.customerSalutation = "Ayşe Hanım"
        #expect(
            try TemplateRenderer.render("Sayın {{customer.salutation}}, {{date.in_3_days}}", context: c).text
                == "Sayın Ayşe Hanım, 22.11.2026")
        c.customerLanguage = "de"
        c.customerSalutation = nil
        #expect(try TemplateRenderer.render("{{customer.salutation}}", context: c).text == "Guten Tag")
    }
}
