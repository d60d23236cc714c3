/// Chooses and joins the text an agent reads from a MIME tree.
///
/// multipart/alternative: the text/plain alternative, else the HTML one made readable.
/// multipart/signed and /encrypted: the first part. multipart/related: the first part with text.
/// Any other multipart (mixed, report, digest…): the inline text of every part in order,
/// separated by a blank line. Only readable text leaves add text (see ``isInlineText(_:isRoot:)``);
/// attachments and message/rfc822 parts never do.
struct BodyText {
    enum Kind { case none, plain, html }

    let buf: Bytes
    var problems: ProblemList

    /// True when the leaf is listed as an attachment: every non-text leaf, and text parts with
    /// `Content-Disposition: attachment` or a filename (except the body of a single-part message).
    static func isAttachment(_ part: MIMEPart, isRoot: Bool) -> Bool {
        guard !part.isContainer else { return false }
        if !part.isReadableText { return true }
        if isRoot { return false }
        if part.disposition?.kind == .attachment { return true }
        return part.filename != nil
    }

    /// True when a readable text leaf is part of the message text: not an attachment, or an
    /// attachment by filename only that is explicitly `Content-Disposition: inline` (patches
    /// sent inline with a name are both read and listed).
    static func isInlineText(_ part: MIMEPart, isRoot: Bool) -> Bool {
        guard !part.isContainer, part.isReadableText else { return false }
        if !isAttachment(part, isRoot: isRoot) { return true }
        return part.disposition?.kind == .inline
    }

    mutating func collect(_ part: MIMEPart, isRoot: Bool) -> (text: String, kind: Kind) {
        guard part.isContainer else { return leaf(part, isRoot: isRoot) }
        let children = part.children
        switch part.contentType.subtype {
        case "alternative":
            return alternative(children)
        case "signed", "encrypted":
            return collect(children[0], isRoot: false)
        case "related":
            for child in children {
                let r = collect(child, isRoot: false)
                if r.kind != .none { return r }
            }
            return ("", .none)
        default:
            var pieces: [String] = []
            var kind = Kind.none
            for child in children {
                let r = collect(child, isRoot: false)
                guard r.kind != .none else { continue }
                if kind != .plain { kind = r.kind }
                if !r.text.isEmpty { pieces.append(r.text) }
            }
            return (BodyText.join(pieces), kind)
        }
    }

    private mutating func alternative(_ children: [MIMEPart]) -> (text: String, kind: Kind) {
        if let plain = children.first(where: {
            !$0.isContainer && $0.contentType.subtype == "plain" && $0.isText
                && BodyText.isInlineText($0, isRoot: false)
        }) {
            return leaf(plain, isRoot: false)
        }
        var cached: [(text: String, kind: Kind)?] = Array(repeating: nil, count: children.count)
        for (i, child) in children.enumerated() where child.isContainer {
            let r = collect(child, isRoot: false)
            cached[i] = r
            if r.kind == .plain && !r.text.isEmpty { return r }
        }
        for (i, child) in children.enumerated() {
            let r = cached[i] ?? collect(child, isRoot: false)
            cached[i] = r
            if r.kind == .html { return r }
        }
        for r in cached where r != nil && r!.kind != .none { return r! }
        return ("", .none)
    }

    private mutating func leaf(_ part: MIMEPart, isRoot: Bool) -> (text: String, kind: Kind) {
        if !BodyText.isInlineText(part, isRoot: isRoot) { return ("", .none) }
        let text = part.decodedText(buf, problems: &problems)
        if part.contentType.subtype == "html" { return (HTMLText.text(text), .html) }
        return (text, .plain)
    }

    /// Pieces separated by one blank line.
    static func join(_ pieces: [String]) -> String {
        guard pieces.count > 1 else { return pieces.first ?? "" }
        var out = ""
        for (i, p) in pieces.enumerated() {
            var piece = Substring(p)
            if i < pieces.count - 1 { while piece.last == "\n" { piece.removeLast() } }
            if i > 0 {
                while piece.first == "\n" { piece.removeFirst() }
                out += "\n\n"
            }
            out += piece
        }
        return out
    }
}
