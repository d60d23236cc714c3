import Foundation
import InboxCore

/// Compose in the body area: the template picker, the inline editor or the review screen.
public enum ComposeView {
    public static func draw(_ c: ComposeState, into screen: inout Screen, rect: Rect) {
        guard rect.cols > 0, rect.rows > 0 else { return }
        screen.fill(rect)
        switch c.stage {
        case .picker:
            if let p = c.picker { TemplatePicker.draw(p, ticket: c.ticketID, into: &screen, rect: rect) }
        case .editing:
            drawEditor(c, into: &screen, rect: rect)
        case .review, .confirmDiscard:
            guard let p = c.kbPicker else {
                ReviewScreen.draw(c, into: &screen, rect: rect)
                return
            }
            // The suggestions beside the draft when wide, else below it.
            if rect.cols >= 70 {
                let w = min(48, rect.cols * 2 / 5)
                ReviewScreen.draw(
                    c, into: &screen, rect: Rect(row: rect.row, col: rect.col, rows: rect.rows, cols: rect.cols - w - 1)
                )
                for r in 0..<rect.rows {
                    screen.put(
                        "│", row: rect.row + r, col: rect.col + rect.cols - w - 1, style: Style(dim: true, role: .muted)
                    )
                }
                KBPanel.draw(
                    p, into: &screen, rect: Rect(row: rect.row, col: rect.col + rect.cols - w, rows: rect.rows, cols: w)
                )
            } else {
                let h = rect.rows / 2
                ReviewScreen.draw(
                    c, into: &screen, rect: Rect(row: rect.row, col: rect.col, rows: rect.rows - h, cols: rect.cols))
                KBPanel.draw(
                    p, into: &screen, rect: Rect(row: rect.row + rect.rows - h, col: rect.col, rows: h, cols: rect.cols)
                )
            }
        }
    }

    /// The inline editor: a title line, the text with a block cursor, and the keys.
    static func drawEditor(_ c: ComposeState, into screen: inout Screen, rect: Rect) {
        guard let e = c.editor else { return }
        let what = c.kind == .note ? "Internal note on #\(c.ticketID) (never sent)" : "Reply to #\(c.ticketID)"
        screen.putFitted(
            "\(what) — Ctrl-X or Esc: review · arrows move · Ctrl-K cuts the line", row: rect.row, col: rect.col,
            width: rect.cols, style: Style(bold: true, reverse: true, role: .header))
        let rows = max(0, rect.rows - 1)
        for r in 0..<rows {
            let i = e.top + r
            guard e.lines.indices.contains(i) else { break }
            screen.put(e.lines[i], row: rect.row + 1 + r, col: rect.col, maxWidth: rect.cols)
        }
        // The cursor is a reverse-video cell (the pure screen has no terminal cursor).
        let r = e.line - e.top
        guard r >= 0, r < rows else { return }
        let line = Array(e.lines[e.line])
        let before = String(line.prefix(e.column))
        let col = rect.col + min(rect.cols - 1, DisplayWidth.of(TerminalText.sanitize(before)))
        let under = e.column < line.count ? String(line[e.column]) : " "
        screen.put(
            under == "\t" ? " " : under, row: rect.row + 1 + r, col: col, maxWidth: 2, style: Style(reverse: true))
    }

    /// `text` as lines wrapped to `width` columns.
    static func wrapped(_ text: String, width: Int) -> [String] {
        var out: [String] = []
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        for line in lines {
            out += ConversationView.wrap(TerminalText.sanitize(line), width: max(1, width))
        }
        return out
    }
}

