import Foundation

/// `inbox export`: writes selected tickets in one of the ``ExportFormat``s.
///
/// Memory stays bounded: the archive is copied a few hundred rows at a time, and the other formats are
/// written one ticket at a time through a buffered file. The output appears under its name
/// only when complete (it is written under a hidden temporary name first); an existing file
/// is never overwritten.
public struct Exporter: Sendable {
    public let database: AppDatabase
    /// The team's own addresses, which `--redact` keeps readable.
    public let ownAddresses: Set<String>

    public init(database: AppDatabase, ownAddresses: Set<String> = []) {
        self.database = database
        self.ownAddresses = ownAddresses
    }

    /// Exports `selection` as `format` to `path`.
    ///
    /// With `redact`, personal data is replaced everywhere (see ``Redactor``) and the summary
    /// says what was replaced. `.all` also takes the mail kept without a ticket (quarantine)
    /// into the archive and mbox formats; the transcripts and JSON Lines hold tickets only.
    /// - Throws: ``InboxError`` when a ticket does not exist, the selection is empty, or the
    ///   file cannot be written.
    public func export(
        _ selection: ExportSelection, format: ExportFormat, to path: String, redact: Bool = false,
        progress: (@Sendable (ExportProgress) -> Void)? = nil
    ) throws -> ExportSummary {
        let ids = try database.exportTicketIDs(selection)
        let unticketed = selection == .all && (format == .archive || format == .mbox)
        let quarantined = unticketed ? try database.exportMessageCount(tickets: [], unticketed: true) : 0
        if ids.isEmpty && quarantined == 0 {
            throw InboxError(
                .notFound, "No tickets match, so there is nothing to export (check the selection with `inbox tickets`)")
        }
        let total = try database.exportMessageCount(tickets: ids, unticketed: unticketed)
        var redactor: Redactor?
        if redact {
            let r = Redactor(ownAddresses: ownAddresses)
            try database.seedRedactor(r, tickets: ids, unticketed: unticketed)
            redactor = r
        }
        var summary = ExportSummary(format: format.rawValue, output: path, tickets: ids.count, messages: 0, bytes: 0)
        switch format {
        case .archive:
            let temporary = OutputFile.temporaryName(for: path)
            guard !FileManager.default.fileExists(atPath: path) else {
                throw InboxError(.io, "\(path) already exists (remove it or choose another --output)")
            }
            do {
                summary.messages = try database.writeArchive(
                    to: temporary, tickets: ids, unticketed: unticketed, redactor: redactor,
                    progress: { n in
                        progress?(
                            ExportProgress(tickets: 0, ticketsTotal: ids.count, messages: n, messagesTotal: total))
                    })
                guard rename(temporary, path) == 0 else {
                    throw InboxError(.io, "Cannot move the archive into \(path): \(String(cString: strerror(errno)))")
                }
            } catch {
                unlink(temporary)
                unlink(temporary + "-journal")
                throw error
            }
            summary.bytes =
                ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int).map(Int64.init) ?? 0
        case .jsonl, .mbox, .html, .md:
            let file = try OutputFile(path: path)
            summary.messages = try writeDocument(
                format, ids: ids, unticketed: unticketed, total: total, redactor: redactor, file: file,
                progress: progress)
            try file.commit()
            summary.bytes = file.bytesWritten
        }
        summary.redacted = redactor?.report
        return summary
    }

    private func writeDocument(
        _ format: ExportFormat, ids: [Int64], unticketed: Bool, total: Int, redactor: Redactor?, file: OutputFile,
        progress: (@Sendable (ExportProgress) -> Void)?
    ) throws -> Int {
        var messages = 0
        var lastReport = Date.distantPast
        func report(_ done: Int, force: Bool = false) {
            let now = Date()
            guard force || now.timeIntervalSince(lastReport) >= 0.1 else { return }
            lastReport = now
            progress?(ExportProgress(tickets: done, ticketsTotal: ids.count, messages: messages, messagesTotal: total))
        }
        let title = "AgentInbox export: \(ids.count) ticket\(ids.count == 1 ? "" : "s")"
        let subtitle =
            "Exported \(ExportText.date(Date()))"
            + (redactor != nil ? " · redacted: personal data replaced by placeholders" : "")
        var contents: [(Int64, String)] = []
        switch format {
        case .html: try file.write(HTMLTranscript.header(title: title, subtitle: subtitle))
        case .md: try file.write(MarkdownTranscript.header(title: title, subtitle: subtitle))
        default: break
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        for (index, id) in ids.enumerated() {
            if format == .mbox {
                try database.forEachRawSource(ticket: id) { m, raw in
                    try writeMbox(m, raw: raw, redactor: redactor, to: file)
                    messages += 1
                }
            } else {
                var detail = try database.ticketDetail(id)
                if let redactor { detail = try redacted(detail, redactor) }
                messages += detail.messages.count
                switch format {
                case .jsonl:
                    try file.write(
                        Array(try encoder.encode(WithExtraKey(detail, "reviews", try reviews(id, redactor)))))
                    try file.write([0x0A])
                case .html:
                    try file.write(HTMLTranscript.ticket(detail))
                    contents.append((id, detail.ticket.subject))
                case .md:
                    try file.write(MarkdownTranscript.ticket(detail))
                default: break
                }
            }
            report(index + 1)
        }
        if unticketed && format == .mbox {
            try database.forEachRawSource(ticket: nil) { m, raw in
                try writeMbox(m, raw: raw, redactor: redactor, to: file)
                messages += 1
            }
        }
        if format == .html { try file.write(HTMLTranscript.footer(contents: contents.count <= 5000 ? contents : [])) }
        report(ids.count, force: true)
        return messages
    }

    private func reviews(_ ticket: Int64, _ redactor: Redactor?) throws -> [TicketReview] {
        try database.reviewSummary(ticket: ticket).map { r in
            var r = r
            if let redactor { r.notes = redactor.redact(r.notes) }
            return r
        }
    }

    // MARK: - mbox

    /// One mboxrd entry: a `From ` line, the bytes with every `>*From ` line given one more
    /// `>`, and a blank separator line. Readers (ours, Python's `mailbox`) give the bytes
    /// back exactly, except that a source without a final newline gains one.
    func writeMbox(_ m: MessageDetail, raw: [UInt8], redactor: Redactor?, to file: OutputFile) throws {
        var bytes = raw
        var sender = m.from.address ?? "MAILER-DAEMON"
        if let redactor {
            bytes = try redactedSource(m, redactor)
            sender = redactor.address(sender)
        }
        let envelope = sender.filter { !$0.isWhitespace && !$0.isNewline }
        try file.write("From \(envelope.isEmpty ? "MAILER-DAEMON" : envelope) \(Self.asctime(m.date ?? Date()))\n")
        try file.write(Self.mboxrdEscape(bytes))
        if bytes.last != 0x0A { try file.write([0x0A]) }
        try file.write([0x0A])
    }

    /// `bytes` with `>` added before every line that starts with zero or more `>` then `From `.
    public static func mboxrdEscape(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 64)
        var lineStart = true
        var i = 0
        let from = Array("From ".utf8)
        while i < bytes.count {
            if lineStart {
                var j = i
                while j < bytes.count, bytes[j] == UInt8(ascii: ">") { j += 1 }
                if bytes.count - j >= 5, Array(bytes[j..<(j + 5)]) == from { out.append(UInt8(ascii: ">")) }
            }
            let b = bytes[i]
            out.append(b)
            lineStart = b == 0x0A
            i += 1
        }
        return out
    }

    static func asctime(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "EEE MMM d HH:mm:ss yyyy"
        var s = f.string(from: date)
        // asctime pads the day of month to two columns with a space.
        let parts = s.split(separator: " ", omittingEmptySubsequences: false)
        if parts.count == 5, parts[2].count == 1 { s = "\(parts[0]) \(parts[1])  \(parts[2]) \(parts[3]) \(parts[4])" }
        return s
    }

    // MARK: - Redaction of read models

    private func redactedSource(_ m: MessageDetail, _ r: Redactor) throws -> [UInt8] {
        let headers = try database.threadHeaders(messageID: m.messageID, sha256: m.sha256)
        return RedactedSource.build(
            .init(
                messageID: m.messageID, inReplyTo: headers.inReplyTo, references: headers.references, date: m.date,
                from: m.from.address.map {
                    MailAddress(name: r.name(m.from.name, address: $0), address: r.address($0))
                },
                to: m.to.map { r.redact($0) }, cc: m.cc.map { r.redact($0) }, subject: r.redact(m.subject),
                text: r.redact(m.text), attachmentNames: m.attachments.map { r.redact($0.filename ?? $0.safeFilename) })
        )
    }

    private func redacted(_ d: TicketDetail, _ r: Redactor) throws -> TicketDetail {
        var d = d
        d.ticket.subject = r.redact(d.ticket.subject)
        if let a = d.ticket.customer.address {
            d.ticket.customer.name = r.name(d.ticket.customer.name, address: a)
            d.ticket.customer.address = r.address(a)
        }
        d.messages = try d.messages.map { m in
            var m = m
            m.sha256 = RawDigest.sha256Hex(try redactedSource(m, r))
            if let a = m.from.address {
                m.from.name = r.name(m.from.name, address: a)
                m.from.address = r.address(a)
            }
            m.to = m.to.map { r.redact($0) }
            m.cc = m.cc.map { r.redact($0) }
            m.subject = r.redact(m.subject)
            m.text = r.redact(m.text)
            m.threadReason = r.redact(m.threadReason)
            m.problems = m.problems.map { r.redact($0) }
            m.attachments = m.attachments.map { a in
                var a = a
                a.filename = a.filename.map { r.redact($0) }
                a.safeFilename = r.redact(a.safeFilename)
                return a
            }
            return m
        }
        if var profile = d.customerProfile {
            profile.name = r.name(profile.name, address: profile.address)
            profile.address = r.address(profile.address)
            profile.organisation = profile.organisation.map { r.redact($0) }
            profile.notes = profile.notes.map { r.redact($0) }
            profile.failingReason = profile.failingReason.map { r.redact($0) }
            profile.tickets = profile.tickets.map { t in
                var t = t
                t.subject = r.redact(t.subject)
                return t
            }
            d.customerProfile = profile
        }
        d.events = d.events.map { e in
            var e = e
            e.old = e.old.map { r.redact($0) }
            e.new = e.new.map { r.redact($0) }
            e.detail = e.detail.map { r.redact($0) }
            return e
        }
        return d
    }
}
