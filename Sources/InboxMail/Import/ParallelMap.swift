import Foundation
import Synchronization

/// Order-preserving parallel map over the machine's cores (parsing is CPU-bound and
/// independent per message).
enum ParallelMap {
    /// Each worker initializes its own slots of one buffer: no result is copied, retained or
    /// released on the way out (a parsed message holds dozens of strings).
    ///
    /// The calling thread maps items too; the other workers are threads started for this
    /// call, which inherit the caller's scheduling priority (Linux threads take their nice
    /// value from the thread that starts them). That is why this does not use Dispatch's
    /// shared pool: an import's producer runs at a lower priority (``Pipeline``), and its
    /// helpers must too, without leaving a pooled thread behind at that priority. Starting
    /// a thread costs tens of microseconds, against milliseconds of parsing per slice.
    static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @escaping @Sendable (T) -> R) -> [R] {
        if items.count < 4 { return items.map(transform) }
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, 8, (items.count + step - 1) / step)
        return [R](unsafeUninitializedCapacity: items.count) { buffer, initialized in
            let work = Work(items: items, transform: transform, out: SlicePointer(base: buffer.baseAddress!))
            let done = DispatchSemaphore(value: 0)
            for _ in 1..<workers {
                let thread = Thread {
                    work.run()
                    done.signal()
                }
                thread.stackSize = 8 << 20
                thread.start()
            }
            work.run()
            for _ in 1..<workers { done.wait() }
            initialized = items.count
        }
    }

    /// Items a worker takes at a time: workers that finish early take more, so one large
    /// message does not leave the other cores waiting at the end of a batch.
    private static let step = 8

    /// One call's shared inputs; each worker takes the next `step` items and writes only
    /// their slots.
    private final class Work<T: Sendable, R: Sendable>: @unchecked Sendable {
        let items: [T]
        let transform: @Sendable (T) -> R
        let out: SlicePointer<R>
        let next = Atomic<Int>(0)

        init(items: [T], transform: @escaping @Sendable (T) -> R, out: SlicePointer<R>) {
            self.items = items
            self.transform = transform
            self.out = out
        }

        func run() {
            while true {
                let lower = next.wrappingAdd(ParallelMap.step, ordering: .relaxed).oldValue
                guard lower < items.count else { return }
                for i in lower..<min(lower + ParallelMap.step, items.count) {
                    (out.base + i).initialize(to: transform(items[i]))
                }
            }
        }
    }

    /// The output buffer, shared by workers that each write a disjoint range of it.
    private struct SlicePointer<R>: @unchecked Sendable {
        let base: UnsafeMutablePointer<R>
    }
}
