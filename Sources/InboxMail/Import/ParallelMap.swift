import Dispatch
import Foundation

/// Order-preserving parallel map over the machine's cores (parsing is CPU-bound and
/// independent per message).
enum ParallelMap {
    /// Each worker initializes its own slice of one buffer: no result is copied, retained or
    /// released on the way out (a parsed message holds dozens of strings).
    static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        if items.count < 4 { return items.map(transform) }
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, 8)
        let chunk = (items.count + workers - 1) / workers
        return [R](unsafeUninitializedCapacity: items.count) { buffer, initialized in
            let out = SlicePointer(base: buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let lower = w * chunk
                let upper = min(lower + chunk, items.count)
                guard lower < upper else { return }
                for i in lower..<upper { (out.base + i).initialize(to: transform(items[i])) }
            }
            initialized = items.count
        }
    }

    /// The output buffer, shared by workers that each write a disjoint range of it.
    private struct SlicePointer<R>: @unchecked Sendable {
        let base: UnsafeMutablePointer<R>
    }
}
