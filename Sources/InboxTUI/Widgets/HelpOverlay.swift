/// The `?` help: every command with its keys, generated from the key map.
public enum HelpOverlay {
    public static func lines(_ keyMap: KeyMap) -> [String] {
        Command.allCases.filter { !$0.isReview || !keyMap.keys(for: $0).isEmpty }.map { command in
            let keys = (command.isComposeReview ? KeyMap.composeReview : command.isKBPicker ? KeyMap.kbPicker : keyMap)
                .keys(for: command).map(\.label)
                .joined(separator: " ")
            return DisplayWidth.fit(keys, 16) + " " + DisplayWidth.fit(command.rawValue, 16) + " "
                + command.summary
        }
    }

    /// Draws the help box; `scroll` is how many lines are scrolled off the top (clamped here).
    public static func draw(_ keyMap: KeyMap, into screen: inout Screen, rect: Rect, scroll: Int = 0) {
        let body = lines(keyMap)
        let width = min(rect.cols, (body.map { DisplayWidth.of($0) }.max() ?? 20) + 4)
        let height = min(rect.rows, body.count + 4)
        guard width >= 10, height >= 4 else { return }
        let box = Rect(
            row: rect.row + (rect.rows - height) / 2, col: rect.col + (rect.cols - width) / 2, rows: height, cols: width
        )
        let border = Style(bold: true, role: .accent)
        screen.fill(box)
        let title = " Keys — every key runs a command; type :name too "
        screen.put("┌" + String(repeating: "─", count: width - 2) + "┐", row: box.row, col: box.col, style: border)
        screen.put(title, row: box.row, col: box.col + 2, maxWidth: width - 4, style: border)
        for r in 1..<(height - 1) {
            screen.put("│", row: box.row + r, col: box.col, style: border)
            screen.put("│", row: box.row + r, col: box.col + width - 1, style: border)
        }
        screen.put(
            "└" + String(repeating: "─", count: width - 2) + "┘", row: box.row + height - 1, col: box.col, style: border
        )
        let visible = height - 4
        let top = max(0, min(scroll, body.count - visible))
        for (i, line) in body.dropFirst(top).prefix(visible).enumerated() {
            screen.putFitted(line, row: box.row + 2 + i, col: box.col + 2, width: width - 4)
        }
        if body.count > visible {
            let more = top + visible < body.count ? "more below" : "end"
            screen.putFitted(
                "(\(top + 1)–\(min(body.count, top + visible)) of \(body.count) · j/k PgDn/PgUp scroll · \(more))",
                row: box.row + height - 2, col: box.col + 2, width: width - 4, style: Style(dim: true))
        }
    }
}
