/// What each number of the report means: printed by `inbox report --explain`, and kept word
/// for word in docs/reports.md.
public enum ReportDefinitions {
    public static let all: [(metric: String, definition: String)] = [
        (
            "Range",
            "Instants from --since (inclusive) to --until (exclusive; a bare --until date includes that day), in the time zone of the SLA calendar. --queue keeps one queue's tickets; --agent keeps the tickets assigned to that agent and that agent's row."
        ),
        (
            "Created",
            "Tickets whose creation time lies in the range, spam and merged tickets left out."
        ),
        (
            "Solved",
            "Tickets set to solved in the range (a status change to solved, or an archive import that stored the ticket as solved at its last message). A ticket solved twice counts once."
        ),
        (
            "Reopened",
            "Tickets that went from solved or closed back to new, open, pending or on hold in the range (a customer reply, or an agent)."
        ),
        (
            "Incoming / replies",
            "Customer messages received and team replies sent in the range. Automatic mail (auto-replies, out-of-office, lists) and bounces are neither; internal notes are not replies."
        ),
        (
            "First response time",
            "For tickets created in the range: business time from the customer's first message to the team's first reply after it (up to now), counted in the calendar of the ticket's SLA policy (24/7 without [sla]). Auto-replies are not responses. Tickets opened by the team have none; tickets still without a reply are counted as waiting."
        ),
        (
            "Resolution time",
            "For tickets solved in the range: business time from the ticket's creation to its last solve in the range, in the ticket's calendar, pauses included (it is what the customer waited)."
        ),
        (
            "Median and p90",
            "The median is the middle value (the mean of the two middle values for an even count); p90 is the nearest-rank 90th percentile, the ceil(0.9·n)-th smallest value."
        ),
        (
            "SLA compliance",
            "For tickets created in the range, the SLA engine's clocks evaluated now: first response, next response (one clock per customer message that waits for a reply) and resolution, with pending and on-hold pausing them. Met = ended within the target; breached = passed the target, ended or not; open = still running within the target. Compliance = met / (met + breached). Shown only when [sla] sets targets."
        ),
        (
            "Backlog",
            "Tickets in new, open, pending or on hold now that were created before the end of the range (or now), by status and by age since creation (<1d, 1-3d, 3-7d, 7-30d, >30d)."
        ),
        (
            "Busiest hours",
            "Customer messages received in the range by local weekday and hour in the calendar's time zone (automatic mail and bounces left out)."
        ),
        (
            "Common complaints",
            "The most used tags of the tickets created in the range, and the words and adjacent word pairs found in the most first customer messages of those tickets (the first 1,500 characters; quoted lines and signatures skipped; words of three or more characters; stop words of English, Turkish, Polish, Norwegian, German, Spanish and French removed, and our own words too: the agents' names, logins, addresses and signatures, the queue names and addresses and the shop's domains; at least 2 messages)."
        ),
        (
            "Repeat contacts",
            "Customers with a ticket solved in the range who opened another ticket within 7 days after that solve; the share is those customers over all customers with a ticket solved in the range. The pairs of tickets are listed."
        ),
        (
            "Orders",
            "Shown when orders are stored (docs/orders.md). Where is my order: tickets created in the range whose linked order was placed and neither delivered nor cancelled at the customer's first message, and their share of all tickets created in the range. Contacts per 100 orders: tickets created in the range with a linked order, per 100 orders placed in the range. By order status: those tickets by their first linked order's status now (not shipped, in transit, delivered, cancelled, refunded)."
        ),
        (
            "Satisfaction",
            "Shown when surveys were sent in the range (docs/surveys.md). Surveys: those queued in the range; --queue and --agent keep the surveys of that queue and of tickets assigned to that agent when the survey was sent. Response rate: surveys answered with a score, over surveys sent. CSAT: answers scoring 4 or 5, over answers. Both by agent (the ticket's assignee when the survey was sent, else the agent who solved it, \"(unassigned)\" without one), by queue and by tag (a survey counts for each tag its ticket has now). Low scores: answers scoring 1 to 3 with their ticket, customer and comment, newest first."
        ),
        (
            "Per agent",
            "An agent is one person whether known by the configured name, the login or the address ([agent] and [[agents]]: name, email, login). Replies: team replies sent in the range by the agent: a reply sent through the inbox counts for the agent who sent it; other mail from a queue or team address counts as \"team\". Solved: tickets whose last solve in the range the agent made. First responses and their median: first replies the agent gave to tickets created in the range, timed as above."
        ),
    ]

    /// The definitions as plain text wrapped at `width` columns.
    public static func text(width: Int = 80) -> String {
        all.map { m in
            m.metric + "\n" + wrap(m.definition, width: width, indent: "  ")
        }.joined(separator: "\n\n") + "\n"
    }

    static func wrap(_ text: String, width: Int, indent: String) -> String {
        var lines: [String] = []
        var line = indent
        for word in text.split(separator: " ") {
            if line.count + word.count + 1 > width, line != indent {
                lines.append(line)
                line = indent
            }
            line += (line == indent ? "" : " ") + word
        }
        if line != indent { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}
