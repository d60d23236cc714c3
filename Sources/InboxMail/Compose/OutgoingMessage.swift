import Foundation
import InboxCore

/// A mail to send, before it is turned into RFC 5322 bytes by ``MessageBuilder``.
public struct OutgoingMessage: Sendable, Hashable {
    /// A file sent along with the text.
    public struct Attachment: Sendable, Hashable {
        /// The name shown to the recipient (any Unicode; path separators are replaced).
        public var filename: String
        /// "type/subtype"; anything unreadable is sent as application/octet-stream.
        public var contentType: String
        public var data: [UInt8]

        public init(filename: String, contentType: String, data: [UInt8]) {
            self.filename = filename
            self.contentType = contentType
            self.data = data
        }
    }

    /// A header field added as given (the value is encoded and folded when needed).
    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public var from: MailAddress
    public var to: [MailAddress]
    public var cc: [MailAddress]
    /// Recipients for the envelope only: never written to the headers.
    public var bcc: [MailAddress]
    public var subject: String
    /// The text (any line ends; sent with CRLF, ending with a line break).
    public var text: String
    /// Message-ID of the message answered, without angle brackets.
    public var inReplyTo: String?
    /// Message-IDs of the thread, oldest first, without angle brackets.
    public var references: [String]
    /// Without angle brackets; nil makes a random one at the From domain.
    public var messageID: String?
    public var date: Date
    /// The zone the Date header is written in; nil for the machine's.
    public var timeZone: TimeZone?
    /// Further header fields (e.g. "Auto-Submitted", "X-Ticket"). Fields the builder writes
    /// itself (From, To, Cc, Bcc, Subject, Date, Message-ID, In-Reply-To, References,
    /// MIME-Version, Content-*) are ignored here.
    public var extraHeaders: [Header]
    public var attachments: [Attachment]

    public init(
        from: MailAddress, to: [MailAddress] = [], cc: [MailAddress] = [], bcc: [MailAddress] = [],
        subject: String = "", text: String = "", inReplyTo: String? = nil, references: [String] = [],
        messageID: String? = nil, date: Date = Date(), timeZone: TimeZone? = nil, extraHeaders: [Header] = [],
        attachments: [Attachment] = []
    ) {
        self.from = from
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.subject = subject
        self.text = text
        self.inReplyTo = inReplyTo
        self.references = references
        self.messageID = messageID
        self.date = date
        self.timeZone = timeZone
        self.extraHeaders = extraHeaders
        self.attachments = attachments
    }

    /// Every recipient (To, Cc and Bcc), for the SMTP envelope.
    public var envelopeRecipients: [String] { (to + cc + bcc).map(\.address) }
}
