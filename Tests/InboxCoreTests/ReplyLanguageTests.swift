import Foundation
import Testing
@testable import InboxCore

/// Issue 20 item 13: dates, the quote line and the salutation in the customer's language.
@Suite struct ReplyLanguageTests {
    static let day = Date(timeIntervalSince1970: 1_795_080_000)  // Thu 2026-11-19 09:20 UTC
    static let utc = TimeZone(secondsFromGMT: 0)!

    @Test func datesAreWrittenAsTheCustomerWritesThem() {
        #expect(ReplyLanguage.date(Self.day, language: "pl", timeZone: Self.utc) == "19.11.2026")
        #expect(ReplyLanguage.date(Self.day, language: "de-AT", timeZone: Self.utc) == "19.11.2026")
        #expect(ReplyLanguage.date(Self.day, language: "tr", timeZone: Self.utc) == "19.11.2026")
        #expect(ReplyLanguage.date(Self.day, language: "fr", timeZone: Self.utc) == "19/11/2026")
        #expect(ReplyLanguage.date(Self.day, language: "sv", timeZone: Self.utc) == "2026-11-19")
        #expect(ReplyLanguage.date(Self.day, language: "ja", timeZone: Self.utc) == "2026-11-19")
        #expect(ReplyLanguage.date(Self.day, language: "en", timeZone: Self.utc) == "19 November 2026")
        #expect(ReplyLanguage.date(Self.day, language: nil, timeZone: Self.utc) == "19 November 2026")
        // The customer's day, not UTC's: 22:50 UTC is the next day in Istanbul (UTC+3).
        let late = Date(timeIntervalSince1970: 1_795_128_600)  // 2026-11-19 22:50 UTC
        #expect(ReplyLanguage.date(late, language: "tr", timeZone: TimeZone(secondsFromGMT: 3 * 3600)!) == "20.11.2026")
    }

    @Test func theQuoteLineIsInTheCustomersLanguage() {
        #expect(
            ReplyLanguage.quoteLine(name: "Astrid Bråten", date: Self.day, language: "pl", timeZone: Self.utc)
                == "W dniu 19.11.2026 Astrid Bråten napisała:")
        #expect(
            ReplyLanguage.quoteLine(name: "Zofia Wójcik", date: Self.day, language: "pl", timeZone: Self.utc)
                == "W dniu 19.11.2026 Zofia Wójcik napisała:")
        #expect(
            ReplyLanguage.quoteLine(name: "Krzysztof Żółkiewski", date: Self.day, language: "pl", timeZone: Self.utc)
                == "W dniu 19.11.2026 Krzysztof Żółkiewski napisał:")
        #expect(
            ReplyLanguage.quoteLine(name: "Frau Schröder", date: Self.day, language: "de", timeZone: Self.utc)
                == "Am 19.11.2026 schrieb Frau Schröder:")
        #expect(
            ReplyLanguage.quoteLine(name: "Ayşe Yılmaz", date: Self.day, language: "tr", timeZone: Self.utc)
                == "19.11.2026 tarihinde Ayşe Yılmaz şunu yazdı:")
        #expect(
            ReplyLanguage.quoteLine(name: "田中花子", date: Self.day, language: "ja", timeZone: Self.utc)
                == "2026-11-19 田中花子 さんは書きました:")
        #expect(
            ReplyLanguage.quoteLine(name: "Ada", date: Self.day, language: "en", timeZone: Self.utc)
                == "On 19 November 2026, Ada wrote:")
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
