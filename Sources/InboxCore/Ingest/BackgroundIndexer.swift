import Foundation
import Synchronization

/// Writes search-index batches on a thread of its own while the caller stores the next batch:
/// the store and the index are separate files, so the two writers run in parallel.
///
/// Use: ``AppDatabase/ingestDeferringIndex(_:config:options:checkpoint:)`` for each batch,
/// ``submit(_:)`` its index rows, and ``finish()`` once at the end (also after an error).
/// At most `depth` batches wait, so memory stays bounded. An index failure never fails the
/// import: the messages are stored, and what was not indexed stays pending for
/// ``AppDatabase/catchUpSearchIndex()``. While it lives it also asks the kernel to write the
/// store's files early (``Writeback``), which keeps checkpoint fsyncs from stalling the writer.
public final class BackgroundIndexer: Sendable {
    private let database: AppDatabase
    private let state = Mutex<
        (items: [SearchIndex.Batch], closed: Bool, indexed: [ClosedRange<Int64>], failure: String?)
    >(
        ([], false, [], nil))
    private let slots: DispatchSemaphore
    private let available = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)
    private let cpu = Mutex<Double>(0)
    /// Early writeback of the store's files while the import runs (``Writeback``).
    private let writeback: Writeback?

    /// CPU seconds the indexing thread used (logged at debug level); final after ``finish()``.
    public var cpuSeconds: Double { cpu.withLock { $0 } }

    public init(database: AppDatabase, depth: Int = 2) {
        self.database = database
        self.slots = DispatchSemaphore(value: depth)
        self.writeback = database.startWriteback()
        let thread = Thread { [self] in self.work() }
        thread.stackSize = 4 << 20
        thread.start()
    }

    /// Queues a committed batch; waits while `depth` batches are already queued.
    public func submit(_ batch: SearchIndex.Batch) {
        guard !batch.isEmpty else { return }
        slots.wait()
        state.withLock { $0.items.append(batch) }
        available.signal()
    }

    /// Waits for the queued batches, then clears what the index now holds from the store's
    /// pending list (each range was already cleared as it was indexed; this makes sure, and
    /// waits for those clears). Returns a sentence when indexing failed (the import itself
    /// succeeded).
    @discardableResult
    public func finish() -> String? {
        state.withLock { $0.closed = true }
        available.signal()
        stopped.wait()
        writeback?.stop()
        let (indexed, failure) = state.withLock { ($0.indexed, $0.failure) }
        do {
            try database.markIndexed(indexed)
        } catch {
            // Still pending: the next catch-up indexes these messages again, harmlessly.
            return failure ?? "The search index could not record its progress: \(error)"
        }
        return failure
    }

    /// The most documents one index transaction writes: the index's write lock is held for
    /// a few hundred milliseconds at most, so a search's catch-up in another process waits
    /// no longer than that.
    static let documentsPerTransaction = 1_000

    /// Splits queued batches into index transactions of at most ``documentsPerTransaction``
    /// documents (a single larger batch stays whole: its range is marked as one).
    static func transactions(_ batches: [SearchIndex.Batch]) -> [[SearchIndex.Batch]] {
        var groups: [[SearchIndex.Batch]] = []
        var count = 0
        for batch in batches {
            if let last = groups.indices.last, count + batch.documents.count <= documentsPerTransaction {
                groups[last].append(batch)
                count += batch.documents.count
            } else {
                groups.append([batch])
                count = batch.documents.count
            }
        }
        return groups
    }

    /// Clears indexed ranges from the store's pending list without waiting for the store's
    /// writer (the import holds it most of the time): queued behind the current batch.
    ///
    /// Why not only at ``finish()``: every `inbox` command that opens the store builds a large
    /// backlog at once (``AppDatabase/searchIndexBacklog()``), and during a long import that
    /// backlog was the whole import so far: four agents' `inbox set` each re-indexed it,
    /// fighting the import for the index's lock. A failure leaves the ranges pending, which
    /// costs a later catch-up some work and loses nothing; ``finish()`` marks them again.
    private func markIndexedSoon(_ ranges: [ClosedRange<Int64>]) {
        guard !ranges.isEmpty else { return }
        (try? database.writer)?.asyncWrite(
            { db in try SearchIndex.markIndexed(ranges, in: db) }, completion: { _, _ in })
    }

    private func work() {
        while true {
            available.wait()
            // Everything queued goes into one index transaction: fewer, larger FTS5 segments
            // when the index falls behind the writer.
            let next: (batches: [SearchIndex.Batch], closed: Bool) = state.withLock { s in
                if !s.items.isEmpty {
                    defer { s.items.removeAll(keepingCapacity: true) }
                    return (s.items, false)
                }
                return ([], s.closed)
            }
            guard !next.batches.isEmpty else {
                if next.closed { break }
                continue
            }
            for _ in 1..<next.batches.count { available.wait() }  // the other batches' signals
            for _ in next.batches { slots.signal() }
            if state.withLock({ $0.failure != nil }) { continue }
            for group in Self.transactions(next.batches) {
                do {
                    let ranges = try database.index(group)
                    state.withLock { $0.indexed += ranges }
                    markIndexedSoon(ranges)
                } catch {
                    state.withLock {
                        $0.failure =
                            "Search indexing stopped: \(error) (the messages are stored; `inbox` indexes them on the next search)"
                    }
                    break
                }
                // Another process (a search's catch-up) may be waiting for the index's lock.
                LockWaiting.yieldToWaiters()
            }
        }
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        cpu.withLock { $0 = Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9 }
        stopped.signal()
    }
}
