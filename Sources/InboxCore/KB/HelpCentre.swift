import Foundation

/// The static help centre `inbox kb build` writes (docs/kb.md): `index.html` with a section
/// per language, `LANG/SLUG.html` per article, `search.html` with `search-index.js`, and
/// `style.css`. No server and no network: the search page reads `?q=` and its index is a
/// script file, so it works from `file://` too. Every text from the articles is escaped.
public enum HelpCentre {
    /// What ``build(_:output:title:)`` wrote.
    public struct Summary: Sendable, Equatable {
        public var articles: Int
        public var languages: [String]
        public var files: Int
    }

    /// Writes the help centre into `output` (created when missing; files of an earlier build
    /// are replaced, nothing else is removed). Articles whose slug cannot be a file name are
    /// left out (`inbox kb lint` names them).
    /// - Throws: ``InboxError`` `.io` naming the file that cannot be written.
    @discardableResult
    public static func build(_ library: KBLibrary, output: String, title: String = "Help centre") throws -> Summary {
        let articles = library.articles.filter {
            KBArticle.slugProblem($0.slug) == nil && FrontMatter.languageProblem($0.language) == nil
        }
        var files: [(String, String)] = [("style.css", css), ("index.html", indexPage(articles, title: title))]
        for a in articles {
            let variants = articles.filter { $0.slug == a.slug && $0.language != a.language }
            files.append((a.relativeURL, articlePage(a, variants: variants, title: title)))
        }
        files.append(("search.html", searchPage(title: title)))
        files.append(("search-index.js", try searchIndexScript(articles)))
        let fm = FileManager.default
        for (name, text) in files {
            let path = output + "/" + name
            do {
                try fm.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw InboxError(
                    .io,
                    "Cannot write \(path): \(error.localizedDescription) (check that the folder is writable, or pass another --output)"
                )
            }
        }
        return Summary(
            articles: articles.count, languages: Array(Set(articles.map(\.language))).sorted(), files: files.count)
    }

    /// Native names of the languages the inbox knows; other codes show as themselves.
    static let languageNames: [String: String] = [
        "en": "English", "tr": "Türkçe", "pl": "Polski", "no": "Norsk", "nb": "Norsk bokmål", "nn": "Norsk nynorsk",
        "de": "Deutsch", "es": "Español", "fr": "Français", "sv": "Svenska", "da": "Dansk", "fi": "Suomi",
        "nl": "Nederlands",
        "it": "Italiano", "pt": "Português",
    ]

    static func languageName(_ code: String) -> String { languageNames[code] ?? code.uppercased() }

    static func e(_ s: String) -> String { KBMarkdown.escape(s) }

