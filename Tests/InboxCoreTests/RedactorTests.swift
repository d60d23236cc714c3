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
        #expect(
            a
                == "From Customer 1 <customer-1@redacted.invalid>, cc customer-2@redacted.invalid, to support@shop.example"
        )
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
        let path =
            "/tmp/inbox-export-4EDEFFD5-00C6-4389-8653-237D997CDC95/pii.mbox and 11111111-2222-3333-4444-555555555555"
        #expect(r.redact(path) == path)
    }

    @Test func postalAddressLinesInSignatures() {
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

    // Issue 18 item 4.

    @Test func everyPartOfANameInItsCaseForms() {
        let r = Redactor(ownAddresses: ["ada@shop.example"])
        r.registerCustomer(address: "k.nowak@example.pl", name: "Krzysztof Nowak")
        r.registerCustomer(address: "ayse@example.com.tr", name: "Ayşe Yılmaz")
        r.registerCustomer(address: "heike@example.de", name: "Heike Schröder")
        r.registerCustomer(address: "anna@example.pl", name: "Anna Kowalska")
        r.registerCustomer(address: "marek@example.pl", name: "Marek Wiśniewski")
        r.registerCustomer(address: "ada@shop.example", name: "Ada Lindqvist")
        #expect(r.redact("Dzień dobry Panie Krzysztofie,") == "Dzień dobry Panie Customer 1,")
        #expect(r.redact("list od Pana Nowaka i Krzysztofa Nowaka") == "list od Pana Customer 1 i Customer 1")
        #expect(
            r.redact("Merhaba Ayşe Hanım, Ayşe'nin siparişi; AYSE YILMAZ")
                == "Merhaba Customer 2 Hanım, Customer 2'nin siparişi; Customer 2")
        #expect(
            r.redact("Guten Tag Heike, Frau Schröder, Frau Schroeders Paket")
                == "Guten Tag Customer 3, Frau Customer 3, Frau Customer 3 Paket")
        #expect(
            r.redact("Pani Anno, dla Pani Kowalskiej i Annę") == "Pani Customer 4, dla Pani Customer 4 i Customer 4")
        #expect(r.redact("Panie Marku, od Wiśniewskiego") == "Panie Customer 5, od Customer 5")
        // Ordinary words that merely start like a name stay; so do the team's names.
        #expect(r.redact("annual heikel nowaday, Ada Lindqvist") == "annual heikel nowaday, Ada Lindqvist")
        r.registerCustomer(address: "petra@example.de", name: "Petra Groß")
        #expect(r.redact("Frau Groß fragt nach der Größe") == "Frau Customer 6 fragt nach der Größe")
        #expect(r.report.names == 6)
    }

    @Test func theNameASignatureGives() {
        #expect(
            Redactor.signatureName(in: "Hei,\npakken kom ikke.\n\nMed vennlig hilsen\nOla Nordmann\nStorgata 1\n")
                == "Ola Nordmann")
        #expect(Redactor.signatureName(in: "Dzięki.\nPozdrawiam, Krzysztof") == "Krzysztof")
        #expect(Redactor.signatureName(in: "Thanks\n\nsee the attached invoice from 3 May\n") == nil)
        #expect(Redactor.signatureName(in: "> Regards,\n> Someone Quoted\n") == nil)
        // An agent's signature in quoted history (Outlook style, no ">") is not the customer's.
        #expect(
            Redactor.signatureName(
                in:
                    "Thanks!\n\nFrom: Ada Lindqvist <ada@shop.example>\nSent: Monday\n\nHi,\ndone.\n\nBest regards,\nAda Lindqvist\n"
            )
                == nil)
    }

    @Test func theTeamsNamesStayEvenWhenACustomerSharesThem() {
        let r = Redactor(ownAddresses: ["ada@shop.example"])
        r.registerTeamName("Ada Lindqvist")
        r.registerCustomer(address: "ada.smith@example.com", name: "Ada Smith")
        #expect(
            r.redact("Hi Ada Smith, regards Ada Lindqvist <ada@shop.example>")
                == "Hi Ada Customer 1, regards Ada Lindqvist <ada@shop.example>")
        // A word of an address is left to the address rules.
        r.registerCustomer(address: "kari@example.no", name: "Kari Nordmann")
        #expect(r.redact("the host kari.example.no, and Kari.") == "the host kari.example.no, and Customer 2.")
    }

    @Test func postalAddressesAnywhereInTheText() {
        let r = Redactor(ownAddresses: [])
        let text = r.redact(
            """
            NO: pakken kom aldri til Kjøpmannsgata 14 / 7013 Trondheim, eller Karl Johans gate 1B.
            PL: ul. Marszałkowska 12/5, 00-950 Warszawa.
            TR: Moda Mahallesi, Bahariye Caddesi No: 12/3, 34710 Kadıköy/İstanbul.
            DE: Hauptstraße 12a, 10115 Berlin.
            UK: 221B Baker Street, London NW1 6XE.
            US: 1600 Pennsylvania Avenue NW, Washington, DC 20500.
            Kept: order 1234 of 03.11.2026 Lieferung, during 3 days, 14:30 Uhr, ref 12345.
            Kept: Bestellung DE-88166 Vielen, order #40213 Missing, PL-7815 Zmiana, 31 Ekim 2026 Cumartesi 12:10.
            Numer: 12345
            Temat: kept
            """)
        for original in [
            "Kjøpmannsgata", "7013", "Trondheim", "Johans gate", "Marszałkowska", "00-950", "Moda", "Bahariye", "34710",
            "Hauptstraße", "10115", "Baker", "NW1 6XE", "Pennsylvania", "20500",
        ] {
            #expect(!text.contains(original), "\(original) survives in\n\(text)")
        }
        #expect(
            text.contains("Kept: order 1234 of 03.11.2026 Lieferung, during 3 days, 14:30 Uhr, ref 12345."), "\(text)")
        #expect(
            text.hasSuffix(
                "Kept: Bestellung DE-88166 Vielen, order #40213 Missing, PL-7815 Zmiana, 31 Ekim 2026 Cumartesi 12:10.\nNumer: 12345\nTemat: kept"
            ), "\(text)")
    }

    @Test func messageIDsStayButAddressesGo() {
        let r = Redactor(ownAddresses: [])
        r.registerMessageIDs(["abc.123@mail.example.no"])
        let text = r.redact(
            """
            On Tuesday Kari <kari@example.no> wrote (abc.123@mail.example.no):
            > Message-ID: <x9-other@mx.example.no>
            > References: <r1@mx.example.no> <r2@mx.example.no>
            > write to kari@example.no
            """)
        #expect(text.contains("abc.123@mail.example.no") && text.contains("<x9-other@mx.example.no>"))
        #expect(text.contains("<r1@mx.example.no> <r2@mx.example.no>"))
        #expect(!text.contains("kari@example.no") && text.contains("customer-1@redacted.invalid"))
    }
}
