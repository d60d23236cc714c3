import Foundation

/// What a reply says in the customer's language besides the agent's text (issue 20 item 13):
/// dates (`{{date.in_3_days}}` → "06.11.2026" for a Turkish customer), the line above the
/// quoted message ("W dniu 19.11.2026 Astrid Bråten napisała:") and the neutral greeting
/// `{{customer.salutation}}` falls back to when the customer has no salutation of their own.
///
/// Languages without an entry here read as English; the table is small on purpose (the
/// languages of the demo inbox and the corpora), and a new language is one line per function.
public enum ReplyLanguage {
    /// The base language of a tag: "pl-PL" → "pl", "nb" → "no" (Norwegian Bokmål reads as Norwegian).
    static func base(_ language: String?) -> String {
        let l =
            (language ?? "en").lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init)
            ?? "en"
        return l == "nb" || l == "nn" ? "no" : l
    }

    /// A calendar date as the customer writes it: "19.11.2026" (pl, de, tr, no, da, fi, cs, ru),
    /// "19/11/2026" (fr, es, it, pt), "19-11-2026" (nl), "2026-11-19" (sv), "19 November 2026" (en and the rest).
    public static func date(_ date: Date, language: String?, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        let (y, m, d) = (c.year ?? 1970, c.month ?? 1, c.day ?? 1)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        switch base(language) {
        case "pl", "de", "tr", "no", "da", "fi", "cs", "sk", "ru", "uk": return "\(two(d)).\(two(m)).\(y)"
        case "fr", "es", "it", "pt": return "\(two(d))/\(two(m))/\(y)"
        case "nl": return "\(two(d))-\(two(m))-\(y)"
        case "sv", "hu", "ja", "zh", "ko": return "\(y)-\(two(m))-\(two(d))"
        default: return "\(d) \(englishMonths[m - 1]) \(y)"
        }
    }

    static let englishMonths = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    /// The line above a quoted message, in the customer's language:
    /// "W dniu 19.11.2026 Astrid Bråten napisała:", "Am 19.11.2026 schrieb Frau Schröder:",
    /// "On 19 November 2026, Ada wrote:".
    public static func quoteLine(name: String, date: Date?, language: String?, timeZone: TimeZone) -> String {
        let when = date.map { Self.date($0, language: language, timeZone: timeZone) }
        switch base(language) {
        case "pl":
            let verb = polishVerb(firstName: name)
            return when.map { "W dniu \($0) \(name) \(verb):" } ?? "\(name) \(verb):"
        case "de": return when.map { "Am \($0) schrieb \(name):" } ?? "\(name) schrieb:"
        case "tr": return when.map { "\($0) tarihinde \(name) şunu yazdı:" } ?? "\(name) şunu yazdı:"
        case "no", "da", "sv": return when.map { "Den \($0) skrev \(name):" } ?? "\(name) skrev:"
        case "fr": return when.map { "Le \($0), \(name) a écrit :" } ?? "\(name) a écrit :"
        case "es": return when.map { "El \($0), \(name) escribió:" } ?? "\(name) escribió:"
        case "it": return when.map { "Il \($0) \(name) ha scritto:" } ?? "\(name) ha scritto:"
        case "nl": return when.map { "Op \($0) schreef \(name):" } ?? "\(name) schreef:"
        case "ja": return when.map { "\($0) \(name) さんは書きました:" } ?? "\(name) さんは書きました:"
        case "zh": return when.map { "\($0)，\(name) 写道:" } ?? "\(name) 写道:"
        default: return when.map { "On \($0), \(name) wrote:" } ?? "\(name) wrote:"
        }
    }

    /// Polish past tense agrees with the writer: "napisała" for a woman's first name (most end
    /// in -a; a few common ones from abroad do not), "napisał" for a man's, "napisał(a)" when unsure.
    static func polishVerb(firstName name: String) -> String {
        let first = name.split(separator: " ").first.map { String($0).lowercased() } ?? ""
        guard first.count > 1, !first.contains("@") else { return "napisał(a)" }
        if feminineWithoutA.contains(first) { return "napisała" }
        if masculineWithA.contains(first) { return "napisał" }
        if first.hasSuffix("a") { return "napisała" }
        if first.allSatisfy({ $0.isLetter || $0 == "-" }) { return "napisał" }
        return "napisał(a)"
    }

    static let feminineWithoutA: Set<String> = [
        "astrid", "ingrid", "sigrid", "karin", "kirsten", "liv", "solveig", "ruth", "miriam", "carmen", "doris",
        "edith",
        "gertrud", "beatrix", "ayşe", "elif", "ebru", "nur", "zeynep", "dilek", "gül", "ingeborg", "margit", "birgit",
        "astri", "marit", "kari", "inger", "mette", "helle", "lene", "anne", "marie", "sophie", "claire", "ellen",
        "agnes",
    ]
    static let masculineWithA: Set<String> = [
        "kuba", "barnaba", "bonawentura", "kosma", "jarema", "zawisza", "luca", "andrea", "nikola",
    ]

    /// The greeting a reply opens with when the customer has no salutation of their own,
    /// followed by the name when known: "Dzień dobry", "Guten Tag", "Merhaba", "Hello".
    public static func neutralGreeting(language: String?) -> String {
        switch base(language) {
        case "pl": return "Dzień dobry"
        case "de": return "Guten Tag"
        case "tr": return "Merhaba"
        case "no": return "Hei"
        case "da", "sv": return "Hej"
        case "fr": return "Bonjour"
        case "es": return "Hola"
        case "it": return "Buongiorno"
        case "nl": return "Goedendag"
        case "ja": return "お世話になっております"
        case "zh": return "您好"
        default: return "Hello"
        }
    }
}
