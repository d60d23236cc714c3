import Foundation
import Synchronization

/// Runs a producer on its own thread and a consumer on the calling thread, with at most
/// `depth` items in flight: reading and parsing overlap with database writes.
///
/// The producer thread (and the parse helpers it starts, ``ParallelMap``) runs at a lower
/// priority (``producerNiceness``): when the cores are short, the writers get them, and the
/// producer, which is never the slowest stage, uses the time they wait. On this project's
/// 2-core machine that made a 20k-message import 6 – 8 % faster (docs/performance.md). It
/// also leaves an interactive process (the TUI) ahead of a long import.
///
/// When the consumer throws, the producer is told to stop (``Pipeline/Emitter/cancelled``)
/// and the error is rethrown after it has finished; a producer error is rethrown likewise.
enum Pipeline {
    final class Emitter<T: Sendable>: Sendable {
        fileprivate let state = Mutex<(items: [T], done: Bool, error: String?)>(([], false, nil))
        fileprivate let cancelledFlag = Atomic<Bool>(false)
        fileprivate let slots: DispatchSemaphore
        fileprivate let available = DispatchSemaphore(value: 0)

        init(depth: Int) { slots = DispatchSemaphore(value: depth) }

        /// True once the consumer has failed: stop producing.
        var cancelled: Bool { cancelledFlag.load(ordering: .relaxed) }

        /// Hands an item to the consumer, waiting while `depth` items are pending.
        func emit(_ item: T) {
            slots.wait()
            state.withLock { $0.items.append(item) }
            available.signal()
        }

        fileprivate func finish(error: (any Error)?) {
            state.withLock {
                $0.done = true
                $0.error = error.map { "\($0)" }
            }
            available.signal()
        }
    }

    private static let disposal = DispatchQueue(label: "inbox.pipeline.disposal", qos: .utility)

    /// Holds a consumed item until the disposal queue drops it (by then its only owner).
    private final class Retired<T: Sendable>: @unchecked Sendable {
        private var item: T?
        init(_ item: T) { self.item = item }
        func drop() { item = nil }
    }

    /// Consumed items handed to the disposal queue and not yet dropped.
    private final class Outstanding: Sendable {
        let count = Atomic<Int>(0)
    }

    /// How much lower than its caller the producer runs (added to the nice value, at most 19).
    static let producerNiceness: Int32 = 10

    /// Lowers the calling thread's priority by `by` (Linux: the nice value is per thread).
    /// Raising it back needs privileges, so only threads that end with their work call this.
    static func lowerPriority(by: Int32) {
        errno = 0
        let current = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        guard errno == 0 else { return }
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, min(19, current + by))
    }

    struct ProducerError: Error, CustomStringConvertible {
        var description: String
    }

    static func run<T: Sendable>(
        depth: Int = 2, produce: @escaping @Sendable (Emitter<T>) throws -> Void, consume: (T) throws -> Void
    ) throws {
        let emitter = Emitter<T>(depth: depth)
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            lowerPriority(by: producerNiceness)
            do {
                try produce(emitter)
                emitter.finish(error: nil)
            } catch {
                emitter.finish(error: error)
            }
            finished.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        var consumerError: (any Error)?
        // A consumed item is freed on another thread: a parsed batch is thousands of strings,
        // and the consumer (the store's writer) is the import's bottleneck. When that thread
        // has fallen behind (both cores busy), the consumer frees the item itself, so memory
        // stays bounded.
        var retired: Retired<T>?
        let outstanding = Outstanding()
        while true {
            if let r = retired {
                retired = nil
                if outstanding.count.load(ordering: .relaxed) >= 2 {
                    r.drop()
                } else {
                    outstanding.count.add(1, ordering: .relaxed)
                    Self.disposal.async {
                        r.drop()
                        outstanding.count.subtract(1, ordering: .relaxed)
                    }
                }
            }
            emitter.available.wait()
            let next: (item: T?, done: Bool, error: String?) = emitter.state.withLock { s in
                if !s.items.isEmpty { return (s.items.removeFirst(), false, nil) }
                return (nil, s.done, s.error)
            }
            if let item = next.item {
                emitter.slots.signal()
                if consumerError == nil {
                    do { try consume(item) } catch {
                        consumerError = error
                        emitter.cancelledFlag.store(true, ordering: .relaxed)
                    }
                }
                retired = Retired(item)
                continue
            }
            if next.done {
                finished.wait()
                if let consumerError { throw consumerError }
                if let message = next.error { throw ProducerError(description: message) }
                return
            }
        }
    }
}
