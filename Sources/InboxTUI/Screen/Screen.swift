import InboxCore

/// What a cell's colour means; the backend maps roles to colours, or to bold/reverse/dim
/// on terminals with fewer than 8 colours or when `NO_COLOR` is set.
public enum ColorRole: Int, Sendable, CaseIterable {
    case normal, accent, muted, inbound, outbound, selection, statusBar, warning, quote, header
    /// Internal notes: never mistaken for mail the customer saw.
    case note
}

/// How a cell is drawn.
public struct Style: Hashable, Sendable {
    public var bold = false
    public var reverse = false
    public var underline = false
    public var dim = false
    public var role: ColorRole = .normal

    public init(
        bold: Bool = false, reverse: Bool = false, underline: Bool = false, dim: Bool = false, role: ColorRole = .normal
    ) {
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
        self.dim = dim
        self.role = role
    }

    public static let plain = Style()
}

/// One terminal cell: a sanitised grapheme cluster and its width.
///
/// The right half of a wide character is a continuation cell with empty text and width 0.
public struct Cell: Equatable, Sendable {
    public var text: String
    public var width: Int
    public var style: Style

    public init(text: String = " ", width: Int = 1, style: Style = .plain) {
        self.text = text
        self.width = width
        self.style = style
    }

    public static let blank = Cell()
    public var isContinuation: Bool { width == 0 }
}

/// A rectangle of the screen.
public struct Rect: Equatable, Sendable {
    public var row: Int
    public var col: Int
    public var rows: Int
    public var cols: Int

    public init(row: Int, col: Int, rows: Int, cols: Int) {
        self.row = row
        self.col = col
        self.rows = max(0, rows)
        self.cols = max(0, cols)
    }
}

/// A pure grid of cells that widgets draw into and tests read as text.
///
/// Text is sanitised with ``TerminalText`` and measured with ``DisplayWidth`` here, so nothing drawn through
/// a `Screen` can carry an escape sequence, a control character or a bidi override.
public struct Screen: Equatable, Sendable {
    public private(set) var rows: Int
    public private(set) var cols: Int
    private var cells: [Cell]
    /// Where the terminal cursor goes (the open input line sets it); hidden when nil.
    public var cursor: ScreenPoint?

    public init(rows: Int, cols: Int) {
        self.rows = max(0, rows)
        self.cols = max(0, cols)
        cells = Array(repeating: .blank, count: self.rows * self.cols)
    }

    public var bounds: Rect { Rect(row: 0, col: 0, rows: rows, cols: cols) }

    public subscript(row: Int, col: Int) -> Cell {
        guard row >= 0, row < rows, col >= 0, col < cols else { return .blank }
        return cells[row * cols + col]
    }

    /// Blanks every cell.
    public mutating func clear() { cells = Array(repeating: .blank, count: rows * cols) }

    /// Fills a rectangle with blanks of `style`.
    public mutating func fill(_ rect: Rect, style: Style = .plain) {
        for r in rect.row..<(rect.row + rect.rows) where r >= 0 && r < rows {
            for c in rect.col..<(rect.col + rect.cols) where c >= 0 && c < cols {
                set(r, c, Cell(text: " ", width: 1, style: style))
            }
        }
    }

    /// Draws `text` at `row`/`col`, never past `col + maxWidth` nor the right edge.
    ///
    /// Returns the number of columns drawn. A wide character that does not fit is left out (the column stays
    /// blank), and nothing wraps.
    @discardableResult
    public mutating func put(_ text: String, row: Int, col: Int, maxWidth: Int? = nil, style: Style = .plain) -> Int {
        guard row >= 0, row < rows else { return 0 }
        let limit = maxWidth.map { min(cols, col + $0) } ?? cols
        var c = col
        for ch in TerminalText.sanitize(text) {
            let (cluster, w) = Self.drawable(ch)
            if w == 0 { continue }
            if c + w > limit { break }
            if c >= 0 {
                set(row, c, Cell(text: cluster, width: w, style: style))
                if w == 2 { set(row, c + 1, Cell(text: "", width: 0, style: style)) }
            }
            c += w
        }
        return max(0, c - col)
    }

