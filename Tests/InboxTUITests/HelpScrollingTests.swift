import Foundation
import Testing

@testable import InboxTUI

/// On an 80×24 terminal the help does not fit: j/k scroll it, other keys close it.
@Suite struct HelpScrollingTests {
    @Test func jAndKScrollTheHelp() {
        let app = AppController(data: FakeData(ReducerTests.many(5)), rows: 24, cols: 80)
        app.handle(.char("?"))
        var text = app.screen().text()
        #expect(text.contains(" down ") && !text.contains("link-order"))
        #expect(text.contains("(1–"))
        app.handle(.char("G"))  // to the end of the help
        #expect(app.state.showHelp)
        text = app.screen().text()
        #expect(text.contains("link-order") && text.contains("j/k PgDn/PgUp scroll"))
        #expect(text.contains("· end)"))
        app.handle(.char("g"))
        app.handle(.char("j"))
        #expect(app.screen().text().contains("(2–"))
        app.handle(.char("k"))
        #expect(app.screen().text().contains("(1–"))
        #expect(app.state.list.selected == 0)  // the list did not move
        app.handle(.char("q"))
        #expect(!app.state.showHelp && app.running)
    }
}
