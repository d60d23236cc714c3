import Foundation

/// The stand-in for a message's raw source in a redacted export.
///
/// Redacting the original bytes in place cannot be trusted: bodies hide in base64 and
/// quoted-printable, headers in RFC 2047 words, and `Received:` lines name the customer.
/// So a redacted export carries a new, plain UTF-8 message built from the redacted fields:
/// the same Message-ID, In-Reply-To and References (so threading and the matching of
/// `inbox import archive` still work), the date, redacted addresses and subject, and the
/// redacted text as the body. Attachments are left out; their names stay listed.
public enum RedactedSource {
    public struct Fields: Sendable {
        public var messageID: String?
        public var inReplyTo: [String]
        public var references: [String]
        public var date: Date?
        public var from: MailAddress?
        public var to: [MailAddress]
        public var cc: [MailAddress]
        public var subject: String
        public var text: String
        public var attachmentNames: [String]

        public init(
            messageID: String?, inReplyTo: [String], references: [String], date: Date?, from: MailAddress?,
            to: [MailAddress], cc: [MailAddress], subject: String, text: String, attachmentNames: [String]
        ) {
            self.messageID = messageID
            self.inReplyTo = inReplyTo
            self.references = references
            self.date = date
            self.from = from
            self.to = to
            self.cc = cc
            self.subject = subject
            self.text = text
            self.attachmentNames = attachmentNames
        }
    }

    /// The message bytes for already-redacted `fields` (LF line ends, UTF-8 headers per RFC 6532).
    public static func build(_ f: Fields) -> [UInt8] {
        var out = ""
        func header(_ name: String, _ value: String) {
            out += name + ": " + oneLine(value) + "\n"
        }
        if let id = f.messageID { header("Message-ID", "<\(id)>") }
        if let date = f.date { header("Date", rfc5322Date(date)) }
        if let from = f.from { header("From", address(from)) }
        if !f.to.isEmpty { header("To", f.to.map(address).joined(separator: ", ")) }
        if !f.cc.isEmpty { header("Cc", f.cc.map(address).joined(separator: ", ")) }
        header("Subject", f.subject)
        if !f.inReplyTo.isEmpty { header("In-Reply-To", f.inReplyTo.map { "<\($0)>" }.joined(separator: " ")) }
        if !f.references.isEmpty { header("References", f.references.map { "<\($0)>" }.joined(separator: " ")) }
        header("MIME-Version", "1.0")
        header("Content-Type", "text/plain; charset=utf-8")
        header("Content-Transfer-Encoding", "8bit")
        header("X-Inbox-Redacted", "yes; the original source was replaced by this redacted copy")
        for name in f.attachmentNames { header("X-Inbox-Attachment-Removed", name) }
        out += "\n"
        var body = f.text.replacingOccurrences(of: "\r\n", with: "\n")
        if !body.hasSuffix("\n") { body += "\n" }
        out += body
        return Array(out.utf8)
    }

    private static func oneLine(_ s: String) -> String {
        String(s.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
    }

    private static func address(_ a: MailAddress) -> String {
        guard let name = a.name, !name.isEmpty else { return "<\(a.address)>" }
        let quoted = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(quoted)\" <\(a.address)>"
    }

    static func rfc5322Date(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return f.string(from: date)
    }
}

extension RedactedSource {
    /// The source of an internal note the inbox writes itself (a review note on import).
    public static func buildNote(messageID: String, date: Date, from: MailAddress, subject: String, text: String)
        -> [UInt8]
    {
        var bytes = build(
            Fields(
                messageID: messageID, inReplyTo: [], references: [], date: date, from: from, to: [], cc: [],
                subject: subject, text: text, attachmentNames: []))
        // Not a redacted copy: drop that marker line.
        let marker = Array("X-Inbox-Redacted: yes; the original source was replaced by this redacted copy\n".utf8)
        if let r = bytes.firstRange(of: marker) { bytes.removeSubrange(r) }
        return bytes
    }
}
