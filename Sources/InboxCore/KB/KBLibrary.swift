import Foundation

/// One problem `inbox kb lint` reports (the templates' finding: one vocabulary of kinds).
public typealias KBLintFinding = LintFinding

/// The articles of the knowledge-base folder (every `*.md` file, in subfolders too), one
/// variant per slug and language, with their search index. Immutable, thread-safe; load it
/// once and keep it (the index is built on load).
public struct KBLibrary: Sendable {
    /// The articles, sorted by language then slug.
    public let articles: [KBArticle]
    /// Files that could not be read as articles at all, as findings.
    public let unreadable: [KBLintFinding]
    /// The folder they came from ("" when built in memory).
    public let folder: String
    /// `[kb] base_url`, ending in "/" (nil when not set).
    public let baseURL: String?
    public let index: KBIndex

    public init(articles: [KBArticle], unreadable: [KBLintFinding] = [], folder: String = "", baseURL: String? = nil) {
        self.articles = articles.sorted { ($0.language, $0.slug, $0.path) < ($1.language, $1.slug, $1.path) }
        self.unreadable = unreadable
        self.folder = folder
        self.baseURL = baseURL.flatMap { $0.isEmpty ? nil : ($0.hasSuffix("/") ? $0 : $0 + "/") }
        index = KBIndex(self.articles)
    }

    /// The articles folder: `[kb] folder`, else `$XDG_CONFIG_HOME/inbox/kb`.
    public static func defaultFolder(
        config: InboxConfig, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        MarkdownFolder.path(configured: config.kb?.folder, defaultName: "kb", environment: environment)
    }

    /// Loads the configured folder (or `folder`) with the configured base URL.
    public static func load(config: InboxConfig, folder: String? = nil) throws -> KBLibrary {
        try load(folder: folder ?? defaultFolder(config: config), baseURL: config.kb?.base_url)
    }

    /// Reads every `.md` file under `folder` (sorted by path). A missing folder is an empty
    /// knowledge base; an unreadable file is a finding, never a reason to stop.
    /// - Throws: ``InboxError`` `.io` when `folder` is a file.
    public static func load(folder: String, baseURL: String? = nil) throws -> KBLibrary {
        let read = try MarkdownFolder.load(
            folder, recursive: true,
            notAFolder: "\(folder) is a file, not a knowledge-base folder (set [kb] folder or pass --kb DIR)",
            parse: KBArticle.parse)
        return KBLibrary(
            articles: read?.items ?? [],
            unreadable: (read?.unreadable ?? []).map {
                KBLintFinding(kind: .badFrontMatter, file: $0.path, message: $0.message)
            },
            folder: folder, baseURL: baseURL)
    }

    /// Distinct slugs, sorted.
    public var slugs: [String] { Array(Set(articles.map(\.slug))).sorted() }

    /// Languages that have articles, sorted.
    public var languages: [String] { Array(Set(articles.map(\.language))).sorted() }

    /// The variant of `slug` for `language`, else English, else the first.
    /// - Throws: ``InboxError`` `.notFound` naming the known slugs.
    public func article(slug: String, language: String?) throws -> KBArticle {
        let variants = articles.filter { $0.slug == slug.lowercased() }
        guard !variants.isEmpty else {
            let known =
                slugs.isEmpty
                ? "there are none in \(folder); see docs/kb.md" : "known: " + slugs.joined(separator: ", ")
            throw InboxError(.notFound, "There is no article \"\(slug)\" (\(known))")
        }
        return MarkdownFolder.variant(variants, language: language) { $0.language }
    }

    /// The article's public link: `[kb] base_url` + `LANG/SLUG.html`, or just `LANG/SLUG.html`
    /// (relative to the help centre) when no base URL is set.
    public func url(_ article: KBArticle) -> String { (baseURL ?? "") + article.relativeURL }

    /// `{{kb.SLUG.url}}` values for a customer: each slug's variant in `language` (else English,
    /// else the first).
    public func links(language: String?) -> [String: String] {
        var out: [String: String] = [:]
        for slug in slugs {
            if let a = try? article(slug: slug, language: language) { out[slug] = url(a) }
        }
        return out
    }

    // MARK: Lint

    /// Every problem of every article (docs/kb.md lists the kinds). With the reply
    /// `templates`, also each article's `templates:` names and each template's
    /// `{{kb.SLUG.url}}` slugs.
    public func lint(templates library: TemplateLibrary? = nil) -> [KBLintFinding] {
        let templates = library.map { Set($0.templates.map(\.name)) }
        var out = unreadable
        var seen: [String: String] = [:]
        for a in articles {
            let file = a.path.isEmpty ? a.slug : a.path
            out += a.frontMatterProblems.map { KBLintFinding(kind: .badFrontMatter, file: file, message: $0) }
            if let other = seen.updateValue(a.path, forKey: a.slug + "/" + a.language) {
                out.append(
                    KBLintFinding(
                        kind: .duplicateVariant, file: file,
                        message:
                            "a second \"\(a.language)\" variant of \"\(a.slug)\" (the other is \(other); keep one per language)"
                    ))
            }
            if let known = templates {
                let lowered = Set(known.map { $0.lowercased() })
                for t in a.templates where !lowered.contains(t.lowercased()) {
                    out.append(
                        KBLintFinding(
                            kind: .unknownTemplate, file: file,
                            message: "templates names \"\(t)\", which is not a template (see `inbox templates list`)"))
                }
            }
            for (line, target) in KBMarkdown.links(a.body) where !KBMarkdown.isSafeURL(target) {
                out.append(
                    KBLintFinding(
                        kind: .unsafeLink, file: file,
                        message:
                            "line \(line): the link \"\(target)\" is not http(s), mailto, a relative path or #anchor (it is left out of the help centre)"
                    ))
            }
        }
        let known = Set(slugs)
        for t in library?.templates ?? [] {
            for slug in ReplyContext.kbSlugs(in: t.body + "\n" + (t.subject ?? "")) where !known.contains(slug) {
                out.append(
                    KBLintFinding(
                        kind: .unknownArticle, file: t.path.isEmpty ? t.name : t.path,
                        message:
                            "{{kb.\(slug).url}} names no article (known: \(known.isEmpty ? "none" : known.sorted().joined(separator: ", ")))"
                    ))
            }
        }
        if baseURL == nil && !articles.isEmpty {
            out.append(
                KBLintFinding(
                    kind: .noBaseURL, file: folder,
                    message:
                        "[kb] base_url is not set, so links in replies are relative (set it to where the help centre is published)"
                ))
        }
        return out
    }
}
