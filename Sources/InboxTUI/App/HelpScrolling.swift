/// The `?` help lists every command; on a short terminal j/k and the page keys scroll it.
extension AppState {
    /// Lines a command scrolls the open help; nil for commands that close it.
    static func helpStep(_ command: Command) -> Int? {
        switch command {
        case .down: 1
        case .up: -1
        case .pageDown: 10
        case .pageUp: -10
        case .top: -Command.allCases.count
        case .bottom: Command.allCases.count
        default: nil
        }
    }
}
