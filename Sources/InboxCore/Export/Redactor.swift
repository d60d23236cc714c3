import Foundation
import Synchronization

/// Replaces personal data in exported text with stable placeholders (DESIGN §9, `--redact`).
///
/// What it replaces:
/// - e-mail addresses that are not the team's own → `customer-N@redacted.invalid`;
/// - every part of every name known for a person (see ``registerCustomer(address:name:)``)
///   → `Customer N`, with the same N as their address, in the case forms the supported
///   languages give names (Polish `Krzysztofie`, `Kowalskiego`, `Annę`; the genitive `s` of
///   German and Norwegian; Turkish suffixes after an apostrophe), diacritics ignored;
/// - IBANs (ISO 13616 mod-97 checked) → `[iban-N]`;
/// - payment-card numbers of 13–19 digits, spaces or dashes allowed, Luhn-checked → `[card-N]`;
/// - phone numbers (7–15 digits with a leading `+`/`00`, or 8–15 digits in groups) → `[phone-N]`;
/// - postal addresses anywhere (a street and number, a postcode and town of Norway, Poland,
///   Turkey, Germany, the UK, the US: ``PostalPatterns``), and the address lines of a signature
///   (after `-- ` or a closing such as "Regards") → `[address-N]`.
///
/// The same original always gets the same placeholder within one `Redactor`, across messages
/// and formats, so a reader can still follow who wrote what. Thread-safe (one lock): SQLite
/// functions and several writers may share one value. Dates, times, order numbers with fewer
/// than 8 digits and Message-IDs (those registered with ``registerMessageIDs(_:)``, and any
/// on a `Message-ID:`, `In-Reply-To:` or `References:` line) are not touched on purpose: a
/// redacted export must still thread.
public final class Redactor: Sendable {
    /// What was replaced, by kind: the number of distinct originals.
    public struct Report: Codable, Sendable, Equatable {
        public var addresses = 0
        public var names = 0
        public var phones = 0
        public var cards = 0
        public var ibans = 0
        public var postalAddresses = 0
        /// Replacements made, counting repeats.
        public var replacements = 0

        enum CodingKeys: String, CodingKey {
            case addresses, names, phones, cards, ibans, replacements
            case postalAddresses = "postal_addresses"
        }

        public var line: String {
            "\(addresses) addresses, \(names) names, \(phones) phone numbers, \(cards) card numbers, \(ibans) IBANs, "
                + "\(postalAddresses) postal address lines (\(replacements) replacements)"
        }
    }

    struct State {
        var addresses: [String: String] = [:]
        var names: [String: String] = [:]
        /// Folded name part (``NameForms/fold(_:)``) → placeholder.
        var nameParts: [String: String] = [:]
        /// Folded stem of a name part → placeholder: matched with a case ending only.
        var nameStems: [String: String] = [:]
        var messageIDs: Set<String> = []
        /// Folded parts of the team's own names: never taken for a customer's.
        var teamParts: Set<String> = []
        var other: [String: [String: String]] = [:]
        var report = Report()
    }

    private let own: Set<String>
    let state = Mutex(State())

    /// - Parameter ownAddresses: the team's addresses (queues, agents), which stay readable.
    public init(ownAddresses: Set<String>) {
        own = Set(ownAddresses.map { $0.lowercased() })
    }

    public var report: Report { state.withLock { $0.report } }

    /// The placeholder for an address (`customer-N@redacted.invalid`); the team's own stay.
    public func address(_ address: String) -> String {
        let key = address.lowercased()
        if own.contains(key) || key.hasSuffix("@redacted.invalid") { return address }
        return state.withLock { s in
            s.report.replacements += 1
            if let p = s.addresses[key] { return p }
            s.report.addresses += 1
            let p = "customer-\(s.report.addresses)@redacted.invalid"
            s.addresses[key] = p
            return p
        }
    }

    /// Makes every part of `name` (a person's display name, or a name they sign with) redact
    /// to `Customer N`, N from their address, in all its case forms. Parts shorter than 3
    /// letters are ignored: they would match ordinary words. The team's addresses are ignored.
    /// Call before redacting text: a name registered later is not taken out of earlier text.
    public func registerCustomer(address: String, name: String?) {
        guard !own.contains(address.lowercased()) else { return }
        let placeholder = self.address(address)
        guard let name = name?.trimmingCharacters(in: .whitespaces), !name.isEmpty,
            !name.contains("@")
        else { return }
        let number = placeholder.dropFirst("customer-".count).prefix { $0.isNumber }
        let label = "Customer \(number)"
        let forms = NameForms.forms(of: name)
        state.withLock { s in
            let key = name.lowercased()
            guard s.names[key] == nil, !forms.parts.isEmpty else { return }
            s.names[key] = label
            s.report.names += 1
            for part in forms.parts where s.nameParts[part] == nil && !s.teamParts.contains(part) {
                s.nameParts[part] = label
            }
            for stem in forms.stems where s.nameStems[stem] == nil && !s.teamParts.contains(stem) {
                s.nameStems[stem] = label
            }
        }
    }

