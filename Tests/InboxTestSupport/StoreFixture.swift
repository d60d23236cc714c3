import Foundation
import InboxCore

/// Builders for the store tests that ingest hand-made messages into an in-memory database
/// (RulesTests, WorkflowStoreTests, Issue18WorkflowTests, SurveyStoreTests): one database,
/// one message shape, one SLA.
public enum StoreFixture {
    /// 2026-11-02 08:00Z, a Monday (11:00 in Istanbul).
    public static let monday: Double = 1_793_606_400

    /// The SLA of the workflow tests: around the clock in UTC, 4h first response, 8h next, 3 days to solve.
    public static let aroundTheClockSLA = SLASettings(
        calendar: "24/7", timezone: "UTC", first_response: "4h", next_response: "8h", resolution: "3d")

    /// An empty in-memory database with `config`'s queues.
    public static func database(_ config: InboxConfig) throws -> AppDatabase {
        let db = try AppDatabase.inMemory()
        try db.syncQueues(config)
        return db
    }

    /// A message as the parser would give it: `id` as Message-ID, plain `text`, raw bytes that
    /// hold the Message-ID and From lines and the text. `spans` adds the parser's quote and
    /// signature spans of the text.
    public static func message(
        _ id: String, from: String, name: String? = nil, to: String, subject: String, inReplyTo: [String] = [],
        date: Double, text: String, loop: LoopHeaders = LoopHeaders(), spans: [TextSpan] = []
    ) -> IncomingMessage {
        var p = ParsedMessage(
            messageID: id, inReplyTo: inReplyTo, from: MailAddress(name: name, address: from),
            to: [MailAddress(address: to)],
            date: Date(timeIntervalSince1970: date), subject: subject, text: text, loop: loop)
        p.spans = spans
        let raw = Array("Message-ID: \(id)\nFrom: \(from)\n\n\(text)".utf8)
        return IncomingMessage(raw: raw, sha256: RawDigest.sha256Hex(raw), parsed: p, source: "test")
    }
}
