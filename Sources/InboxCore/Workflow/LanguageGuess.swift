import Foundation

/// Guesses the language of a customer's mail: English, Turkish, Polish, Norwegian, German,
/// Spanish or French (ISO 639-1 `en`, `tr`, `pl`, `no`, `de`, `es`, `fr`).
///
/// Counts common function words and letters only one of the languages uses. Short or mixed
/// text gives nil rather than a wrong answer; quoted (`>`) lines are ignored, since they are
/// usually our own words. Pure and thread-safe.
public enum LanguageGuess {
    public static let supported = ["en", "tr", "pl", "no", "de", "es", "fr"]

    static let words: [String: Set<String>] = [
        "en": [
            "the", "and", "is", "you", "my", "i", "to", "of", "it", "for", "not", "have", "was", "with", "this", "that",
            "please", "order", "thanks", "thank", "hello", "hi", "received", "where", "are", "your", "would", "can",
        ],
        "tr": [
            "ve", "bir", "bu", "için", "ile", "da", "de", "ne", "mi", "mı", "çok", "ama", "siparişim", "sipariş",
            "merhaba", "teşekkürler", "teşekkür", "ederim", "nerede", "gelmedi", "lütfen", "iade", "kargo", "kargom",
            "ürün", "hala", "değil", "var", "yok", "istiyorum",
        ],
        "pl": [
            "i", "w", "nie", "się", "na", "jest", "że", "z", "do", "to", "jak", "ale", "mam", "moje", "moja", "dzień",
            "dobry", "zamówienie", "proszę", "dziękuję", "pozdrawiam", "zwrot", "jeszcze", "czy", "kiedy", "paczka",
        ],
        "no": [
            "og", "jeg", "det", "er", "ikke", "på", "en", "til", "med", "har", "som", "min", "mitt", "meg", "hei",
            "takk", "bestilling", "bestillingen", "hvor", "kan", "dere", "vennlig", "hilsen", "fått", "pakken", "ennå",
        ],
        "de": [
            "und", "ich", "nicht", "die", "der", "das", "ist", "ein", "eine", "mit", "mein", "meine", "sie", "bitte",
            "danke", "hallo", "bestellung", "noch", "wann", "wo", "ware", "rücksendung", "grüße", "freundlichen",
            "habe",
        ],
        "es": [
            "el", "la", "de", "que", "y", "en", "los", "las", "no", "mi", "por", "para", "con", "es", "una", "hola",
            "gracias", "pedido", "todavía", "dónde", "cuándo", "saludos", "recibido", "devolución", "quiero",
        ],
        "fr": [
            "le", "la", "les", "et", "je", "de", "des", "est", "pas", "une", "un", "mon", "ma", "pour", "avec", "vous",
            "bonjour", "merci", "commande", "toujours", "reçu", "où", "quand", "cordialement", "remboursement", "colis",
        ],
    ]

    /// Letters that point strongly at one language.
    static let letters: [Character: String] = [
        "ş": "tr", "ğ": "tr", "ı": "tr", "İ": "tr",
        "ą": "pl", "ę": "pl", "ł": "pl", "ń": "pl", "ś": "pl", "ź": "pl", "ż": "pl", "ć": "pl",
        "æ": "no", "ø": "no", "å": "no",
        "ß": "de", "ä": "de",
        "ñ": "es", "¿": "es", "¡": "es",
        "è": "fr", "ê": "fr", "ç": "fr", "œ": "fr", "à": "fr", "ù": "fr",
    ]

    /// Each function word with the languages that use it: one lookup per word, not one per
    /// language (rules with `lang:` guess once per incoming message, issue 23).
    static let wordLanguages: [String: [String]] = {
        var out: [String: [String]] = [:]
        for (lang, set) in words {
            for w in set { out[w, default: []].append(lang) }
        }
        return out
    }()

    /// `letters` by Unicode scalar, upper-case forms included (`Ş` counts as `ş`, `İ` as itself).
    static let letterScalars: [Unicode.Scalar: String] = {
        var out: [Unicode.Scalar: String] = [:]
        for (ch, lang) in letters {
            for form in [String(ch), String(ch).uppercased()] where form.unicodeScalars.count == 1 {
                let scalar = form.unicodeScalars.first!
                if out[scalar] == nil { out[scalar] = lang }
            }
        }
        return out
    }()

    /// `supported` indexes of the languages of each function word written in ASCII, by the
    /// word's bytes packed into two integers (no function word is longer than 16 bytes): an
    /// ASCII word of the text is looked up without building a String (issue 23: the `lang:`
    /// rules guess the language of every new ticket of an import).
    static let asciiWordLanguages: [ASCIIWord: [Int]] = {
        var out: [ASCIIWord: [Int]] = [:]
        for (word, langs) in wordLanguages {
            let bytes = Array(word.utf8)
            guard bytes.allSatisfy({ $0 < 0x80 }), let key = ASCIIWord(bytes) else { continue }
            out[key] = langs.map { supported.firstIndex(of: $0)! }
        }
        return out
    }()

    /// Up to 16 ASCII bytes packed into two integers.
    struct ASCIIWord: Hashable {
        var low: UInt64 = 0
        var high: UInt64 = 0

