import Foundation
import InboxCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds quoted history, attributions and signatures in the text of a message.
///
/// Lines are those of `text.split("\n", omittingEmptySubsequences: false)`. What is found:
///
/// - **Quote**: runs of lines starting with ">" (or " >"), blank lines between two such lines
///   included; a lone ">From " line is mbox escaping, not a quote. Below an Outlook-style
///   history header (see next), everything to the end.
/// - **Attribution**: the line introducing a quote, one line or wrapped over two: "On … wrote:",
///   "Am … schrieb …:", "… tarihinde … şunu yazdı:", "W dniu … pisze:" / "… napisał(a):",
///   "Wiadomość napisana przez … w dniu …:", "… skrev …:", "Le … a écrit :", "El … escribió:"
///   and some more verbs. It must end with ":" and either be followed by a quote or carry a date
///   and a typical opening ("On", "Am", "W dniu", "Le", "El", "Den", "kl.", "tarihinde"). Apple Mail
///   puts it inside the quote ("> On … wrote:"): that first line is then the attribution.
///   An Outlook history header is an attribution too: "-----Original Message-----" (and its
///   translations), or a "From:/Sent:/To:/Subject:" block in English, German, Polish, Turkish,
///   Norwegian and a few more languages (optionally under a "_____" line), when it is not part
///   of a forwarded message. Everything below it is quote.
/// - **Signature**: from a line "-- " (or "--") up to the end, a quote or an attribution, when at
///   most 15 lines follow the separator; or a lone "Sent from my iPhone" style line right before
///   a quote or the end.
///
/// One pass over the bytes; only lines that end with ":" or start with a header label are looked
/// at more closely, so the cost is linear and small next to parsing.
enum QuoteSpans {
    static let maxSignatureLines = 15

    /// The spans of `text`, in order, not overlapping.
    ///
    /// - Parameter isForward: the message is a forward (subject "Fwd:", "WG:"…): header blocks of
    ///   the forwarded message are then content, not history.
    static func find(in text: String, isForward: Bool = false) -> [TextSpan] {
        var text = text
        return text.withUTF8 { buf -> [TextSpan] in
            guard buf.count > 0 else { return [] }
            return Scanner(buf).run(isForward: isForward)
        }
    }

    /// Subject prefixes of forwarded messages, lower-case, without the colon.
    static let forwardPrefixes: [[UInt8]] = [
        "fwd", "fw", "wg", "tr", "rv", "pd", "ilt", "\u{130}lt", "vs", "doorst", "enc", "vb", "vl", "fwd.",
    ].map { Array($0.utf8) }

    /// True for subjects of forwarded messages ("Fwd:", "FW:", "WG:", "TR:", "RV:", "PD:", "İLT:", "VS:"…).
    static func isForwardSubject(_ subject: String) -> Bool {
        var word: [UInt8] = []
        var ended = false
        for c in subject.utf8.prefix(16) {
            if c == UInt8(ascii: ":") { return !word.isEmpty && forwardPrefixes.contains(word) }
            if c == ByteScan.space || c == ByteScan.tab || c == UInt8(ascii: "[") {
                ended = !word.isEmpty  // "Fwd :" may have a space before the colon
                continue
            }
            if ended { return false }
            word.append(ByteScan.lower(c))
            if word.count > 8 { return false }
        }
        return false
    }

    private struct Scanner {
        let v: Bytes
        let lines: [Range<Int>]

        /// Splits `v` into lines; each range ends before trailing spaces and tabs.
        init(_ v: Bytes) {
            self.v = v
            let n = v.count
            var found: [Range<Int>] = []
            found.reserveCapacity(n / 24 + 2)
            var start = 0
            if let base = v.baseAddress {
                while start < n, let hit = memchr(base + start, 10, n - start) {
                    let lf = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                    var e = lf
                    while e > start && (base[e - 1] == ByteScan.space || base[e - 1] == ByteScan.tab) { e -= 1 }
                    found.append(start..<e)
                    start = lf + 1
                }
            }
            var e = n
            while e > start && ByteScan.isWSP(v[e - 1]) { e -= 1 }
            found.append(start..<e)
            lines = found
        }

