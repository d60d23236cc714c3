/// The version of AgentInbox: the one place it is written. `inbox --version`, `inbox doctor`
/// and the first line of every log session show it.
public enum InboxVersion {
    public static let current = "0.9.0"
}
