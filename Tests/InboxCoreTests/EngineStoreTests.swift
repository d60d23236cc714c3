import Foundation
import InboxTestSupport
import Testing

@testable import InboxCore

@Suite struct EngineStoreTests {
    @Test(arguments: EngineStore.engines) func opens(_ engine: StoreEngineKind) throws {
        let store = try EngineStore.make(engine, "smoke")
        let db = try store.open()
        #expect(db.engine == engine)
        let n = try db.snapshot { try $0.value(Int.self, "SELECT COUNT(*) FROM ticket") }
        #expect(n == 0)
    }

    /// The seam's record insert gives a new row its id on both engines.
    @Test(arguments: EngineStore.engines) func insertsARecordAndReturnsItsID(_ engine: StoreEngineKind) throws {
        let store = try EngineStore.make(engine, "insert")
        let db = try store.open()
        let ids = try db.transaction { c in
            try (0..<2).map { i in
                try c.insert(
                    EventRecord(
                        id: nil, ticketID: nil, actor: "Łukasz", at: Date(timeIntervalSince1970: 1_000 + Double(i)),
                        kind: "test", oldValue: nil, newValue: "v\(i)", detail: nil), returning: "id")
            }
        }
        #expect(ids.count == 2 && ids[0] != nil && ids[1] == ids[0].map { $0 + 1 })
        let actors = try db.snapshot { try $0.values(String.self, "SELECT actor FROM event ORDER BY id") }
        #expect(actors == ["Łukasz", "Łukasz"])
    }
}