        // MARK: Line tests

        @inline(__always)
        func isBlank(_ i: Int) -> Bool { lines[i].isEmpty }

        /// ">" first, or after one space.
        func isQuoted(_ i: Int) -> Bool {
            let r = lines[i]
            guard !r.isEmpty else { return false }
            if v[r.lowerBound] == UInt8(ascii: ">") { return true }
            return r.count > 1 && v[r.lowerBound] == ByteScan.space && v[r.lowerBound + 1] == UInt8(ascii: ">")
        }

        /// ">From " as left by mbox escaping.
        func isEscapedFrom(_ i: Int) -> Bool {
            let r = lines[i]
            guard r.count >= 6, v[r.lowerBound] == UInt8(ascii: ">") else { return false }
            return ByteScan.hasPrefixIgnoringCase(v, at: r.lowerBound + 1, end: r.upperBound, "from ")
                && v[r.lowerBound + 1] == UInt8(ascii: "F")
        }

        /// "-- " or "--" (trailing spaces are not part of the range).
        func isSignatureSeparator(_ i: Int) -> Bool {
            let r = lines[i]
            return r.count == 2 && v[r.lowerBound] == UInt8(ascii: "-") && v[r.lowerBound + 1] == UInt8(ascii: "-")
        }

        /// True when the last non-blank byte of the line is ":" and the line is not too long.
        @inline(__always)
        func endsWithColon(_ i: Int) -> Bool {
            let r = lines[i]
            return r.count >= 2 && r.count <= 400 && v[r.upperBound - 1] == UInt8(ascii: ":")
        }

        // MARK: Attributions

        /// Lines (1 or 2) of an attribution starting at `i`, or 0.
        ///
        /// - Parameter unquoted: read the lines without their ">" prefix (Apple Mail style).
        func attribution(at i: Int, limit: Int, unquoted: Bool, followedByQuote: (Int) -> Bool) -> Int {
            guard i < limit else { return 0 }
            // A strong cue needs a digit, a weak one a quote below: both are cheap to test
            // first, and most lines ending with ":" have neither.
            let colonHere = endsWithColon(i)
            let colonNext = i + 1 < limit && endsWithColon(i + 1)
            guard colonHere || colonNext else { return 0 }
            let here = content(i, unquoted: unquoted)
            let digitHere = hasDigit(here)
            if colonHere && (digitHere || followedByQuote(i + 1)) {
                if let cue = Self.attributionCue(Joined(v, here)) {
                    if cue == .strong || followedByQuote(i + 1) { return 1 }
                }
            }
            // Wrapped over two lines: the second ends with ":", the whole has a strong cue (and
            // the second is not an attribution of its own).
            if colonNext, !colonHere, !isBlank(i), lines[i].count <= 300,
                unquoted || (!isQuoted(i) && !isQuoted(i + 1))
            {
                let next = content(i + 1, unquoted: unquoted)
                let digitNext = hasDigit(next)
                guard digitHere || digitNext else { return 0 }
                if digitNext && Self.attributionCue(Joined(v, next)) == .strong { return 0 }
                if Self.attributionCue(Joined(v, here, next)) == .strong { return 2 }
            }
            return 0
        }

        @inline(__always)
        func hasDigit(_ r: Range<Int>) -> Bool {
            for k in r where v[k] &- 48 < 10 { return true }
            return false
        }

        /// The line without leading whitespace (and, with `unquoted`, without its ">" prefix).
        func content(_ i: Int, unquoted: Bool) -> Range<Int> {
            var r = lines[i]
            while r.lowerBound < r.upperBound
                && (ByteScan.isWSP(v[r.lowerBound]) || (unquoted && v[r.lowerBound] == UInt8(ascii: ">")))
            {
                r = (r.lowerBound + 1)..<r.upperBound
            }
            return r
        }

