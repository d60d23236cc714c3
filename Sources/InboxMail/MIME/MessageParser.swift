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
        if headers.skippedLines > 0 {
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

        var body = BodyText(buf: buf, problems: problems)
        message.text = body.collect(root, isRoot: true).text
        problems = body.problems
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
