import Foundation

/// Tracking-URL templates of the carriers our customers' shops use (DESIGN §15). `{number}` is
/// the tracking number; a store overrides or adds carriers with `[store.tracking]`.
public enum Carriers {
    /// Canonical name → URL template.
    public static let templates: [String: String] = [
        "PostNord": "https://tracking.postnord.com/tracking.html?id={number}",
        "Posten": "https://sporing.posten.no/sporing/{number}",
        "Bring": "https://tracking.bring.com/tracking/{number}",
        "Helthjem": "https://helthjem.no/sporing/{number}",
        "InPost": "https://inpost.pl/sledzenie-przesylek?number={number}",
        "Poczta Polska": "https://emonitoring.poczta-polska.pl/?numer={number}",
        "DPD": "https://tracking.dpd.de/status/en_US/parcel/{number}",
        "DHL": "https://www.dhl.com/global-en/home/tracking/tracking-parcel.html?submit=1&tracking-id={number}",
        "GLS": "https://gls-group.com/track/{number}",
        "UPS": "https://www.ups.com/track?tracknum={number}",
        "Yurtiçi": "https://www.yurticikargo.com/tr/online-servisler/gonderi-sorgula?code={number}",
        "Aras": "https://kargotakip.araskargo.com.tr/mainpage.aspx?code={number}",
        "MNG": "https://www.mngkargo.com.tr/gonderitakip/{number}",
        "PTT": "https://gonderitakip.ptt.gov.tr/Track/Verify?q={number}",
        "Royal Mail": "https://www.royalmail.com/track-your-item#/tracking-results/{number}",
        "USPS": "https://tools.usps.com/go/TrackConfirmAction?tLabels={number}",
    ]

    /// Other spellings shops use → canonical name (keys folded by ``key(_:)``).
    static let aliases: [String: String] = [
        "postnordse": "PostNord", "postnorddk": "PostNord", "postennorge": "Posten", "postenbring": "Posten",
        "bringno": "Bring", "helthjemno": "Helthjem", "inpostpl": "InPost", "paczkomatyinpost": "InPost",
        "pocztapolska": "Poczta Polska", "dpdde": "DPD", "dpdpl": "DPD", "dhlexpress": "DHL", "dhlparcel": "DHL",
        "dhlde": "DHL", "glsde": "GLS", "yurtici": "Yurtiçi", "yurticikargo": "Yurtiçi", "araskargo": "Aras",
        "mngkargo": "MNG", "pttkargo": "PTT", "royalmail": "Royal Mail", "uspostalservice": "USPS",
    ]

    /// Lower-case letters and digits only, Turkish letters folded: "Yurtiçi Kargo" → "yurticikargo".
    static func key(_ name: String) -> String {
        let folded = name.replacingOccurrences(of: "İ", with: "i").replacingOccurrences(of: "ı", with: "i")
            .folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en"))
        return String(
            folded.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) && $0.isASCII }.map(Character.init))
    }

    /// The canonical name of a carrier as a shop wrote it, or the name as written.
    public static func canonical(_ name: String) -> String {
        let k = key(name)
        if let c = templates.keys.first(where: { key($0) == k }) { return c }
        return aliases[k] ?? name
    }

    /// The tracking URL of `number` with `carrier`, the store's override first; nil for an
    /// unknown carrier.
    public static func url(carrier: String, number: String, overrides: [String: String]? = nil) -> String? {
        let k = key(carrier)
        let canon = canonical(carrier)
        let template =
            overrides?.first(where: { key($0.key) == k || key($0.key) == key(canon) })?.value
            ?? templates[canon]
        guard let template else { return nil }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))
        let encoded =
            number.trimmingCharacters(in: .whitespaces).addingPercentEncoding(withAllowedCharacters: allowed) ?? number
        return template.replacingOccurrences(of: "{number}", with: encoded).replacingOccurrences(
            of: "%1$s", with: encoded)
    }
}
