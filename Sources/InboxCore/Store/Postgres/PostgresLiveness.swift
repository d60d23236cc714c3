import CLibpq
import Foundation

/// Whether a long-lived idle connection (the change feed's LISTEN session) still reaches its
/// server: a ping that never waits. ``sendPing()`` sends an empty query; later looks ask
/// ``pingAnswered()`` while reading notifications as before. A ping left unanswered for long
/// means a server that stopped or a connection dropped without a word (a NAT, a cable): the
/// change feed then opens its connection again instead of listening to silence forever.
extension PostgresConnection {
    /// The connection's socket (-1 once closed).
    var socketDescriptor: Int32 {
        guard let handle = libpqConnection else { return -1 }
        return PQsocket(handle)
    }

    /// Sends an empty query without waiting for its answer (``pingAnswered()``). Only on an
    /// idle connection that runs nothing else until the answer came.
    func sendPing() throws {
        guard let handle = libpqConnection, PQsendQuery(handle, "") == 1 else { throw lost("a ping cannot be sent") }
    }

    /// Whether the answer to ``sendPing()`` has come (reading what the socket holds, never
    /// waiting). Notifications read meanwhile stay for ``notifications(timeout:)``.
    func pingAnswered() throws -> Bool {
        guard let handle = libpqConnection, PQconsumeInput(handle) == 1 else { throw lost("the connection was lost") }
        if PQisBusy(handle) == 1 { return false }
        while let result = PQgetResult(handle) { PQclear(result) }
        return true
    }

    func lost(_ why: String) -> InboxError {
        let detail =
            libpqConnection.map { String(cString: PQerrorMessage($0)) }?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return InboxError(
            .database, "PostgreSQL at \(maskedURL): \(why)\(detail.isEmpty ? "" : " (\(detail))")")
    }
}
