/// The sentences describing what was malformed, without repeats and capped so that one
/// pathological message cannot produce thousands.
struct ProblemList {
    static let limit = 20
    private(set) var items: [String] = []

    mutating func add(_ sentence: @autoclosure () -> String) {
        guard items.count < Self.limit else { return }
        let s = sentence()
        if !items.contains(s) { items.append(s) }
    }
}