    /// A name of the team's (an agent's, a queue's): its parts stay readable even when a
    /// customer's name shares them ("Ada" signing a reply quoted in a customer's mail).
    /// Call before ``registerCustomer(address:name:)``.
    public func registerTeamName(_ name: String) {
        let forms = NameForms.forms(of: name)
        state.withLock { s in
            s.teamParts.formUnion(forms.parts)
            for part in forms.parts {
                s.nameParts[part] = nil
                s.nameStems[part] = nil
            }
        }
    }

    /// Message-IDs (without `<>`) that stay as they are wherever they occur in text.
    public func registerMessageIDs<S: Sequence>(_ ids: S) where S.Element == String {
        state.withLock { s in s.messageIDs.formUnion(ids) }
    }

    /// The placeholder for a display name: `Customer N` when known, else nil (keep as is).
    public func name(_ name: String?, address: String?) -> String? {
        guard let name, !name.isEmpty else { return name }
        if let address, !own.contains(address.lowercased()) {
            let p = self.address(address)
            let number = p.dropFirst("customer-".count).prefix { $0.isNumber }
            if !number.isEmpty { return "Customer \(number)" }
        }
        return redact(name)
    }

    private func placeholder(
        _ kind: String, _ key: String, _ make: (Int) -> String, count: WritableKeyPath<Report, Int>
    )
        -> String
    {
        state.withLock { s in
            s.report.replacements += 1
            if let p = s.other[kind]?[key] { return p }
            s.report[keyPath: count] += 1
            let p = make(s.report[keyPath: count])
            s.other[kind, default: [:]][key] = p
            return p
        }
    }

    // MARK: - Text

    /// `text` with every kind of personal data above replaced.
    public func redact(_ text: String) -> String {
        if text.isEmpty { return text }
        // Names last: their placeholder ("Customer 1") would look like a street and number.
        var out = replaceEmails(text)
        out = replaceDigitRuns(out)
        out = replacePostalAddresses(out)
        out = replaceSignatureAddresses(out)
        out = replaceNames(out)
        return out
    }

    private static let emailRegex = try! NSRegularExpression(
        pattern:
            #"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"#
    )

    private func replaceEmails(_ text: String) -> String {
        guard text.contains("@") else { return text }
        let ids = state.withLock { $0.messageIDs }
        let ns = text as NSString
        let matches = Self.emailRegex.matches(in: text, range: NSRange(location: 0, length: ns.length))
        guard !matches.isEmpty else { return text }
        var out = ""
        var last = 0
        for m in matches {
            let match = ns.substring(with: m.range)
            out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
            out += ids.contains(match) || Self.isOnThreadingLine(ns, m.range) ? match : address(match)
            last = m.range.location + m.range.length
        }
        out += ns.substring(from: last)
        return out
    }

    /// Whether the range sits on a `Message-ID:`, `In-Reply-To:` or `References:` line (quoted
    /// or not): what is there is a Message-ID, which must stay for threading.
    private static func isOnThreadingLine(_ text: NSString, _ range: NSRange) -> Bool {
        let line = text.lineRange(for: NSRange(location: range.location, length: 0))
        let start = text.substring(with: NSRange(location: line.location, length: range.location - line.location))
        let head = start.drop { $0 == ">" || $0 == " " || $0 == "\t" }.lowercased()
        return head.hasPrefix("message-id:") || head.hasPrefix("in-reply-to:") || head.hasPrefix("references:")
    }

