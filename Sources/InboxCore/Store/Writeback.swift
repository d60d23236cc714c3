import Foundation
import GRDB
import Synchronization

/// Starts the kernel's writeback of the store's and the index's files while a long import
/// writes them, so that the fsyncs of SQLite's checkpoints find little left to write.
///
/// Why: an import writes hundreds of megabytes, which sit dirty in the page cache until a
/// checkpoint's fsync forces them out, and that fsync stalls the store's writer, the import's
/// bottleneck, for as long as the disk takes. Asking for the writeback early (Linux
/// `sync_file_range(SYNC_FILE_RANGE_WRITE)`, which does not wait) overlaps the disk with the
/// work (docs/performance.md). Durability is unchanged: SQLite still syncs where it did.
///
/// ``BackgroundIndexer`` runs one for as long as it lives (every import and sync has one);
/// else ``AppDatabase/startWriteback()`` and ``stop()`` once at the end. Does nothing where the
/// call is missing (not Linux) or for an in-memory store.
public final class Writeback: Sendable {
    private typealias SyncFileRange = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32
    /// Looked up at run time: Glibc's Swift module does not export this GNU function.
    private static let syncFileRange: SyncFileRange? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sync_file_range") else { return nil }
        return unsafeBitCast(symbol, to: SyncFileRange.self)
    }()
    private static let syncFileRangeWrite: UInt32 = 2

    private let running = Atomic<Bool>(true)
    private let requested = Mutex<[String: Int]>([:])

    /// How many times writeback was asked for each path so far (the calls the kernel accepted).
    var requests: [String: Int] { requested.withLock { $0 } }
    private let wake = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)

    init?(paths: [String], interval: DispatchTimeInterval = .milliseconds(25)) {
        guard let start = Self.syncFileRange else { return nil }
        let thread = Thread { [self] in
            // `stop()` wakes the wait: a short sync does not sit out the interval.
            while wake.wait(timeout: .now() + interval) == .timedOut, running.load(ordering: .relaxed) {
                for path in paths {
                    if let fd = Self.descriptor(path), start(fd, 0, 0, Self.syncFileRangeWrite) == 0 {
                        requested.withLock { $0[path, default: 0] += 1 }
                    }
                }
            }
            stopped.signal()
        }
        thread.stackSize = 256 << 10
        thread.start()
    }

    /// Descriptors of the files written back, by path, with the file's identity.
    ///
    /// Never closed, on purpose: closing any descriptor of a file drops every POSIX lock the
    /// process holds on it, SQLite's included. Without its shared lock on the store, another
    /// process would take the store for unused, checkpoint it and delete the WAL under our
    /// writer (seen in a test before this rule). A file replaced since (a WAL deleted and made
    /// anew) gets a new descriptor; the old one stays open until the process ends.
    private static let descriptors = Mutex<[String: (fd: Int32, device: UInt64, inode: UInt64)]>([:])

    private static func descriptor(_ path: String) -> Int32? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return descriptors.withLock { open in
            if let known = open[path], known.device == UInt64(info.st_dev), known.inode == UInt64(info.st_ino) {
                return known.fd
            }
            let fd = Foundation.open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return nil }
            open[path] = (fd, UInt64(info.st_dev), UInt64(info.st_ino))
            return fd
        }
    }

    /// Ends the writeback thread (what was asked for is written by the kernel as usual).
    public func stop() {
        running.store(false, ordering: .relaxed)
        wake.signal()
        stopped.wait()
    }
}

extension AppDatabase {
    /// Starts early writeback of the store's files for a long import (``Writeback``); nil for
    /// an in-memory store or where the system has no `sync_file_range`.
    public func startWriteback() -> Writeback? {
        guard let path = ((try? writer) as? DatabasePool)?.path, let search = try? search else { return nil }
        let index = search.path ?? SearchIndex.path(forStore: path)
        return Writeback(paths: [path, path + "-wal", index, index + "-wal"])
    }
}
