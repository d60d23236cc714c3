import Foundation
import Mustache

/// A Mustache tag found by ``TemplateRenderer/scan(_:)``.
struct MustacheTag: Equatable {
    enum Kind { case variable, sectionOpen, invertedOpen, sectionClose, other }
    var kind: Kind
    var name: String
    /// Names of the sections (`{{#x}}` or `{{^x}}`) the tag sits in, outermost first.
    var guards: [String]
    var line: Int
}

/// A reply rendered for one ticket.
public struct RenderedReply: Sendable, Equatable {
    public var subject: String
    public var body: String
    /// Placeholders that are unknown or empty for this ticket and not guarded by a section:
    /// a reply with any cannot be sent.
    public var unresolved: [String]
    /// The template uses order data (`order.*`, `shipment.*`) and the ticket has no linked order.
    public var needsOrder: Bool = false

    /// The sentence that says why the reply cannot be sent, or nil when it can.
    public var blockingReason: String? {
        if needsOrder {
            return
                "The template uses order data but the ticket has no order: link an order first (O, or `inbox orders link TICKET NUMBER`)"
        }
        guard !unresolved.isEmpty else { return nil }
        let list = unresolved.map { "{{\($0)}}" }.joined(separator: ", ")
        return
            "The reply has unresolved or empty placeholders: \(list) (edit the text, or add a fallback with {{^name}}…{{/name}})"
    }
}

/// Renders templates with swift-mustache as plain text (no HTML escaping).
public enum TemplateRenderer {
    /// The Mustache tags of `text`, with the sections that enclose each.
    static func scan(_ text: String) -> [MustacheTag] {
        var tags: [MustacheTag] = []
        var stack: [String] = []
        var rest = Substring(text)
        var line = 1
        while let open = rest.range(of: "{{") {
            line += rest[..<open.lowerBound].filter { $0 == "\n" }.count
            let triple = rest[open.upperBound...].hasPrefix("{")
            let closer = triple ? "}}}" : "}}"
            let start = triple ? rest.index(after: open.upperBound) : open.upperBound
            guard let close = rest[start...].range(of: closer) else { break }
            var inner = rest[start..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            line += rest[open.lowerBound..<close.upperBound].filter { $0 == "\n" }.count
            rest = rest[close.upperBound...]
            var kind = MustacheTag.Kind.variable
            if let first = inner.first {
                switch first {
                case "#": kind = .sectionOpen
                case "^": kind = .invertedOpen
                case "/": kind = .sectionClose
                case "!", ">", "<", "%", "=", "$": kind = .other
                case "&": kind = .variable
                default: break
                }
                if kind != .variable || first == "&" {
                    inner = String(inner.dropFirst()).trimmingCharacters(in: .whitespaces)
                }
            }
            // Transforms such as {{uppercased(customer.name)}} name the variable inside.
            if let paren = inner.firstIndex(of: "("), inner.hasSuffix(")") {
                inner = String(inner[inner.index(after: paren)..<inner.index(before: inner.endIndex)])
            }
            tags.append(MustacheTag(kind: kind, name: inner, guards: stack, line: line))
            switch kind {
            case .sectionOpen, .invertedOpen: stack.append(inner)
            case .sectionClose: if let i = stack.lastIndex(of: inner) { stack.removeSubrange(i...) }
            default: break
            }
        }
        return tags
    }

    /// True when the variable is guarded: inside `{{#name}}` of itself (or of a parent
    /// object), or inside a list section (`{{.}}`).
    static func isGuarded(_ tag: MustacheTag) -> Bool {
        if tag.name == "." || tag.guards.contains("order.lines") { return true }
        return tag.guards.contains { g in g == tag.name || tag.name.hasPrefix(g + ".") }
    }

    /// Renders `text` with `context`; `unresolved` lists placeholders that are unknown or
    /// empty here and not guarded by a section of their own.
    public static func render(_ text: String, context: ReplyContext) throws -> (text: String, unresolved: [String]) {
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text)
        } catch {
            throw InboxError(
                .badInput,
                "The template text is not valid Mustache: \(error) (check that every {{#section}} has its {{/section}})"
            )
        }
        let values = context.values
        var unresolved: [String] = []
        for tag in scan(text) where tag.kind == .variable && !isGuarded(tag) {
            if (values[tag.name] ?? "").isEmpty && !unresolved.contains(tag.name) { unresolved.append(tag.name) }
        }
        return (template.render(context.mustacheObject), unresolved)
    }

    /// The subject a reply from `template` gets: its own (rendered) or "Re: <subject>", with
    /// the `[#id]` tag added when missing.
    public static func subject(template: String?, context: ReplyContext) throws -> (text: String, unresolved: [String])
    {
        var subject: String
        var unresolved: [String] = []
        if let t = template, !t.isEmpty {
            (subject, unresolved) = try render(t, context: context)
        } else {
            subject = SubjectTag.replySubject(context.ticketSubject)
        }
        return (SubjectTag.ensure(subject, ticket: context.ticketID), unresolved)
    }

    /// A template rendered for a ticket.
    public static func render(_ template: ReplyTemplate, context: ReplyContext) throws -> RenderedReply {
        let body = try render(template.body, context: context)
        let subject = try subject(template: template.subject, context: context)
        var unresolved = subject.unresolved
        for u in body.unresolved where !unresolved.contains(u) { unresolved.append(u) }
        let needsOrder =
            context.order == nil
            && (scan(template.body) + scan(template.subject ?? "")).contains { ReplyContext.needsOrder($0.name) }
        return RenderedReply(
            subject: subject.text, body: trimBlankEdges(body.text), unresolved: unresolved, needsOrder: needsOrder)
    }

    static func trimBlankEdges(_ s: String) -> String {
        var lines = s.components(separatedBy: "\n")
        while let f = lines.first, f.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeFirst() }
        while let l = lines.last, l.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The `[#1042]` ticket tag in subjects.
public enum SubjectTag {
    public static func tag(_ ticket: Int64) -> String { "[#\(ticket)]" }

    /// "Re: " once, however many "Re:"/"AW:"/"SV:" the subject had.
    public static func replySubject(_ subject: String) -> String {
        "Re: " + SubjectCleaner.clean(subject)
    }

    /// `subject` with " [#id]" appended unless the tag is already there.
    public static func ensure(_ subject: String, ticket: Int64) -> String {
        let tag = tag(ticket)
        if subject.contains(tag) { return subject }
        let trimmed = subject.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? tag : trimmed + " " + tag
    }
}