    /// Every word that is a registered name part (any case), or an inflected form of one
    /// (capitalised only), becomes its person's placeholder; a run of parts of the same
    /// person ("Krzysztof Nowak") becomes one placeholder.
    private func replaceNames(_ text: String) -> String {
        let (parts, stems) = state.withLock { ($0.nameParts, $0.nameStems) }
        guard !parts.isEmpty else { return text }
        var out = ""
        var copied = text.startIndex
        var lastLabel: String?
        var lastEnd = text.startIndex
        var count = 0
        var i = text.startIndex
        while i < text.endIndex {
            guard text[i].isLetter else {
                i = text.index(after: i)
                continue
            }
            var j = i
            while j < text.endIndex, text[j].isLetter { j = text.index(after: j) }
            let word = text[i..<j]
            // A word of an address or a host name (ada@nordlys.example) is not a name here.
            let inAddress =
                (j < text.endIndex
                    && (text[j] == "@"
                        || (text[j] == "." && text.index(after: j) < text.endIndex
                            && text[text.index(after: j)].isLetter)))
                || (i > text.startIndex && text[text.index(before: i)] == "@")
            if word.count >= 3, !inAddress, let label = NameForms.match(word, parts: parts, stems: stems) {
                let gap = text[lastEnd..<i]
                if lastLabel == label, !gap.isEmpty, gap.allSatisfy({ $0 == " " || $0 == "\t" }), copied == lastEnd {
                    // Same person's next name part: absorbed into the placeholder already written.
                } else {
                    out += text[copied..<i]
                    out += label
                }
                copied = j
                lastLabel = label
                lastEnd = j
                count += 1
            }
            i = j
        }
        guard count > 0 else { return text }
        out += text[copied...]
        state.withLock { $0.report.replacements += count }
        return out
    }

    private func replacePostalAddresses(_ text: String) -> String {
        var out = text
        for regex in PostalPatterns.anywhere {
            out = Self.replace(regex, in: out) { match in
                let key = match.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
                return self.placeholder("postal", key, { "[address-\($0)]" }, count: \.postalAddresses)
            }
        }
        return out
    }

