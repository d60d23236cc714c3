import Foundation
import InboxTestSupport
import Testing

@testable import InboxCore
@testable import InboxTUI

/// The TUI's change token on both engines (issue 22, "Live updates"): another connection's
/// commit moves it within a second; on PostgreSQL the changes are pushed, so the terminal may
/// look in every pause of the keys.
@Suite struct LiveUpdatesTests {
    @Test(arguments: EngineStore.engines) func anotherConnectionsCommitMovesTheToken(_ engine: StoreEngineKind) throws {
        let store = try EngineStore.make(engine, "tui-live")
        let data = DatabaseDataSource(try store.open(), agent: "Zoë")
        #expect(data.changesArePushed == (engine == .postgresql))
        let token = try data.changeToken()
        #expect(try data.changeToken() == token, "nothing changed")

        let sql = [
            "INSERT INTO queue(name) VALUES ('Sklep')",
            "INSERT INTO ticket(queue_id, subject, status, created_at, updated_at) SELECT id, 'Gdzie paczka?', 'new', 1, 1 FROM queue",
        ]
        switch engine {
        case .sqlite:
            try store.open().transaction { c in for s in sql { try c.exec(s, []) } }
        case .postgresql:
            let other = try PostgresConnection(url: store.location)
            defer { other.close() }
            try other.transaction { for s in sql { try other.execute(s) } }
        }
        let committed = Date()
        while try data.changeToken() == token, Date().timeIntervalSince(committed) < 1 {
            Thread.sleep(forTimeInterval: 0.02)
        }
        #expect(try data.changeToken() != token, "another connection's commit not seen within 1 s")
        let moved = try data.changeToken()
        #expect(try data.changeToken() == moved, "one commit moves it once")
    }
}