    static func head(lang: String, title: String, css: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(e(lang))">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(e(title))</title>
        <link rel="stylesheet" href="\(css)">
        </head>
        """
    }

    static func searchForm(action: String, value: String = "") -> String {
        """
        <form class="search" role="search" action="\(action)" method="get">
        <label for="q">Search the help centre</label>
        <div class="row"><input id="q" name="q" type="search" value="\(e(value))" autocomplete="off"><button type="submit">Search</button></div>
        </form>
        """
    }

    static func indexPage(_ articles: [KBArticle], title: String) -> String {
        var h = head(lang: "en", title: title, css: "style.css")
        h +=
            "<body>\n<header><p class=\"site\"><a href=\"index.html\">\(e(title))</a></p></header>\n<main id=\"main\">\n<h1>\(e(title))</h1>\n"
        h += searchForm(action: "search.html") + "\n"
        let languages = Array(Set(articles.map(\.language))).sorted { a, b in
            // English first, then by code: the page's own language leads.
            a == "en" ? b != "en" : (b == "en" ? false : a < b)
        }
        if languages.count > 1 {
            h += "<nav aria-label=\"Languages\"><ul class=\"langs\">"
            h += languages.map {
                "<li><a href=\"#lang-\(e($0))\" lang=\"\(e($0))\" hreflang=\"\(e($0))\">\(e(languageName($0)))</a></li>"
            }.joined()
            h += "</ul></nav>\n"
        }
        if articles.isEmpty { h += "<p>There are no articles yet.</p>\n" }
        for lang in languages {
            h +=
                "<section lang=\"\(e(lang))\" aria-labelledby=\"lang-\(e(lang))\">\n<h2 id=\"lang-\(e(lang))\">\(e(languageName(lang)))</h2>\n<ul class=\"articles\">\n"
            for a in articles where a.language == lang {
                h += "<li><a href=\"\(e(a.relativeURL))\">\(e(a.title))</a>"
                if !a.tags.isEmpty { h += " <span class=\"tags\">\(e(a.tags.joined(separator: " · ")))</span>" }
                h += "</li>\n"
            }
            h += "</ul>\n</section>\n"
        }
        h += "</main>\n</body>\n</html>\n"
        return h
    }

    static func articlePage(_ a: KBArticle, variants: [KBArticle], title: String) -> String {
        var h = head(lang: a.language, title: a.title + " · " + title, css: "../style.css")
        h +=
            "<body>\n<header><nav aria-label=\"Breadcrumb\"><p class=\"site\"><a href=\"../index.html\" lang=\"en\">\(e(title))</a> › <a href=\"../index.html#lang-\(e(a.language))\">\(e(languageName(a.language)))</a></p></nav></header>\n"
        h += "<main id=\"main\">\n<article>\n<h1>\(e(a.title))</h1>\n" + KBMarkdown.html(a.body) + "\n</article>\n"
        if !variants.isEmpty {
            h += "<nav class=\"variants\" aria-label=\"Other languages\" lang=\"en\"><h2>Other languages</h2><ul>"
            h += variants.map {
                "<li><a href=\"../\(e($0.relativeURL))\" lang=\"\(e($0.language))\" hreflang=\"\(e($0.language))\">\(e($0.title))</a> (\(e(languageName($0.language))))</li>"
            }.joined()
            h += "</ul></nav>\n"
        }
        h += "<div lang=\"en\">" + searchForm(action: "../search.html") + "</div>\n</main>\n</body>\n</html>\n"
        return h
    }

    static func searchPage(title: String) -> String {
        var h = head(lang: "en", title: "Search · " + title, css: "style.css")
        h +=
            "<body>\n<header><p class=\"site\"><a href=\"index.html\">\(e(title))</a></p></header>\n<main id=\"main\">\n<h1>Search</h1>\n"
        h += searchForm(action: "search.html") + "\n"
        h += "<p id=\"status\" role=\"status\" aria-live=\"polite\"></p>\n<ol id=\"results\" class=\"articles\"></ol>\n"
        h +=
            "<noscript><p>Searching needs JavaScript; every article is listed on <a href=\"index.html\">the start page</a>.</p></noscript>\n"
        h +=
            "<script src=\"search-index.js\"></script>\n<script>\n" + searchScript
            + "</script>\n</main>\n</body>\n</html>\n"
        return h
    }

    /// One entry of `search-index.js`.
    struct IndexEntry: Encodable {
        var title: String
        var language: String
        var url: String
        var summary: String
        /// Folded title words, space-separated.
        var titleWords: String
        /// Folded distinct words of the title, tags and text, space-separated.
        var words: String
    }

    struct IndexFile: Encodable {
        var articles: [IndexEntry]
        var stopWords: [String]
        var fold: [String: String]
    }

    /// `window.KB_INDEX = {...};`: the articles' folded words, the stop words and the letter
    /// fold, so the page folds a query as ``KBIndex/words(_:)`` folds text.
    static func searchIndexScript(_ articles: [KBArticle]) throws -> String {
        let entries = articles.map { a -> IndexEntry in
            var seen = Set<String>()
            let words = KBIndex.words(
                a.title + " " + a.tags.joined(separator: " ") + " " + KBMarkdown.plainText(a.body)
            ).filter { seen.insert($0).inserted }
            let plain = KBMarkdown.plainText(a.body).split(whereSeparator: \.isNewline).first {
                !$0.trimmingCharacters(in: .whitespaces).isEmpty
            }
            var summary = plain.map(String.init) ?? ""
            if summary.count > 160 { summary = String(summary.prefix(157)) + "…" }
            return IndexEntry(
                title: a.title, language: a.language, url: a.relativeURL, summary: summary,
                titleWords: KBIndex.words(a.title).joined(separator: " "), words: words.joined(separator: " "))
        }
        let fold: [String: String] = [
            "ł": "l", "ø": "o", "ı": "i", "đ": "d", "ħ": "h", "ŧ": "t", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th",
            "ð": "d", "ŀ": "l",
        ]
        let file = IndexFile(articles: entries, stopWords: KBIndex.stopWords.sorted(), fold: fold)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(file), as: UTF8.self)
        return "// The help centre's search index, written by `inbox kb build`.\nwindow.KB_INDEX = " + json + ";\n"
    }

    /// Reads `?q=`, folds it like the index, and lists the articles holding every word (as a
    /// word or the start of one), title matches first. Text goes in with textContent only.
    static let searchScript = """
        (function () {
          var index = window.KB_INDEX || { articles: [], stopWords: [], fold: {} };
          var stop = {};
          index.stopWords.forEach(function (w) { stop[w] = true; });
          function fold(s) {
            s = s.toLowerCase().normalize('NFD').replace(/[\\u0300-\\u036f]/g, '');
            var out = '';
            for (var i = 0; i < s.length; i++) { var c = s.charAt(i); out += index.fold[c] !== undefined ? index.fold[c] : c; }
            return out;
          }
          function words(s) {
            return fold(s).split(/[^\\p{L}\\p{N}]+/u).filter(function (w) {
              return w.length >= 3 && /\\p{L}/u.test(w) && !stop[w];
            });
          }
          function has(list, w) { return (' ' + list).indexOf(' ' + w) >= 0; }
          var q = new URLSearchParams(window.location.search).get('q') || '';
          var input = document.getElementById('q');
          var status = document.getElementById('status');
          var results = document.getElementById('results');
          input.value = q;
          var terms = words(q);
          if (!q.trim()) { status.textContent = 'Type a word or two: damaged, refund, iade, zwrot…'; return; }
          if (terms.length === 0) { status.textContent = 'No article matches “' + q + '” (try a more specific word).'; return; }
          var hits = [];
          index.articles.forEach(function (a) {
            var inTitle = 0;
            for (var i = 0; i < terms.length; i++) {
              if (!has(a.words, terms[i])) { return; }
              if (has(a.titleWords, terms[i])) { inTitle++; }
            }
            hits.push({ a: a, score: inTitle });
          });
          hits.sort(function (x, y) { return y.score - x.score || x.a.title.localeCompare(y.a.title); });
          status.textContent = hits.length === 0
            ? 'No article matches “' + q + '”.'
            : hits.length + (hits.length === 1 ? ' article matches' : ' articles match') + ' “' + q + '”.';
          hits.forEach(function (h) {
            var li = document.createElement('li');
            li.setAttribute('lang', h.a.language);
            var link = document.createElement('a');
            link.href = h.a.url;
            link.textContent = h.a.title;
            li.appendChild(link);
            var p = document.createElement('p');
            p.textContent = h.a.summary;
            li.appendChild(p);
            results.appendChild(li);
          });
        })();

        """

    static let css = """
        :root { color-scheme: light dark; --fg: #1d2330; --bg: #fdfdfb; --muted: #5b6475; --accent: #0b5cad; --line: #d8dce3; }
        @media (prefers-color-scheme: dark) { :root { --fg: #e8ebf0; --bg: #15181e; --muted: #a3abb8; --accent: #7db7ff; --line: #333a46; } }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
        body { margin: 0; font: 1.0625rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--fg); background: var(--bg); }
        header { border-bottom: 1px solid var(--line); padding: .75rem 1rem; background: color-mix(in srgb, var(--accent) 8%, var(--bg)); }
        header .site { margin: 0; font-weight: 600; }
        main { max-width: 44rem; margin: 0 auto; padding: 1rem 1rem 3rem; }
        h1 { font-size: 1.75rem; line-height: 1.25; margin: 1rem 0; }
        h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
        h3, h4, h5, h6 { font-size: 1.1rem; margin-top: 1.5rem; }
        a { color: var(--accent); text-underline-offset: .15em; }
        a:focus-visible, input:focus-visible, button:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
        ul.articles, ol.articles { padding-left: 1.25rem; }
        ul.articles li, ol.articles li { margin: .5rem 0; }
        ol.articles p { margin: .15rem 0 0; color: var(--muted); font-size: .95rem; }
        .tags { color: var(--muted); font-size: .9rem; }
        ul.langs { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem 1rem; }
        form.search { margin: 1rem 0 1.5rem; }
        form.search label { display: block; font-weight: 600; margin-bottom: .25rem; }
        form.search .row { display: flex; gap: .5rem; }
        input[type=search] { flex: 1; min-width: 0; font: inherit; padding: .5rem .65rem; border: 1px solid var(--muted); border-radius: .35rem; background: var(--bg); color: var(--fg); }
        button { font: inherit; padding: .5rem 1rem; border: 0; border-radius: .35rem; background: var(--accent); color: var(--bg); cursor: pointer; }
        pre { overflow-x: auto; padding: .75rem; background: color-mix(in srgb, var(--fg) 7%, var(--bg)); border-radius: .35rem; }
        code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .92em; }
        blockquote { margin: 1rem 0; padding-left: 1rem; border-left: 4px solid var(--line); color: var(--muted); }
        img { max-width: 100%; height: auto; }
        nav.variants h2 { font-size: 1rem; }
        @media (max-width: 30rem) { body { font-size: 1rem; } h1 { font-size: 1.5rem; } main { padding: .75rem .75rem 2rem; } }

        """
}
