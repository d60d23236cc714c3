import Foundation

extension AppDatabase {
    /// Keeps a copy of a file that a channel reply carries, so that the channel's
    /// `send_command` can read it on every attempt, however late (docs/channels.md).
    ///
    /// The copy goes to `outgoing-files/KEY/NAME` beside the database file (the system's
    /// temporary folder for an in-memory database), where `KEY` is the reply's idempotency key
    /// and `NAME` the file's name with path separators, control characters and leading dots
    /// removed, so that a name never escapes its folder. The same key and name overwrite.
    /// - Returns: the copy's absolute path.
    /// - Throws: ``InboxError`` `.io` when the folder or file cannot be written; `.badInput` on
    ///   PostgreSQL, where the reply may be sent from another host that would not have the copy.
    public func keepOutgoingFile(named name: String, data: [UInt8], key: String) throws -> String {
        guard engine == .sqlite else {
            throw InboxError(
                .badInput,
                "A file on a chat or marketplace reply is kept beside a SQLite database for the channel's send_command; on PostgreSQL any host may send the reply, so files there are not supported yet: link the file in the text, or send it by mail (docs/channels.md)"
            )
        }
        let base: String
        let path = try writer.path
        if path.isEmpty || path == ":memory:" || path.hasPrefix("file::memory:") {
            base = NSTemporaryDirectory() + "/inbox-outgoing-files"
        } else {
            base = URL(fileURLWithPath: path).deletingLastPathComponent().path + "/outgoing-files"
        }
        let folder = base + "/" + ChannelImporter.safeName(key)
        let file = folder + "/" + ChannelImporter.safeName(name)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(data).write(to: URL(fileURLWithPath: file), options: .atomic)
        } catch {
            throw InboxError(
                .io, "Could not keep \(name) for the channel's send_command in \(folder): \(error.localizedDescription)"
            )
        }
        return file
    }
}
