import Foundation
import InboxCore

/// An `[[account]]` ready to connect: endpoint, user, password looked up, folders, actions.
public struct IMAPAccount: Sendable {
    public enum AfterImport: Sendable, Equatable {
        case seen
        case move(String)
    }

    public var name: String
    public var endpoint: IMAPEndpoint
    public var user: String
    /// Kept in memory only: never logged, never stored.
    public var password: String
    public var mechanism: IMAPSession.Mechanism
    public var folders: [String]
    public var afterImport: AfterImport?
    /// Seconds between polls under `--watch` when IDLE is not offered (and for other folders).
    public var poll: Double

    public init(
        name: String, endpoint: IMAPEndpoint, user: String, password: String,
        mechanism: IMAPSession.Mechanism = .automatic, folders: [String] = ["INBOX"], afterImport: AfterImport? = nil,
        poll: Double = 60
    ) {
        self.name = name
        self.endpoint = endpoint
        self.user = user
        self.password = password
        self.mechanism = mechanism
        self.folders = folders
        self.afterImport = afterImport
        self.poll = poll
    }

    /// The environment variable that may hold an account's password: `INBOX_PASSWORD_` and the
    /// name upper-cased, other characters than letters and digits as `_`.
    public static func passwordVariable(_ account: String) -> String {
        "INBOX_PASSWORD_"
            + String(
                account.uppercased().unicodeScalars.map {
                    ($0.isASCII && CharacterSet.alphanumerics.contains($0)) ? Character($0) : "_"
                })
    }

    /// Resolves a configured account: the password comes from `INBOX_PASSWORD_<ACCOUNT>`, else
    /// `password_command` (its first output line), else `password` in the file.
    /// - Throws: ``IMAPError`` of kind `.config` with what to fix.
    public static func resolve(
        _ a: InboxConfig.Account, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> IMAPAccount {
        let security = IMAPEndpoint.Security(rawValue: a.tls ?? "implicit") ?? .implicit
        let port = a.port ?? (security == .implicit ? 993 : 143)
        var caFile = a.ca_file
        if let f = caFile, f.hasPrefix("~/") {
            caFile = FileManager.default.homeDirectoryForCurrentUser.path + String(f.dropFirst(1))
        }
        let endpoint = IMAPEndpoint(host: a.host, port: port, security: security, caFile: caFile)
        let variable = passwordVariable(a.name)
        let password: String
        if OAuth2Settings.isOAuth2(a.auth) {
            do {
                password = try OAuth2Settings.token(
                    command: a.oauth2_token_command ?? "", purpose: "oauth2_token_command of account \"\(a.name)\"")
            } catch let error as InboxError {
                throw IMAPError(.config, error.description)
            }
        } else if let value = environment[variable], !value.isEmpty {
            password = value
        } else if let command = a.password_command {
            password = try runPasswordCommand(command, account: a.name)
        } else if let value = a.password {
            password = value
        } else {
            throw IMAPError(
                .config,
                "account \"\(a.name)\" has no password: set password_command in its [[account]] table or the environment variable \(variable)"
            )
        }
        var after: AfterImport?
        if a.after_import == "seen" {
            after = .seen
        } else if let m = a.after_import, m.hasPrefix("move:") {
            after = .move(String(m.dropFirst(5)))
        }
        let mechanism: IMAPSession.Mechanism =
            switch a.auth ?? "automatic" {
            case "login": .login
            case "plain": .plain
            case "xoauth2": .xoauth2
            case "oauthbearer": .oauthbearer
            default: .automatic
            }
        return IMAPAccount(
            name: a.name, endpoint: endpoint, user: a.user, password: password, mechanism: mechanism,
            folders: a.folders ?? ["INBOX"], afterImport: after, poll: a.poll.flatMap(InboxConfig.seconds) ?? 60)
    }

    /// The password `password_command` prints (the shared runner: first line, CR/LF stripped,
    /// empty refused, 30 s timeout, never quoted).
    static func runPasswordCommand(_ command: String, account: String) throws -> String {
        do {
            return try ExternalCommand(command, purpose: "password_command of account \"\(account)\"").secret()
        } catch let error as CustomStringConvertible & Error {
            throw IMAPError(.config, error.description)
        }
    }
}
