import Foundation

/// Blocking work (waiting for a child process, reading its pipes) on a thread of its own.
///
/// Not on Dispatch's global queue: on Linux that queue adds a thread for blocked work only
/// after a while, so when the whole suite waits for dozens of processes at once, work queued
/// there starts late. A load test's four agents then ran almost none of their changes while
/// the import did (CI, session 10: 8 of 600).
public enum OwnThread {
    /// Runs `work` on a new thread and returns its result; the caller's task is suspended,
    /// not blocked.
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Starts `work` on a new thread, entering `group`, which it leaves when `work` has returned.
    public static func start(_ group: DispatchGroup, _ work: @escaping @Sendable () -> Void) {
        group.enter()
        let thread = Thread {
            work()
            group.leave()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
}