    /// IBANs, then card numbers, then phone numbers: each looks at runs of digits and separators.
    private static let ibanRegex = try! NSRegularExpression(
        pattern: #"\b[A-Z]{2}[0-9]{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b"#)
    private static let digitRunRegex = try! NSRegularExpression(
        // Not inside a longer token: a UUID such as 4EDEFFD5-00C6-4389-8653-237D997CDC95 (in a
        // folder name) has runs of digits between dashes that are no phone number.
        pattern: #"(?<![\w+])(?<!\w-)(?:\+|00)?\(?[0-9][0-9()\- ./]{5,30}[0-9](?![\w:])(?!-\w)"#)

    private func replaceDigitRuns(_ text: String) -> String {
        var hasDigits = 0
        for b in text.utf8 where b >= 0x30 && b <= 0x39 {
            hasDigits += 1
            if hasDigits >= 7 { break }
        }
        guard hasDigits >= 7 else { return text }
        var out = Self.replace(Self.ibanRegex, in: text) { match in
            let compact = match.filter { $0 != " " }
            guard Self.ibanIsValid(compact) else { return match }
            return self.placeholder("iban", compact, { "[iban-\($0)]" }, count: \.ibans)
        }
        out = Self.replace(Self.digitRunRegex, in: out) { match in
            self.redactDigitRun(match)
        }
        return out
    }

    private func redactDigitRun(_ match: String) -> String {
        // Trim separators the pattern may have swallowed at the end; keep them outside.
        let digits = match.filter(\.isNumber)
        let compact = match.filter { $0.isNumber || $0 == "+" }
        if (13...19).contains(digits.count), Self.luhnIsValid(digits),
            match.allSatisfy({ $0.isNumber || $0 == " " || $0 == "-" })
        {
            return placeholder("card", digits, { "[card-\($0)]" }, count: \.cards)
        }
        if Self.looksLikePhone(match, digits: digits) {
            return placeholder("phone", compact, { "[phone-\($0)]" }, count: \.phones)
        }
        return match
    }

    /// Phone-shaped: 7–15 digits behind `+`/`00`, or 8–15 digits in at least two groups that
    /// are not a date or a time; a bare run of 10–12 digits starting with 0 (national format).
    static func looksLikePhone(_ s: String, digits: String) -> Bool {
        guard digits.count <= 15 else { return false }
        if s.hasPrefix("+") || s.hasPrefix("00") || s.hasPrefix("(+") { return digits.count >= 7 }
        guard digits.count >= 8 else { return false }
        let groups = s.split(whereSeparator: { !$0.isNumber })
        if groups.count == 1 { return digits.hasPrefix("0") && (10...12).contains(digits.count) }
        // Dates: 2026-11-03, 03.11.2026, 2026/11/03 (three groups, one of four digits, no spaces).
        if groups.count == 3, !s.contains(" "), groups.contains(where: { $0.count == 4 }),
            groups.allSatisfy({ $0.count <= 4 })
        {
            return false
        }
        if s.contains(":") { return false }
        return groups.allSatisfy { $0.count <= 5 }
    }

    /// The Luhn check of payment-card numbers.
    public static func luhnIsValid(_ digits: String) -> Bool {
        var sum = 0
        for (i, ch) in digits.reversed().enumerated() {
            guard let d = ch.wholeNumberValue else { return false }
            if i % 2 == 1 {
                let doubled = d * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += d
            }
        }
        return !digits.isEmpty && sum % 10 == 0
    }

    /// The ISO 13616 check of an IBAN without spaces: mod 97 of the rearranged number is 1.
    public static func ibanIsValid(_ iban: String) -> Bool {
        guard (15...34).contains(iban.count) else { return false }
        let rearranged = iban.dropFirst(4) + iban.prefix(4)
        var remainder = 0
        for ch in rearranged {
            if let d = ch.wholeNumberValue, ch.isASCII {
                remainder = (remainder * 10 + d) % 97
            } else if ch.isASCII, ch.isUppercase, let v = ch.asciiValue {
                let n = Int(v) - 55
                remainder = (remainder * 100 + n) % 97
            } else {
                return false
            }
        }
        return remainder == 1
    }

    // MARK: - Signatures

    static let closings = [
        "regards", "best regards", "kind regards", "best wishes", "best", "thanks", "thank you", "cheers", "sincerely",
        "yours sincerely", "mit freundlichen grüßen", "mit freundlichen grüssen", "viele grüße", "beste grüße", "gruß",
        "pozdrawiam", "z poważaniem", "med vennlig hilsen", "vennlig hilsen", "mvh", "hilsen", "saygılarımla",
        "iyi çalışmalar", "teşekkürler", "cordialement", "saludos", "met vriendelijke groet",
    ]
    /// A street with a house number, or a postal code followed by a place name.
    private static let postalRegex = try! NSRegularExpression(
        pattern:
            #"(?:\b\p{L}[\p{L}.\-']+(?:\s\p{L}[\p{L}.\-']+)*\s\d{1,4}[A-Za-z]?\b)|(?:\b\d{1,4}[A-Za-z]?\s\p{L}[\p{L}.\-']+\s(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Way|Drive)\b)|(?:\b(?:[A-Z]{1,2}-)?\d{2}-?\d{3}\s+\p{Lu}\p{L}+)|(?:\b(?:[A-Z]{1,2}-)?\d{4,5}\s+\p{Lu}\p{L}+)|(?:\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b)|(?:\b(?:ul\.|ulica|Str\.|straße|strasse|gate|gata|veien|vegen|sokak|sok\.|cadde|cad\.|mahallesi|mah\.)\s)"#,
        options: [.caseInsensitive])

    private func replaceSignatureAddresses(_ text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        var inSignature = false
        var linesSinceStart = 0
        var changed = false
        for i in lines.indices {
            let trimmed = lines[i].trimmingCharacters(in: .whitespaces)
            let bare = trimmed.trimmingCharacters(in: CharacterSet(charactersIn: ",.!")).lowercased()
            if lines[i] == "-- " || lines[i] == "--" || trimmed == "--" || Self.closings.contains(bare) {
                inSignature = true
                linesSinceStart = 0
                continue
            }
            guard inSignature else { continue }
            if trimmed.hasPrefix(">") {
                inSignature = false
                continue
            }
            linesSinceStart += 1
            if linesSinceStart > 8 {
                inSignature = false
                continue
            }
            guard !trimmed.isEmpty, !trimmed.hasPrefix("["),
                Self.postalRegex.firstMatch(in: trimmed, range: NSRange(trimmed.startIndex..., in: trimmed)) != nil
            else { continue }
            let indent = lines[i].prefix { $0 == " " || $0 == "\t" }
            let key = trimmed.lowercased()
            lines[i] = indent + placeholder("postal", key, { "[address-\($0)]" }, count: \.postalAddresses)
            changed = true
        }
        return changed ? lines.joined(separator: "\n") : text
    }

    private static func replace(_ regex: NSRegularExpression, in text: String, _ transform: (String) -> String)
        -> String
    {
        let ns = text as NSString
        let matches = regex.matches(in: text, range: NSRange(location: 0, length: ns.length))
        guard !matches.isEmpty else { return text }
        var out = ""
        var last = 0
        for m in matches {
            out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
            out += transform(ns.substring(with: m.range))
            last = m.range.location + m.range.length
        }
        out += ns.substring(from: last)
        return out
    }
}
