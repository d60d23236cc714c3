import Foundation
import InboxCore
import Logging

/// The network checks of `inbox doctor`: each IMAP account and the SMTP server are connected
/// to, TLS is set up as configured, and the credentials are tried. No mail is read or sent.
public enum ServerChecks {
    /// Connects to the account's server, starts TLS as configured, signs in and logs out.
    public static func imap(
        _ account: InboxConfig.Account, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> DoctorCheck {
        let name = "imap \(account.name)"
        let resolved: IMAPAccount
        do {
            resolved = try IMAPAccount.resolve(account, environment: environment)
        } catch {
            return .fail(name, "\(error)")
        }
        let endpoint = resolved.endpoint
        let place = "\(endpoint.host):\(endpoint.port)"
        let session: IMAPSession
        do {
            session = try IMAPSession.open(endpoint, logger: Logger(label: "inbox.doctor"))
        } catch let error as IMAPError {
            let hint: String
            switch error.kind {
            case .connection, .timeout:
                hint = " (check host and port in its [[account]] table, and that the server is up and reachable)"
            case .certificate: hint = " (set ca_file in its [[account]] table for a private authority)"
            default: hint = ""
            }
            return .fail(name, "cannot connect to \(place): \(error.description)\(hint)")
        } catch {
            return .fail(name, "cannot connect to \(place): \(error) (check host and port in its [[account]] table)")
        }
        defer { session.logout() }
        do {
            try session.login(user: resolved.user, password: resolved.password, mechanism: resolved.mechanism)
        } catch {
            return .fail(name, "\(error)")
        }
        let tls: String
        switch endpoint.security {
        case .implicit: tls = "TLS"
        case .starttls: tls = "STARTTLS"
        case .none: tls = "no TLS (loopback)"
        }
        return .pass(name, "\(place), \(tls), signed in as \(resolved.user)")
    }

    /// Connects to `[smtp]`, starts TLS as configured and signs in (no mail is sent).
    /// A `sendmail_command` is not run: only its presence is reported.
    public static func smtp(_ config: InboxConfig) async -> DoctorCheck {
        guard let s = config.smtp else {
            return .pass("smtp", "no [smtp] table: replies stay in the outbox until you add one (docs/replies.md)")
        }
        if let command = s.sendmail_command, !command.isEmpty {
            return .pass("smtp", "replies go to sendmail_command (not run by doctor)")
        }
        let client: SMTPClient
        do {
            client = try SMTPClient.make(s)
        } catch {
            return .fail("smtp", "\(error)")
        }
        do {
            let what = try await client.checkLogin()
            return .pass("smtp", "\(client.host):\(client.port), \(what)")
        } catch let error as SMTPError {
            switch error {
            case .connection(let why), .protocolViolation(let why):
                return .fail(
                    "smtp",
                    "cannot talk to \(client.host):\(client.port): \(why) (check [smtp] host, port and tls, and that the server is up)"
                )
            case .temporary(let why):
                return .fail(
                    "smtp", "\(client.host):\(client.port) answered \(why) (a temporary refusal: try again later)")
            default: break
            }
            return .fail("smtp", "\(client.host):\(client.port): \(error)")
        } catch {
            return .fail("smtp", "\(client.host):\(client.port): \(error)")
        }
    }
}
