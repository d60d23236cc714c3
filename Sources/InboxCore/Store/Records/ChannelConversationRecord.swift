import GRDB

/// A row of `channel_conversation`: (channel, external conversation id) → the ticket its
/// messages join; it moves to the newer ticket when a closed one is followed up.
struct ChannelConversationRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "channel_conversation"

    var channel: String
    var conversation: String
    var ticketID: Int64

    enum CodingKeys: String, CodingKey, CaseIterable {
        case channel, conversation
        case ticketID = "ticket_id"
    }

    enum Columns {
        static let channel = Column(CodingKeys.channel)
        static let conversation = Column(CodingKeys.conversation)
        static let ticketID = Column(CodingKeys.ticketID)
    }
}