/// The `t` picker: the filter, the ranked templates, and a preview rendered for the customer.
public enum TemplatePicker {
    public static func draw(_ p: TemplatePickerState, ticket: Int64, into screen: inout Screen, rect: Rect) {
        screen.putFitted(
            "Templates for #\(ticket) — type to filter · ↑↓ choose · Enter takes · Esc closes", row: rect.row,
            col: rect.col, width: rect.cols, style: Style(bold: true, reverse: true, role: .header))
        guard rect.rows > 2 else { return }
        let label = screen.put(
            "Filter: ", row: rect.row + 1, col: rect.col, maxWidth: rect.cols, style: Style(bold: true))
        let shown = p.filterEditor.visible(width: rect.cols - label)
        screen.put(
            shown.text, row: rect.row + 1, col: rect.col + label, maxWidth: rect.cols - label, style: Style(bold: true))
        screen.cursor = ScreenPoint(row: rect.row + 1, col: rect.col + label + shown.cursorColumn)
        let items = p.visible
        let body = Rect(row: rect.row + 2, col: rect.col, rows: rect.rows - 2, cols: rect.cols)
        // Side by side when wide, else the list above the preview.
        let side = body.cols >= 80
        let listRect: Rect
        let previewRect: Rect
        if side {
            let w = min(40, body.cols / 3)
            listRect = Rect(row: body.row, col: body.col, rows: body.rows, cols: w)
            previewRect = Rect(row: body.row, col: body.col + w + 1, rows: body.rows, cols: body.cols - w - 1)
            for r in 0..<body.rows {
                screen.put("│", row: body.row + r, col: body.col + w, style: Style(dim: true, role: .muted))
            }
        } else {
            let h = max(1, min(max(1, items.count), body.rows / 3))
            listRect = Rect(row: body.row, col: body.col, rows: h, cols: body.cols)
            previewRect = Rect(row: body.row + h + 1, col: body.col, rows: max(0, body.rows - h - 1), cols: body.cols)
            screen.put(
                String(repeating: "─", count: body.cols), row: body.row + h, col: body.col,
                style: Style(dim: true, role: .muted))
        }
        if items.isEmpty {
            let text =
                p.all.isEmpty
                ? "No templates in \(p.folder) (see docs/replies.md)"
                : "No template matches \"\(p.filter)\" (Backspace)"
            screen.putFitted(text, row: listRect.row, col: listRect.col, width: listRect.cols, style: Style(dim: true))
            return
        }
        let top = max(0, p.selected - listRect.rows + 1)
        for (r, i) in (top..<min(items.count, top + listRect.rows)).enumerated() {
            let t = items[i]
            let selected = i == p.selected
            let line =
                (selected ? "▶ " : "  ") + (t.isLanguageFallback ? "⚠ " : "") + t.name + " (\(t.languageLabel))"
                + (t.tags.isEmpty ? "" : " " + t.tags.joined(separator: ","))
            screen.putFitted(
                line, row: listRect.row + r, col: listRect.col, width: listRect.cols,
                style: selected ? Style(reverse: true, role: .selection) : .plain)
        }
        if let t = p.current { preview(t, into: &screen, rect: previewRect) }
    }

    /// The selected template as it would go: subject, actions, problems, text.
    static func preview(_ t: PickerItem, into screen: inout Screen, rect: Rect) {
        guard rect.rows > 0, rect.cols > 4 else { return }
        var lines: [StyledLine] = [StyledLine("Subject: " + t.subject, Style(bold: true))]
        if !t.actions.isEmpty {
            lines.append(StyledLine("On send: " + t.actions.joined(separator: ", "), Style(role: .accent)))
        }
        if let problem = t.problem { lines.append(StyledLine("✗ " + problem, Style(bold: true, role: .warning))) }
        if t.isLanguageFallback, let c = t.customerLanguage {
            lines.append(
                StyledLine(
                    "⚠ No \(c) variant: this is the \(t.language) text, and the customer writes \(c)",
                    Style(bold: true, role: .warning)))
        }
        let u = t.unresolved
        if !u.isEmpty {
            lines.append(
                StyledLine(
                    "✗ Cannot be sent as is: " + u.map { "{{\($0)}}" }.joined(separator: ", ") + " unresolved or empty",
                    Style(bold: true, role: .warning)))
        }
        lines.append(StyledLine(""))
        for l in ComposeView.wrapped(t.body, width: rect.cols) { lines.append(StyledLine(l)) }
        for (r, l) in lines.prefix(rect.rows).enumerated() {
            screen.putFitted(l.text, row: rect.row + r, col: rect.col, width: rect.cols, style: l.style)
        }
    }
}

