import Foundation
import InboxCore

/// The knowledge-base section (DESIGN §22: suggestions for a ticket ≤ 30 ms with 1,000
/// articles): writes 1,000 generated articles in five languages, times reading and indexing
/// the folder once, then the suggestions for 300 generated customer messages.
func kbBench(work: String) {
    let folder = work + "/kb-1000"
    try? FileManager.default.removeItem(atPath: folder)
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    var rng = SplitMix(seed: 26)
    let vocab: [String: [String]] = [
        "en": [
            "return", "refund", "parcel", "delivery", "tent", "poles", "broken", "zipper", "jacket", "invoice",
            "address", "tracking", "warranty", "boots", "sleeping", "stove", "backpack", "exchange", "size", "colour",
            "payment", "voucher", "discount", "shipping", "damaged", "missing", "late", "order", "customs", "ski",
        ],
        "tr": [
            "iade", "ödeme", "kargo", "teslimat", "çadır", "direk", "kırık", "fermuar", "mont", "fatura", "adres",
            "takip", "garanti", "bot", "uyku", "ocak", "sırt", "değişim", "beden", "renk", "kupon", "indirim",
            "gönderim", "hasarlı", "eksik", "geç", "sipariş", "gümrük", "kayak", "çanta",
        ],
        "pl": [
            "zwrot", "pieniędzy", "paczka", "dostawa", "namiot", "maszty", "uszkodzony", "zamek", "kurtka", "faktura",
            "adres", "śledzenie", "gwarancja", "buty", "śpiwór", "kuchenka", "plecak", "wymiana", "rozmiar", "kolor",
            "płatność", "bon", "rabat", "wysyłka", "zepsuty", "brak", "opóźnienie", "zamówienie", "cło", "narty",
        ],
        "no": [
            "retur", "refusjon", "pakke", "levering", "telt", "stenger", "ødelagt", "glidelås", "jakke", "faktura",
            "adresse", "sporing", "reklamasjon", "støvler", "sovepose", "primus", "sekk", "bytte", "størrelse", "farge",
            "betaling", "gavekort", "rabatt", "frakt", "skadet", "mangler", "forsinket", "ordre", "toll", "ski",
        ],
        "de": [
            "rücksendung", "erstattung", "paket", "lieferung", "zelt", "stangen", "kaputt", "reißverschluss", "jacke",
            "rechnung", "adresse", "sendungsverfolgung", "gewährleistung", "stiefel", "schlafsack", "kocher",
            "rucksack", "umtausch", "größe", "farbe", "zahlung", "gutschein", "rabatt", "versand", "beschädigt",
            "fehlt", "verspätet", "bestellung", "zoll", "ski",
        ],
    ]
    let languages = vocab.keys.sorted()
    func pick(_ words: [String], _ n: Int) -> String {
        (0..<n).map { _ in
            words[Int(rng.next() % UInt64(words.count))] + (rng.next() % 3 == 0 ? String(rng.next() % 1000) : "")
        }
        .joined(separator: " ")
    }
    for i in 0..<1000 {
        let lang = languages[i % languages.count]
        let words = vocab[lang]!
        var body = ""
        for _ in 0..<4 {
            body +=
                "## " + pick(words, 3) + "\n\n" + pick(words, 60) + ".\n\n- " + pick(words, 8) + "\n- " + pick(words, 8)
                + "\n\n"
        }
        let text =
            "---\ntitle: \(pick(words, 4))\nlanguage: \(lang)\nslug: article-\(i / languages.count)\ntags: [\(pick(words, 1)), \(pick(words, 1))]\n---\n"
            + body
        try? Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/a\(i).\(lang).md"))
    }
    let start = Date()
    guard let library = try? KBLibrary.load(folder: folder, baseURL: "https://help.example/") else {
        print("KB: cannot read \(folder)")
        return
    }
    let loadMs = Date().timeIntervalSince(start) * 1000
    var times: [Double] = []
    var found = 0
    for i in 0..<300 {
        let lang = languages[i % languages.count]
        let message =
            "Subject " + pick(vocab[lang]!, 5) + "\n\n" + pick(vocab[lang]!, 120) + " " + pick(vocab["en"]!, 10)
        let t0 = DispatchTime.now().uptimeNanoseconds
        let s = library.suggest(text: message, language: lang)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
        if s.first?.language == lang { found += 1 }
    }
    times.sort()
    let median = times[times.count / 2]
    let p95 = times[times.count * 95 / 100]
    print("\nKnowledge base: \(library.articles.count) generated articles in \(languages.count) languages")
    print("  read and index the folder once: \(String(format: "%.1f", loadMs)) ms")
    print(
        "  suggestions for 300 messages of ~135 words: median \(String(format: "%.2f", median)) ms, p95 \(String(format: "%.2f", p95)) ms, max \(String(format: "%.2f", times.last!)) ms (budget 30 ms)"
    )
    print("  customer's language first in \(found) of 300")
}
