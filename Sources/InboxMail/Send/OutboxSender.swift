import Foundation
import InboxCore
import Logging

/// Delivers the outbox (docs/replies.md): due rows are claimed (`sending`, with an attempt
/// id) before the server sees DATA; 250 after DATA makes them `sent`; 4xx and connection
/// errors put them back in `queued` with a doubling delay; 5xx makes them `failed` with the
/// server's words. A row left `sending` by a killed process goes back to `queued`: the
/// server never acknowledged its DATA, so it did not take the message.
public struct OutboxSender: Sendable {
    public struct Summary: Sendable, Equatable {
        public var sent = 0
        public var retried = 0
        public var failed = 0
        public var released = 0
        public var errors: [String] = []
    }

    public let db: AppDatabase
    /// Mail delivery; nil when `[smtp]` is missing: mail replies then wait in the outbox and
    /// only channel replies are delivered.
    public let transport: (any MailTransport)?
    /// The `[[channel]]` tables whose `send_command` delivers channel replies (docs/channels.md).
    public var channels: [ChannelSettings]
    public var retryBase: TimeInterval
    public var maxAttempts: Int
    public var logger: Logger

    public init(
        db: AppDatabase, transport: (any MailTransport)?, channels: [ChannelSettings] = [],
        retryBase: TimeInterval = 30,
        maxAttempts: Int = 12, logger: Logger = Logger(label: "inbox.outbox")
    ) {
        self.db = db
        self.transport = transport
        self.channels = channels
        self.retryBase = retryBase
        self.maxAttempts = maxAttempts
        self.logger = logger
    }

    /// The transport `[smtp]` names: `sendmail_command`, else SMTP.
    /// - Throws: ``SMTPError/configuration(_:)`` when `[smtp]` is missing or incomplete.
    public static func transport(_ config: InboxConfig) throws -> any MailTransport {
        guard let s = config.smtp else {
            throw SMTPError.configuration(
                "config.toml has no [smtp] table, so replies stay in the outbox (add host, port, tls, user, password_command, or sendmail_command)"
            )
        }
        if let c = s.sendmail_command, !c.isEmpty { return SendmailTransport(command: c) }
        return try SMTPClient.make(s)
    }

    /// A new attempt id: "host:pid:random".
    static func attemptID() -> String {
        "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UInt32.random(in: 0...UInt32.max))"
    }

    /// The delay before attempt `attempts + 1`: base × 2^(attempts − 1), at most an hour.
    public func backoff(afterAttempts attempts: Int) -> TimeInterval {
        min(3600, retryBase * pow(2, Double(max(0, attempts - 1))))
    }

    /// Gives back rows whose attempt's process is gone (same host) or whose lease ran out.
    @discardableResult
    public func releaseAbandoned(now: Date = Date()) throws -> Int {
        let host = ProcessInfo.processInfo.hostName
        var released = 0
        for row in try db.sendingOutbox() {
            let parts = row.attemptID.split(separator: ":")
            var dead = row.leaseUntil < now
            if parts.count >= 3, String(parts[0]) == host, let pid = Int32(parts[1]), pid != getpid() {
                if kill(pid, 0) != 0 && errno == ESRCH { dead = true }
            }
            if dead {
                try db.releaseOutbox(
                    row.id, attemptID: row.attemptID,
                    reason: "the sender stopped during delivery; the server had not accepted it")
                released += 1
            }
        }
        return released
    }

    /// One pass: releases abandoned rows, then delivers every due row once, oldest first. Each
    /// row is claimed as it comes (``AppDatabase/claimNextOutbox(after:attemptID:lease:now:ignoreUndo:mail:)``),
    /// so senders on several hosts share the outbox and no row is delivered twice.
    public func flush(now: Date = Date(), ignoreUndo: Bool = false) async -> Summary {
        var summary = Summary()
        do {
            summary.released = try releaseAbandoned(now: now)
            var last: Int64 = 0
            while let d = try db.claimNextOutbox(
                after: last, attemptID: Self.attemptID(), now: now, ignoreUndo: ignoreUndo, mail: transport != nil)
            {
                last = d.id
                let id = d.id
                let attempt = d.attemptID
                if let channel = d.channel {
                    try await deliver(d, channel: channel, attempt: attempt, now: now, summary: &summary)
                    continue
                }
                guard let transport else { continue }
                do {
                    try await transport.deliver(raw: d.raw, from: d.envelopeFrom, recipients: d.recipients)
                    try db.markSent(id, attemptID: attempt, now: Date())
                    summary.sent += 1
                    // Routine: kept out of a successful command's stderr (a log file may record it).
                    logger.debug("delivered", metadata: ["outbox": "\(id)", "message_id": "\(d.messageID)"])
                } catch {
                    let e = (error as? SMTPError) ?? .connection("\(error)")
                    if e.isTemporary && d.attempts < maxAttempts {
                        try db.markRetry(
                            id, attemptID: attempt, error: e.description,
                            nextAttempt: now.addingTimeInterval(backoff(afterAttempts: d.attempts)))
                        summary.retried += 1
                    } else {
                        try db.markFailed(id, attemptID: attempt, error: e.description, now: now)
                        summary.failed += 1
                    }
                    summary.errors.append("outbox \(id): \(e.description)")
                    logger.warning("delivery failed", metadata: ["outbox": "\(id)", "error": "\(e.description)"])
                }
            }
        } catch {
            summary.errors.append("\(error)")
        }
        return summary
    }