        /// The line's bytes with ASCII letters lower-cased and outer whitespace removed.
        func lowered(_ i: Int, unquoted: Bool) -> [UInt8] {
            v[content(i, unquoted: unquoted)].map { ByteScan.lower($0) }
        }

        /// One line, or two joined by a space, read with ASCII letters lower-cased; no copy.
        struct Joined {
            let v: Bytes
            let a: Range<Int>
            let b: Range<Int>
            let count: Int

            init(_ v: Bytes, _ a: Range<Int>, _ b: Range<Int>? = nil) {
                self.v = v
                self.a = a
                self.b = b ?? a.upperBound..<a.upperBound
                count = b == nil ? a.count : a.count + 1 + self.b.count
            }

            @inline(__always)
            subscript(_ k: Int) -> UInt8 {
                if k < a.count { return ByteScan.lower(v[a.lowerBound + k]) }
                if k == a.count { return ByteScan.space }
                return ByteScan.lower(v[b.lowerBound + k - a.count - 1])
            }

            func has(_ word: [UInt8], at k: Int) -> Bool {
                guard k >= 0, k + word.count <= count else { return false }
                for (j, c) in word.enumerated() where self[k + j] != c { return false }
                return true
            }

            func contains(_ word: [UInt8]) -> Bool {
                guard count >= word.count else { return false }
                for k in 0...(count - word.count) where self[k] == word[0] && has(word, at: k) { return true }
                return false
            }
        }

        enum Cue { case weak, strong }

        static func contains(_ s: [UInt8], _ word: [UInt8]) -> Bool {
            guard s.count >= word.count else { return false }
            for k in 0...(s.count - word.count) where s[k] == word[0] && s[k..<(k + word.count)].elementsEqual(word) {
                return true
            }
            return false
        }

        /// Verbs of attribution lines (lower-case), found as whole words.
        static let verbs: [[UInt8]] = [
            "wrote", "writes", "schrieb", "yazdı", "pisze", "napisał(a)", "napisał", "napisała", "napisana",
            "skrev", "écrit", "escribió", "scritto", "schreef", "kirjoitti", "написал", "написала",
            "написал(а)", "escreveu", "napsal", "írta", "scrisse",
        ].map { Array($0.utf8) }
        /// `verbs` by first byte.
        static let verbTable: [[[UInt8]]] = {
            var t = [[[UInt8]]](repeating: [], count: 256)
            for v in verbs { t[Int(v[0])].append(v) }
            return t
        }()
        /// Openings of the usual attribution formats (lower-case).
        static let openings: [[UInt8]] = [
            "on ", "am ", "w dniu ", "le ", "el ", "den ", "wiadomość napisana przez ", "op ", "il giorno ", "em ",
        ].map { Array($0.utf8) }
        /// Words that mark a date-led attribution without an opening word.
        static let strongInside: [[UInt8]] = [" tarihinde", " kl. ", " kl "].map { Array($0.utf8) }

        /// How much a line (lower-cased bytes, outer whitespace removed) looks like an attribution:
        /// nil when it does not end with ":" or has no attribution verb; strong when it also has a
        /// digit and a usual opening.
        static func attributionCue(_ s: Joined) -> Cue? {
            let n = s.count
            guard n >= 8, n <= 400, s[n - 1] == UInt8(ascii: ":") else { return nil }
            var hasVerb = false
            var hasDigit = false
            verbTable.withUnsafeBufferPointer { table in
                var before = ByteScan.space
                for k in 0..<n {
                    let c = s[k]
                    if ByteScan.isDigit(c) { hasDigit = true }
                    if !hasVerb
                        && (before == ByteScan.space || before == UInt8(ascii: ",") || before == UInt8(ascii: ")"))
                    {
                        for verb in table[Int(c)] where k + verb.count < n && s.has(verb, at: k) {
                            let after = s[k + verb.count]
                            if after == ByteScan.space || after == UInt8(ascii: ",") || after == UInt8(ascii: ":")
                                || after == UInt8(ascii: "(") || after == 0xC2 || after == 0xE2
                            {
                                hasVerb = true
                                break
                            }
                        }
                    }
                    before = c
                }
            }
            guard hasVerb else { return nil }
            guard hasDigit else { return .weak }
            if openings.contains(where: { s.has($0, at: 0) }) { return .strong }
            for word in strongInside where s.contains(word) { return .strong }
            return .weak
        }