        /// Nil when `bytes` is longer than 16 (no function word is).
        init?(_ bytes: [UInt8]) {
            guard bytes.count <= 16 else { return nil }
            for (i, b) in bytes.enumerated() {
                if i < 8 {
                    low |= UInt64(b) << (8 * UInt64(i))
                } else {
                    high |= UInt64(b) << (8 * UInt64(i - 8))
                }
            }
        }
    }

    /// The most likely language of `text`, or nil when the evidence is too thin or too mixed.
    ///
    /// Reads Unicode scalars, not grapheme clusters: a word is a run of letters (combining marks
    /// stay in it), lower-cased as it is built; ASCII takes a fast path. A word of ASCII letters
    /// only is looked up by its bytes (``asciiWordLanguages``): the only String equal to it is
    /// the same ASCII letters, so the answer is the one a String lookup gives.
    public static func guess(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { guess(utf8: $0) }
    }

    /// ``guess(_:)`` over the text's UTF-8 bytes. Lines are what `split(separator: "\n")`
    /// gives (a line feed after a carriage return is no separator: `\r\n` is one Character),
    /// without walking grapheme clusters, which cost most of the guess.
    private static func guess(utf8 b: UnsafeBufferPointer<UInt8>) -> String? {
        var scores = [Double](repeating: 0, count: supported.count)
        var seenWords = 0
        // The word as bytes while it is all ASCII, as scalars once it is not (`wide`).
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var word = String.UnicodeScalarView()
        var wide = false
        func endWord() {
            if wide {
                seenWords += 1
                if let langs = wordLanguages[String(word)] {
                    for lang in langs { scores[supported.firstIndex(of: lang)!] += 1 }
                }
                word.removeAll(keepingCapacity: true)
                wide = false
            } else if !bytes.isEmpty {
                seenWords += 1
                if let key = ASCIIWord(bytes), let langs = asciiWordLanguages[key] {
                    for lang in langs { scores[lang] += 1 }
                }
            }
            bytes.removeAll(keepingCapacity: true)
        }
        let n = b.count
        /// Where the line starting at `start` ends (its line feed, or the end of the text).
        func lineEnd(_ start: Int) -> Int {
            var j = start
            while j < n && !(b[j] == 0x0A && (j == 0 || b[j - 1] != 0x0D)) { j += 1 }
            return j
        }
        var i = 0
        var atLineStart = true
        while i < n {
            if atLineStart {
                atLineStart = false
                if b[i] == UInt8(ascii: ">") {
                    // Quoted unless `>` is the start of a longer Character (`>` and a combining
                    // mark); 64 bytes hold that Character's start whatever follows it.
                    let end = lineEnd(i)
                    let head = String(decoding: UnsafeBufferPointer(rebasing: b[i..<min(end, i + 64)]), as: UTF8.self)
                    if head.hasPrefix(">") {
                        i = end
                        continue
                    }
                }
            }
            let lead = b[i]
            if lead < 0x80 {
                i += 1
                if lead == 0x0A && (i == 1 || b[i - 2] != 0x0D) {
                    endWord()
                    atLineStart = true
                } else if lead >= 0x61 && lead <= 0x7A {
                    if wide { word.append(Unicode.Scalar(lead)) } else { bytes.append(lead) }
                } else if lead >= 0x41 && lead <= 0x5A {
                    if wide { word.append(Unicode.Scalar(lead + 0x20)) } else { bytes.append(lead + 0x20) }
                } else {
                    endWord()
                }
                continue
            }
            // A scalar outside ASCII (the bytes are valid UTF-8: they come from a String).
            var v: UInt32
            let width: Int
            if lead >= 0xF0 {
                v = UInt32(lead & 0x07)
                width = 4
            } else if lead >= 0xE0 {
                v = UInt32(lead & 0x0F)
                width = 3
            } else {
                v = UInt32(lead & 0x1F)
                width = 2
            }
            for k in 1..<width { v = v << 6 | UInt32(b[i + k] & 0x3F) }
            i += width
            let scalar = Unicode.Scalar(v)!
            if let lang = letterScalars[scalar] { scores[supported.firstIndex(of: lang)!] += 0.5 }
            let props = scalar.properties
            if props.isAlphabetic || props.generalCategory == .nonspacingMark {
                if !wide {
                    // The ASCII letters so far start the word's scalars.
                    wide = true
                    for c in bytes { word.append(Unicode.Scalar(c)) }
                }
                if props.changesWhenLowercased {
                    word.append(contentsOf: props.lowercaseMapping.unicodeScalars)
                } else {
                    word.append(scalar)
                }
            } else {
                endWord()
            }
        }
        endWord()
        guard seenWords > 0 else { return nil }
        // The best score and the next one; a tie for the best gives nil, as it did in any order.
        var bestIndex = -1
        var best = 0.0
        var second = 0.0
        for (i, s) in scores.enumerated() where s > 0 {
            if bestIndex < 0 || s > best {
                if bestIndex >= 0 { second = best }
                bestIndex = i
                best = s
            } else if s > second {
                second = s
            }
        }
        guard bestIndex >= 0, best >= 2 else { return nil }
        return best >= second * 1.3 + 0.5 ? supported[bestIndex] : nil
    }
}
