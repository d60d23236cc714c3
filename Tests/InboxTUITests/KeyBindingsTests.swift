import Foundation
import InboxTestSupport
import Testing

@testable import InboxTUI

/// The keys file: rebinding, unbinding, errors for the message line, and the help.
@Suite struct KeyBindingsTests {
    @Test func keyNames() {
        #expect(KeyBindings.key(named: "x") == .char("x"))
        #expect(KeyBindings.key(named: "J") == .char("J"))
        #expect(KeyBindings.key(named: "ctrl-d") == .ctrl("d"))
        #expect(KeyBindings.key(named: "C-D") == .ctrl("d"))
        #expect(KeyBindings.key(named: "space") == .char(" "))
        #expect(KeyBindings.key(named: "PgDn") == .pageDown)
        #expect(KeyBindings.key(named: "Esc") == .escape)
        #expect(KeyBindings.key(named: "ctrl-") == nil)
        #expect(KeyBindings.key(named: "hyper-x") == nil)
        #expect(KeyBindings.key(named: "\u{1B}") == nil)
    }

    @Test func theFileRebindsAndUnbindsNamedCommands() {
        let text = """
            [keys]
            "ctrl-d" = "page-down"
            x = "status"
            "ctrl-f" = "page-down"
            s = "none"
            """
        let (map, problems) = KeyBindings.apply(text, over: .standard)
        #expect(problems.isEmpty)
        #expect(map.command(for: .char("x")) == .setStatus)
        #expect(map.command(for: .ctrl("f")) == .pageDown)
        #expect(map.command(for: .char("s")) == nil)
        #expect(map.command(for: .char("j")) == .down)

        let app = AppController(data: FakeData(ReducerTests.many(40)), rows: 12, cols: 100, keyMap: map)
        app.handle(.ctrl("f"))
        #expect(app.state.list.selected == 5)
        app.handle(.char("s"))
        #expect(app.state.message == "s is not bound (press ? for help)")
        app.handle(.char("x"))
        #expect(app.state.commandLine == "status ")
    }

    @Test func theHelpShowsTheEffectiveKeys() {
        let (map, _) = KeyBindings.apply("[keys]\nx = \"status\"\ns = \"none\"\n", over: .standard)
        let line = HelpOverlay.lines(map).first { $0.contains(" status ") }
        #expect(line?.hasPrefix("x ") == true, "\(line ?? "-")")
        let app = AppController(data: FakeData(ReducerTests.many(3)), rows: 50, cols: 120, keyMap: map)
        app.handle(.char("?"))
        let text = app.screen().text()
        for (keys, name) in [("x", "status"), ("Space", "mark"), ("}", "next-message"), ("{", "prev-message")] {
            #expect(text.contains(DisplayWidth.fit(keys, 16) + " " + name), "\(keys) \(name):\n\(text)")
        }
    }

    @Test func problemsAreSentencesAndTheGoodBindingsStay() {
        let text = """
            [keys]
            x = "stauts"
            "ctrl-" = "quit"
            y = 3
            z = "help"
            """
        let (map, problems) = KeyBindings.apply(text, path: "/home/ada/.config/inbox/keys.toml", over: .standard)
        #expect(map.command(for: .char("z")) == .help)
        #expect(map.command(for: .char("x")) == nil)
        #expect(problems.count == 3)
        #expect(problems.contains { $0.contains("\"x\" = \"stauts\" is not a command") && $0.hasPrefix("keys.toml:") })
        #expect(problems.contains { $0.contains("cannot read the key \"ctrl-\"") })
        #expect(problems.contains { $0.contains("must be a string") })

        let (defaults, syntax) = KeyBindings.apply("[keys\nx = 1", over: .standard)
        #expect(syntax.count == 1 && syntax[0].hasPrefix("keys.toml line 1:") && syntax[0].contains("default keys"))
        #expect(defaults.command(for: .char("x")) == nil && defaults.command(for: .char("s")) == .setStatus)
    }

    @Test func loadingAFile() throws {
        let dir = TemporaryFolder("inbox-keys")
        let missing = KeyBindings.load(path: dir.file("keys.toml"), over: .standard)
        #expect(missing.error == nil && missing.keyMap.command(for: .char("s")) == .setStatus)
        dir.write("keys.toml", Array("[keys]\nx = \"nope\"\nw = \"quit\"\n[colors]\n".utf8))
        let loaded = KeyBindings.load(path: dir.file("keys.toml"), over: .standard)
        #expect(loaded.keyMap.command(for: .char("w")) == .quit)
        #expect(loaded.error == "keys.toml: unknown table or key \"colors\" (bindings go under [keys]) (and 1 more)")
        // The controller shows it in the message line (as TUI.run does), it does not stop.
        let app = AppController(data: FakeData(ReducerTests.many(3)), rows: 12, cols: 120, keyMap: loaded.keyMap)
        app.state.message = loaded.error
        #expect(app.screen().text().contains("unknown table or key"))
        #expect(KeyBindings.defaultPath.hasSuffix("/inbox/keys.toml"))
    }
}
