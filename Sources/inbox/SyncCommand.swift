import ArgumentParser
import Foundation
import InboxCore
import InboxMail
import Logging
import Synchronization

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Pull new mail from the IMAP accounts of the config file (--watch keeps pulling as mail arrives).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Accounts to sync (default: all).", valueName: "account"))
    var accounts: [String] = []

    @Flag(help: "Keep running: wait for new mail with IDLE (or poll) and pull it as it arrives.")
    var watch = false

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func run() throws {
        let config = try global.loadConfig()
        let configured = config.accounts
        if configured.isEmpty {
            throw InboxError(.config, "\(global.configPath) defines no [[account]] (see docs/imap.md)")
        }
        var selected: [InboxConfig.Account] = []
        for name in accounts {
            guard let a = configured.first(where: { $0.name.lowercased() == name.lowercased() }) else {
                throw ValidationError(
                    "No account named \"\(name)\" in \(global.configPath) (accounts: \(configured.map(\.name).joined(separator: ", ")))."
                )
            }
            selected.append(a)
        }
        if selected.isEmpty { selected = configured }
        let resolved = try selected.map { try IMAPAccount.resolve($0) }

        try global.startLog(watch ? "sync --watch" : "sync")
        let database = try global.openForIngest()
        let bar = ProgressBar(enabled: Output.stderrIsTerminal && !json && !watch)
        var ingest = IngestOptions(actor: "sync")
        ingest.rules = try global.loadRules(config)
        let syncer = try IMAPSyncer(
            database: database, config: config, options: ingest, progress: { bar.update($0) })
        if watch {
            // Scheduled work (rules, snooze wake-ups, automatic replies) runs every minute.
            TickRunner.startEveryMinute(global: global, database: database, json: json)
            try runWatch(syncer, resolved, database: database)
            return
        }
        let started = Date()
        var results: [IMAPSyncer.Result] = []
        for account in resolved { results.append(syncer.sync(account)) }
        bar.finish()
        let seconds = Date().timeIntervalSince(started)
        for r in results { for f in r.failures { Output.error("error: \(f)") } }
        if json {
            struct AccountReport: Encodable {
                var account: String
                var summary: IngestSummary
                var failures: [String]
                var retries: Int
            }
            struct Report: Encodable {
                var accounts: [AccountReport]
                var seconds: Double
                var peak_rss_kib: Int
            }
            print(
                try Output.json(
                    Report(
                        accounts: results.map {
                            AccountReport(
                                account: $0.account, summary: $0.summary, failures: $0.failures, retries: $0.retries)
                        }, seconds: seconds, peak_rss_kib: Output.peakRSSKiB())))
        } else {
            for r in results {
                let rate = seconds > 0 ? Int(Double(r.summary.messages) / seconds) : 0
                Output.line("Synced \(r.account): \(r.summary.line) (\(String(format: "%.1f", seconds)) s, \(rate)/s).")
            }
        }
        try TickRunner.queueAutoReplies(database: database, config: config, quiet: json)
        if results.contains(where: { !$0.failures.isEmpty }) { throw ExitCode.failure }
    }

    /// One thread per account. Each first takes the account's lease (``AccountLease``: an
    /// advisory lock on PostgreSQL, a lock file beside a SQLite database), so that of several
    /// workers, on one machine or several, one syncs each account; the others wait, trying
    /// every 2 s, and one of them takes over when the holder dies (docs/team.md, "Several sync
    /// workers"). A worker that loses its lease (its PostgreSQL session dropped) stops syncing
    /// the account and waits for it again.
    private func runWatch(_ syncer: IMAPSyncer, _ accounts: [IMAPAccount], database: AppDatabase) throws {
        let failed = FailureFlag()
        let json = self.json
        let done = DispatchGroup()
        let logger = Logger(label: "inbox.sync")
        for account in accounts {
            done.enter()
            let thread = Thread {
                let lease = database.accountLease(account: account.name)
                defer { lease.release() }
                var ended = false
                while !ended {
                    var waited = false
                    var lastError = ""
                    _ = lease.acquire(stop: { false }) { error in
                        if let error {
                            // Said once per distinct error, in the log and on stderr.
                            guard "\(error)" != lastError else { return }
                            lastError = "\(error)"
                            logger.warning("account \(account.name): cannot take the account's lease: \(error)")
                            Output.error("warning: account \(account.name): \(error) (trying again every 2 s)")
                        } else if !waited {
                            logger.notice("account \(account.name) is held by another worker (\(lease.location))")
                            Output.error("account \(account.name) is held by another worker; waiting to take over")
                        }
                        waited = true
                    }
                    if waited {
                        logger.notice("account \(account.name): took over")
                        Output.error("account \(account.name): took over")
                    }
                    syncer.watch(account, stop: { !lease.isStillHeld() }) { result in
                        for f in result.failures { Output.error("error: \(f)") }
                        if result.fatal {
                            failed.value.store(true, ordering: .relaxed)
                            ended = true
                        }
                        if result.summary.messages > 0 {
                            let line =
                                json
                                ? (try? Output.jsonLine(WatchLine(account: account.name, new: result.summary.new)))
                                    ?? ""
                                : "\(account.name): \(result.summary.line)"
                            FileHandle.standardOutput.write(Data((line + "\n").utf8))
                        }
                    }
                    if !ended {
                        logger.warning("account \(account.name): lost the account's lease; waiting for it again")
                    }
                }
                done.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        // Each watch returns only after an error that retrying cannot fix.
        done.wait()
        if failed.value.load(ordering: .relaxed) { throw ExitCode.failure }
    }
}

/// One line of `inbox sync --watch --json`: new mail pulled for an account.
struct WatchLine: Encodable {
    var account: String
    var new: Int
}

/// Set by a watch thread that ended on an error retrying cannot fix.
final class FailureFlag: Sendable {
    let value = Atomic<Bool>(false)
}
