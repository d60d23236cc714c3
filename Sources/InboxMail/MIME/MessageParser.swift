import Foundation
import InboxCore

/// Parses raw RFC 5322 / MIME messages into ``ParsedMessage`` values.
///
/// Parsing never fails and never traps on malformed input: what could not be read is described
/// in `problems`. It works on the bytes in place (one pass for the header block, one for the MIME
/// structure) and is safe to call from several threads at once: it keeps no shared mutable
/// state (iconv converters are opened per call).
public enum MessageParser {
    /// Parses one raw message (exact bytes as received).
    ///
    /// Never throws, never crashes; whatever was malformed is described in `problems` (sentences).
    public static func parse(_ raw: [UInt8]) -> ParsedMessage {
        raw.withUnsafeBytes { parse($0) }
    }

    /// Same, from a buffer (no copy needed by callers holding a mapped file).
    public static func parse(_ raw: UnsafeRawBufferPointer) -> ParsedMessage {
        guard raw.count > 0, let base = raw.baseAddress else {
            return ParsedMessage(problems: ["The message is empty.", "No From header."])
        }
        let buf = Bytes(start: base.assumingMemoryBound(to: UInt8.self), count: raw.count)
        return parse(buf)
    }

    static func parse(_ buf: Bytes) -> ParsedMessage {
        var message = ParsedMessage()
        var problems = ProblemList()
        let headers = HeaderBlock.parse(buf, from: 0, to: buf.count)
        if headers.fields.isEmpty {
            problems.add("No header fields were found.")
        }
        if headers.endedWithoutBlankLine {
            problems.add("The header block did not end with an empty line; the rest was read as the body.")
        }
        if headers.skippedLines > 0 && headers.orphanLines.isEmpty {
            problems.add(
                "Skipped \(headers.skippedLines) malformed header line\(headers.skippedLines == 1 ? "" : "s").")
        }
        Envelope(buf: buf, headers: headers).fill(&message, problems: &problems)

        var tree = MIMETree(buf: buf, problems: problems)
        let root = tree.parseMessage(headers: headers)
        problems = tree.problems

        var collector = AttachmentCollector(buf: buf)
        collector.walk(root, isRoot: true)
        message.attachments = collector.attachments
        message.hasHTML = collector.hasHTML

        // Text lines found inside header blocks are not part of the MIME structure, but the sender
        // wrote them: they go at the top of the text, and a problem says why.
        var orphans: [String] = []
        collectOrphanLines(root, isRoot: true, buf: buf, into: &orphans, problems: &problems)

        var body = BodyText(buf: buf, problems: problems)
        message.text = body.collect(root, isRoot: true).text
        problems = body.problems
        if !orphans.isEmpty {
            let top = orphans.joined(separator: "\n")
            message.text = message.text.isEmpty ? top + "\n" : BodyText.join([top, message.text])
        }
        message.spans = QuoteSpans.find(in: message.text, isForward: QuoteSpans.isForwardSubject(message.subject))

        let ct = root.contentType
        if root.isContainer && ct.subtype == "report",
            ct.parameters["report-type"]?.trimmingASCII(" \t").lowercased() == "delivery-status"
        {
            message.loop.isDeliveryStatusReport = true
        }
        message.loop.reportedMessageIDs = collector.reportedMessageIDs
        message.loop.failedRecipients = collector.failedRecipients
        message.problems = problems.items
        return message
    }

    /// The skipped text lines of every header block in the tree (the message's and its parts'),
    /// in order, each block's lines decoded with its part's charset; one problem per block.
    private static func collectOrphanLines(
        _ part: MIMEPart, isRoot: Bool, buf: Bytes, into lines: inout [String], problems: inout ProblemList
    ) {
        let block = part.headers
        if !block.orphanLines.isEmpty {
            var bytes: [UInt8] = []
            for (k, r) in block.orphanLines.enumerated() {
                if k > 0 { bytes.append(ByteScan.lf) }
                bytes += buf[r]
            }
            let label = part.isText ? part.contentType.charset : nil
            let text = bytes.withUnsafeBufferPointer { Charset.decode(buffer: $0, label: label).text }
            lines.append(TextCleanup.normalize(text))
            let n = block.orphanLines.count
            let what = n == 1 ? "1 line of text was" : "\(n) lines of text were"
            let they = n == 1 ? "it is" : "they are"
            let of = isRoot ? "" : " of part \(part.path)"
            if block.brokenSeparator {
                problems.add(
                    "The header/body separator\(of) is broken (a line with only spaces instead of an empty line): \(what) found inside the header; \(they) shown at the top of the text."
                )
            } else {
                problems.add(
                    "\(what.prefix(1).uppercased() + what.dropFirst()) found among the header fields\(of); \(they) shown at the top of the text."
                )
            }
        }
        for child in part.children {
            collectOrphanLines(child, isRoot: false, buf: buf, into: &lines, problems: &problems)
        }
    }

    /// Quote, attribution and signature spans of a message text (as ``parse(_:)-([UInt8])`` fills
    /// ``ParsedMessage/spans``). `subject` tells forwards ("Fwd:", "WG:"…) apart: the header block
    /// of a forwarded message is content there, not history.
    public static func textSpans(_ text: String, subject: String = "") -> [TextSpan] {
        QuoteSpans.find(in: text, isForward: QuoteSpans.isForwardSubject(subject))
    }

    /// The top-level header fields in order, unfolded and decoded.
    public static func headers(_ raw: [UInt8]) -> [HeaderField] {
        raw.withUnsafeBufferPointer { buf -> [HeaderField] in
            guard buf.count > 0 else { return [] }
            let block = HeaderBlock.parse(buf, from: 0, to: buf.count)
            return block.fields.map { f in
                HeaderField(
                    name: Charset.utf8OrWindows1252(Bytes(rebasing: buf[f.nameRange])),
                    value: EncodedWords.decode(HeaderBlock.unfold(buf, f)),
                    raw: raw[f.rawRange])
            }
        }
    }
}
