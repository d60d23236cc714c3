import Foundation

/// Postal addresses that redaction removes wherever they are written (issue 18), for the
/// countries the shops ship to: a street with its number, and a postcode with its town.
///
/// Each pattern needs a street word or a postcode shape, so that "order 1234", an order
/// number (`#12345`, `PL-7815`) or a year followed by a capitalised word is not taken; a
/// price such as `1500 Kroner` may still be (redaction errs on the side of removing), and a
/// Norwegian postcode from 1900 to 2099 is left (it reads as a year).
enum PostalPatterns {
    private static func regex(_ pattern: String, caseInsensitive: Bool = false) -> NSRegularExpression {
        try! NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
    }

    /// Street words written as the end of the street's name (Storgata, Hauptstraße).
    private static let streetEndings =
        "gata|gaten|veien|vegen|stien|plass|bakken|straße|strasse|str\\.|platz|allee|gasse"
    /// Street words written as a word of their own after the name (Karl Johans gate).
    private static let streetWords = "gate|gt\\.|vei|veg|weg|allé"
    private static let usStates =
        "AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC"

    /// In the order they are applied. Spaces, never line breaks, separate the parts.
    static let anywhere: [NSRegularExpression] = [
        // Norway, Germany: Kjøpmannsgata 14, Hauptstraße 12a, Karl Johans gate 1B, Am Weg 3.
        regex(
            #"\b\p{L}*(?:\#(streetEndings))[ \t]+\d{1,4}(?:[ \t]?[a-zA-Z]\b)?(?:[ \t]*-[ \t]*\d{1,4})?"#,
            caseInsensitive: true),
        regex(#"\b\p{Lu}\p{L}*[ \t]+(?:\#(streetWords))[ \t]+\d{1,4}(?:[ \t]?[a-zA-Z]\b)?"#),
        // Poland: ul. Marszałkowska 12/5, al. Jana Pawła II 3 m. 4.
        regex(
            #"\b(?:ul\.|ulica|al\.|aleja|os\.|pl\.)[ \t]*\p{Lu}[\p{L}\-]*(?:[ \t]+\p{Lu}[\p{L}\-]*){0,3}[ \t]+\d{1,4}[a-zA-Z]?(?:[ \t]*/[ \t]*\d{1,4}|[ \t]+m\.[ \t]*\d{1,4})?"#
        ),
        // Turkey: Atatürk Caddesi No: 12/3, Bağdat Cad. No:5, Moda Mahallesi, Gül Sokak No 7.
        regex(
            #"\b\p{L}+[ \t]+(?:Sokak|Sokağı|Sok\.|Sk\.|Caddesi|Cadde|Cad\.|Cd\.|Bulvarı|Blv\.)(?:[ \t]*,?[ \t]*No[ \t]*[:.]?[ \t]*\d{1,4}(?:[ \t]*/[ \t]*\d{1,4})?)?"#
        ),
        regex(#"\b\p{L}+[ \t]+(?:Mahallesi|Mah\.|Mh\.)"#),
        regex(#"\bNo[ \t]*:[ \t]*\d{1,4}(?:[ \t]*/[ \t]*\d{1,4})?"#),
        // UK and US: 221B Baker Street, 1600 Pennsylvania Avenue NW.
        regex(
            #"\b\d{1,5}[A-Z]?[ \t]+(?:\p{Lu}[\p{L}'\-]*[ \t]+){1,3}(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Drive|Dr\.?|Way|Court|Ct\.?|Boulevard|Blvd\.?|Place|Pl\.?|Terrace|Close|Crescent|Gardens|Square)(?:[ \t]+(?:NW|NE|SW|SE))?\b"#
        ),
        // Postcode and town. Poland 00-950 Warszawa; Germany/Turkey 10115 Berlin, 34710
        // Kadıköy/İstanbul; Norway 7013 Trondheim (not after a date's dot or dash).
        regex(#"(?<![\p{L}\d.\-/#])\b\d{2}-\d{3}[ \t]+\p{Lu}\p{Ll}+(?:[ \-]\p{Lu}\p{Ll}+)?"#),
        // Not an order number (#12345, PL-7815), not a year (2026 Cumartesi: 1900–2099 are left).
        regex(#"(?<![\p{L}\d.\-/:#])(?!(?:19|20)\d\d(?!\d))\b\d{4,5}[ \t]+\p{Lu}\p{Ll}+(?:[ /\-]\p{Lu}\p{Ll}+)?"#),
        // Turkey, district / city then postcode: Kadıköy / İstanbul 34728.
        regex(#"\b\p{Lu}\p{L}+[ \t]*/[ \t]*\p{Lu}\p{L}+[ \t]+\d{5}\b"#),
        // UK: SW1A 1AA, M1 1AE.
        regex(#"\b[A-Z]{1,2}\d[A-Z\d]?[ \t]\d[A-Z]{2}\b"#),
        // US: Springfield, IL 62704; NY 10001-1234.
        regex(#"\b(?:\p{Lu}[\p{L}.'\-]*[ \t]){0,3}?\p{Lu}[\p{L}.'\-]*,[ \t]*(?:\#(usStates))[ \t]+\d{5}(?:-\d{4})?\b"#),
        regex(#"\b(?:\#(usStates))[ \t]+\d{5}(?:-\d{4})?\b"#),
    ]
}
