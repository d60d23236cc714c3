import Foundation

/// One reviewer's scores and notes on one ticket (the `review` table).
public struct TicketReview: Codable, Sendable, Equatable {
    public var ticket: Int64
    public var reviewer: String
    /// Rubric criterion → score (1–5).
    public var scores: [String: Int]
    public var notes: String
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case ticket, reviewer, scores, notes
        case updatedAt = "updated_at"
    }

    public init(ticket: Int64, reviewer: String, scores: [String: Int], notes: String, updatedAt: Date) {
        self.ticket = ticket
        self.reviewer = reviewer
        self.scores = scores
        self.notes = notes
        self.updatedAt = updatedAt
    }

    /// Scores as stored (`{"tone":4}`); anything unreadable counts as no scores.
    public static func decodeScores(_ json: String) -> [String: Int] {
        (try? JSONDecoder().decode([String: Int].self, from: Data(json.utf8))) ?? [:]
    }

    public static func encodeScores(_ scores: [String: Int]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(scores)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// The internal note a review becomes on import: the scores, then the notes.
    public var noteText: String {
        var lines = ["Review by \(reviewer)"]
        if !scores.isEmpty {
            lines.append(scores.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)/5" }.joined(separator: ", "))
        }
        let trimmed = notes.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.isEmpty {
            lines.append("")
            lines.append(trimmed)
        }
        return lines.joined(separator: "\n")
    }
}

/// The criteria a reviewer scores, each 1–5.
public struct Rubric: Sendable, Equatable {
    public var criteria: [String]

    public init(_ criteria: [String]) { self.criteria = criteria }

    /// correctness, tone, speed, resolution.
    public static let standard = Rubric(["correctness", "tone", "speed", "resolution"])

    /// Criteria from a comma-separated list ("accuracy, empathy"); empty names dropped.
    /// - Throws: ``InboxError`` `.badInput` when no name is left or one repeats.
    public static func parse(_ text: String) throws -> Rubric {
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter {
            !$0.isEmpty
        }
        guard !names.isEmpty else {
            throw InboxError(.badInput, "The rubric is empty (name criteria, e.g. --rubric correctness,tone)")
        }
        guard Set(names).count == names.count else {
            throw InboxError(.badInput, "The rubric names a criterion twice (\(names.joined(separator: ", ")))")
        }
        return Rubric(names)
    }
}

/// Reviews of an archive for `inbox review --summary`.
public struct ReviewSummary: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        public var ticket: Int64
        public var subject: String
        public var reviewer: String
        public var scores: [String: Int]
        public var notes: String
        public var updatedAt: Date
        /// The customer's own rating (a survey answer, docs/surveys.md), beside the reviewer's.
        public var customerScore: Int? = nil

        enum CodingKeys: String, CodingKey {
            case ticket, subject, reviewer, scores, notes
            case updatedAt = "updated_at"
            case customerScore = "customer_score"
        }
    }

    public var tickets: Int
    public var reviewed: Int
    public var reviews: [Entry]
    /// Criterion → mean score over the reviews that scored it.
    public var averages: [String: Double]
}
