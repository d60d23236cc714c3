import Foundation

/// OAuth2 sign-in for IMAP and SMTP (docs/oauth2.md): `auth = "xoauth2"` or `"oauthbearer"`
/// with `oauth2_token_command`, which prints a fresh access token (refreshing it is the
/// command's job, as with aerc or himalaya).
public enum OAuth2Settings {
    /// True for the `auth` values that sign in with an access token.
    public static func isOAuth2(_ auth: String?) -> Bool {
        guard let auth else { return false }
        return auth == "xoauth2" || auth == "oauthbearer"
    }

    /// Runs `command` through the shared runner and returns the access token it printed.
    /// `purpose` names the command in errors ("oauth2_token_command of account \"support\"");
    /// the token and the command's output are never quoted.
    /// - Throws: ``InboxError`` of code `.config` that names the command and says what to do.
    public static func token(command: String, purpose: String, timeout: TimeInterval = 60) throws -> String {
        do {
            return try ExternalCommand(command, purpose: purpose, timeout: timeout).secret()
        } catch let error as ExternalCommand.Failure {
            throw InboxError(.config, "\(error.description); no access token for OAuth2 sign-in")
        } catch let error as InboxError {
            throw InboxError(
                .config, "\(error.description); it must print a fresh OAuth2 access token (see docs/oauth2.md)")
        }
    }

    /// The XOAUTH2 initial response (Google's and Microsoft's SASL mechanism), not yet base64.
    public static func xoauth2(user: String, token: String) -> [UInt8] {
        Array("user=\(user)\u{1}auth=Bearer \(token)\u{1}\u{1}".utf8)
    }

    /// The OAUTHBEARER initial response (RFC 7628), not yet base64.
    public static func oauthbearer(user: String, token: String, host: String, port: Int) -> [UInt8] {
        let name = user.replacingOccurrences(of: "=", with: "=3D").replacingOccurrences(of: ",", with: "=2C")
        return Array("n,a=\(name),\u{1}host=\(host)\u{1}port=\(port)\u{1}auth=Bearer \(token)\u{1}\u{1}".utf8)
    }
}
