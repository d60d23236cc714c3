import Foundation

/// One knowledge-base article: a Markdown file whose front matter names it (docs/kb.md). An
/// article (a slug) may have one variant per language.
public struct KBArticle: Sendable, Equatable {
    public var title: String
    /// ISO 639-1 code, lower-cased ("en", "tr", "pl"…).
    public var language: String
    /// The article's name in links and `{{kb.SLUG.url}}`: lower-case letters, digits and `-`.
    public var slug: String
    public var tags: [String]
    /// Names of the reply templates that answer with this article (shown by `inbox kb show`).
    public var templates: [String]
    /// The Markdown text.
    public var body: String
    /// The file it came from ("" when built in memory).
    public var path: String
    /// Problems found in the front matter; ``parse(_:path:)`` throws only when the file cannot
    /// be an article at all.
    public var frontMatterProblems: [String]

    public init(
        title: String, language: String = "en", slug: String, tags: [String] = [], templates: [String] = [],
        body: String,
        path: String = "", frontMatterProblems: [String] = []
    ) {
        self.title = title
        self.language = language
        self.slug = slug
        self.tags = tags
        self.templates = templates
        self.body = body
        self.path = path
        self.frontMatterProblems = frontMatterProblems
    }

    static let knownKeys: Set<String> = ["title", "language", "slug", "tags", "templates", "description"]

    /// Parses an article file (the front matter of templates, docs/kb.md). A missing slug is
    /// made from the file name.
    /// - Throws: ``InboxError`` `.badInput` when the front matter is missing or unterminated, or
    ///   has no title.
    public static func parse(_ text: String, path: String = "") throws -> KBArticle {
        let front = try FrontMatter.parse(
            text, path: path, noun: "The article", example: "title: …, language: …, slug: …", knownKeys: knownKeys,
            keyHint: "use title, language, slug, tags, templates")
        var problems = front.problems
        guard let title = front.fields["title"]?.string?.trimmingCharacters(in: .whitespaces), !title.isEmpty else {
            throw InboxError(
                .badInput, "\(path.isEmpty ? "The article" : path) has no title in its front matter (add \"title: …\")")
        }
        var language = (front.fields["language"]?.string ?? "").lowercased()
        if let problem = FrontMatter.languageProblem(language) { problems.append(problem) }
        if language.isEmpty { language = "en" }
        var slug = front.fields["slug"]?.string ?? ""
        if slug.isEmpty {
            var name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            // "returns.tr.md" → "returns": the language suffix of one variant per file.
            if name.hasSuffix("." + language) { name = String(name.dropLast(language.count + 1)) }
            slug = name
            problems.append("no slug (add \"slug: \(slug)\"; the file name is used meanwhile)")
        }
        if let problem = slugProblem(slug) { problems.append(problem) }
        if front.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append("the article has no text below its front matter")
        }
        return KBArticle(
            title: title, language: language, slug: slug, tags: front.fields["tags"]?.list ?? [],
            templates: front.fields["templates"]?.list ?? [], body: front.body, path: path,
            frontMatterProblems: problems)
    }

    /// Why `slug` cannot name an article in a link, or nil when it can.
    static func slugProblem(_ slug: String) -> String? {
        let ok =
            !slug.isEmpty
            && slug.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            && !slug.hasPrefix("-")
        return ok
            ? nil : "slug \"\(slug)\" may hold only lower-case a–z, digits and \"-\" (it is part of the article's link)"
    }

    /// The article's page in the help centre, relative to its root: `LANG/SLUG.html`.
    public var relativeURL: String { "\(language)/\(slug).html" }

    /// The article's text without its Markdown marks, for pasting into a reply.
    public var plainText: String { KBMarkdown.plainText(body) }
}