        // MARK: Outlook history headers

        static let fromLabels: Set<String> = [
            "from", "von", "od", "kimden", "fra", "de", "da", "van", "från", "lähettäjä", "от", "від", "feladó",
            "odesílatel", "gönderen",
        ]
        static let sentLabels: Set<String> = [
            "sent", "gesendet", "wysłano", "gönderildi", "gönderilme tarihi", "sendt", "date", "datum", "data",
            "tarih", "dato", "envoyé", "enviado", "inviato", "verzonden", "skickat", "lähetetty", "отправлено",
            "sent at", "elküldve", "odesláno",
        ]
        static let toLabels: Set<String> = [
            "to", "an", "do", "kime", "til", "à", "a", "para", "aan", "till", "vastaanottaja", "кому", "címzett",
            "komu", "alıcı",
        ]
        static let subjectLabels: Set<String> = [
            "subject", "betreff", "temat", "konu", "emne", "objet", "asunto", "oggetto", "onderwerp", "ämne", "aihe",
            "тема", "tárgy", "předmět", "assunto",
        ]
        static let otherLabels: Set<String> = [
            "cc", "bcc", "kopie", "dw", "bilgi", "kopi", "kopia", "copie", "importance", "wichtigkeit", "priorität",
            "attachments", "anlagen", "załączniki", "ekler", "vedlegg", "reply-to", "antwort an", "ccn", "cci",
        ]
        static let separatorPhrases: [[UInt8]] = [
            "original message", "ursprüngliche nachricht", "originalnachricht", "message d'origine",
            "message d’origine", "mensaje original", "messaggio originale", "oorspronkelijk bericht",
            "opprinnelig melding", "oprindelig meddelelse", "ursprungligt meddelande", "alkuperäinen viesti",
            "wiadomość oryginalna", "oryginalna wiadomość", "özgün ileti", "orijinal ileti", "orijinal mesaj",
            "původní zpráva", "mensagem original", "исходное сообщение", "eredeti üzenet",
        ].map { Array($0.utf8) }
        static let forwardPhrases: [[UInt8]] = [
            "forwarded message", "weitergeleitete nachricht", "begin forwarded message", "anfang der weitergeleiteten",
            "przekazana wiadomość", "wiadomość przekazana", "przekazywana wiadomość", "iletilen ileti",
            "iletilmiş ileti", "videresendt melding", "videresendt meddelelse", "message transféré",
            "mensaje reenviado", "messaggio inoltrato", "doorgestuurd bericht", "vidarebefordrat meddelande",
            "forwarded by", "mensagem encaminhada", "пересылаемое сообщение",
        ].map { Array($0.utf8) }

        /// True for the first byte (lower-cased) of a label in `fromLabels`.
        @inline(__always)
        static func isFromInitial(_ c: UInt8) -> Bool {
            switch c {
            // f(rom, ra, rån, eladó) v(on, an) o(d, desílatel) k(imden) d(e, a) l(ähettäjä) g(önderen), Cyrillic
            case 0x66, 0x76, 0x6F, 0x6B, 0x64, 0x6C, 0x67, 0xD0: return true
            default: return false
            }
        }

        /// A cheap test before ``label(_:)``: the line starts with one word (a From label is one
        /// word in every language) followed by ":", perhaps in "*" (bold).
        func mayStartFromLabel(_ i: Int) -> Bool {
            let r = lines[i]
            var k = r.lowerBound
            while k < r.upperBound && v[k] == UInt8(ascii: "*") { k += 1 }
            guard k < r.upperBound, Self.isFromInitial(ByteScan.lower(v[k])) else { return false }
            let end = min(r.upperBound, k + 24)
            k += 1
            while k < end && (v[k] >= 0x80 || ByteScan.isAlpha(v[k])) { k += 1 }
            while k < end && (v[k] == UInt8(ascii: "*") || v[k] == ByteScan.space) { k += 1 }
            return k < end && v[k] == UInt8(ascii: ":")
        }

