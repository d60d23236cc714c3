import Dispatch
import Foundation
import InboxCore
import Logging
import Synchronization

/// Pulls new mail of IMAP accounts into the store, folder by folder, incrementally.
///
/// Per folder: SELECT (EXAMINE unless an `after_import` action needs write access), compare
/// UIDVALIDITY with `account_state`, `UID SEARCH` the UIDs above the last committed one, then
/// `UID FETCH` them in batches (one batch requested ahead) while earlier batches are parsed on
/// every core and committed with the folder's new state in one transaction. A changed
/// UIDVALIDITY starts the folder again from UID 1; dedupe (Message-ID, else SHA-256) keeps that
/// from adding anything twice. A dropped connection is retried with exponential backoff and
/// resumes from the last committed UID.
public final class IMAPSyncer: Sendable {
    /// The outcome of syncing one account.
    public struct Result: Sendable {
        public var account: String
        public var summary = IngestSummary()
        /// One sentence per failure (naming account, folder and command).
        public var failures: [String] = []
        /// Whether an authentication, certificate or configuration error stopped the account.
        public var fatal = false
        /// Connection attempts that failed and were retried.
        public var retries = 0

        public init(account: String) { self.account = account }
    }

    private let database: AppDatabase
    private let config: InboxConfig
    private let options: IngestOptions
    private let batchSize: Int
    private let maxAttempts: Int
    private let backoffBase: Double
    private let logger: Logger
    private let progress: (@Sendable (ImportProgress) -> Void)?
    private let started = Date()

    /// - Parameters:
    ///   - batchSize: messages per FETCH and per transaction (env `INBOX_IMAP_BATCH` overrides).
    ///   - maxAttempts: connection attempts per account before giving up (one-shot sync).
    ///   - backoffBase: first pause between attempts in seconds; it doubles up to 30 s.
    public init(
        database: AppDatabase, config: InboxConfig, options: IngestOptions = IngestOptions(actor: "sync"),
        batchSize: Int = 500, maxAttempts: Int = 6, backoffBase: Double = 1,
        logger: Logger = Logger(label: "inbox.imap"),
        progress: (@Sendable (ImportProgress) -> Void)? = nil
    ) throws {
        self.database = database
        self.config = config
        self.options = options
        self.batchSize = importBatchSize(batchSize, overriddenBy: "INBOX_IMAP_BATCH")
        self.maxAttempts = max(1, maxAttempts)
        self.backoffBase = backoffBase
        self.logger = logger
        self.progress = progress
        try database.syncQueues(config)
    }

    func backoff(_ attempt: Int) -> Double { min(30, backoffBase * pow(2, Double(attempt))) }

    // MARK: - One-shot sync

    /// Syncs every folder of `account` once, retrying a lost connection; never throws: failures
    /// are in the result.
    public func sync(_ account: IMAPAccount) -> Result {
        var result = Result(account: account.name)
        var attempt = 0
        while true {
            do {
                let session = try connect(account)
                defer { session.logout() }
                try syncFolders(account, session: session, into: &result)
                return result
            } catch let error as IMAPError where error.isTransient && attempt + 1 < maxAttempts {
                let pause = backoff(attempt)
                logger.warning("account \(account.name): \(error.description); retrying in \(pause) s")
                result.retries += 1
                attempt += 1
                Thread.sleep(forTimeInterval: pause)
            } catch {
                result.failures.append("account \(account.name): \(error)")
                result.fatal = (error as? IMAPError).map { !$0.isTransient && $0.kind != .command } ?? false
                return result
            }
        }
    }

    func connect(_ account: IMAPAccount) throws -> IMAPSession {
        let session = try IMAPSession.open(account.endpoint, logger: logger)
        do {
            try session.login(user: account.user, password: account.password, mechanism: account.mechanism)
        } catch {
            session.close()
            throw error
        }
        return session
    }

    /// Syncs each folder; a folder the server refuses (NO) is reported and the others go on.
    func syncFolders(_ account: IMAPAccount, session: IMAPSession, into result: inout Result) throws {
        for folder in account.folders {
            do {
                try syncFolder(account, folder: folder, session: session, into: &result.summary)
            } catch let error as IMAPError where error.kind == .command {
                result.failures.append("account \(account.name), folder \(folder): \(error.description)")
            } catch let error as IMAPError {
                throw error.prefixed("folder \(folder): ")
            }
        }
    }

    private struct Batch: Sendable {
        var messages: [IncomingMessage]
        var uids: [UInt32]
        var checkpoint: ImportCheckpoint
        var done: Int
    }

