/// What ingest asks the store for every message of a batch, asked once for the whole batch
/// (PostgreSQL, where a round trip costs more than the lookup): which Message-IDs are stored
/// already (duplicates), the threading candidates of every id the batch names, and the row
/// ids its messages will take. The answers then follow the batch's own messages as they are
/// stored, so a reply to a message earlier in the same batch threads as if each message had
/// been asked about on its own (`ThreadResolver`, DESIGN §4.2).
///
/// Lives inside one transaction (its snapshot) and only as long as it. An id the batch did
/// not name is not answered here: the caller asks the store as before. Nor is an id with
/// a NUL or a byte beyond ASCII: the store compares ids byte for byte (and drops NUL from a
/// parameter), Swift's strings compare canonically (`é` and `e` + U+0301 are equal), so only
/// for ASCII do both say the same.
final class IngestBatchLookups {
    /// Message-ID → row id, for every Message-ID of the batch (nil: not stored).
    private var stored: [String: Int64] = [:]
    private var askedStored = Set<String>()
    /// Threading candidates by id (``AppDatabase/threadCandidates(_:_:)``), for every id asked.
    private var threads: [String: (direct: Int64?, shared: Int64?)] = [:]
    private var askedThreads = Set<String>()
    /// Reserved row ids not used yet, in order.
    private var ids: [Int64] = []
    private var nextID = 0

    /// Asks the store three statements' worth for `batch`.
    init(db: any StoreConnection, batch: [IncomingMessage]) throws {
        var own: [String] = []
        var named: [String] = []
        var seenOwn = Set<String>()
        var seenNamed = Set<String>()
        for m in batch {
            let p = m.parsed
            if let id = p.messageID, Self.answerable(id), seenOwn.insert(id).inserted { own.append(id) }
            for id in p.inReplyTo + p.references + (p.messageID.map { [$0] } ?? [])
            where Self.answerable(id) && seenNamed.insert(id).inserted {
                named.append(id)
            }
        }
        stored = try AppDatabase.existingMessages(db, messageIDs: own)
        askedStored = seenOwn
        threads = try AppDatabase.threadCandidates(db, named)
        askedThreads = seenNamed
        // One id for each message not stored yet (a duplicate by its bytes alone may leave one
        // unused: ids are not dense on PostgreSQL anyway).
        let fresh = batch.count - own.count(where: { stored[$0] != nil })
        ids = try AppDatabase.reserveMessageIDs(db, count: fresh)
    }

    /// Whether the batch answers for `id`: ASCII without NUL (see the type's comment).
    static func answerable(_ id: String) -> Bool {
        id.utf8.allSatisfy { $0 != 0 && $0 < 0x80 }
    }

    /// The row id of the stored message with Message-ID `id`: `.some(nil)` when none is stored,
    /// nil when the batch did not ask (ask the store).
    func storedMessage(_ id: String) -> Int64?? {
        askedStored.contains(id) ? .some(stored[id]) : nil
    }

    /// ``AppDatabase/threadCandidates(_:_:)`` for `ids`, or nil when one of them was not asked.
    func threadCandidates(_ ids: [String]) -> [String: (direct: Int64?, shared: Int64?)]? {
        guard ids.allSatisfy({ askedThreads.contains($0) }) else { return nil }
        var out: [String: (direct: Int64?, shared: Int64?)] = [:]
        for id in ids {
            if let found = threads[id] { out[id] = found }
        }
        return out
    }

    /// A reserved row id for the next message, or nil when the reserve is spent (the caller
    /// inserts the row at once, as without a batch).
    func takeID() -> Int64? {
        guard nextID < ids.count else { return nil }
        defer { nextID += 1 }
        return ids[nextID]
    }

    /// Follows a message the batch stored: it is a duplicate for the rest of the batch, its
    /// ticket is the direct thread of its Message-ID, and the ids it keeps as references
    /// (`references`, ``AppDatabase/storedReferences(_:ticketID:)``) share its ticket unless
    /// an earlier message already did (the earliest row wins, as the store's lookup orders).
    func didStore(messageID: String?, rowID: Int64, ticket: Int64?, references: [String]) {
        if let id = messageID {
            if askedStored.contains(id) { stored[id] = rowID }
            if let ticket {
                threads[id, default: (nil, nil)].direct = ticket
            }
        }
        guard let ticket else { return }
        for ref in references where threads[ref]?.shared == nil {
            threads[ref, default: (nil, nil)].shared = ticket
        }
    }
}
