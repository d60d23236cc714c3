import Foundation
import GRDB
import InboxTestSupport
import Testing

@testable import InboxCore

/// The search index lives in its own file and is written after the store commits: these tests
/// check that it never misses a message, whatever stops in between.
@Suite struct SearchIndexTests {
    let config = InboxConfig(
        agent: .init(name: "Ada", email: "ada@shop.example"),
        queue: [.init(name: "Support", addresses: ["support@shop.example"], default: true)])

    func msg(_ id: String, from: String, subject: String, text: String) -> IncomingMessage {
        let p = ParsedMessage(
            messageID: id, from: MailAddress(name: nil, address: from),
            to: [MailAddress(address: "support@shop.example")],
            date: Date(timeIntervalSince1970: 1_793_000_000), subject: subject, text: text)
        let raw = Array("Message-ID: <\(id)>\nFrom: \(from)\nSubject: \(subject)\n\n\(text)".utf8)
        return IncomingMessage(raw: raw, sha256: RawDigest.sha256Hex(raw), parsed: p, source: "test")
    }

    var batch: [IncomingMessage] {
        [
            msg("a@x", from: "ingrid@example.no", subject: "Pakken", text: "Hilsen Ingrid Ødegård"),
            msg(
                "b@x", from: "ayse@example.com.tr", subject: "Kargo", text: "Müşteri hizmetleri, siparişim kırık geldi"),
            msg("c@x", from: "jan@example.pl", subject: "Zwrot", text: "Paczka z żółwiem\n> quoted reply text"),
        ]
    }

    /// An in-memory store holding `batch`, indexed.
    func ingested() throws -> AppDatabase {
        let db = try AppDatabase.inMemory()
        try db.syncQueues(config)
        _ = try db.ingest(batch, config: config)
        return db
    }

    /// A store in the file at `path` with the config's queues.
    func store(at path: String) throws -> AppDatabase {
        let db = try AppDatabase.open(path: path)
        try db.syncQueues(config)
        return db
    }

    /// A store in `dir` that `fill` writes to, closed again: its path.
    func closedStore(in dir: TemporaryFolder, _ fill: (AppDatabase) throws -> Void) throws -> String {
        let path = dir.file("inbox.sqlite")
        try fill(try store(at: path))
        return path
    }

    func found(_ db: AppDatabase, _ words: String) throws -> Int {
        try db.tickets(TicketFilter(text: words)).count
    }

    /// How many tickets each of `words` finds (``found(_:_:)``).
    func found(_ db: AppDatabase, _ words: [String]) throws -> [Int] { try words.map { try found(db, $0) } }

    /// What the index holds and what waits for it: (pending ranges, indexed messages).
    func counts(_ db: AppDatabase) throws -> (pending: Int, indexed: Int) { (try pending(db), try indexed(db)) }

    func pending(_ db: AppDatabase) throws -> Int {
        try db.reader.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM search_pending") ?? -1 }
    }

    func indexed(_ db: AppDatabase) throws -> Int {
        try db.reader.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM search.message_fts") ?? -1 }
    }

    @Test func ingestIndexesFoldedTextWithoutQuotes() throws {
        let db = try ingested()
        #expect(try counts(db) == (pending: 0, indexed: 3))
        #expect(try found(db, ["odegard", "musteri kirik", "zolwiem", "quoted"]) == [1, 1, 1, 0])
    }

    @Test func editedAndDeletedMessagesAreReindexed() throws {
        let db = try ingested()
        try db.writer.write { db in
            try db.execute(sql: "UPDATE message SET text = 'Refund for order PL-7781' WHERE message_id = 'a@x'")
            try db.execute(sql: "DELETE FROM message WHERE message_id = 'c@x'")
        }
        #expect(try pending(db) == 2)
        #expect(try found(db, ["refund", "odegard", "zolwiem"]) == [1, 0, 0])  // a search catches the index up first
        #expect(try counts(db) == (pending: 0, indexed: 2))
    }

    @Test func storedButUnindexedMessagesAreIndexedAfterACrash() throws {
        let dir = TemporaryFolder("inbox-search")
        let path = try closedStore(in: dir) { db in
            // The store commits; the process dies before the index is written.
            _ = try db.ingestDeferringIndex(batch, config: config)
            #expect(try counts(db) == (pending: 1, indexed: 0))
        }
        let reopened = try AppDatabase.open(path: path)
        #expect(try reopened.searchIndexBacklog() == 3)
        #expect(try reopened.catchUpSearchIndex() == 3)
        #expect(try reopened.searchIndexBacklog() == 0)
        #expect(try pending(reopened) == 0)
        #expect(try found(reopened, "odegard") == 1)
    }

    @Test func backgroundIndexerIndexesEveryBatchAndClearsThePendingList() throws {
        let dir = TemporaryFolder("inbox-search-bg")
        let db = try store(at: dir.file("inbox.sqlite"))
        let indexer = BackgroundIndexer(database: db, depth: 1)
        for (k, m) in batch.enumerated() {
            let (_, documents) = try db.ingestDeferringIndex([m], config: config)
            #expect(documents.range != nil, "batch \(k)")
            indexer.submit(documents)
        }
        #expect(indexer.finish() == nil)
        #expect(try counts(db) == (pending: 0, indexed: 3))
        #expect(try found(db, "musteri") == 1)
    }

