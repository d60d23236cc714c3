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
    var problems: [String]
    var sha256: String
    var size: Int

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
        problems = p.problems
        self.sha256 = sha256
        self.size = size
    }
}