    /// Runs the channel's `send_command` with the reply's JSON on stdin: exit 0 is `sent`, 75
    /// (EX_TEMPFAIL) or a timeout a retry with backoff, anything else `failed` with the
    /// command's stderr. A retry carries the same idempotency key (the row's Message-ID), so
    /// a command that remembers keys delivers once even when we were killed while it ran.
    func deliver(_ d: OutboxDelivery, channel: String, attempt: String, now: Date, summary: inout Summary) async throws
    {
        let settings = channels.first { ChannelSettings.normalized($0.name) == channel }
        guard let command = settings?.send_command, !command.trimmingCharacters(in: .whitespaces).isEmpty else {
            let why =
                "channel \(channel) has no send_command (add it to the [[channel]] named \"\(channel)\" in config.toml; see docs/channels.md)"
            try db.markRetry(
                d.id, attemptID: attempt, error: why,
                nextAttempt: now.addingTimeInterval(backoff(afterAttempts: d.attempts)))
            summary.retried += 1
            summary.errors.append("outbox \(d.id): \(why)")
            return
        }
        let runner = ExternalCommand(
            command, purpose: "send_command of channel \(channel)", timeout: settings?.send_timeout ?? 30)
        let input = d.raw
        var environment = ProcessInfo.processInfo.environment
        environment["INBOX_IDEMPOTENCY_KEY"] = d.messageID
        environment["INBOX_CHANNEL"] = channel
        let env = environment
        let outcome: Result<ExternalCommand.Result, Error> = await withCheckedContinuation { continuation in
            // The command may take seconds: a thread of its own, not the cooperative pool's.
            Thread.detachNewThread {
                continuation.resume(returning: Result { try runner.run(input: input, environment: env) })
            }
        }
        var temporary: String?
        var permanent: String?
        switch outcome {
        case .success(let r) where r.status == 0:
            try db.markSent(d.id, attemptID: attempt, now: Date())
            summary.sent += 1
            logger.debug("delivered", metadata: ["outbox": "\(d.id)", "channel": "\(channel)"])
            return
        case .success(let r) where r.status == 75:
            temporary =
                "send_command of channel \(channel) asked to try again later (exit 75)" + Self.stderrText(r.stderr)
        case .success(let r):
            permanent =
                "send_command of channel \(channel) failed with exit status \(r.status)" + Self.stderrText(r.stderr)
        case .failure(let e):
            temporary = "\(e)"
        }
        if let why = temporary, d.attempts < maxAttempts {
            try db.markRetry(
                d.id, attemptID: attempt, error: why,
                nextAttempt: now.addingTimeInterval(backoff(afterAttempts: d.attempts)))
            summary.retried += 1
            summary.errors.append("outbox \(d.id): \(why)")
        } else {
            let why = permanent ?? temporary ?? "send_command of channel \(channel) failed"
            try db.markFailed(d.id, attemptID: attempt, error: why, now: now)
            summary.failed += 1
            summary.errors.append("outbox \(d.id): \(why)")
        }
        logger.warning("channel delivery failed", metadata: ["outbox": "\(d.id)", "channel": "\(channel)"])
    }

    /// ": <stderr>" (its first 500 characters), or "" when the command said nothing.
    static func stderrText(_ stderr: String) -> String {
        guard !stderr.isEmpty else { return "" }
        return ": " + (stderr.count > 500 ? String(stderr.prefix(500)) + "…" : stderr)
    }

    /// Flushes every `interval` seconds until the task is cancelled (the TUI's sender).
    public func run(every interval: TimeInterval = 2) async {
        while !Task.isCancelled {
            _ = await flush()
            try? await Task.sleep(nanoseconds: UInt64(interval * 1e9))
        }
    }
}
