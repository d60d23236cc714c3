import Foundation
import InboxCore

/// Reads the top-level header fields into a ``ParsedMessage``: addresses, ids, date, subject,
/// delivery and loop-protection headers.
struct Envelope {
    let buf: Bytes
    let headers: HeaderBlock

    func fill(_ message: inout ParsedMessage, problems: inout ProblemList) {
        var sawFrom = false
        var sawDate = false
        var sawSubject = false
        var sawMessageID = false
        var sawAutoSubmitted = false
        var sawPrecedence = false
        var sawSuppress = false
        var sawReturnPath = false
        var inReplyTo: [String] = []
        var references: [String] = []
        var loop = LoopHeaders()

        for field in headers.fields {
            switch field.name {
            case .other, .contentType, .contentTransferEncoding, .contentDisposition, .contentID:
                continue
            case .from:
                guard !sawFrom else { continue }
                sawFrom = true
                let value = HeaderBlock.unfold(buf, field)
                let parsed = AddressParser.parse(value)
                message.from = parsed.addresses.first
                if message.from == nil {
                    problems.add("From header \"\(Self.quote(value))\" has no address.")
                }
            case .to:
                message.to += addresses(field, "To", &problems)
            case .cc:
                message.cc += addresses(field, "Cc", &problems)
            case .replyTo:
                message.replyTo += addresses(field, "Reply-To", &problems)
            case .subject:
                guard !sawSubject else { continue }
                sawSubject = true
                var unknown: String? = nil
                message.subject = EncodedWords.decode(HeaderBlock.unfold(buf, field), unknownCharset: &unknown)
                if let unknown {
                    problems.add(
                        "Unknown charset \"\(unknown)\" in the Subject header; decoded as UTF-8 or windows-1252.")
                }
            case .date:
                guard !sawDate else { continue }
                sawDate = true
                let value = HeaderBlock.unfold(buf, field)
                message.date = DateParser.parse(value)
                if message.date == nil {
                    problems.add("Date header \"\(Self.quote(value))\" could not be read.")
                }
            case .messageID:
                guard !sawMessageID else { continue }
                sawMessageID = true
                message.messageID = MessageIDList.first(HeaderBlock.unfold(buf, field))
            case .inReplyTo:
                inReplyTo += MessageIDList.ids(HeaderBlock.unfold(buf, field))
            case .references:
                references += MessageIDList.ids(HeaderBlock.unfold(buf, field))
            case .deliveredTo, .xOriginalTo:
                for a in AddressParser.parse(HeaderBlock.unfold(buf, field)).addresses {
                    message.deliveredTo.append(a.address.lowercased())
                }
            case .autoSubmitted:
                guard !sawAutoSubmitted else { continue }
                sawAutoSubmitted = true
                loop.autoSubmitted = text(field).lowercased()
            case .precedence:
                guard !sawPrecedence else { continue }
                sawPrecedence = true
                loop.precedence = text(field).lowercased()
            case .autoResponseSuppress:
                guard !sawSuppress else { continue }
                sawSuppress = true
                loop.autoResponseSuppress = text(field)
            case .returnPath:
                guard !sawReturnPath else { continue }
                sawReturnPath = true
                loop.returnPath = text(field)
            case .autoreplyFlag:
                loop.hasAutoreplyHeader = true
            }
        }
        if !sawFrom { problems.add("No From header.") }
        if !sawDate { problems.add("No Date header.") }
        message.inReplyTo = MessageIDList.unique(inReplyTo, excluding: nil)
        message.references = MessageIDList.unique(references, excluding: message.messageID)
        message.loop = loop
    }

    private func addresses(_ field: HeaderBlock.Field, _ name: String, _ problems: inout ProblemList) -> [MailAddress] {
        let parsed = AddressParser.parse(HeaderBlock.unfold(buf, field))
        for bad in parsed.unreadable {
            problems.add("\(name) header entry \"\(Self.quote(Array(bad.utf8)))\" has no address.")
        }
        return parsed.addresses
    }

    private func text(_ field: HeaderBlock.Field) -> String {
        HeaderBlock.unfold(buf, field).withUnsafeBufferPointer { Charset.utf8OrWindows1252($0) }
    }

    /// A header value for a problem sentence, shortened.
    static func quote(_ value: [UInt8]) -> String {
        let cut = value.count > 80 ? Array(value[..<80]) : value
        let s = cut.withUnsafeBufferPointer { Charset.utf8OrWindows1252($0) }
        return value.count > 80 ? s + "…" : s
    }
}
