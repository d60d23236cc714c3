import Foundation

/// `inbox import jsonl FILE|-` (DESIGN §19, docs/channels.md): one JSON object a line, each a
/// message of a chat, a web form or a marketplace. Good lines are stored through the same
/// ingest as mail (routing, quarantine, rules, SLA); each bad line is reported by number and
/// skipped. Running it again adds nothing twice.
public struct ChannelImporter: Sendable {
    public struct Result: Sendable, Equatable {
        public var summary = IngestSummary()
        /// `FILE line N: …`, one per line that was not imported.
        public var badLines: [String] = []
        /// Lines read (not counting blank ones).
        public var lines = 0
        /// Whether anything could be read: false when every line (or the file) was bad.
        public var readAnything: Bool { summary.messages > 0 }
    }

    public let database: AppDatabase
    public let config: InboxConfig
    public let options: IngestOptions
    /// Messages stored per transaction.
    public var batchSize = 500

    public init(database: AppDatabase, config: InboxConfig, options: IngestOptions) {
        self.database = database
        self.config = config
        self.options = options
    }

    /// Imports the file at `path` ("-" reads standard input).
    /// - Throws: ``InboxError`` `.io` when the file cannot be read; database errors.
    public func importFile(_ path: String) throws -> Result {
        let data: Data
        let name: String
        let folder: URL
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
            name = "stdin"
            folder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        } else {
            guard let d = FileManager.default.contents(atPath: path) else {
                let why =
                    FileManager.default.fileExists(atPath: path)
                    ? "permission denied (check its mode)" : "no such file (check the path)"
                throw InboxError(.io, "Cannot read \(path): \(why)")
            }
            data = d
            name = path
            folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        }
        return try importLines([UInt8](data), name: name, folder: folder)
    }

    /// Imports JSON Lines `bytes`; `name` is used in messages, attachment paths are relative to `folder`.
    public func importLines(_ bytes: [UInt8], name: String, folder: URL) throws -> Result {
        var result = Result()
        var batch: [IncomingMessage] = []
        func flush() throws {
            guard !batch.isEmpty else { return }
            result.summary.add(try database.ingest(batch, config: config, options: options))
            batch.removeAll(keepingCapacity: true)
        }
        var lineNumber = 0
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            var line = bytes[start..<end]
            start = end < bytes.endIndex ? end + 1 : end
            lineNumber += 1
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            if lineNumber == 1, line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            result.lines += 1
            do {
                let parsed = try ChannelLineParser.parse(line)
                batch.append(try message(parsed, raw: Array(line), source: "jsonl:\(name)", folder: folder))
            } catch let failure as ChannelLineParser.Failure {
                result.badLines.append("\(name) line \(lineNumber): \(failure.description)")
            }
            if batch.count >= batchSize { try flush() }
        }
        try flush()
        return result
    }

    /// The message ingest stores for one line: its JSON as the raw bytes, its text, and its
    /// attachments read from disk.
    func message(_ l: ChannelLine, raw: [UInt8], source: String, folder: URL) throws -> IncomingMessage {
        var files: [ChannelOrigin.File] = []
        var attachments: [ParsedAttachment] = []
        for path in l.attachments {
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw ChannelLineParser.Failure(
                    "attachment \(path) cannot be read (no such file, or no permission; paths are relative to the file's folder)"
                )
            }
            let file = ChannelOrigin.File(bytes: [UInt8](data))
            files.append(file)
            let filename = url.lastPathComponent
            attachments.append(
                ParsedAttachment(
                    filename: filename, safeFilename: Self.safeName(filename), contentType: Self.contentType(filename),
                    size: data.count, contentID: nil, inline: false, partPath: "sha256:" + file.sha256))
        }
        let from: MailAddress
        switch l.direction {
        case .inbound:
            from = MailAddress(
                name: l.customer.name, address: l.customer.email ?? l.customer.phone ?? l.customer.handle ?? "")
        case .outbound:
            from = MailAddress(name: l.agent ?? "team", address: "")
        }
        let subject = l.subject ?? Self.subject(l)
        var text = l.text
        if let order = l.order, !text.contains(order) { text += (text.isEmpty ? "" : "\n\n") + "Order: \(order)" }
        let parsed = ParsedMessage(
            messageID: l.messageID, from: from, date: l.at, subject: subject, text: text, attachments: attachments)
        return IncomingMessage(
            raw: raw, parsed: parsed, source: source,
            channel: ChannelOrigin(
                channel: l.channel, conversation: l.conversation, direction: l.direction, customer: l.customer,
                files: files))
    }

    /// A subject for a message that has none: the channel and the text's first line.
    static func subject(_ l: ChannelLine) -> String {
        let first =
            l.text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        let short = first.count > 60 ? String(first.prefix(59)) + "…" : first
        return short.isEmpty ? "\(l.channel) conversation" : short
    }

    static func safeName(_ name: String) -> String {
        var s = String(
            name.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) && $0 != "/" && $0 != "\\" })
        while s.hasPrefix(".") { s.removeFirst() }
        return s.isEmpty ? "attachment.bin" : String(s.prefix(200))
    }

    static func contentType(_ name: String) -> String {
        switch (name as NSString).pathExtension.lowercased() {
        case "pdf": "application/pdf"
        case "jpg", "jpeg": "image/jpeg"
        case "png": "image/png"
        case "gif": "image/gif"
        case "webp": "image/webp"
        case "txt": "text/plain"
        case "csv": "text/csv"
        case "zip": "application/zip"
        case "mp4": "video/mp4"
        default: "application/octet-stream"
        }
    }
}