        /// The label of a "Label: value" line, lower-cased ("*From:*" too), or nil.
        func label(_ i: Int) -> String? {
            let r = lines[i]
            var k = r.lowerBound
            while k < r.upperBound && (v[k] == UInt8(ascii: "*") || ByteScan.isWSP(v[k])) { k += 1 }
            let start = k
            while k < r.upperBound && k - start <= 24 {
                let c = v[k]
                if c == UInt8(ascii: ":") { break }
                if c < 0x80 && !ByteScan.isAlpha(c) && c != ByteScan.space && c != UInt8(ascii: "-")
                    && c != UInt8(ascii: "*")
                {
                    return nil
                }
                k += 1
            }
            guard k < r.upperBound, v[k] == UInt8(ascii: ":"), k > start else { return nil }
            var e = k
            while e > start && (v[e - 1] == UInt8(ascii: "*") || ByteScan.isWSP(v[e - 1])) { e -= 1 }
            return String(decoding: Bytes(rebasing: v[start..<e]), as: UTF8.self).lowercased()
        }

        /// End (exclusive) of a From/Sent/To/Subject block starting at `i`, or nil.
        func headerBlock(at i: Int) -> Int? {
            guard mayStartFromLabel(i), let first = label(i), Self.fromLabels.contains(first) else { return nil }
            var sawSent = false
            var sawTo = false
            var sawSubject = false
            var continuations = 0
            var j = i + 1
            while j < lines.count && j < i + 14 && !isBlank(j) {
                if let l = label(j) {
                    if Self.sentLabels.contains(l) {
                        sawSent = true
                    } else if Self.toLabels.contains(l) {
                        sawTo = true
                    } else if Self.subjectLabels.contains(l) {
                        sawSubject = true
                    } else if !Self.otherLabels.contains(l) {
                        break
                    }
                } else {
                    // A wrapped To or Cc list.
                    continuations += 1
                    if continuations > 4 { break }
                }
                j += 1
            }
            return sawSent && (sawTo || sawSubject) ? j : nil
        }

        /// "-----Original Message-----" and translations (also "----- Original Message -----").
        func isOriginalSeparator(_ i: Int) -> Bool {
            let r = lines[i]
            guard r.count >= 10, r.count <= 120 else { return false }
            var k = r.lowerBound
            while k < r.upperBound && ByteScan.isWSP(v[k]) { k += 1 }
            guard k + 3 <= r.upperBound, v[k] == UInt8(ascii: "-"), v[k + 1] == UInt8(ascii: "-"),
                v[k + 2] == UInt8(ascii: "-")
            else { return false }
            guard v[r.upperBound - 1] == UInt8(ascii: "-"), v[r].contains(where: ByteScan.isAlpha) else { return false }
            let s = lowered(i, unquoted: false)
            return Self.separatorPhrases.contains { Self.contains(s, $0) }
        }

        /// A line of at least ten underscores only (Outlook's rule above a header block).
        func isUnderscoreRule(_ i: Int) -> Bool {
            let r = lines[i]
            var count = 0
            for k in r {
                if v[k] == UInt8(ascii: "_") {
                    count += 1
                } else if !ByteScan.isWSP(v[k]) {
                    return false
                }
            }
            return count >= 10
        }

        /// True when a forward marker line stands at `i` or just above (blank lines skipped).
        func isForwardMarked(above i: Int) -> Bool {
            var k = i
            var steps = 0
            while k >= 0 && steps < 4 {
                if !isBlank(k) {
                    let r = lines[k]
                    if r.count <= 160 {
                        let s = lowered(k, unquoted: false)
                        if Self.forwardPhrases.contains(where: { Self.contains(s, $0) }) { return true }
                    }
                    if k < i { return false }
                }
                k -= 1
                steps += 1
            }
            return false
        }