/// The review screen: what will go, to whom, and what sending changes; `y` `e` `p` `q`.
public enum ReviewScreen {
    public static func draw(_ c: ComposeState, into screen: inout Screen, rect: Rect) {
        let title =
            c.kind == .note
            ? "Review note on #\(c.ticketID) (internal, never sent) — y save · e edit · p postpone · q discard"
            : c.kind == .forward
                ? "Forward from #\(c.ticketID) to a third party — y send · f to · e note · a attach · c cc · q discard"
                : "Review reply to #\(c.ticketID) — y send · Y +pending · S +solved · a attach · c cc · b bcc · e edit · k articles · p postpone · q discard"
        screen.putFitted(
            title, row: rect.row, col: rect.col, width: rect.cols,
            style: Style(bold: true, reverse: true, role: .header))
        var head: [StyledLine] = []
        if c.kind == .forward {
            head.append(
                StyledLine(
                    "To:      "
                        + (c.to.isEmpty ? "(a third party: f gives the address)" : c.to.joined(separator: ", ")),
                    Style(bold: true)))
            if !c.cc.isEmpty { head.append(StyledLine("Cc:      " + c.cc.joined(separator: ", "))) }
            head.append(StyledLine("Subject: " + c.subject, Style(bold: true)))
            head.append(
                StyledLine(
                    "Forward: " + (c.forwardSummary ?? "the customer's newest message") + " (not to the customer)",
                    Style(role: .accent)))
            if !c.attachmentLabels.isEmpty {
                head.append(StyledLine("Attach:  " + c.attachmentLabels.joined(separator: ", "), Style(role: .accent)))
            }
        }
        if c.kind == .reply {
            head.append(
                StyledLine(
                    "To:      " + (c.to.isEmpty ? "(no customer address: cannot send)" : c.to.joined(separator: ", "))))
            head.append(StyledLine("Cc:      " + (c.cc.isEmpty ? "—" : c.cc.joined(separator: ", "))))
            if !c.bcc.isEmpty { head.append(StyledLine("Bcc:     " + c.bcc.joined(separator: ", "))) }
            if !c.attachmentLabels.isEmpty {
                head.append(StyledLine("Attach:  " + c.attachmentLabels.joined(separator: ", "), Style(role: .accent)))
            }
            head.append(StyledLine("Subject: " + c.subject, Style(bold: true)))
            head.append(StyledLine("Actions: " + (c.actions.isEmpty ? "none" : c.actions.joined(separator: ", "))))
            if let t = c.template { head.append(StyledLine("Template: " + t, Style(dim: true))) }
        }
        if let problem = c.problem { head.append(StyledLine("✗ " + problem, Style(bold: true, role: .warning))) }
        for name in c.unresolved {
            head.append(
                StyledLine(
                    "✗ {{\(name)}} is unresolved or empty: y will not send (e edits)", Style(bold: true, role: .warning)
                ))
        }
        if c.confirmOverride {
            head.append(
                StyledLine(
                    "! Another agent replied after this draft began: y sends anyway", Style(bold: true, role: .warning))
            )
        }
        head.append(StyledLine(String(repeating: "─", count: rect.cols), Style(dim: true, role: .muted)))
        var row = rect.row + 1
        let last =
            rect.row + rect.rows - (c.stage == .confirmDiscard || c.prompt != nil ? 1 : 0)
            - (c.prompt?.candidates.isEmpty == false ? 1 : 0)
        for l in head where row < last {
            screen.putFitted(l.text, row: row, col: rect.col, width: rect.cols, style: l.style)
            row += 1
        }
        let body = ComposeView.wrapped(c.body, width: rect.cols)
        var i = c.scroll
        while row < last, i < body.count {
            let quote = body[i].hasPrefix(">")
            screen.putFitted(
                body[i], row: row, col: rect.col, width: rect.cols,
                style: quote ? Style(dim: true, role: .quote) : .plain)
            row += 1
            i += 1
        }
        if let p = c.prompt {
            let bottom = rect.row + rect.rows - 1
            if !p.candidates.isEmpty {
                screen.putFitted(
                    "  " + p.candidates.joined(separator: "  "), row: bottom - 1, col: rect.col, width: rect.cols,
                    style: Style(dim: true, role: .muted))
            }
            screen.fill(Rect(row: bottom, col: rect.col, rows: 1, cols: rect.cols))
            if p.editor.cursor < p.editor.characters.count {
                drawMidLine(p, into: &screen, row: bottom, rect: rect)
            } else {
                // A long path shows its end, where the typing is.
                var shown = TerminalText.sanitize(p.text)
                let room = max(1, rect.cols - 1 - DisplayWidth.of(p.label))
                if DisplayWidth.of(shown) > room {
                    while DisplayWidth.of(shown) > room - 1, !shown.isEmpty { shown.removeFirst() }
                    shown = "…" + shown
                }
                let used = screen.put(
                    p.label + shown, row: bottom, col: rect.col, maxWidth: rect.cols - 1, style: Style(bold: true))
                screen.put(
                    " ", row: bottom, col: rect.col + min(used, rect.cols - 1), maxWidth: 1,
                    style: Style(reverse: true))
            }
        }
        if c.stage == .confirmDiscard {
            screen.putFitted(
                "Discard this \(c.kind == .note ? "note" : "reply") and its draft? y discards · any other key keeps it",
                row: rect.row + rect.rows - 1, col: rect.col, width: rect.cols,
                style: Style(bold: true, reverse: true, role: .warning))
        }
    }

    /// The review screen's line with the cursor moved back into it (Left, Ctrl-A, Alt-B): the
    /// part around the cursor, the character under it in reverse video.
    private static func drawMidLine(_ p: ComposePrompt, into screen: inout Screen, row: Int, rect: Rect) {
        let label = screen.put(p.label, row: row, col: rect.col, maxWidth: rect.cols - 1, style: Style(bold: true))
        let shown = p.editor.visible(width: rect.cols - 1 - label)
        screen.put(
            TerminalText.sanitize(shown.text), row: row, col: rect.col + label, maxWidth: rect.cols - 1 - label,
            style: Style(bold: true))
        let under = TerminalText.sanitize(String(p.editor.characters[p.editor.cursor]))
        screen.put(
            under.isEmpty ? " " : under, row: row, col: rect.col + label + shown.cursorColumn,
            maxWidth: max(1, rect.cols - label - shown.cursorColumn), style: Style(reverse: true))
    }
}