    /// Fetches the folder's new messages; each batch commits with the folder state it reaches.
    func syncFolder(_ account: IMAPAccount, folder: String, session: IMAPSession, into summary: inout IngestSummary)
        throws
    {
        let stored = try database.imapState(account: account.name, folder: folder)
        let status = try session.select(folder, readOnly: account.afterImport == nil)
        guard let validity = status.uidValidity else {
            throw IMAPError(.protocolError, "the server sent no UIDVALIDITY for \(folder)")
        }
        var last: UInt32 = 0
        if let stored {
            if stored.uidValidity == validity {
                last = stored.lastUID
            } else {
                logger.notice(
                    "account \(account.name), folder \(folder): UIDVALIDITY changed from \(stored.uidValidity) to \(validity); fetching the folder again (known messages are skipped)"
                )
            }
        }
        func finalState(_ lastUID: UInt32) -> ImportCheckpoint {
            .imap(
                account: account.name, folder: folder, uidValidity: validity, lastUID: lastUID,
                highestModSeq: status.highestModSeq)
        }
        let unchanged =
            stored?.uidValidity == validity && stored?.lastUID == last && stored?.highestModSeq == status.highestModSeq
        if status.exists == 0 || (status.uidNext.map { $0 <= last &+ 1 } ?? false) {
            if !unchanged {
                summary.add(try database.ingest([], config: config, options: options, checkpoint: finalState(last)))
            }
            return
        }
        let uids = try session.uidsAfter(last)
        guard let maxUID = uids.last else {
            if !unchanged {
                summary.add(try database.ingest([], config: config, options: options, checkpoint: finalState(last)))
            }
            return
        }
        let chunks = stride(from: 0, to: uids.count, by: batchSize).map {
            Array(uids[$0..<min($0 + batchSize, uids.count)])
        }
        let source = "imap:\(account.name)/\(folder)"
        let forPostgreSQL = database.engine == .postgresql
        let total = uids.count
        let input = "\(account.name)/\(folder)"
        let logger = self.logger
        let priorModSeq = stored?.uidValidity == validity ? stored?.highestModSeq : nil
        let committed = DispatchSemaphore(value: 0)
        let after = account.afterImport
        // Pipeline reports a producer's error as text; keep the IMAPError to tell a dropped
        // connection (retry) from the rest.
        let producerError = ErrorBox()
        // The search index is written on its own thread while the next batch is stored, as in
        // a spool import; what it has not written stays pending for the next catch-up.
        let indexer = BackgroundIndexer(database: database)
        defer {
            if let failure = indexer.finish() { logger.warning("\(failure)") }
        }
        do {
            try Pipeline.run(
                produce: { (out: Pipeline.Emitter<Batch>) in
                    do {
                        func request(_ chunk: [UInt32]) throws -> (tag: String, display: String) {
                            let set = IMAPSequenceSet.compress(chunk)
                            let display = "UID FETCH \(set.count > 40 ? "\(chunk[0]):\(chunk[chunk.count - 1])" : set)"
                            let tag = try session.begin(
                                [.text("UID FETCH \(set) (UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[])")],
                                display: display)
                            return (tag, display)
                        }
                        var inflight = [try request(chunks[0])]
                        let requested = Set(uids)
                        var received: [UInt32: [UInt8]] = [:]
                        var done = 0
                        for (k, chunk) in chunks.enumerated() {
                            if out.cancelled { return }
                            if k + 1 < chunks.count { inflight.append(try request(chunks[k + 1])) }
                            let (tag, display) = inflight.removeFirst()
                            // Dovecot may run pipelined FETCHes in parallel and interleave their
                            // responses: keep what arrives for any requested UID, and take this chunk's
                            // share once its command completed (all its responses precede its OK).
                            try session.complete(tag, display: display) { response in
                                guard case .fetch(let fetch) = response, let uid = fetch.uid, requested.contains(uid)
                                else { return }
                                guard let body = fetch.body else {
                                    if fetch.items.contains(where: { $0.name.hasPrefix("BODY[") || $0.name == "RFC822" }
                                    ) {
                                        logger.warning(
                                            "\(source): UID \(uid) has no content on the server (NIL); skipped")
                                    }
                                    return
                                }
                                received[uid] = body
                            }
                            var raws: [(uid: UInt32, raw: [UInt8])] = []
                            raws.reserveCapacity(chunk.count)
                            for uid in chunk {
                                if let body = received.removeValue(forKey: uid) { raws.append((uid, body)) }
                            }
                            raws.sort { $0.uid < $1.uid }
                            done += chunk.count
                            let isLast = k == chunks.count - 1
                            let messages = ParallelMap.map(raws) { item in
                                var m = IncomingMessage(
                                    raw: item.raw, sha256: RawDigest.sha256Hex(item.raw),
                                    parsed: MessageParser.parse(item.raw),
                                    source: source)
                                if forPostgreSQL { m.prepareForPostgreSQL() }
                                return m
                            }
                            out.emit(
                                Batch(
                                    messages: messages, uids: raws.map(\.uid),
                                    checkpoint: .imap(
                                        account: account.name, folder: folder, uidValidity: validity,
                                        lastUID: isLast ? max(maxUID, chunk[chunk.count - 1]) : chunk[chunk.count - 1],
                                        highestModSeq: isLast ? status.highestModSeq : priorModSeq),
                                    done: done))
                        }
                        guard let after else { return }
                        // Mark or move only what is committed.
                        for _ in chunks {
                            while committed.wait(timeout: .now() + 0.5) == .timedOut { if out.cancelled { return } }
                        }
                        try Self.apply(after, to: uids, session: session)
                    } catch let error as IMAPError {
                        producerError.error.withLock { $0 = error }
                        throw error
                    }
                },
                consume: { batch in
                    let (stored, documents) = try database.ingestDeferringIndex(
                        batch.messages, config: config, options: options, checkpoint: batch.checkpoint)
                    summary.add(stored)
                    indexer.submit(documents)
                    committed.signal()
                    progress?(
                        ImportProgress(
                            input: input, messages: summary.messages, bytesDone: Int64(batch.done),
                            bytesTotal: Int64(total),
                            elapsed: Date().timeIntervalSince(started)))
                })
        } catch let failure as Pipeline.ProducerError {
            if let error = producerError.error.withLock({ $0 }) { throw error }
            throw IMAPError(.protocolError, failure.description)
        }
    }

