import Foundation

/// The templates of a folder: every `*.md` file, one variant per name and language.
public struct TemplateLibrary: Sendable {
    public var templates: [ReplyTemplate]
    /// Files that could not be read as templates at all, as findings.
    public var unreadable: [LintFinding]

    public init(templates: [ReplyTemplate], unreadable: [LintFinding] = []) {
        self.templates = templates
        self.unreadable = unreadable
    }

    /// The templates folder: `[replies] templates`, else `$XDG_CONFIG_HOME/inbox/templates`.
    public static func defaultFolder(
        config: InboxConfig, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        MarkdownFolder.path(configured: config.replies?.templates, defaultName: "templates", environment: environment)
    }

    /// Reads every `.md` file of `folder` (sorted by name). A missing folder is an empty library.
    public static func load(folder: String) throws -> TemplateLibrary {
        let read = try MarkdownFolder.load(
            folder, recursive: false, notAFolder: "\(folder) is a file, not a templates folder (pass --templates DIR)",
            parse: ReplyTemplate.parse)
        return TemplateLibrary(
            templates: read?.items ?? [],
            unreadable: (read?.unreadable ?? []).map {
                LintFinding(kind: .badFrontMatter, file: $0.path, message: $0.message)
            })
    }

    /// Distinct template names, sorted.
    public var names: [String] { Array(Set(templates.map(\.name))).sorted() }

    /// The variant of `name` for `language`, else English, else the first.
    /// - Throws: ``InboxError`` `.notFound` naming the known templates.
    public func template(named name: String, language: String?) throws -> ReplyTemplate {
        let variants = templates.filter { $0.name.lowercased() == name.lowercased() }
        guard !variants.isEmpty else {
            let known =
                names.isEmpty ? "there are none; see docs/replies.md" : "known: " + names.joined(separator: ", ")
            throw InboxError(.notFound, "There is no template \"\(name)\" (\(known))")
        }
        return MarkdownFolder.variant(variants, language: language) { $0.language }
    }

    // MARK: Lint

    /// Every problem of every template (docs/replies.md lists the kinds).
    public func lint() -> [LintFinding] {
        var out = unreadable
        var seen = Set<String>()
        for t in templates {
            let file = t.path.isEmpty ? t.name : t.path
            if !seen.insert(t.name.lowercased() + "/" + t.language).inserted {
                out.append(
                    LintFinding(
                        kind: .duplicateVariant, file: file,
                        message: "a second \"\(t.language)\" variant of \"\(t.name)\" (keep one per language)"))
            }
            out += Self.lint(t)
        }
        return out
    }

    /// The problems of one template.
    public static func lint(_ t: ReplyTemplate) -> [LintFinding] {
        let file = t.path.isEmpty ? t.name : t.path
        var out = t.frontMatterProblems.map { LintFinding(kind: .badFrontMatter, file: file, message: $0) }
        for (part, text) in [("body", t.body), ("subject", t.subject ?? "")] {
            do {
                _ = try TemplateRenderer.render(
                    text, context: ReplyContext(ticketID: 1, ticketSubject: "x", customerEmail: "a@b", agentName: "A"))
            } catch let e as InboxError {
                out.append(LintFinding(kind: .badMustache, file: file, message: "\(part): \(e.description)"))
                continue
            } catch {}
            for tag in TemplateRenderer.scan(text)
            where tag.kind != .other && tag.kind != .sectionClose && tag.name != "." {
                let known =
                    ReplyContext.isKnownPlaceholder(tag.name)
                    || (tag.guards.contains("order.lines") && ["title", "quantity", "sku", "price"].contains(tag.name))
                if !known {
                    out.append(
                        LintFinding(
                            kind: .unknownPlaceholder, file: file,
                            message:
                                "\(part) line \(tag.line): {{\(tag.name)}} is not a placeholder (see `inbox templates show` or docs/replies.md)"
                        ))
                } else if tag.kind == .variable && ReplyContext.optionalPlaceholders.contains(tag.name)
                    && !TemplateRenderer.isGuarded(tag)
                {
                    out.append(
                        LintFinding(
                            kind: .emptyWithoutFallback, file: file,
                            message:
                                "\(part) line \(tag.line): {{\(tag.name)}} can be empty and has no fallback (wrap it: {{#\(tag.name)}}…{{/\(tag.name)}}{{^\(tag.name)}}fallback{{/\(tag.name)}})"
                        ))
                }
            }
        }
        if let s = t.subject, !s.isEmpty, !s.contains("[#{{ticket.id}}]") {
            out.append(
                LintFinding(
                    kind: .subjectDropsTag, file: file,
                    message: "the subject \"\(s)\" drops the ticket tag (add [#{{ticket.id}}] so answers thread)"))
        }
        return out
    }

    // MARK: Picker

    /// The templates for the picker, best first: the customer's language first, then the
    /// most used, then the best match with the customer's last message; `filter` keeps those
    /// whose name or tags contain its letters in order (fuzzy).
    public func ranked(
        customerLanguage: String?, usage: [String: Int] = [:], lastMessage: String = "", filter: String = ""
    ) -> [ReplyTemplate] {
        let words = Self.words(lastMessage)
        let lang = customerLanguage?.lowercased()
        let scored = templates.filter {
            filter.isEmpty || Self.fuzzyMatches(filter, $0.name + " " + $0.tags.joined(separator: " "))
        }
        .map { t -> (ReplyTemplate, Int, Int, Int) in
            let langRank = t.language == lang ? 0 : (t.language == "en" ? 1 : 2)
            let text = Self.words(
                t.name.replacingOccurrences(of: "-", with: " ") + " " + t.tags.joined(separator: " ") + " " + t.body)
            return (t, langRank, usage[t.name] ?? 0, words.intersection(text).count)
        }
        return scored.sorted { a, b in
            if a.1 != b.1 { return a.1 < b.1 }
            if a.2 != b.2 { return a.2 > b.2 }
            if a.3 != b.3 { return a.3 > b.3 }
            return (a.0.name, a.0.language) < (b.0.name, b.0.language)
        }.map(\.0)
    }

    static func words(_ s: String) -> Set<String> {
        Set(SearchFold.fold(s).split { !$0.isLetter && !$0.isNumber }.map(String.init).filter { $0.count >= 4 })
    }

    /// Whether `haystack` contains the letters of `needle` in order (folded like search).
    public static func fuzzyMatches(_ needle: String, _ haystack: String) -> Bool {
        var h = SearchFold.fold(haystack)[...]
        for c in SearchFold.fold(needle) where c != " " {
            guard let i = h.firstIndex(of: c) else { return false }
            h = h[h.index(after: i)...]
        }
        return true
    }
}
