import Foundation
import InboxCore

/// Everything `inbox doctor` checks, in order: version, config, permissions, database,
/// templates, rules, then each IMAP account and the SMTP server. The CLI prints ``checks`` one per
/// line and fails when ``passed`` is false.
public struct DoctorReport: Sendable, Encodable {
    public var version: String
    public var checks: [DoctorCheck]
    public var passed: Bool { checks.allSatisfy(\.ok) }

    /// Runs every check. Server checks are skipped (with a failed config line already said) when
    /// the config does not parse; `servers: false` skips them on purpose.
    public static func run(
        configPath: String, databasePath: String, templatesFolder: String? = nil, servers: Bool = true
    ) async -> DoctorReport {
        var checks: [DoctorCheck] = []
        let (configCheck, config) = LocalChecks.config(path: configPath)
        checks.append(configCheck)
        checks.append(LocalChecks.permissions(configPath: configPath, config: config, databasePath: databasePath))
        checks += LocalChecks.database(path: databasePath)
        if let config {
            let folder = templatesFolder ?? TemplateLibrary.defaultFolder(config: config)
            checks.append(LocalChecks.templates(folder: folder))
            checks.append(LocalChecks.rules(config: config, configPath: configPath, templatesFolder: folder))
            if servers {
                for account in config.accounts { checks.append(ServerChecks.imap(account)) }
                checks.append(await ServerChecks.smtp(config))
            }
        }
        return DoctorReport(version: InboxVersion.current, checks: checks)
    }
}
