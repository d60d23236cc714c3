import Dispatch
import Synchronization

/// Order-preserving parallel map over the machine's cores (parsing is CPU-bound and
/// independent per message).
enum ParallelMap {
    static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        if items.count < 4 { return items.map(transform) }
        let output = Mutex<[R?]>(Array(repeating: nil, count: items.count))
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, 8)
        let chunk = (items.count + workers - 1) / workers
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let lower = w * chunk
            let upper = min(lower + chunk, items.count)
            guard lower < upper else { return }
            var local: [R] = []
            local.reserveCapacity(upper - lower)
            for i in lower..<upper { local.append(transform(items[i])) }
            output.withLock { out in
                for (k, r) in local.enumerated() { out[lower + k] = r }
            }
        }
        return output.withLock { $0.map { $0! } }
    }
}

import Foundation
