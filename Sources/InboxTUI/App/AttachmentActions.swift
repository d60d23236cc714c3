import Foundation
import InboxCore
import InboxMail

/// Saving and opening the attachments of a message shown in the conversation.
public enum AttachmentActions {
    /// Where `S` saves: `$XDG_DOWNLOAD_DIR` when set to an absolute path, else `~/Downloads`.
    public static func downloadFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let dir = environment["XDG_DOWNLOAD_DIR"], dir.hasPrefix("/") { return URL(fileURLWithPath: dir) }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent("Downloads")
    }

    /// A folder only this user can read, for attachments being opened.
    static func viewingFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent(
            "inbox-attachments-\(getuid())", isDirectory: true)
    }

    /// The decoded bytes of `attachment`, read from the stored original of `message`.
    /// - Throws: ``InboxError`` when the original is not stored or has no such part.
    static func content(_ attachment: AttachmentInfo, of message: MessageDetail, data: any InboxDataSource) throws
        -> [UInt8]
    {
        let name = TerminalText.sanitize(attachment.filename ?? attachment.safeFilename)
        // A channel message's file is stored whole, by its digest (docs/channels.md).
        if attachment.partPath.hasPrefix("sha256:") {
            guard let bytes = try data.rawMessage(sha256: String(attachment.partPath.dropFirst(7))) else {
                throw InboxError(.notFound, "\(name) is not in the store (import the message again to copy it in)")
            }
            return bytes
        }
        guard !attachment.partPath.isEmpty, let raw = try data.rawMessage(sha256: message.sha256) else {
            throw InboxError(.notFound, "The original of this message is not stored, so \(name) cannot be read")
        }
        guard
            let bytes = AttachmentFiles.content(
                of: raw, partPath: attachment.partPath, contentType: attachment.contentType)
        else {
            throw InboxError(
                .notFound, "\(name) is not in the stored original (part \(attachment.partPath) is missing)")
        }
        return bytes
    }

    /// Saves every attachment of `message` into `folder`; returns the sentence for the message line.
    public static func save(_ message: MessageDetail, data: any InboxDataSource, to folder: URL) -> String {
        var saved: [String] = []
        for a in message.attachments {
            do {
                let file = try AttachmentFiles.write(
                    try content(a, of: message, data: data), named: a.filename ?? a.safeFilename,
                    contentType: a.contentType,
                    into: folder)
                saved.append(file.lastPathComponent)
            } catch {
                let done = saved.isEmpty ? "" : " (saved \(saved.count) before it)"
                return "\(error)\(done)"
            }
        }
        let names = saved.map { TerminalText.sanitize($0) }.joined(separator: ", ")
        return "Saved \(saved.count) attachment\(saved.count == 1 ? "" : "s") to \(tilde(folder.path)): \(names)"
    }

    /// Writes attachment `index` of `message` to a private folder and hands it to `opener`.
    public static func open(
        _ message: MessageDetail, index: Int, data: any InboxDataSource, opener: (URL) throws -> Void
    ) -> String {
        guard message.attachments.indices.contains(index) else { return "There is no attachment \(index + 1)" }
        let a = message.attachments[index]
        do {
            // A fresh folder per file keeps its name as is; a viewer may still read it after
            // xdg-open returns, so old ones go a day later.
            removeOld(in: viewingFolder())
            let folder = viewingFolder().appendingPathComponent(UUID().uuidString, isDirectory: true)
            try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let file = try AttachmentFiles.write(
                try content(a, of: message, data: data), named: a.filename ?? a.safeFilename,
                contentType: a.contentType,
                into: folder)
            try opener(file)
            return "Opened \(TerminalText.sanitize(file.lastPathComponent))"
        } catch {
            return "\(error)"
        }
    }

    /// Removes what earlier opens left in `folder` more than a day ago.
    static func removeOld(in folder: URL, now: Date = Date()) {
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: folder.path) else { return }
        for name in entries {
            let path = folder.appendingPathComponent(name).path
            if let modified = (try? fm.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
                now.timeIntervalSince(modified) > 86400
            {
                try? fm.removeItem(atPath: path)
            }
        }
    }

    /// `/home/ada/Downloads` → `~/Downloads`.
    static func tilde(_ path: String) -> String {
        let home = NSHomeDirectory()
        return path.hasPrefix(home + "/") ? "~" + path.dropFirst(home.count) : path
    }
}

/// Opens files with the desktop's viewer (`xdg-open`).
public enum ExternalViewer {
    /// Runs `xdg-open FILE` and waits for it.
    /// - Throws: ``InboxError`` when xdg-open is not installed or fails, saying what to do.
    public static func open(_ file: URL, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let name = TerminalText.sanitize(file.lastPathComponent)
        guard let program = find("xdg-open", path: environment["PATH"]) else {
            throw InboxError(
                .notFound, "Cannot open \(name): xdg-open is not installed (install xdg-utils, or press S to save it)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = [file.path]
        do {
            try process.run()
        } catch {
            throw InboxError(
                .io, "Cannot run \(program): \(error.localizedDescription) (press S to save the file instead)")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw InboxError(
                .io,
                "xdg-open could not open \(name) (status \(process.terminationStatus); set a viewer with xdg-mime, or press S to save it)"
            )
        }
    }

    /// The first executable `program` on `path` (a `PATH` value).
    static func find(_ program: String, path: String?) -> String? {
        for dir in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
