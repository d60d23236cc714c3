/// One entity of the MIME tree, as ranges into the raw message.
struct MIMEPart {
    /// IMAP-style part number ("1", "1.2"); "" for a multipart message's top level.
    var path: String
    var headers: HeaderBlock
    var contentType: ContentType
    var encoding: TransferEncoding = .identity
    var disposition: ContentDisposition? = nil
    var contentID: String? = nil
    /// The encoded body (for a multipart: preamble, parts and epilogue).
    var body: Range<Int>
    /// Sub-parts when the part was read as a multipart.
    var children: [MIMEPart] = []
    var isContainer = false
    /// The declared multipart type when the part was read as text/plain because it had no parts.
    var declaredMultipart: ContentType? = nil

    var isText: Bool { contentType.type == "text" }

    /// A name for problem sentences: "part 1.2", or "the message".
    var place: String { path.isEmpty ? "the message" : "part \(path)" }
    var placeCapitalized: String { path.isEmpty ? "The message" : "Part \(path)" }

    /// The filename from Content-Disposition, else from Content-Type's `name`.
    var filename: String? {
        if let f = disposition?.filename { return f }
        if let n = contentType.parameters["name"], !n.isEmpty { return n }
        return nil
    }

    /// Text subtypes shown as the message text when inline; other text types are attachments.
    var isReadableText: Bool {
        guard contentType.type == "text" else { return false }
        switch contentType.subtype {
        case "plain", "html", "enriched", "richtext", "markdown", "x-markdown", "x-patch", "x-diff", "diff",
            "patch", "x-log", "x-csrc", "x-chdr", "x-c", "x-python", "x-shellscript", "x-sh", "x-makefile":
            return true
        default:
            return false
        }
    }
}