    /// Marks or moves messages on the server once they are stored (`after_import`).
    static func apply(_ action: IMAPAccount.AfterImport, to uids: [UInt32], session: IMAPSession) throws {
        for start in stride(from: 0, to: uids.count, by: 1000) {
            let set = IMAPSequenceSet.compress(Array(uids[start..<min(start + 1000, uids.count)]))
            switch action {
            case .seen:
                try session.run([.text("UID STORE \(set) +FLAGS.SILENT (\\Seen)")])
            case .move(let target):
                if session.capabilities.contains("MOVE") {
                    try session.run([.text("UID MOVE \(set) "), IMAPSession.mailbox(target)])
                } else {
                    try session.run([.text("UID COPY \(set) "), IMAPSession.mailbox(target)])
                    try session.run([.text("UID STORE \(set) +FLAGS.SILENT (\\Deleted)")])
                    if session.capabilities.contains("UIDPLUS") {
                        try session.run([.text("UID EXPUNGE \(set)")])
                    }
                }
            }
        }
    }

    // MARK: - Watch

    /// Syncs `account`, then waits for new mail with IDLE (renewed every 28 minutes) or, without
    /// IDLE, polls every `account.poll` seconds, until `stop` returns true. Lost connections are
    /// retried with exponential backoff forever; an authentication, certificate or configuration
    /// error ends the watch (it would fail the same way again).
    public func watch(_ account: IMAPAccount, stop: @Sendable () -> Bool, onPass: (Result) -> Void) {
        var attempt = 0
        while !stop() {
            var result = Result(account: account.name)
            do {
                let session = try connect(account)
                defer { session.close() }
                attempt = 0
                while !stop() {
                    result = Result(account: account.name)
                    try syncFolders(account, session: session, into: &result)
                    onPass(result)
                    // Mail that arrived during the pass was announced in the pass's own
                    // responses, and IDLE would not announce it again: a pass that found mail is
                    // followed by another at once, until one finds none (SyncWorkersTests saw the
                    // last of 2,000 appended messages wait for IDLE's 28-minute renewal).
                    if result.summary.messages > 0 { continue }
                    if session.capabilities.contains("IDLE") {
                        if account.folders.count > 1 {
                            _ = try session.select(account.folders[0], readOnly: account.afterImport == nil)
                        }
                        let wait = account.folders.count > 1 ? min(account.poll, 28 * 60) : 28 * 60
                        _ = try session.idle(timeout: wait)
                    } else {
                        let until = Date().addingTimeInterval(account.poll)
                        while !stop(), Date() < until { Thread.sleep(forTimeInterval: min(0.5, account.poll)) }
                        // Keep the connection alive and let the server tell about changes.
                        try session.run([.text("NOOP")])
                    }
                }
            } catch let error as IMAPError where !error.isTransient && error.kind != .command {
                result.failures.append("account \(account.name): \(error)")
                result.fatal = true
                onPass(result)
                return
            } catch {
                let pause = backoff(attempt)
                logger.warning("account \(account.name): \(error); reconnecting in \(pause) s")
                attempt += 1
                let until = Date().addingTimeInterval(pause)
                while !stop(), Date() < until { Thread.sleep(forTimeInterval: 0.2) }
            }
        }
    }
}

/// The IMAPError a pipeline producer failed with.
final class ErrorBox: Sendable {
    let error = Mutex<IMAPError?>(nil)
}
