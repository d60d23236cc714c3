import Foundation

/// Order-preserving parallel map over the machine's cores (parsing is CPU-bound and
/// independent per message).
enum ParallelMap {
    /// Each worker initializes its own slice of one buffer: no result is copied, retained or
    /// released on the way out (a parsed message holds dozens of strings).
    ///
    /// The calling thread maps the first slice; the others go to threads started for this
    /// call, which inherit the caller's scheduling priority (Linux threads take their nice
    /// value from the thread that starts them). That is why this does not use Dispatch's
    /// shared pool: an import's producer runs at a lower priority (``Pipeline``), and its
    /// helpers must too, without leaving a pooled thread behind at that priority. Starting
    /// a thread costs tens of microseconds, against milliseconds of parsing per slice.
    static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @escaping @Sendable (T) -> R) -> [R] {
        if items.count < 4 { return items.map(transform) }
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, 8)
        let chunk = (items.count + workers - 1) / workers
        return [R](unsafeUninitializedCapacity: items.count) { buffer, initialized in
            let out = SlicePointer(base: buffer.baseAddress!)
            let work = Work(items: items, transform: transform, out: out, chunk: chunk)
            let done = DispatchSemaphore(value: 0)
            var started = 0
            for w in 1..<workers where w * chunk < items.count {
                let thread = Thread {
                    work.run(slice: w)
                    done.signal()
                }
                thread.stackSize = 8 << 20
                thread.start()
                started += 1
            }
            work.run(slice: 0)
            for _ in 0..<started { done.wait() }
            initialized = items.count
        }
    }

    /// One call's shared inputs; each worker reads them and writes only its own slice.
    private struct Work<T: Sendable, R: Sendable>: @unchecked Sendable {
        let items: [T]
        let transform: @Sendable (T) -> R
        let out: SlicePointer<R>
        let chunk: Int

        func run(slice: Int) {
            let lower = slice * chunk
            let upper = min(lower + chunk, items.count)
            guard lower < upper else { return }
            for i in lower..<upper { (out.base + i).initialize(to: transform(items[i])) }
        }
    }

    /// The output buffer, shared by workers that each write a disjoint range of it.
    private struct SlicePointer<R>: @unchecked Sendable {
        let base: UnsafeMutablePointer<R>
    }
}
