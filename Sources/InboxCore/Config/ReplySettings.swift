import Foundation

/// `[smtp]` in config.toml: where replies are delivered. The password comes from
/// `password_command` at send time and is never stored or logged.
public struct SMTPSettings: Codable, Sendable, Equatable {
    public var host: String?
    public var port: Int?
    /// implicit | starttls | none (none is refused unless the host is loopback).
    public var tls: String?
    public var user: String?
    public var password_command: String?
    /// Instead of SMTP: a sendmail-compatible command that reads the message on stdin
    /// (`msmtp -t`); exit 0 is delivered, 75 (EX_TEMPFAIL) is retried, anything else failed.
    public var sendmail_command: String?
    /// Extra certificate authorities (PEM) to trust, for a private server.
    public var ca_file: String?
    /// The name EHLO announces (default: the host name).
    public var helo: String?
    /// Seconds for connecting and for each server reply (default 30).
    public var timeout: Double?
    /// "automatic" (PLAIN or LOGIN with password_command, default), "xoauth2" or "oauthbearer".
    public var auth: String?
    /// With an OAuth2 `auth`: a shell command whose first output line is a fresh access token.
    public var oauth2_token_command: String?

    public init(
        host: String? = nil, port: Int? = nil, tls: String? = nil, user: String? = nil, password_command: String? = nil,
        sendmail_command: String? = nil, ca_file: String? = nil, helo: String? = nil, timeout: Double? = nil,
        auth: String? = nil, oauth2_token_command: String? = nil
    ) {
        self.host = host
        self.port = port
        self.tls = tls
        self.user = user
        self.password_command = password_command
        self.sendmail_command = sendmail_command
        self.ca_file = ca_file
        self.helo = helo
        self.timeout = timeout
        self.auth = auth
        self.oauth2_token_command = oauth2_token_command
    }

    enum CodingKeys: String, CodingKey {
        case host, port, tls, user, password_command, sendmail_command, ca_file, helo, timeout, auth,
            oauth2_token_command
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        host = try c.decodeIfPresent(String.self, forKey: .host)
        port = try c.decodeIfPresent(Int.self, forKey: .port)
        tls = try c.decodeIfPresent(String.self, forKey: .tls)
        user = try c.decodeIfPresent(String.self, forKey: .user)
        password_command = try c.decodeIfPresent(String.self, forKey: .password_command)
        sendmail_command = try c.decodeIfPresent(String.self, forKey: .sendmail_command)
        ca_file = try c.decodeIfPresent(String.self, forKey: .ca_file)
        helo = try c.decodeIfPresent(String.self, forKey: .helo)
        timeout = try c.decodeSeconds(forKey: .timeout)
        auth = try c.decodeIfPresent(String.self, forKey: .auth)
        oauth2_token_command = try c.decodeIfPresent(String.self, forKey: .oauth2_token_command)
    }
}

/// `[replies]` in config.toml.
public struct ReplySettings: Codable, Sendable, Equatable {
    /// Default `$XDG_CONFIG_HOME/inbox/templates`.
    public var templates: String?
    /// Seconds a queued reply waits before delivery, so it can be taken back (default 10).
    public var undo_window: Double?
    /// Regular expressions for order numbers (see ``OrderNumberFinder``).
    public var order_patterns: [String]?
    /// First retry delay in seconds; it doubles with each attempt up to an hour (default 30).
    public var retry_base: Double?
    /// Attempts before a temporary failure is given up as failed (default 12).
    public var max_attempts: Int?

    public init(
        templates: String? = nil, undo_window: Double? = nil, order_patterns: [String]? = nil,
        retry_base: Double? = nil, max_attempts: Int? = nil
    ) {
        self.templates = templates
        self.undo_window = undo_window
        self.order_patterns = order_patterns
        self.retry_base = retry_base
        self.max_attempts = max_attempts
    }

    enum CodingKeys: String, CodingKey {
        case templates, undo_window, order_patterns, retry_base, max_attempts
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        templates = try c.decodeIfPresent(String.self, forKey: .templates)
        undo_window = try c.decodeSeconds(forKey: .undo_window, allowZero: true)
        order_patterns = try c.decodeIfPresent([String].self, forKey: .order_patterns)
        retry_base = try c.decodeSeconds(forKey: .retry_base)
        max_attempts = try c.decodeIfPresent(Int.self, forKey: .max_attempts)
    }

    public var undoWindow: TimeInterval { max(0, undo_window ?? 10) }
    public var retryBase: TimeInterval { max(1, retry_base ?? 30) }
    public var maxAttempts: Int { max(1, max_attempts ?? 12) }
}
