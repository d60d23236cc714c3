import Dispatch
import Foundation
import InboxCore
import Logging

/// Progress of a running import, reported after every committed batch.
public struct ImportProgress: Sendable {
    public var input: String
    public var messages: Int
    public var bytesDone: Int64
    /// Known for mbox files (their size) and folders (their file count as "bytes").
    public var bytesTotal: Int64
    public var elapsed: Double
}

/// Messages per batch of an import or a sync: the environment variable `name` when it holds a
/// positive number, else `given` (at least 1).
func importBatchSize(_ given: Int, overriddenBy name: String) -> Int {
    if let env = ProcessInfo.processInfo.environment[name], let n = Int(env), n > 0 { return n }
    return max(1, given)
}

/// Reads mbox files, Maildirs and .eml files into the store: reader → parser (on every core)
/// → ingest in batches, each batch committing with the import checkpoint it reaches.
///
/// An input that cannot be read is reported in ``ImportResult/failures`` and the import goes
/// on with the rest.
public final class SpoolImporter: Sendable {
    public struct ImportResult: Sendable {
        public var summary = IngestSummary()
        /// One sentence per input that could not be read at all.
        public var failures: [String] = []
        /// Problems that lost nothing (e.g. the search index fell behind), one sentence each.
        public var warnings: [String] = []
    }

    private let database: AppDatabase
    private let config: InboxConfig
    private let options: IngestOptions
    private let batchSize: Int
    private let progress: (@Sendable (ImportProgress) -> Void)?
    private let started = Date()

    /// - Parameters:
    ///   - batchSize: messages per transaction (env `INBOX_IMPORT_BATCH` overrides it).
    ///   - progress: called on the importing thread after every batch.
    public init(
        database: AppDatabase, config: InboxConfig, options: IngestOptions = IngestOptions(), batchSize: Int = 500,
        progress: (@Sendable (ImportProgress) -> Void)? = nil
    ) throws {
        self.database = database
        self.config = config
        self.options = options
        self.batchSize = importBatchSize(batchSize, overriddenBy: "INBOX_IMPORT_BATCH")
        self.progress = progress
        try database.syncQueues(config)
        // Whatever an earlier, interrupted run left unindexed goes in first.
        try database.catchUpSearchIndex()
    }

    // MARK: - mbox

    /// Imports new messages of mbox files, resuming each from its stored offset when the file
    /// is the same one (device, inode and first line) and the offset is still a message start.
    /// - Parameter lock: take the spool locks (dotlock + fcntl); nil locks system spools only.
    public func importMbox(paths: [String], flavor: MboxFlavor = .mboxrd, lock: Bool? = nil) -> ImportResult {
        var result = ImportResult()
        for path in paths {
            do {
                result.summary.add(
                    try importMbox(
                        path: path, flavor: flavor, lock: lock ?? SpoolLock.isSystemSpool(path),
                        warnings: &result.warnings))
            } catch {
                result.failures.append("\(error)")
                result.summary.failedInputs += 1
            }
        }
        return result
    }

    private struct ParsedBatch: Sendable {
        var messages: [IncomingMessage]
        var checkpoint: ImportCheckpoint?
        var done: Int64
        var total: Int64
    }

    private func importMbox(path: String, flavor: MboxFlavor, lock: Bool, warnings: inout [String]) throws
        -> IngestSummary
    {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let spoolLock = lock ? try SpoolLock(path: absolute) : nil
        defer { spoolLock?.release() }
        let probe = try MboxReader(path: absolute, flavor: flavor)
        var start: Int64 = 0
        if let saved = try database.fileCheckpoint(kind: "mbox", source: absolute), saved.identity == probe.identity,
            probe.isMessageBoundary(saved.offset)
        {
            start = saved.offset
        }
        if start == probe.fileSize && start > 0 { return IngestSummary() }
        let identity = probe.identity
        let resumeAt = start
        let batchSize = self.batchSize
        let source = "mbox:" + absolute
        var summary = IngestSummary()
        var consumeSeconds = 0.0
        let indexer = BackgroundIndexer(database: database)
        defer {
            if let failure = indexer.finish() { warnings.append(failure) }
            // Libraries never print: the split goes to the log (`--log-level debug`).
            Logger(label: "inbox.import").debug(
                "thread CPU", metadata: ["writer s": "\(consumeSeconds)", "index s": "\(indexer.cpuSeconds)"])
        }
        try Pipeline.run(
            produce: { (out: Pipeline.Emitter<ParsedBatch>) in
                let reader = try MboxReader(path: absolute, offset: resumeAt, flavor: flavor)
                var pending: [(raw: [UInt8], problems: [String])] = []
                var reached = resumeAt
                func send() {
                    out.emit(
                        ParsedBatch(
                            messages: self.parse(pending, source: source),
                            checkpoint: .file(kind: "mbox", source: absolute, identity: identity, offset: reached),
                            done: reached, total: reader.fileSize))
                    pending.removeAll(keepingCapacity: true)
                }
                while !out.cancelled, let message = try reader.next() {
                    reached = message.endOffset
                    if message.raw.isEmpty { continue }
                    pending.append((message.raw, message.problems))
                    if pending.count >= batchSize { send() }
                }
                if !out.cancelled, !pending.isEmpty || reached != resumeAt { send() }
            },
            consume: { batch in
                let t0 = Self.threadCPUTime()
                defer { consumeSeconds += Self.threadCPUTime() - t0 }
                try self.store(batch, into: &summary, indexer: indexer, input: absolute)
            })
        return summary
    }

