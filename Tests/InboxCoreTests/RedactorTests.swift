import Foundation
import InboxCore
import Testing

@Suite struct RedactorTests {
    @Test func luhnAndIBANChecks() {
        #expect(Redactor.luhnIsValid("4111111111111111"))
        #expect(Redactor.luhnIsValid("5555555555554444"))
        #expect(!Redactor.luhnIsValid("4111111111111112"))
        #expect(Redactor.ibanIsValid("NO9386011117947"))
        #expect(Redactor.ibanIsValid("DE89370400440532013000"))
        #expect(Redactor.ibanIsValid("PL61109010140000071219812874"))
        #expect(!Redactor.ibanIsValid("DE89370400440532013001"))
    }

    @Test func placeholdersAreStableAndOwnAddressesStay() {
        let r = Redactor(ownAddresses: ["support@shop.example"])
        r.registerCustomer(address: "ayse@example.com.tr", name: "Ayşe Yılmaz")
        let a = r.redact("From Ayşe Yılmaz <AYSE@example.com.tr>, cc bob@example.org, to support@shop.example")
        let b = r.redact("ayse@example.com.tr wrote again; Bob is bob@example.org")
        #expect(a == "From Customer 1 <customer-1@redacted.invalid>, cc customer-2@redacted.invalid, to support@shop.example")
        #expect(b == "customer-1@redacted.invalid wrote again; Bob is customer-2@redacted.invalid")
        #expect(r.report.addresses == 2 && r.report.names == 1)
    }

    @Test func numbersThatArePersonalAndNumbersThatAreNot() {
        let r = Redactor(ownAddresses: [])
        let text = r.redact(
            """
            Card 4111 1111 1111 1111 and 4111-1111-1111-1112 (not Luhn), IBAN DE89 3704 0044 0532 0130 00.
            Phone +48 600 100 200, (0)212 555 12 34, 0532 123 45 67; again +48 600 100 200.
            Order PL-100234 of 2026-11-03 14:22, invoice 03.11.2026, 3 items at 1 299,00 zł.
            """)
        #expect(text.contains("Card [card-1] and 4111-1111-1111-1112"))
        #expect(text.contains("IBAN [iban-1]."))
        #expect(text.contains("Phone [phone-1],") && text.contains("again [phone-1]."))
        #expect(!text.contains("600 100 200") && !text.contains("555 12 34") && !text.contains("123 45 67"))
        #expect(text.contains("Order PL-100234 of 2026-11-03 14:22, invoice 03.11.2026, 3 items at 1 299,00 zł."))
        // Digit runs inside a UUID (a temporary folder's name in an import path) are no phone.
        let path = "/tmp/inbox-export-4EDEFFD5-00C6-4389-8653-237D997CDC95/pii.mbox and 11111111-2222-3333-4444-555555555555"
        #expect(r.redact(path) == path)
    }

    @Test func postalAddressesInSignaturesOnly() {
        let r = Redactor(ownAddresses: [])
        let text = r.redact(
            """
            We live at the corner of Main Street 5 (kept: not a signature).

            Mit freundlichen Grüßen
            Jürgen Müller
            Hauptstraße 12
            10115 Berlin
            """)
        #expect(text.contains("Main Street 5 (kept"))
        #expect(text.hasSuffix("Jürgen Müller\n[address-1]\n[address-2]"))
    }
}
