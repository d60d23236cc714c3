import Foundation

/// What a channel's `send_command` reads on stdin (docs/channels.md): one JSON object with
/// the ticket, the conversation, the customer, the reply's text, its attachments and an
/// idempotency key that stays the same on every retry of the same reply.
public struct ChannelReply: Codable, Sendable, Equatable {
    public struct Ticket: Codable, Sendable, Equatable {
        public var id: Int64
        public var subject: String
        public var queue: String
    }

    public struct Sender: Codable, Sendable, Equatable {
        public var name: String
        public var address: String?
        public init(name: String, address: String?) {
            self.name = name
            self.address = address
        }
    }

    public struct Attachment: Codable, Sendable, Equatable {
        public var filename: String
        public var path: String
        public init(filename: String, path: String) {
            self.filename = filename
            self.path = path
        }
    }

    /// Deliver at most once per key: a retry after a crash or exit 75 carries the same key.
    public var idempotency_key: String
    public var channel: String
    public var conversation: String?
    public var ticket: Ticket
    public var customer: ChannelCustomer
    /// Who the reply is from: the queue's identity (`from_name`, `from_address`) or the agent.
    public var from: Sender
    public var agent: String
    public var text: String
    public var attachments: [Attachment]
    /// When the reply was written (ISO 8601).
    public var at: Date

    /// The reply to `detail` on its channel.
    public static func make(
        detail: TicketDetail, text: String, key: String, from: Sender, agent: String, attachments: [Attachment] = [],
        now: Date
    ) -> ChannelReply {
        let profile = detail.customerProfile
        let address = profile?.address ?? detail.ticket.customer.address ?? ""
        let handle = (profile?.handles ?? []).first { $0.hasPrefix(detail.ticket.channel + ":") }
            .map { String($0.dropFirst(detail.ticket.channel.count + 1)) }
        let customer = ChannelCustomer(
            name: profile?.name ?? detail.ticket.customer.name, email: address.contains("@") ? address : nil,
            handle: handle, phone: profile?.phone)
        return ChannelReply(
            idempotency_key: key, channel: detail.ticket.channel, conversation: detail.conversation,
            ticket: Ticket(id: detail.ticket.id, subject: detail.ticket.subject, queue: detail.ticket.queue),
            customer: customer, from: from, agent: agent, text: text, attachments: attachments, at: now)
    }

    /// The JSON `send_command` gets: one line, keys sorted, dates in ISO 8601.
    public func json() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return Array((try? encoder.encode(self)) ?? Data("{}".utf8)) + [UInt8(ascii: "\n")]
    }
}