    // MARK: - Maildir

    /// Imports the messages of Maildirs (and Maildirs nested below them) not seen before.
    public func importMaildir(paths: [String]) -> ImportResult {
        var result = ImportResult()
        for path in paths {
            do {
                for folder in try MaildirReader.folders(at: path) {
                    result.summary.add(try importMaildirFolder(folder, warnings: &result.warnings))
                }
            } catch {
                result.failures.append("\(error)")
                result.summary.failedInputs += 1
            }
        }
        return result
    }

    private func importMaildirFolder(_ folder: String, warnings: inout [String]) throws -> IngestSummary {
        let absolute = URL(fileURLWithPath: folder).standardizedFileURL.path
        let source = "maildir:" + absolute
        let seen = try database.seenNames(source: source)
        let entries = try MaildirReader.entries(of: absolute).filter { !seen.contains($0.uniqueName) }
        if entries.isEmpty { return IngestSummary() }
        let batchSize = self.batchSize
        var summary = IngestSummary()
        let indexer = BackgroundIndexer(database: database)
        defer { if let failure = indexer.finish() { warnings.append(failure) } }
        try Pipeline.run(
            produce: { (out: Pipeline.Emitter<ParsedBatch>) in
                var index = 0
                while index < entries.count, !out.cancelled {
                    let slice = entries[index..<min(index + batchSize, entries.count)]
                    var pending: [(raw: [UInt8], problems: [String])] = []
                    var names: [String] = []
                    for entry in slice {
                        // A file that vanished (moved by a mail client between listing and
                        // reading) is picked up by the next run under its new name.
                        guard let bytes = try? FileReading.read(entry.path) else { continue }
                        names.append(entry.uniqueName)
                        if !bytes.isEmpty { pending.append((bytes, [])) }
                    }
                    index += slice.count
                    out.emit(
                        ParsedBatch(
                            messages: self.parse(pending, source: source),
                            checkpoint: .seen(source: source, names: names), done: Int64(index),
                            total: Int64(entries.count)))
                }
            },
            consume: { batch in try self.store(batch, into: &summary, indexer: indexer, input: absolute) })
        return summary
    }

    // MARK: - .eml

    /// Imports single-message files (a folder imports its `*.eml` files).
    public func importEml(paths: [String]) -> ImportResult {
        var result = ImportResult()
        var files: [String] = []
        for path in paths {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                let emls = names.filter { $0.lowercased().hasSuffix(".eml") }.sorted()
                if emls.isEmpty {
                    result.failures.append(
                        "\(path): the folder holds no .eml files (use `inbox import maildir` for a Maildir)")
                    result.summary.failedInputs += 1
                }
                files += emls.map { path + "/" + $0 }
            } else {
                files.append(path)
            }
        }
        var pending: [(raw: [UInt8], problems: [String])] = []
        var done = 0
        func flush() {
            do {
                let batch = parse(pending, source: "eml")
                result.summary.add(try database.ingest(batch, config: config, options: options))
            } catch {
                result.failures.append("\(error)")
                result.summary.failedInputs += 1
            }
            pending.removeAll()
            report("eml", result.summary.messages, Int64(done), Int64(files.count))
        }
        for file in files {
            done += 1
            do {
                let bytes = try FileReading.singleMessage(try FileReading.read(file), path: file)
                pending.append((bytes, []))
            } catch {
                result.failures.append("\(error)")
                result.summary.failedInputs += 1
            }
            if pending.count >= batchSize { flush() }
        }
        if !pending.isEmpty { flush() }
        return result
    }

    // MARK: - Shared

    /// CPU seconds used by the calling thread (logged at debug level).
    static func threadCPUTime() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Parses and digests a batch on every core, keeping the order.
    private func parse(_ items: [(raw: [UInt8], problems: [String])], source: String) -> [IncomingMessage] {
        let forPostgreSQL = database.engine == .postgresql
        let results = ParallelMap.map(items) { item in
            var m = IncomingMessage(
                raw: item.raw, sha256: RawDigest.sha256Hex(item.raw), parsed: MessageParser.parse(item.raw),
                source: source, readerProblems: item.problems)
            if forPostgreSQL { m.prepareForPostgreSQL() }
            return m
        }
        return results
    }

    /// The consumer's step for a spool: stores a parsed batch with its checkpoint, hands its
    /// documents to the index thread and reports progress.
    private func store(
        _ batch: ParsedBatch, into summary: inout IngestSummary, indexer: BackgroundIndexer, input: String
    ) throws {
        let (stored, documents) = try database.ingestDeferringIndex(
            batch.messages, config: config, options: options, checkpoint: batch.checkpoint)
        summary.add(stored)
        indexer.submit(documents)
        report(input, summary.messages, batch.done, batch.total)
    }

    private func report(_ input: String, _ messages: Int, _ done: Int64, _ total: Int64) {
        progress?(
            ImportProgress(
                input: input, messages: messages, bytesDone: done, bytesTotal: total,
                elapsed: Date().timeIntervalSince(started)))
    }
}
