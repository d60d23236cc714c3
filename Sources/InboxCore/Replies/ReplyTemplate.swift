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
        name: String, language: String = "en", tags: [String] = [], subject: String? = nil, actions: Actions = Actions(),
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
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        if lines.first.map({ $0.hasPrefix("\u{FEFF}") }) == true { lines[0].removeFirst() }
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---" else {
            throw InboxError(.badInput, "\(where_) does not start with a front-matter line \"---\" (add ---, name: …, language: …, --- above the text)")
        }
        guard let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) else {
            throw InboxError(.badInput, "\(where_) has no closing \"---\" after its front matter (add one before the text)")
        }
        var problems: [String] = []
        var fields: [String: FrontValue] = [:]
        var actions: [String: FrontValue] = [:]
        var currentList: (key: String, inActions: Bool)?
        var inActions = false
        for (offset, raw) in lines[1..<end].enumerated() {
            let lineNo = offset + 2
            if raw.trimmingCharacters(in: .whitespaces).isEmpty || raw.trimmingCharacters(in: .whitespaces).hasPrefix("#") { continue }
            let indented = raw.first == " " || raw.first == "\t"
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("- ") || line == "-" {
                guard let list = currentList else {
                    problems.append("line \(lineNo): a list item \"\(line)\" outside a list")
                    continue
                }
                let item = unquote(String(line.dropFirst(1)).trimmingCharacters(in: .whitespaces))
                if list.inActions {
                    actions[list.key] = .list((actions[list.key]?.list ?? []) + [item])
                } else {
                    fields[list.key] = .list((fields[list.key]?.list ?? []) + [item])
                }
                continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                problems.append("line \(lineNo): \"\(line)\" is not \"key: value\"")
                continue
            }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if !indented { inActions = false }
            if indented && inActions {
                if !knownActionKeys.contains(key) {
                    problems.append("line \(lineNo): unknown action \"\(key)\" (use status, tags or assignee)")
                }
                actions[key] = parseValue(value)
                currentList = value.isEmpty ? (key, true) : nil
                continue
            }
            if !knownKeys.contains(key) {
                problems.append("line \(lineNo): unknown key \"\(key)\" (use name, language, tags, subject, actions)")
            }
            if key == "actions" {
                inActions = true
                currentList = nil
                if !value.isEmpty { problems.append("line \(lineNo): actions takes indented lines below it, not a value") }
                continue
            }
            fields[key] = parseValue(value)
            currentList = value.isEmpty ? (key, false) : nil
        }
        guard let name = fields["name"]?.string, !name.isEmpty else {
            throw InboxError(.badInput, "\(where_) has no name in its front matter (add \"name: …\")")
        }
        var language = (fields["language"]?.string ?? "").lowercased()
        if language.isEmpty {
            problems.append("no language (add \"language: en\" or another ISO 639-1 code)")
            language = "en"
        } else if language.count != 2 || !language.allSatisfy({ $0.isASCII && $0.isLetter }) {
            problems.append("language \"\(language)\" is not a two-letter ISO 639-1 code")
        }
        var result = ReplyTemplate(name: name, language: language, body: "", path: path)
        result.tags = fields["tags"]?.list ?? []
        result.subject = fields["subject"]?.string
        result.actions.status = actions["status"]?.string
        result.actions.tags = (actions["tags"] ?? actions["tag"])?.list ?? []
        result.actions.assignee = actions["assignee"]?.string
        if let s = result.actions.status, TicketStatus(rawValue: s) == nil {
            problems.append("action status \"\(s)\" is not a status (use open, pending, on_hold, solved or closed)")
        }
        result.body = lines[(end + 1)...].joined(separator: "\n")
        result.frontMatterProblems = problems
        return result
    }

    enum FrontValue {
        case string(String)
        case list([String])
        var string: String? {
            if case .string(let s) = self { return s }
            return nil
        }
        var list: [String] {
            switch self {
            case .string(let s): return s.isEmpty ? [] : [s]
            case .list(let l): return l
            }
        }
    }

    static func parseValue(_ value: String) -> FrontValue {
        if value.hasPrefix("[") && value.hasSuffix("]") {
            return .list(
                value.dropFirst().dropLast().split(separator: ",").map { unquote($0.trimmingCharacters(in: .whitespaces)) }
                    .filter { !$0.isEmpty })
        }
        return .string(unquote(value))
    }

    static func unquote(_ s: String) -> String {
        if s.count >= 2, let f = s.first, f == "\"" || f == "'", s.last == f { return String(s.dropFirst().dropLast()) }
        return s
    }
}
