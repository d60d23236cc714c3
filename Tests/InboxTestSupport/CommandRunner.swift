import Foundation

/// Runs the `inbox` binary (or any program) and captures what it printed.
public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

public enum CommandRunner {
    /// Runs `arguments` with `environment` added to a clean copy of ours (INBOX_* removed,
    /// XDG_STATE_HOME in the temp folder unless `environment` sets it), in `directory` when given.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], directory: String? = nil
    ) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.arguments = arguments
        process.environment = Self.environment(environment)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes concurrently with the process so a full pipe never blocks it.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        OwnThread.start(group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// The environment a child gets: ours without INBOX_*, XDG_STATE_HOME in the temp folder
    /// (the log of long-running commands never goes into the user's home), then `extra`.
    public static func environment(_ extra: [String: String]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("INBOX_") }
        env["XDG_STATE_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("inbox-tests-state").path
        for (k, v) in extra { env[k] = v }
        return env
    }

    /// Starts the built `inbox` with `arguments` in the background, its output discarded, with
    /// the environment of ``run(_:_:environment:directory:)``; the caller kills it or waits.
    public static func startInbox(_ arguments: [String], environment: [String: String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.inboxBinary)
        process.arguments = arguments
        process.environment = Self.environment(environment)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs the built `inbox` binary.
    public static func inbox(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil)
        throws -> CommandResult
    {
        try run(TestPaths.inboxBinary, arguments, environment: environment, directory: directory)
    }

    /// Runs `binary` (the built `inbox`) for each of `commands` in turn; throws, with its stderr,
    /// at the first that fails.
    public static func inboxSucceeds(
        _ commands: [[String]], environment: [String: String], binary: String = TestPaths.inboxBinary
    ) throws {
        for args in commands {
            let r = try run(binary, args, environment: environment)
            guard r.status == 0 else {
                throw HarnessError("inbox \(args.joined(separator: " ")) exited with \(r.status): \(r.stderr)")
            }
        }
    }

    /// The number of the first ticket `inbox tickets` lists.
    public static func firstTicket(environment: [String: String], binary: String = TestPaths.inboxBinary) throws -> Int
    {
        let list = try run(binary, ["tickets", "--json"], environment: environment)
        let tickets = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]
        guard let id = tickets?.first?["id"] as? Int else { throw HarnessError("no ticket: \(list.stdout)") }
        return id
    }
}
