/// Words left out of the report's common complaints: the function words of each language the
/// inbox guesses (``LanguageGuess/supported``), greetings and sign-offs, and mail noise.
///
/// Small on purpose: the words that fill every message, not a linguist's list. Lower case;
/// words shorter than three letters are dropped anyway.
public enum StopWords {
    public static let english: Set<String> = [
        "the", "and", "for", "are", "but", "not", "you", "your", "yours", "all", "any", "can", "had", "has", "have",
        "her",
        "was", "one", "our", "out", "his", "him", "she", "they", "them", "their", "there", "this", "that", "these",
        "those",
        "with", "from", "what", "when", "where", "which", "who", "whom", "why", "how", "will", "would", "could",
        "should",
        "been", "being", "were", "did", "does", "doing", "done", "into", "onto", "about", "after", "before", "again",
        "than", "then", "too", "very", "just", "also", "only", "own", "same", "some", "such", "more", "most", "other",
        "its", "it's", "i'm", "i've", "don", "didn", "doesn", "isn", "wasn", "won", "can't", "cannot", "now", "here",
        "over", "under", "off", "yet", "still", "get", "got", "please", "thanks", "thank", "hello", "dear", "regards",
        "best", "kind", "cheers", "sincerely", "team", "mine", "myself", "because", "while", "until", "each", "both",
        "may", "might", "must", "shall", "let", "know", "like", "need", "want", "way", "well", "see", "via",
    ]
    public static let turkish: Set<String> = [
        "bir", "bu", "şu", "için", "ile", "ama", "fakat", "çok", "daha", "gibi", "kadar", "olan", "olarak", "ancak",
        "hem",
        "veya", "ya", "mı", "mi", "mu", "mü", "ben", "sen", "siz", "biz", "onlar", "benim", "sizin", "bana", "size",
        "ne", "neden", "nasıl", "hala", "hâlâ", "değil", "var", "yok", "merhaba", "selam", "teşekkürler", "teşekkür",
        "ederim", "lütfen", "iyi", "günler", "saygılarımla", "rica", "da", "de", "ki", "ve", "her", "şey", "sonra",
    ]
    public static let polish: Set<String> = [
        "nie", "się", "jest", "jak", "ale", "czy", "już", "jeszcze", "tak", "też", "być", "był", "była", "było", "mam",
        "moje", "moja", "mój", "mnie", "mi", "to", "ten", "ta", "te", "tego", "tym", "przez", "dla", "pod", "nad",
        "przy",
        "oraz", "lub", "albo", "że", "żeby", "kiedy", "gdzie", "dzień", "dobry", "proszę", "dziękuję", "pozdrawiam",
        "witam", "bardzo", "czym", "który", "która", "które", "jestem", "są", "od", "do", "na", "po", "za", "co",
    ]
    public static let norwegian: Set<String> = [
        "og", "jeg", "det", "er", "ikke", "på", "til", "med", "har", "som", "min", "mitt", "mine", "meg", "hei", "takk",
        "hvor", "kan", "dere", "vennlig", "hilsen", "for", "av", "om", "den", "de", "en", "et", "ei", "var", "vil",
        "skal",
        "men", "eller", "når", "hva", "hvordan", "fra", "etter", "før", "ennå", "også", "bare", "så", "nå", "her",
        "der",
        "deres", "dette", "disse", "mvh", "ha", "fått", "være", "vært",
    ]
    public static let german: Set<String> = [
        "und", "ich", "nicht", "die", "der", "das", "ist", "ein", "eine", "einen", "einem", "einer", "mit", "mein",
        "meine",
        "meinen", "sie", "bitte", "danke", "hallo", "noch", "wann", "wie", "was", "habe", "haben", "hat", "bin", "sind",
        "war", "auf", "für", "von", "zu", "zum", "zur", "aus", "bei", "nach", "auch", "aber", "oder", "wenn", "dass",
        "den", "dem", "des", "sich", "uns", "ihr", "ihre", "ihnen", "schon", "sehr", "grüße", "freundlichen", "geehrte",
        "geehrter", "damen", "herren", "vielen", "dank", "mfg", "wurde", "werden", "kann", "können",
    ]
    public static let spanish: Set<String> = [
        "el", "la", "los", "las", "que", "en", "no", "mi", "mis", "por", "para", "con", "es", "una", "uno", "unos",
        "unas",
        "hola", "gracias", "saludos", "del", "al", "se", "su", "sus", "lo", "le", "les", "me", "pero", "como", "más",
        "muy",
        "ya", "todavía", "aún", "este", "esta", "esto", "ese", "esa", "estoy", "está", "están", "son", "fue", "ha",
        "he",
        "han", "sin", "sobre", "cuando", "dónde", "donde", "qué", "cordial", "atentamente", "buenos", "días", "favor",
    ]
    public static let french: Set<String> = [
        "le", "la", "les", "et", "je", "de", "des", "est", "pas", "une", "un", "mon", "ma", "mes", "pour", "avec",
        "vous",
        "bonjour", "merci", "toujours", "où", "quand", "cordialement", "du", "au", "aux", "en", "que", "qui", "ne",
        "ce",
        "cette", "ces", "sur", "par", "dans", "plus", "mais", "ou", "donc", "il", "elle", "nous", "votre", "vos",
        "suis",
        "ai", "avez", "été", "être", "avoir", "bien", "très", "encore", "madame", "monsieur", "salutations", "bonne",
        "journée", "j'ai", "c'est",
    ]
    /// Quoting, addresses and sign-off debris common to mail in every language.
    public static let mail: Set<String> = [
        "http", "https", "www", "com", "org", "net", "html", "mailto", "wrote", "sent", "subject", "re", "fwd", "fw",
        "am", "pm", "gmail", "outlook", "iphone", "android",
    ]

    /// Stop words by ISO 639-1 code.
    public static let byLanguage: [String: Set<String>] = [
        "en": english, "tr": turkish, "pl": polish, "no": norwegian, "de": german, "es": spanish, "fr": french,
    ]

    /// Every list together: mail mixes languages (a Turkish message quoting an English order
    /// confirmation), and a word that is filler in one of them is rarely the complaint.
    public static let all: Set<String> = byLanguage.values.reduce(mail) { $0.union($1) }
}
