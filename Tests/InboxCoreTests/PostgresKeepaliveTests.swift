import Foundation
import InboxTestSupport
import Testing

@testable import InboxCore

#if canImport(Glibc)
    import Glibc
#endif

/// Every PostgreSQL connection (the pool's, the change feed's, a copy's) has TCP keepalives of
/// 30 s idle, 10 s apart, 3 probes, so a dead server or a dropped NAT shows as an error, not a
/// hang; a URL that sets its own keeps them. Read from the sockets themselves.
@Suite(.enabled(if: EngineStore.engines.contains(.postgresql)))
struct PostgresKeepaliveTests {
    /// SO_KEEPALIVE, TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT of a connection's socket.
    static func keepalives(_ connection: PostgresConnection) -> [Int32] {
        let fd = connection.socketDescriptor
        func option(_ level: Int32, _ name: Int32) -> Int32 {
            var value: Int32 = -1
            var size = socklen_t(MemoryLayout<Int32>.size)
            return getsockopt(fd, level, name, &value, &size) == 0 ? value : -1
        }
        let tcp = Int32(IPPROTO_TCP)
        return [
            option(SOL_SOCKET, SO_KEEPALIVE), option(tcp, TCP_KEEPIDLE), option(tcp, TCP_KEEPINTVL),
            option(tcp, TCP_KEEPCNT),
        ]
    }

    @Test func everyConnectionHasKeepalivesUnlessItsURLSetsThem() throws {
        let store = try EngineStore.make(.postgresql, "keepalives")
        let database = try store.open()
        // A connection of the store's pool, as every transaction gets one.
        let pooled = try database.transaction { db in (db as? PostgresConnection).map(Self.keepalives) ?? [] }
        #expect(pooled == [1, 30, 10, 3])
        #expect(
            try database.snapshot { db in (db as? PostgresConnection).map(Self.keepalives) ?? [] } == [1, 30, 10, 3])

        // The URL's own settings win; the others are still added.
        let separator = store.location.contains("?") ? "&" : "?"
        let own = try PostgresConnection(url: store.location + separator + "keepalives_idle=7&keepalives_count=5")
        defer { own.close() }
        #expect(Self.keepalives(own) == [1, 7, 10, 5])
        let off = try PostgresConnection(url: store.location + separator + "keepalives=0")
        defer { off.close() }
        #expect(Self.keepalives(off).first == 0)
    }
}
