/// The MIME tree of a message as the parser sees it, for tools and conformance tests.
///
/// Every entity has its media type, parameters and IMAP-style part path. Multiparts list their
/// parts; `message/rfc822` (and `message/global`) parts carry the embedded message, parsed the
/// same way, in ``message``. Leaf content is decoded (base64 / quoted-printable) only when
/// ``decodedBody()`` is called.
public struct MIMEStructure: Sendable {
    /// IMAP-style part number: "" for a multipart message's top level, "1" for the body of a
    /// single-part message, "2.1" for the first part inside part 2. An embedded message's top
    /// entity has its enclosing part's path when it is a multipart, else that path + ".1".
    public var path: String
    /// Lower-cased "type/subtype" as the parser read it (defaults applied).
    public var contentType: String
    /// Content-Type parameters in header order, names lower-cased, values decoded (RFC 2231/2047).
    public var parameters: [(name: String, value: String)]
    /// "inline", "attachment", "other" for any other disposition type, or nil when absent.
    public var disposition: String?
    /// The filename from Content-Disposition, else Content-Type's `name`.
    public var filename: String?
    /// Lower-cased Content-Transfer-Encoding as read ("base64", "quoted-printable", nil for 7bit/8bit/binary/absent).
    public var transferEncoding: String?
    /// Parts of a multipart, in order; empty for a leaf.
    public var parts: [MIMEStructure]
    private var embedded: [MIMEStructure]

    // The bytes the entity's body is a range of (the whole raw message, or an embedded message's
    // decoded bytes), and how to decode it.
    private let source: [UInt8]
    private let bodyRange: Range<Int>
    private let encoding: TransferEncoding

    /// True for a multipart. One without any part (no delimiter line was found) has no `parts`;
    /// ``MessageParser/parse(_:)-([UInt8])`` reads its body as text/plain.
    public var isMultipart: Bool { contentType.hasPrefix("multipart/") }

    /// The embedded message of a `message/rfc822` or `message/global` leaf.
    public var message: MIMEStructure? { embedded.first }

    /// Looks up a parameter by (lower-case) name.
    public func parameter(_ name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }

    /// The content after transfer decoding (for a multipart: its whole body as written).
    public func decodedBody() -> [UInt8] {
        guard isLeafContent else { return Array(source[bodyRange]) }
        return source.withUnsafeBufferPointer { buf in
            let raw = Bytes(rebasing: buf[bodyRange])
            return TransferDecoding.decode(raw, encoding) ?? Array(raw)
        }
    }

    /// The body bytes exactly as in the message (still transfer-encoded).
    public func rawBody() -> ArraySlice<UInt8> { source[bodyRange] }

    /// Every entity of the tree, depth first (parts of embedded messages included).
    public var allEntities: [MIMEStructure] {
        var out: [MIMEStructure] = []
        func visit(_ s: MIMEStructure) {
            out.append(s)
            for p in s.parts { visit(p) }
            if let m = s.message { visit(m) }
        }
        visit(self)
        return out
    }

    private var isLeafContent: Bool { !isMultipart }

    /// Nested messages deeper than this are left as leaves.
    static let maxMessageDepth = 20

    init(
        path: String, contentType: String, parameters: [(name: String, value: String)], disposition: String?,
        filename: String?, transferEncoding: String?, parts: [MIMEStructure], embedded: [MIMEStructure],
        source: [UInt8], bodyRange: Range<Int>, encoding: TransferEncoding
    ) {
        self.path = path
        self.contentType = contentType
        self.parameters = parameters
        self.disposition = disposition
        self.filename = filename
        self.transferEncoding = transferEncoding
        self.parts = parts
        self.embedded = embedded
        self.source = source
        self.bodyRange = bodyRange
        self.encoding = encoding
    }

    /// Builds the structure of the message in `raw`; part paths get `prefix` in front.
    static func build(_ raw: [UInt8], prefix: String, depth: Int) -> MIMEStructure {
        raw.withUnsafeBufferPointer { buf -> MIMEStructure in
            let headers = HeaderBlock.parse(buf, from: 0, to: buf.count)
            var tree = MIMETree(buf: buf, problems: ProblemList())
            let root = tree.parseMessage(headers: headers)
            return convert(root, source: raw, buf: buf, prefix: prefix, depth: depth)
        }
    }

    private static func convert(
        _ part: MIMEPart, source: [UInt8], buf: Bytes, prefix: String, depth: Int
    ) -> MIMEStructure {
        let path: String
        if prefix.isEmpty {
            path = part.path
        } else {
            path = part.path.isEmpty ? prefix : prefix + "." + part.path
        }
        var parts: [MIMEStructure] = []
        var embedded: [MIMEStructure] = []
        if part.isContainer {
            parts = part.children.map { convert($0, source: source, buf: buf, prefix: prefix, depth: depth) }
        } else if part.contentType.type == "message",
            part.contentType.subtype == "rfc822" || part.contentType.subtype == "global",
            depth < maxMessageDepth
        {
            let inner = part.withDecodedBody(buf) { Array($0) }
            embedded = [build(inner, prefix: path, depth: depth + 1)]
        }
        let disposition: String?
        switch part.disposition?.kind {
        case .inline: disposition = "inline"
        case .attachment: disposition = "attachment"
        case .other: disposition = "other"
        case nil: disposition = nil
        }
        let encodingName: String?
        switch part.encoding {
        case .identity: encodingName = nil
        case .base64: encodingName = "base64"
        case .quotedPrintable: encodingName = "quoted-printable"
        case .unknown(let name): encodingName = name
        }
        let type = part.declaredMultipart ?? part.contentType
        return MIMEStructure(
            path: path, contentType: type.mimeType,
            parameters: type.parameters.entries, disposition: disposition, filename: part.filename,
            transferEncoding: encodingName, parts: parts, embedded: embedded, source: source,
            bodyRange: part.body, encoding: part.encoding)
    }
}

extension MessageParser {
    /// The MIME tree of a raw message, with embedded messages parsed too.
    ///
    /// Uses the same tree builder as ``parse(_:)-([UInt8])``, so paths and types agree with
    /// ``ParsedAttachment/partPath`` and ``ParsedAttachment/contentType``.
    public static func structure(_ raw: [UInt8]) -> MIMEStructure {
        MIMEStructure.build(raw, prefix: "", depth: 0)
    }
}
