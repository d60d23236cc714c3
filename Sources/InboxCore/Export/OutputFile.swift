import Foundation

/// A file written through a 1 MiB buffer, created under a temporary name and renamed into
/// place only by ``commit()``, so a failed or interrupted export never leaves a half file
/// under the name the user asked for.
///
/// Not thread-safe.
final class OutputFile {
    let path: String
    let temporaryPath: String
    private let handle: UnsafeMutablePointer<FILE>
    private var buffer: [UInt8] = []
    private(set) var bytesWritten: Int64 = 0
    private var closed = false

    /// - Throws: ``InboxError`` when `path` exists or its folder cannot be written.
    init(path: String) throws {
        self.path = path
        guard !FileManager.default.fileExists(atPath: path) else {
            throw InboxError(.io, "\(path) already exists (remove it or choose another --output)")
        }
        temporaryPath = Self.temporaryName(for: path)
        let fd = open(temporaryPath, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0, let file = fdopen(fd, "wb") else {
            throw InboxError(
                .io,
                "Cannot create \(path): \(String(cString: strerror(errno))) (check that its folder exists and is writable)"
            )
        }
        handle = file
        buffer.reserveCapacity(1 << 20)
    }

    /// A hidden name beside `path`, in the same folder so the final rename is atomic.
    static func temporaryName(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())")
            .path
    }

    func write(_ text: String) throws { try write(Array(text.utf8)) }

    func write(_ bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        bytesWritten += Int64(bytes.count)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        let n = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
        guard n == buffer.count else {
            throw InboxError(.io, "Cannot write \(path): \(String(cString: strerror(errno))) (is the disk full?)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, syncs and renames the file into place.
    func commit() throws {
        try flush()
        closed = true
        guard fflush(handle) == 0, fsync(fileno(handle)) == 0, fclose(handle) == 0 else {
            unlink(temporaryPath)
            throw InboxError(.io, "Cannot write \(path): \(String(cString: strerror(errno))) (is the disk full?)")
        }
        guard rename(temporaryPath, path) == 0 else {
            unlink(temporaryPath)
            throw InboxError(.io, "Cannot move the export into \(path): \(String(cString: strerror(errno)))")
        }
    }

    deinit {
        if !closed {
            fclose(handle)
            unlink(temporaryPath)
        }
    }
}