        func nextNonBlank(from i: Int, limit: Int) -> Int? {
            var k = i
            while k < limit {
                if !isBlank(k) { return k }
                k += 1
            }
            return nil
        }

        func lastNonBlank(before end: Int, floor: Int) -> Int? {
            var k = end - 1
            while k >= floor {
                if !isBlank(k) { return k }
                k -= 1
            }
            return nil
        }

        /// An Outlook-style history header starting at line `i`: (start, end of the header lines).
        func historyHeader(at i: Int, isForward: Bool) -> (start: Int, headerEnd: Int)? {
            let r = lines[i]
            guard !r.isEmpty else { return nil }
            let n = lines.count
            let c = v[r.lowerBound]
            var found: (Int, Int)? = nil
            if c == UInt8(ascii: "-") || c == ByteScan.space || c == ByteScan.tab {
                if isOriginalSeparator(i) {
                    if let h = nextNonBlank(from: i + 1, limit: min(n, i + 3)), let end = headerBlock(at: h) {
                        found = (i, end)
                    } else {
                        found = (i, i + 1)
                    }
                }
            } else if c == UInt8(ascii: "_") {
                if isUnderscoreRule(i), let h = nextNonBlank(from: i + 1, limit: min(n, i + 3)),
                    let end = headerBlock(at: h)
                {
                    found = (i, end)
                }
            } else if (c == UInt8(ascii: "*") || Self.isFromInitial(ByteScan.lower(c))), let end = headerBlock(at: i) {
                found = (i, end)
            }
            guard let found, !isForward, !isForwardMarked(above: found.0) else { return nil }
            return found
        }

        // MARK: Mobile sign-offs

        static let mobilePrefixes: [[UInt8]] = [
            "sent from my ", "sent from outlook", "get outlook for ", "sent from mail for windows", "sent from yahoo",
            "sent via ", "von meinem ", "gesendet von ", "gesendet mit ", "wysłane z ", "wysłano z ", "sendt fra min ",
            "sendt fra ", "skickat från min ", "envoyé de mon ", "envoyé depuis ", "enviado desde mi ",
            "enviado do meu ", "inviato da ", "verzonden vanaf mijn ", "verstuurd vanaf mijn ", "lähetetty ",
            "отправлено с ",
        ].map { Array($0.utf8) }
        static let turkishSent = Array("gönderildi".utf8)

        func isMobileSignOff(_ i: Int) -> Bool {
            let r = lines[i]
            guard r.count >= 8, r.count <= 80, !isQuoted(i) else { return false }
            let line = Joined(v, content(i, unquoted: false))
            if Self.mobilePrefixes.contains(where: { line.has($0, at: 0) }) { return true }
            // Turkish: "iPhone'umdan gönderildi", "Galaxy'mden gönderildi".
            let n = line.count
            let suffix = Self.turkishSent
            guard n <= 40, line.has(suffix, at: n - suffix.count) else { return false }
            for k in 0..<n where line[k] == UInt8(ascii: "'") || line[k] == 0xE2 { return true }
            return false
        }

        // MARK: Walk

        /// True for a line none of the tests below can match (most lines): no ">" start, no
        /// signature separator, no history header start, no ":" at its end or the next line's.
        @inline(__always)
        func isPlain(_ i: Int) -> Bool {
            let r = lines[i]
            let first = v[r.lowerBound]
            let last = v[r.upperBound - 1]
            if last == UInt8(ascii: ":") || (i + 1 < lines.count && endsWithColon(i + 1)) { return false }
            switch first {
            case UInt8(ascii: ">"):
                return false
            case ByteScan.space, ByteScan.tab:
                // " >" quote, or an indented "-----Original Message-----".
                return !(r.count > 1 && v[r.lowerBound + 1] == UInt8(ascii: ">")) && last != UInt8(ascii: "-")
            case UInt8(ascii: "-"):
                // "--", or "---…---".
                return r.count != 2
                    && !(r.count >= 10 && v[r.lowerBound + 1] == UInt8(ascii: "-") && last == UInt8(ascii: "-"))
            case UInt8(ascii: "_"):
                return false
            default:
                return
                    !((first == UInt8(ascii: "*") || Self.isFromInitial(ByteScan.lower(first))) && mayStartFromLabel(i))
            }
        }

