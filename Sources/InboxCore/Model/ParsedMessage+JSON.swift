import Foundation

/// The stable JSON shape of `inbox parse --json` (documented in docs/json.md): every documented
/// field is present; absent values are `null`.
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

    @ExplicitNull var message_id: String? = nil
    var subject: String
    @ExplicitNull var from: MailAddress? = nil
    var to: [MailAddress]
    var cc: [MailAddress]
    var reply_to: [MailAddress]
    var delivered_to: [String]
    @ExplicitNull var date: Date? = nil
    var in_reply_to: [String]
    var references: [String]
    var text: String
    var html: Bool
    var attachments: [Attachment]
    var automatic: Bool
    @ExplicitNull var automatic_reason: String? = nil
    var bounce: Bool
    var spans: [Span]
    var problems: [String]
    var sha256: String
    var size: Int

    enum CodingKeys: String, CodingKey {
        case message_id, subject, from, to, cc, reply_to, delivered_to, date, in_reply_to, references, text, html
        case attachments, automatic, automatic_reason, bounce, spans, problems, sha256, size
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
        let reason = LoopProtection.automaticReason(p)
        automatic_reason = reason
        automatic = reason != nil
        bounce = LoopProtection.isBounce(p)
        spans = p.spans.map { Span(kind: $0.kind.rawValue, start_line: $0.startLine, line_count: $0.lineCount) }
        problems = p.problems
        self.sha256 = sha256
        self.size = size
    }
}
