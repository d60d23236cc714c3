import Foundation

/// The satisfaction part of `inbox report` (DESIGN §17, docs/surveys.md): CSAT and the
/// response rate of the surveys sent in the range, by agent, queue and tag, and the low
/// scores with their tickets and comments. Nil in a report when no survey was sent in it.
public struct SatisfactionReport: Codable, Sendable, Equatable {
    /// One group's numbers.
    public struct Group: Codable, Sendable, Equatable {
        /// The agent, queue or tag ("(unassigned)" for surveys of tickets without an agent).
        public var name: String
        public var sent: Int
        public var answered: Int
        /// Answers scoring 4 or 5.
        public var satisfied: Int
        /// `satisfied / answered`; nil without answers.
        public var csat: Double?
        /// `answered / sent`; nil without surveys.
        public var responseRate: Double?
        /// The mean score; nil without answers.
        public var average: Double?

        enum CodingKeys: String, CodingKey {
            case name, sent, answered, satisfied, csat, average
            case responseRate = "response_rate"
        }
    }

    /// A score below 4 with its ticket and comment.
    public struct LowScore: Codable, Sendable, Equatable {
        public var ticket: Int64
        public var customer: String
        public var agent: String?
        public var score: Int
        public var comment: String
        public var at: Date
    }

    /// Every survey sent in the range.
    public var total: Group
    /// Answers per score, 1 … 5.
    public var scores: [Int]
    public var byAgent: [Group]
    public var byQueue: [Group]
    public var byTag: [Group]
    /// Scores 1–3, newest first.
    public var lowScores: [LowScore]

    enum CodingKeys: String, CodingKey {
        case total, scores
        case byAgent = "by_agent"
        case byQueue = "by_queue"
        case byTag = "by_tag"
        case lowScores = "low_scores"
    }

    static let unassigned = "(unassigned)"

    static func build(_ records: [SurveyRecord]) -> SatisfactionReport? {
        guard !records.isEmpty else { return nil }
        func group(_ name: String, _ rs: [SurveyRecord]) -> Group {
            let answered = rs.compactMap(\.score)
            let satisfied = answered.filter { $0 >= 4 }.count
            return Group(
                name: name, sent: rs.count, answered: answered.count, satisfied: satisfied,
                csat: answered.isEmpty ? nil : Double(satisfied) / Double(answered.count),
                responseRate: rs.isEmpty ? nil : Double(answered.count) / Double(rs.count),
                average: answered.isEmpty ? nil : Double(answered.reduce(0, +)) / Double(answered.count))
        }
        func groups(_ key: (SurveyRecord) -> [String]) -> [Group] {
            var by: [String: [SurveyRecord]] = [:]
            for r in records { for k in key(r) { by[k, default: []].append(r) } }
            return by.map { group($0.key, $0.value) }.sorted { ($0.sent, $1.name) > ($1.sent, $0.name) }
        }
        var scores = [Int](repeating: 0, count: 5)
        for s in records.compactMap(\.score) where (1...5).contains(s) { scores[s - 1] += 1 }
        let low = records.filter { ($0.score ?? 5) < 4 }.sorted { ($0.answeredAt ?? 0) > ($1.answeredAt ?? 0) }.map {
            LowScore(
                ticket: $0.ticketID, customer: $0.customer, agent: $0.agent, score: $0.score ?? 0,
                comment: $0.comment ?? "",
                at: Date(timeIntervalSince1970: $0.answeredAt ?? $0.sentAt))
        }
        return SatisfactionReport(
            total: group("all", records), scores: scores, byAgent: groups { [$0.agent ?? unassigned] },
            byQueue: groups { [$0.queue] }, byTag: groups { $0.tags }, lowScores: low)
    }

    static func percent(_ x: Double?) -> String { x.map { String(format: "%.0f%%", $0 * 100) } ?? "–" }

    static func groupLine(_ g: Group, width: Int = 24) -> String {
        let name = g.name.count > width ? String(g.name.prefix(width - 1)) + "…" : g.name
        return "  " + name.padding(toLength: width, withPad: " ", startingAt: 0)
            + " CSAT \(percent(g.csat).leftPad(4))  answered \(g.answered)/\(g.sent) (\(percent(g.responseRate)))"
            + (g.average.map { String(format: "  average %.1f", $0) } ?? "")
    }

