import Foundation

/// Who the people of a report are (docs/reports.md, "Per agent"): one agent is one identity,
/// whether the inbox knows them by their configured name, their login or their address.
///
/// Built from `[agent]` and `[[agents]]` (name, email, login). Mail sent through the inbox
/// counts for the agent who sent it; other mail from a queue or team address (a reply written
/// in another mail client from the shared mailbox) counts for ``team``. Names the directory
/// does not know stand for themselves. Value type, thread-safe.
public struct AgentDirectory: Sendable {
    /// The row of replies sent from a team address by nobody the inbox knows.
    public static let team = "team"

    private var canonical: [String: String] = [:]
    private var teamAddresses = Set<String>()
    private var queueNames = Set<String>()

    /// - Parameter login: the login of the person running this installation, which belongs
    ///   to `[agent]` when that table gives no `login` (the CLI passes `--agent`/`INBOX_AGENT`/`$USER`).
    public init(config: InboxConfig, login: String? = nil) {
        var agents: [(InboxConfig.Agent, String?)] = (config.agents ?? []).map { ($0, $0.login) }
        if let a = config.agent { agents.insert((a, a.login ?? login), at: 0) }
        for (a, login) in agents {
            for key in [a.name, a.email, login].compactMap({ $0 }) where !key.isEmpty {
                let k = key.lowercased()
                if canonical[k] == nil { canonical[k] = a.name }
            }
        }
        let agentAddresses = Set(agents.compactMap { $0.0.email?.lowercased() })
        teamAddresses = config.ownAddresses.subtracting(agentAddresses)
        queueNames = Set(config.queues.map { $0.name.lowercased() })
    }

    /// The agent behind an actor of the audit log (a login, a configured name or an address).
    public func agent(named name: String) -> String {
        let k = name.lowercased()
        if let a = canonical[k] { return a }
        if queueNames.contains(k) || teamAddresses.contains(k) { return Self.team }
        return name
    }

    /// The agent behind a reply: `agent` is the sender recorded by the inbox when it sent the
    /// message (nil for mail that came in through ingest), `name` and `address` its From.
    public func sender(agent: String?, name: String?, address: String?) -> String {
        if let agent, !agent.isEmpty { return self.agent(named: agent) }
        let a = address?.lowercased() ?? ""
        if let known = canonical[a] { return known }
        if teamAddresses.contains(a) { return Self.team }
        // "Ada (Returns) <returns@…>" from a queue address is caught above; a name alone:
        if let name, !name.isEmpty {
            let k = name.lowercased()
            if let known = canonical[k] { return known }
            if queueNames.contains(k) { return Self.team }
            return name
        }
        return address ?? "?"
    }

    /// Our own words, never a customer's complaint: the agents' names, logins, addresses and
    /// signatures, the queue names and addresses, and the shop's domains, split into words of
    /// three or more letters and folded to lower case (``ComplaintTerms``' words).
    public static func ownWords(_ config: InboxConfig, login: String? = nil) -> Set<String> {
        var texts: [String] = []
        var agents = config.agents ?? []
        if let a = config.agent { agents.append(a) }
        for a in agents { texts += [a.name, a.email ?? "", a.signature ?? "", a.login ?? ""] }
        if let login { texts.append(login) }
        for q in config.queues { texts.append(q.name) }
        texts += config.ownAddresses
        var out = Set<String>()
        for text in texts {
            for word in text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) where word.count >= 3
            {
                out.insert(String(word))
            }
        }
        return out
    }
}
