import Foundation

/// The stable JSON shape of `inbox parse --json` (documented in docs/json.md).
public struct ParsedMessageJSON: Encodable, Sendable {
    struct Attachment: Encodable {
        var filename: String?
        var safe_filename: String
        var content_type: String
        var size: Int
        var content_id: String?
        var inline: Bool
        var part: String
    }

    struct Span: Encodable {
        var kind: String
        var start_line: Int
        var line_count: Int
    }

    var message_id: String?
    var subject: String
    var from: MailAddress?
    var to: [MailAddress]
    var cc: [MailAddress]
    var reply_to: [MailAddress]
    var delivered_to: [String]
    var date: Date?
    var in_reply_to: [String]
    var references: [String]
    var text: String
    var html: Bool
    var attachments: [Attachment]
    var automatic: Bool
    var automatic_reason: String?
    var bounce: Bool
    var spans: [Span]
    var problems: [String]
    var sha256: String
    var size: Int

    enum CodingKeys: String, CodingKey {
        case message_id, subject, from, to, cc, reply_to, delivered_to, date, in_reply_to, references, text, html
        case attachments, automatic, automatic_reason, bounce, spans, problems, sha256, size
    }

    /// Every documented field is present; absent values are `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(message_id, forKey: .message_id)
        try c.encode(subject, forKey: .subject)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(cc, forKey: .cc)
        try c.encode(reply_to, forKey: .reply_to)
        try c.encode(delivered_to, forKey: .delivered_to)
        try c.encode(date, forKey: .date)
        try c.encode(in_reply_to, forKey: .in_reply_to)
        try c.encode(references, forKey: .references)
        try c.encode(text, forKey: .text)
        try c.encode(html, forKey: .html)
        try c.encode(attachments, forKey: .attachments)
        try c.encode(automatic, forKey: .automatic)
        try c.encode(automatic_reason, forKey: .automatic_reason)
        try c.encode(bounce, forKey: .bounce)
        try c.encode(spans, forKey: .spans)
        try c.encode(problems, forKey: .problems)
        try c.encode(sha256, forKey: .sha256)
        try c.encode(size, forKey: .size)
    }

    public init(_ p: ParsedMessage, sha256: String, size: Int) {
        message_id = p.messageID
        subject = p.subject
        from = p.from
        to = p.to
        cc = p.cc
        reply_to = p.replyTo
        delivered_to = p.deliveredTo
        date = p.date
        in_reply_to = p.inReplyTo
        references = p.references
        text = p.text
        html = p.hasHTML
        attachments = p.attachments.map {
            Attachment(
                filename: $0.filename, safe_filename: $0.safeFilename, content_type: $0.contentType, size: $0.size,
                content_id: $0.contentID, inline: $0.inline, part: $0.partPath)
        }
        automatic_reason = LoopProtection.automaticReason(p)
        automatic = automatic_reason != nil
        bounce = LoopProtection.isBounce(p)
        spans = p.spans.map { Span(kind: $0.kind.rawValue, start_line: $0.startLine, line_count: $0.lineCount) }
        problems = p.problems
        self.sha256 = sha256
        self.size = size
    }
}