        func run(isForward: Bool) -> [TextSpan] {
            var spans: [TextSpan] = []
            func add(_ kind: TextSpan.Kind, _ start: Int, _ end: Int) {
                guard end > start else { return }
                spans.append(TextSpan(kind: kind, startLine: start, lineCount: end - start))
            }
            let n = lines.count
            var history: (start: Int, headerEnd: Int)? = nil

            /// True when the next non-blank line at or after `k` starts a quote or the history.
            func followedByQuote(_ k: Int) -> Bool {
                guard let next = nextNonBlank(from: k, limit: n) else { return false }
                if isQuoted(next) { return !(isEscapedFrom(next) && !(next + 1 < n && isQuoted(next + 1))) }
                return historyHeader(at: next, isForward: isForward) != nil
            }

            var i = 0
            var signatureFound = false
            var ownTextEnds: [Int] = []  // where a quote or attribution starts: a sign-off may stand just above
            while i < n {
                // Most lines are plain text: nothing to look at.
                let r = lines[i]
                if r.isEmpty {
                    i += 1
                    continue
                }
                if isPlain(i) {
                    i += 1
                    continue
                }
                if isQuoted(i) {
                    // The run: quoted lines, with blank lines between quoted lines.
                    var j = i + 1
                    var last = i
                    while j < n {
                        if isQuoted(j) {
                            last = j
                        } else if !isBlank(j) {
                            break
                        }
                        j += 1
                    }
                    let end = last + 1
                    if end - i == 1 && isEscapedFrom(i) {
                        i += 1
                        continue
                    }
                    ownTextEnds.append(i)
                    let a = attribution(at: i, limit: end, unquoted: true, followedByQuote: { $0 < end })
                    add(.attribution, i, i + a)
                    add(.quote, i + a, end)
                    i = end
                    continue
                }
                if let h = historyHeader(at: i, isForward: isForward) {
                    history = h
                    break
                }
                if isSignatureSeparator(i) {
                    // Up to a quote, an attribution, a history header or the end; given up
                    // (so the scan stays short) once it is longer than a signature can be.
                    var k = i + 1
                    var last = i
                    while k < n && last - i <= QuoteSpans.maxSignatureLines && !isQuoted(k)
                        && attribution(at: k, limit: n, unquoted: false, followedByQuote: followedByQuote) == 0
                        && historyHeader(at: k, isForward: isForward) == nil
                    {
                        if !isBlank(k) { last = k }
                        k += 1
                    }
                    if last - i <= QuoteSpans.maxSignatureLines {
                        add(.signature, i, last + 1)
                        signatureFound = true
                        i = k
                        continue
                    }
                    i += 1
                    continue
                }
                let a = attribution(at: i, limit: n, unquoted: false, followedByQuote: followedByQuote)
                if a > 0 {
                    ownTextEnds.append(i)
                    add(.attribution, i, i + a)
                    i += a
                    continue
                }
                i += 1
            }
            if let history {
                ownTextEnds.append(history.start)
                add(.attribution, history.start, history.headerEnd)
                if let first = nextNonBlank(from: history.headerEnd, limit: n),
                    let last = lastNonBlank(before: n, floor: first)
                {
                    add(.quote, first, last + 1)
                }
            }
            // A "Sent from my iPhone" line right above a quote, an attribution or the end.
            if !signatureFound {
                ownTextEnds.append(history?.start ?? n)
                for end in ownTextEnds {
                    guard let k = lastNonBlank(before: end, floor: 0), isMobileSignOff(k),
                        !spans.contains(where: { $0.startLine <= k && k < $0.startLine + $0.lineCount })
                    else { continue }
                    add(.signature, k, k + 1)
                    break
                }
            }
            spans.sort { $0.startLine < $1.startLine }
            return spans
        }
    }
}
