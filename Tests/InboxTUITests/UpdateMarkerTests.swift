import Foundation
import InboxCore
import Testing

@testable import InboxTUI

/// A ticket that changed since the agent last looked is marked `+` until it is opened.
@Suite struct UpdateMarkerTests {
    @Test func changedTicketsAreMarkedUntilOpened() throws {
        let data = FakeData(Fixture.multilingual)
        let app = AppController(data: data, rows: 12, cols: 100)
        var screen = app.screen(now: Fixture.now)
        #expect(!screen.text().contains("+#"), "nothing is marked on the first look")
        let id = Fixture.multilingual[2].id
        data.touch(id, at: Fixture.now)
        #expect(app.pollForChanges())
        screen = app.screen(now: Fixture.now)
        let row = try #require((0..<12).first { screen.line($0).contains("+#\(id)") }, "\(screen.text())")
        #expect(screen[row, screen.line(row).distance(of: "+#\(id)")].style.bold)
        #expect(!screen.text().contains("+#\(Fixture.multilingual[0].id)"))
        // Opening it marks it seen.
        app.state.list.select(row - 1)
        app.handle(.enter)
        app.handle(.char("q"))
        #expect(!app.screen(now: Fixture.now).text().contains("+#\(id)"))
    }
}