    /// Draws `text` fitted to exactly `width` columns: cut with "…" when too long, padded
    /// with blanks of `style` when short.
    public mutating func putFitted(_ text: String, row: Int, col: Int, width: Int, style: Style = .plain) {
        guard width > 0 else { return }
        put(DisplayWidth.fit(TerminalText.sanitize(text), width), row: row, col: col, maxWidth: width, style: style)
        // `fit` may fall one column short when a wide character straddles the edge.
        let used = DisplayWidth.of(DisplayWidth.fit(TerminalText.sanitize(text), width))
        if used < width { fill(Rect(row: row, col: col + used, rows: 1, cols: width - used), style: style) }
    }

    /// The screen as plain text, one line per row, trailing blanks removed.
    public func text() -> String {
        (0..<rows).map { line($0) }.joined(separator: "\n")
    }

    /// One row as plain text, trailing blanks removed.
    public func line(_ row: Int) -> String {
        var s = ""
        for c in 0..<cols { s += self[row, c].text }
        while s.last == " " { s.removeLast() }
        return s
    }

    /// One letter per cell for style snapshots: R reverse, B bold, D dim, U underline, "." plain.
    public func styleMap() -> String {
        (0..<rows).map { r in
            String(
                (0..<cols).map { c -> Character in
                    let s = self[r, c].style
                    return s.reverse ? "R" : s.bold ? "B" : s.dim ? "D" : s.underline ? "U" : "."
                })
        }.joined(separator: "\n")
    }

    /// Keeps the cells that fit and blanks the rest.
    public mutating func resize(rows newRows: Int, cols newCols: Int) {
        var next = Screen(rows: newRows, cols: newCols)
        for r in 0..<min(rows, next.rows) {
            for c in 0..<min(cols, next.cols) {
                let cell = self[r, c]
                if cell.width == 2 && c + 1 >= next.cols { continue }
                next.cells[r * next.cols + c] = cell
            }
        }
        self = next
    }

    /// Positions of cells that differ from `other` (all of them when the sizes differ).
    public func changes(since other: Screen?) -> [(row: Int, col: Int)] {
        var out: [(row: Int, col: Int)] = []
        guard let other, other.rows == rows, other.cols == cols else {
            for r in 0..<rows { for c in 0..<cols { out.append((r, c)) } }
            return out
        }
        for i in 0..<cells.count where cells[i] != other.cells[i] { out.append((i / cols, i % cols)) }
        return out
    }

    /// The cluster as it will be drawn and its width: a cluster with more than one spacing
    /// scalar (ZWJ emoji, skin tones, flags) keeps only its first scalar, so the terminal and
    /// the model agree on how far the cursor moves.
    static func drawable(_ ch: Character) -> (String, Int) {
        let w = DisplayWidth.of(ch)
        let scalars = Array(ch.unicodeScalars)
        if scalars.count == 1 { return (String(ch), w) }
        let spacing = scalars.dropFirst().contains { DisplayWidth.of($0) > 0 }
        if spacing { return (String(scalars[0]), DisplayWidth.of(scalars[0])) }
        var view = String.UnicodeScalarView()
        for s in scalars.prefix(5) { view.append(s) }
        return (String(view), w)
    }

    private mutating func set(_ row: Int, _ col: Int, _ cell: Cell) {
        guard row >= 0, row < rows, col >= 0, col < cols else { return }
        let i = row * cols + col
        let old = cells[i]
        // Overwriting half of a wide character blanks its other half.
        if old.width == 0, col > 0, cell.width != 0, cells[i - 1].width == 2 {
            cells[i - 1] = Cell(text: " ", width: 1, style: cells[i - 1].style)
        }
        if old.width == 2, cell.width != 2, col + 1 < cols, cells[i + 1].width == 0 {
            cells[i + 1] = Cell(text: " ", width: 1, style: old.style)
        }
        cells[i] = cell
    }
}

/// A cell's position.
public struct ScreenPoint: Equatable, Sendable {
    public var row: Int
    public var col: Int
}

extension Screen {
    /// Where the terminal cursor belongs: at the cursor of the open input line (the `:`, `/`,
    /// `\\` line or the review note), nil when no line is open.
    public var commandLineCursor: (row: Int, col: Int)? {
        guard let c = cursor, c.row >= 0, c.row < rows else { return nil }
        return (c.row, max(0, min(cols - 1, c.col)))
    }
}
