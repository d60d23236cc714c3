import Foundation

/// Why a ticket shows an order (`ticket_order.reason`).
public struct OrderLink: Codable, Sendable, Equatable {
    public var number: String
    public var store: String
    public var reason: String
    public init(number: String, store: String, reason: String) {
        self.number = number
        self.store = store
        self.reason = reason
    }
}

/// Finds the orders a ticket is about (DESIGN §15): order numbers in its messages (the
/// store's patterns), else the only open order among every address the customer wrote from.
public enum OrderMatcher {
    /// What matching needs of a ticket's message.
    public struct Message: Sendable {
        public var subject: String
        public var text: String
        public var from: String?
        public init(subject: String, text: String, from: String?) {
            self.subject = subject
            self.text = text
            self.from = from
        }
    }

    /// The numbers in `messages` for `store`, each with "number in subject" or "number in body"
    /// (the subject wins), in order of appearance.
    public static func numbers(in messages: [Message], store: StoreSettings) -> [(number: String, reason: String)] {
        let finder = store.finder
        var out: [(String, String)] = []
        for m in messages {
            for n in finder.find(in: m.subject).map(ShopOrder.normalizedNumber)
            where !out.contains(where: { $0.0 == n }) {
                out.append((n, "number in subject"))
            }
        }
        for m in messages {
            for n in finder.find(in: m.text).map(ShopOrder.normalizedNumber) where !out.contains(where: { $0.0 == n }) {
                out.append((n, "number in body"))
            }
        }
        return out
    }
}
