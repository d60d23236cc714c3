import Foundation

/// `inbox orders import`: reads order files, upserts them and links them to tickets.
public struct OrderImporter: Sendable {
    public struct Result: Sendable {
        public var summary: OrderImportSummary
        /// One line per rejected row, entry or unreadable file.
        public var problems: [String]
    }

    public let database: AppDatabase
    public let config: InboxConfig

    public init(database: AppDatabase, config: InboxConfig) {
        self.database = database
        self.config = config
    }

    /// Imports `paths` into `store` (the first configured when nil). `format` nil detects it
    /// from each file's content. `progress` gets (file, orders stored, orders in the file).
    /// A file that cannot be read is a problem line; the other files are imported.
    /// - Throws: ``InboxError`` for an unknown store or a database failure.
    public func importFiles(
        _ paths: [String], format: OrderFormat? = nil, store name: String? = nil, now: Date = Date(),
        progress: (String, Int, Int) -> Void = { _, _, _ in }
    ) throws -> Result {
        let store = try config.store(named: name)
        var summary = OrderImportSummary()
        var problems: [String] = []
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                let exists = FileManager.default.fileExists(atPath: path)
                problems.append(
                    "\(path): \(exists ? "cannot be read (check its permissions)" : "no such file (check the path)")")
                continue
            }
            let bytes = [UInt8](data)
            let feed: OrderFeedResult
            do {
                feed = try OrderFeed.read(
                    bytes, file: path, format: format ?? OrderFormat.detect(bytes), store: store, fetchedAt: now)
            } catch let error as InboxError where error.code == .badInput || error.code == .config {
                problems.append(error.description)
                continue
            }
            summary.rows += feed.rows
            summary.rejected += feed.problems.count
            problems += feed.problems
            let chunk = 2_000
            var done = 0
            while done < feed.orders.count {
                let end = min(done + chunk, feed.orders.count)
                try database.importOrders(Array(feed.orders[done..<end]), summary: &summary)
                done = end
                progress(path, done, feed.orders.count)
            }
        }
        summary.linked = try database.matchOrders(config: config, now: now)
        return Result(summary: summary, problems: problems)
    }
}
