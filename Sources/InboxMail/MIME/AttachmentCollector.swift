import InboxCore

/// Walks every leaf of a MIME tree once: lists attachments, notes HTML parts and reads the
/// machine-readable parts of delivery reports.
struct AttachmentCollector {
    let buf: Bytes
    var attachments: [ParsedAttachment] = []
    var hasHTML = false
    var reportedMessageIDs: [String] = []
    var failedRecipients: [String] = []
    private var seenRecipients = Set<String>()

    init(buf: Bytes) { self.buf = buf }

    mutating func walk(_ part: MIMEPart, isRoot: Bool, parentSubtype: String? = nil, inReport: Bool = false) {
        if part.isContainer {
            let isReport = inReport || part.contentType.subtype == "report"
            for child in part.children {
                walk(child, isRoot: false, parentSubtype: part.contentType.subtype, inReport: isReport)
            }
            return
        }
        let ct = part.contentType
        if ct.type == "text" && ct.subtype == "html" { hasHTML = true }
        if ct.type == "message" && (ct.subtype == "delivery-status" || ct.subtype == "global-delivery-status") {
            for r in part.withDecodedBody(buf, { DeliveryStatus.failedRecipients($0) })
            where seenRecipients.insert(r).inserted {
                failedRecipients.append(r)
            }
        }
        var nestedSubject: String? = nil
        let isEmbeddedMessage = ct.type == "message" && (ct.subtype == "rfc822" || ct.subtype == "global")
        let isReturnedHeaders =
            (ct.type == "text" && ct.subtype == "rfc822-headers")
            || (ct.type == "message" && ct.subtype == "global-headers")
        if isEmbeddedMessage || (inReport && isReturnedHeaders) {
            let wantID = inReport
            part.withDecodedBody(buf) { body in
                let headers = HeaderBlock.parse(body, from: 0, to: body.count)
                if isEmbeddedMessage, let s = headers.first(.subject) {
                    nestedSubject = EncodedWords.decode(HeaderBlock.unfold(body, s))
                }
                if wantID, reportedMessageIDs.count < 100, let f = headers.first(.messageID),
                    let id = MessageIDList.first(HeaderBlock.unfold(body, f)), !reportedMessageIDs.contains(id)
                {
                    reportedMessageIDs.append(id)
                }
            }
        }
        guard BodyText.isAttachment(part, isRoot: isRoot) else { return }
        let filename = part.filename
        var suggested = filename
        if suggested == nil && isEmbeddedMessage, let s = nestedSubject, !s.isEmpty { suggested = s + ".eml" }
        let inline =
            part.disposition?.kind == .inline
            || (parentSubtype == "related" && part.disposition?.kind != .attachment && part.contentID != nil)
        attachments.append(
            ParsedAttachment(
                filename: filename,
                safeFilename: SafeFilename.make(suggested, contentType: ct.mimeType),
                contentType: ct.mimeType,
                size: part.decodedSize(buf),
                contentID: part.contentID,
                inline: inline,
                partPath: part.path))
    }
}
