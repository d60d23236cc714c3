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
    private let state = Mutex<(items: [SearchIndex.Batch], closed: Bool, indexed: [ClosedRange<Int64>], failure: String?)>(
        ([], false, [], nil))
    private let slots: DispatchSemaphore
    private let available = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)
    private let cpu = Mutex<Double>(0)
    /// Early writeback of the store's files while the import runs (``Writeback``).
    private let writeback: Writeback?

    /// CPU seconds the indexing thread used (for `INBOX_PROFILE=1`); final after ``finish()``.
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
    /// pending list. Returns a sentence when indexing failed (the import itself succeeded).
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
            do {
                let ranges = try database.index(next.batches)
                state.withLock { $0.indexed += ranges }
            } catch {
                state.withLock {
                    $0.failure = "Search indexing stopped: \(error) (the messages are stored; `inbox` indexes them on the next search)"
                }
            }
        }
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        cpu.withLock { $0 = Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9 }
        stopped.signal()
    }
}