    /// Text lines for `inbox report`.
    public func textLines() -> [String] {
        var out = [
            "  CSAT \(Self.percent(total.csat)) (\(total.satisfied) of \(total.answered) answers scored 4 or 5); "
                + "response rate \(Self.percent(total.responseRate)) (\(total.answered) of \(total.sent) surveys)",
            "  scores: " + (1...5).map { "\($0): \(scores[$0 - 1])" }.joined(separator: " · "),
        ]
        for (title, groups) in [("by agent", byAgent), ("by queue", byQueue), ("by tag", byTag)] where !groups.isEmpty {
            out.append("  " + title)
            out += groups.prefix(10).map { Self.groupLine($0) }
        }
        if !lowScores.isEmpty {
            out.append("  low scores")
            for l in lowScores.prefix(10) {
                let comment = l.comment.replacingOccurrences(of: "\n", with: " ")
                out.append(
                    "  #\(l.ticket) score \(l.score) \(l.customer)"
                        + (comment.isEmpty ? "" : ": " + String(comment.prefix(60))))
            }
            if lowScores.count > 10 { out.append("  … and \(lowScores.count - 10) more (--format csv lists them all)") }
        }
        return out
    }

    /// The HTML section, with a bar chart of the scores and of CSAT per agent.
    func html() -> String {
        let esc = ReportHTML.esc
        var h = "<h2>Satisfaction</h2>\n<p>" + esc(textLines()[0].trimmingCharacters(in: .whitespaces)) + ".</p>\n"
        h += ReportHTML.horizontalBars(
            (1...5).reversed().map { ("score \($0)", scores[$0 - 1], "\(scores[$0 - 1])") }, max: scores.max() ?? 1,
            label: "Survey answers by score")
        if !byAgent.isEmpty {
            h += ReportHTML.horizontalBars(
                byAgent.map { ($0.name, Int(($0.csat ?? 0) * 100), Self.percent($0.csat)) }, max: 100,
                label: "CSAT per agent")
        }
        h +=
            "<table><tr><th>group</th><th>name</th><th class=\"n\">sent</th><th class=\"n\">answered</th><th class=\"n\">response rate</th><th class=\"n\">CSAT</th></tr>"
        for (kind, groups) in [("agent", byAgent), ("queue", byQueue), ("tag", byTag)] {
            for g in groups {
                h +=
                    "<tr><td>\(kind)</td><td>\(esc(g.name))</td><td class=\"n\">\(g.sent)</td><td class=\"n\">\(g.answered)</td><td class=\"n\">\(Self.percent(g.responseRate))</td><td class=\"n\">\(Self.percent(g.csat))</td></tr>"
            }
        }
        h += "</table>\n"
        if !lowScores.isEmpty {
            h +=
                "<h3>Low scores</h3>\n<table><tr><th class=\"n\">ticket</th><th class=\"n\">score</th><th>customer</th><th>agent</th><th>comment</th></tr>"
            for l in lowScores {
                h +=
                    "<tr><td class=\"n\">#\(l.ticket)</td><td class=\"n\">\(l.score)</td><td>\(esc(l.customer))</td><td>\(esc(l.agent ?? ""))</td><td>\(esc(l.comment))</td></tr>"
            }
            h += "</table>\n"
        }
        return h
    }

    /// The CSV tables `satisfaction` and `low_scores`.
    func csvTables() -> [(String, [[String]])] {
        func f(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "" }
        let iso = ISO8601DateFormatter()
        var rows = [["group", "name", "sent", "answered", "satisfied", "response_rate", "csat", "average"]]
        for (kind, groups) in [("all", [total]), ("agent", byAgent), ("queue", byQueue), ("tag", byTag)] {
            for g in groups {
                rows.append([
                    kind, g.name, "\(g.sent)", "\(g.answered)", "\(g.satisfied)", f(g.responseRate), f(g.csat),
                    f(g.average),
                ])
            }
        }
        let low =
            [["ticket", "score", "customer", "agent", "comment", "answered_at"]]
            + lowScores.map {
                ["\($0.ticket)", "\($0.score)", $0.customer, $0.agent ?? "", $0.comment, iso.string(from: $0.at)]
            }
        return [("satisfaction", rows), ("low_scores", low)]
    }
}

extension String {
    fileprivate func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
