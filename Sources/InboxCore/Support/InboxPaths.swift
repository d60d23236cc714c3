import Foundation

/// XDG locations of the config, database and log (DESIGN §12).
public enum InboxPaths {
    private static func xdg(_ variable: String, fallback: String) -> String {
        let env = ProcessInfo.processInfo.environment
        if let value = env[variable], !value.isEmpty, value.hasPrefix("/") { return value }
        let home = env["HOME"] ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(fallback)
    }

    /// `$XDG_CONFIG_HOME/inbox`
    public static var configDirectory: String { xdg("XDG_CONFIG_HOME", fallback: ".config") + "/inbox" }
    /// `$XDG_DATA_HOME/inbox`
    public static var dataDirectory: String { xdg("XDG_DATA_HOME", fallback: ".local/share") + "/inbox" }
    /// `$XDG_STATE_HOME/inbox`
    public static var stateDirectory: String { xdg("XDG_STATE_HOME", fallback: ".local/state") + "/inbox" }

    /// The config file: `--config`, else `INBOX_CONFIG`, else the XDG default.
    public static func configFile(explicit: String?) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let env = ProcessInfo.processInfo.environment["INBOX_CONFIG"], !env.isEmpty { return env }
        return configDirectory + "/config.toml"
    }

    /// The database file: `--db`, else `INBOX_DB`, else the XDG default.
    public static func databaseFile(explicit: String?) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let env = ProcessInfo.processInfo.environment["INBOX_DB"], !env.isEmpty { return env }
        return dataDirectory + "/inbox.sqlite"
    }
}