    @Test func aDeletedIndexFileIsRebuilt() throws {
        let dir = TemporaryFolder("inbox-search-rebuild")
        let path = try closedStore(in: dir) { db in
            _ = try db.ingest(batch, config: config)
            #expect(try indexed(db) == 3)
        }
        for suffix in ["", "-wal", "-shm"] { unlink(SearchIndex.path(forStore: path) + suffix) }
        let db = try AppDatabase.open(path: path)
        let mode =
            try FileManager.default.attributesOfItem(atPath: SearchIndex.path(forStore: path))[.posixPermissions]
            as? Int
        #expect(mode == 0o600)
        #expect(try found(db, "odegard") == 1)
        #expect(try indexed(db) == 3)
    }
}

extension SearchIndexTests {
    @Test func anIndexLeftBesideANewStoreIsRebuilt() throws {
        let dir = TemporaryFolder("inbox-search-stale")
        let path = try closedStore(in: dir) { _ = try $0.ingest(batch, config: config) }
        // The store goes, its index stays; a new store gets other mail.
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        let db = try store(at: path)
        _ = try db.ingest(
            [msg("z@x", from: "kim@example.com", subject: "Hello", text: "Where is my parcel")], config: config)
        #expect(try indexed(db) == 1)
        #expect(try found(db, ["odegard", "parcel"]) == [0, 1])
    }

    /// Rows of the index that hold `word` (the index alone: a stale row would show here).
    func matches(_ db: AppDatabase, _ word: String) throws -> Int {
        try db.reader.read {
            try Int.fetchOne(
                $0, sql: "SELECT COUNT(*) FROM search.message_fts WHERE message_fts MATCH ?", arguments: [word]) ?? -1
        }
    }

    @Test func aRangeIndexedTwiceIsHeldOnce() throws {
        // The index committed, the process died before the store cleared the range.
        let db = try ingested()
        try db.writer.write { db in
            try db.execute(sql: "INSERT INTO search_pending(first_id, last_id) SELECT MIN(id), MAX(id) FROM message")
        }
        #expect(try db.catchUpSearchIndex() == 3)
        #expect(try indexed(db) == 3)
        #expect(try ["odegard", "zolwiem"].map { try matches(db, $0) } == [1, 1])
    }

    @Test func anEditCaughtUpTwiceLeavesNoOldWords() throws {
        let db = try ingested()
        try db.writer.write { db in
            try db.execute(sql: "UPDATE message SET text = 'Refund for order PL-7781' WHERE message_id = 'a@x'")
        }
        let removal = try db.reader.read { try Row.fetchOne($0, sql: "SELECT * FROM search_removed") }
        #expect(try db.catchUpSearchIndex() == 1)
        #expect(try db.reader.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM search_removed") } == 0)
        // The index took the edit; the process died before the store forgot the old values.
        let old = try #require(removal)
        try db.writer.write { db in
            try db.execute(
                sql: "INSERT INTO search_removed(seq, message_id, subject, sender, text) VALUES (?, ?, ?, ?, ?)",
                arguments: [old["seq"], old["message_id"], old["subject"], old["sender"], old["text"]])
            try db.execute(
                sql: "INSERT INTO search_pending(first_id, last_id) VALUES (?, ?)",
                arguments: [old["message_id"], old["message_id"]])
        }
        #expect(try db.catchUpSearchIndex() == 1)
        #expect(try ["odegard", "refund", "pakken"].map { try matches(db, $0) } == [0, 1, 1])
        #expect(try indexed(db) == 3)
    }

    @Test func aChangeBehindTheTriggersBackRebuildsTheIndex() throws {
        let db = try ingested()
        try db.writer.write { db in
            try db.execute(sql: "DELETE FROM message WHERE message_id = 'c@x'")
            try db.execute(sql: "DELETE FROM search_removed")
        }
        #expect(try db.catchUpSearchIndex() == 2)
        #expect(try ["zolwiem", "odegard"].map { try matches(db, $0) } == [0, 1])
        #expect(try counts(db) == (pending: 0, indexed: 2))
    }

    @Test func theIndexKeepsNoCopyOfTheTexts() throws {
        let dir = TemporaryFolder("inbox-search-contentless")
        let path = dir.file("inbox.sqlite")
        let db = try store(at: path)
        _ = try db.ingest(batch, config: config)
        let queue = try DatabaseQueue(path: SearchIndex.path(forStore: path))
        let tables = try queue.read {
            try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        #expect(!tables.contains("message_fts_content"))
        #expect(try matches(db, "odegard") == 1)
    }
}

extension SearchIndexTests {
    @Test func earlyWritebackRunsBesideAFileStoreOnly() throws {
        #expect(try AppDatabase.inMemory().startWriteback() == nil)
        let dir = TemporaryFolder("inbox-writeback")
        let path = dir.file("inbox.sqlite")
        let db = try store(at: path)
        let writeback = try #require(db.startWriteback())
        _ = try db.ingest(batch, config: config)
        // Every file the import writes is handed to the kernel (the store, the index, their
        // WALs); waits for that, not for a fixed time, and fails if it never happens.
        let files = [path, path + "-wal", SearchIndex.path(forStore: path), SearchIndex.path(forStore: path) + "-wal"]
        let deadline = ContinuousClock.now + .seconds(20)
        while files.contains(where: { writeback.requests[$0] == nil }), ContinuousClock.now < deadline {
            usleep(5_000)
        }
        writeback.stop()
        let requests = writeback.requests
        #expect(files.allSatisfy { requests[$0] ?? 0 >= 1 }, "writeback asked for \(requests)")
        #expect(try found(db, "odegard") == 1)
    }
}
