import Foundation

/// The checks of `inbox doctor` that need no network: the config file (syntax, keys, the
/// permissions of files holding secrets), the database and the templates. The server checks
/// are in InboxMail (``ServerChecks``); ``DoctorReport`` runs them all.
public enum LocalChecks {
    /// Parses the config file. A missing file is fine (the defaults apply).
    /// - Returns: the check and the parsed config (nil when it does not parse).
    public static func config(path: String) -> (DoctorCheck, InboxConfig?) {
        let fm = FileManager.default
        guard fm.fileExists(atPath: path) else {
            return (
                .pass("config", "no file at \(path); the defaults apply (run `inbox init` to write one)"), InboxConfig()
            )
        }
        guard let data = fm.contents(atPath: path) else {
            return (.fail("config", "cannot read \(path) (check its owner and mode)"), nil)
        }
        do {
            let config = try InboxConfig.parse(String(decoding: data, as: UTF8.self), path: path)
            var parts = ["\(config.queues.count) queue\(config.queues.count == 1 ? "" : "s")"]
            parts.append("\(config.accounts.count) IMAP account\(config.accounts.count == 1 ? "" : "s")")
            if config.smtp != nil { parts.append("[smtp]") }
            return (.pass("config", "\(path) reads well (\(parts.joined(separator: ", ")))"), config)
        } catch {
            return (.fail("config", "\(error)"), nil)
        }
    }

    /// Files that hold secrets must not be readable by other users: the config when it holds a
    /// password in clear, and the database (customer mail).
    public static func permissions(configPath: String, config: InboxConfig?, databasePath: String) -> DoctorCheck {
        var problems: [String] = []
        if let config, let holder = config.accounts.first(where: { $0.password != nil }),
            let mode = mode(of: configPath), mode & 0o077 != 0
        {
            problems.append(
                "\(configPath) holds the password of account \"\(holder.name)\" but its mode is \(String(mode, radix: 8)) (run `chmod 600 \(configPath)`, or use password_command)"
            )
        }
        for path in [databasePath, databasePath + "-wal", SearchIndex.path(forStore: databasePath)] {
            if let mode = mode(of: path), mode & 0o077 != 0 {
                problems.append(
                    "\(path) has mode \(String(mode, radix: 8)) and holds customer mail (run `chmod 600 \(path)`)")
            }
        }
        if problems.isEmpty {
            return .pass("permissions", "files holding secrets or mail are readable by their owner only")
        }
        return .fail("permissions", problems.joined(separator: "; "))
    }

    static func mode(of path: String) -> Int? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue
        else { return nil }
        return mode & 0o777
    }

    /// Integrity, migrations and size of the database, without changing it.
    public static func database(path: String) -> [DoctorCheck] {
        if PostgresURL.isPostgres(path) {
            // Never the URL itself: it may hold a password.
            return [
                .fail(
                    "database",
                    "\(PostgresURL.masked(path)) is PostgreSQL: doctor checks SQLite files so far; run `inbox db info` for it (docs/team.md)"
                )
            ]
        }
        guard FileManager.default.fileExists(atPath: path) else {
            return [.fail("database", "no database at \(path) (run `inbox init`, or pass --db PATH)")]
        }
        let health: DatabaseHealth
        do {
            health = try AppDatabase.health(path: path)
        } catch {
            return [.fail("database", "\(error)")]
        }
        var checks: [DoctorCheck] = []
        if health.problems.isEmpty {
            checks.append(.pass("database integrity", "\(path) passes SQLite's quick_check"))
        } else {
            checks.append(
                .fail(
                    "database integrity",
                    "\(path): \(health.problems.prefix(3).joined(separator: "; ")) (restore it from a backup, or run `sqlite3 \(path) .recover` into a new file)"
                ))
        }
        if !health.unknownMigrations.isEmpty {
            checks.append(
                .fail(
                    "database migrations",
                    "written by a newer inbox (migrations \(health.unknownMigrations.joined(separator: ", ")) are unknown to \(InboxVersion.current)); install that version again"
                ))
        } else if health.pendingMigrations.isEmpty {
            checks.append(.pass("database migrations", "all \(health.appliedMigrations.count) applied"))
        } else {
            checks.append(
                .pass(
                    "database migrations",
                    "\(health.appliedMigrations.count) applied, \(health.pendingMigrations.count) to apply the next time a command opens it"
                ))
        }
        checks.append(
            .pass(
                "database size",
                "\(Self.bytes(health.storeBytes)) store, \(Self.bytes(health.searchIndexBytes)) search index, \(health.messages) messages"
            ))
        return checks
    }

    /// Lints the templates folder (what `inbox templates lint` does).
    public static func templates(folder: String) -> DoctorCheck {
        do {
            let library = try TemplateLibrary.load(folder: folder)
            let findings = library.lint()
            if findings.isEmpty {
                return .pass("templates", "\(library.templates.count) in \(folder), no problems")
            }
            let more = findings.count > 1 ? " and \(findings.count - 1) more" : ""
            return .fail(
                "templates",
                "\(findings[0].description)\(more) (fix the file; `inbox templates lint` lists every problem)")
        } catch {
            return .fail("templates", "\(error)")
        }
    }

    /// `rules.toml` (DESIGN §16): passes when there is none; fails on the first error
    /// `inbox rules lint` would report, warnings are named but pass.
    public static func rules(config: InboxConfig, configPath: String, templatesFolder: String) -> DoctorCheck {
        let path = RuleBook.path(config: config, configPath: configPath)
        guard let data = FileManager.default.contents(atPath: path) else {
            return .pass("rules", "no rules file at \(path)")
        }
        let library = try? TemplateLibrary.load(folder: templatesFolder)
        let findings = RuleLinter.lint(
            String(decoding: data, as: UTF8.self), path: path, config: config, templates: library)
        let errors = findings.filter { $0.level == .error }
        if let first = errors.first {
            let more = errors.count > 1 ? " and \(errors.count - 1) more" : ""
            return .fail("rules", "\(first.description)\(more) (fix the rule; `inbox rules lint` lists every problem)")
        }
        let (book, _) = RuleBook.parse(String(decoding: data, as: UTF8.self), path: path)
        let warned =
            findings.isEmpty
            ? "no problems" : "\(findings.count) warning\(findings.count == 1 ? "" : "s") (`inbox rules lint`)"
        return .pass("rules", "\(book.rules.count) rule\(book.rules.count == 1 ? "" : "s") in \(path), \(warned)")
    }

    static func bytes(_ n: Int64) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(n)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(n) bytes" : "\(String(format: "%.1f", value)) \(units[unit])"
    }
}
