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
    /// One read over the selected messages; memory holds the names and IDs, not the texts.
    public func seedRedactor(_ redactor: Redactor, tickets: [Int64], unticketed: Bool) throws {
        // The team's names first: the names agents and queues send under stay readable.
        let team = try reader.read { db in
            try String.fetchAll(
                db, sql: "SELECT DISTINCT from_name FROM message WHERE direction != 'inbound' AND from_name IS NOT NULL"
            )
                + String.fetchAll(db, sql: "SELECT name FROM queue")
        }
        for name in team { redactor.registerTeamName(name) }
        for c in try exportCustomers(tickets: tickets) { redactor.registerCustomer(address: c.address, name: c.name) }
        try reader.read { db in
            let rows = try MessageRecord.Parties.fetchCursor(
                db,
                sql: """
                    SELECT direction, automatic, bounce, from_name, from_address, to_json, cc_json, message_id, in_reply_to, references_ids,
                        text FROM message WHERE ticket_id IN (SELECT value FROM json_each(?))
                    """ + (unticketed ? " OR ticket_id IS NULL" : "") + " ORDER BY ticket_id, id",
                arguments: [JSONText.array(tickets.map(String.init))])
            while let m = try rows.next() {
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
    }
}
