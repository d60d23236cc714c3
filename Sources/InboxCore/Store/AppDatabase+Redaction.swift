import Foundation
import GRDB

extension AppDatabase {
    /// Tells `redactor` everything it must know before the first text of an export is
    /// redacted (issue 18: a name learned later would leak from earlier text): every person's
    /// address and the names they go by — the customers of `tickets`, the senders and
    /// recipients of their messages (with `unticketed`, of the quarantined mail too), the
    /// name a customer signs with under a closing — and every Message-ID the messages carry,
    /// which must stay readable so the export still threads.
    ///
    /// One read over the selected messages, a few hundred at a time (the quarantined mail
    /// first, then by ticket, as SQLite orders NULL first); memory holds the names and IDs,
    /// not the texts. On either engine (issue 22).
    public func seedRedactor(_ redactor: Redactor, tickets: [Int64], unticketed: Bool) throws {
        // The team's names first: the names agents and queues send under stay readable.
        let team = try snapshot { db in
            try db.values(
                String.self,
                "SELECT DISTINCT from_name FROM message WHERE direction != 'inbound' AND from_name IS NOT NULL")
                + db.values(String.self, "SELECT name FROM queue")
        }
        for name in team { redactor.registerTeamName(name) }
        for c in try exportCustomers(tickets: tickets) { redactor.registerCustomer(address: c.address, name: c.name) }
        let columns = """
            SELECT direction, automatic, bounce, from_name, from_address, to_json, cc_json, message_id, in_reply_to,
                references_ids, text FROM message
            """
        func register(_ messages: [MessageRecord.Parties]) {
            for m in messages {
                redactor.registerMessageIDs(m.inReplyToList + m.referenceList + (m.messageID.map { [$0] } ?? []))
                // Automatic mail is signed by systems ("Mail Delivery System"): its name is no person's.
                let automatic = (m.automatic ?? false) || (m.bounce ?? false)
                if let from = m.fromAddress {
                    redactor.registerCustomer(address: from, name: automatic ? nil : m.fromName)
                }
                for a in m.to + m.cc { redactor.registerCustomer(address: a.address, name: a.name) }
                if let from = m.fromAddress, !automatic, m.direction == .inbound, let text = m.text,
                    let signed = Redactor.signatureName(in: text)
                {
                    redactor.registerCustomer(address: from, name: signed)
                }
            }
        }
        try snapshot { db in
            if unticketed {
                let ids = try db.values(Int64.self, "SELECT id FROM message WHERE ticket_id IS NULL ORDER BY id")
                _ = try Self.chunked(ids) { chunk -> [Int] in
                    register(
                        try db.records(
                            MessageRecord.Parties.self,
                            columns + " WHERE id IN (\(StoreArguments.placeholders(chunk.count))) ORDER BY id",
                            StoreArguments(chunk)))
                    return []
                }
            }
            _ = try Self.chunked(tickets.sorted()) { chunk -> [Int] in
                register(
                    try db.records(
                        MessageRecord.Parties.self,
                        columns
                            + " WHERE ticket_id IN (\(StoreArguments.placeholders(chunk.count))) ORDER BY ticket_id, id",
                        StoreArguments(chunk)))
                return []
            }
        }
    }
}
