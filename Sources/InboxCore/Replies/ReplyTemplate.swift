import Foundation

/// One canned reply: a Markdown file whose front matter names it and whose body is Mustache
/// (docs/replies.md). A template name may have one variant per language.
public struct ReplyTemplate: Sendable, Equatable {
    /// What applies to the ticket when a reply made from the template is sent.
    public struct Actions: Sendable, Equatable {
        public var status: String?
        public var tags: [String] = []
        /// An agent name, or "me".
        public var assignee: String?
        public init(status: String? = nil, tags: [String] = [], assignee: String? = nil) {
            self.status = status
            self.tags = tags
            self.assignee = assignee
        }
    }

    public var name: String
    /// ISO 639-1 code, lower-cased ("en", "tr", "pl"…).
    public var language: String
    public var tags: [String]
    /// A Mustache subject; nil answers with "Re: <ticket subject> [#id]".
    public var subject: String?
    public var actions: Actions
    /// The Mustache body.
    public var body: String
    /// The file it came from ("" when built in memory).
    public var path: String
    /// Problems found in the front matter (unknown keys, bad values); ``parse(_:path:)``
    /// throws only when the file cannot be a template at all.
    public var frontMatterProblems: [String]

    public init(
        name: String, language: String = "en", tags: [String] = [], subject: String? = nil,
        actions: Actions = Actions(),
        body: String, path: String = "", frontMatterProblems: [String] = []
    ) {
        self.name = name
        self.language = language
        self.tags = tags
        self.subject = subject
        self.actions = actions
        self.body = body
        self.path = path
        self.frontMatterProblems = frontMatterProblems
    }

    static let knownKeys: Set<String> = ["name", "language", "tags", "subject", "actions", "description"]
    static let knownActionKeys: Set<String> = ["status", "tags", "tag", "assignee"]

    /// Parses a template file: `---`, `key: value` lines (lists as `[a, b]` or `- item`
    /// lines; `actions:` holds indented `status`, `tags`, `assignee`), `---`, then the body.
    /// - Throws: ``InboxError`` `.badInput` when the front matter is missing or unterminated, or
    ///   has no name.
    public static func parse(_ text: String, path: String = "") throws -> ReplyTemplate {
        let where_ = path.isEmpty ? "The template" : path
        let front = try FrontMatter.parse(
            text, path: path, noun: "The template", example: "name: …, language: …", knownKeys: knownKeys,
            keyHint: "use name, language, tags, subject, actions",
            blocks: ["actions": (knownActionKeys, "use status, tags or assignee")])
        var problems = front.problems
        let fields = front.fields
        let actions = front.blocks["actions"] ?? [:]
        guard let name = fields["name"]?.string, !name.isEmpty else {
            throw InboxError(.badInput, "\(where_) has no name in its front matter (add \"name: …\")")
        }
        var language = (fields["language"]?.string ?? "").lowercased()
        if let problem = FrontMatter.languageProblem(language) { problems.append(problem) }
        if language.isEmpty { language = "en" }
        var result = ReplyTemplate(name: name, language: language, body: "", path: path)
        result.tags = fields["tags"]?.list ?? []
        result.subject = fields["subject"]?.string
        result.actions.status = actions["status"]?.string
        result.actions.tags = (actions["tags"] ?? actions["tag"])?.list ?? []
        result.actions.assignee = actions["assignee"]?.string
        if let s = result.actions.status, TicketStatus(rawValue: s) == nil {
            problems.append("action status \"\(s)\" is not a status (use open, pending, on_hold, solved or closed)")
        }
        result.body = front.body
        result.frontMatterProblems = problems
        return result
    }
}
