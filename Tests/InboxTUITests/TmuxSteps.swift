import InboxTestSupport
import Testing

/// The steps the tmux tests share: a desk for the built binary (with an SMTP sink when the
/// test delivers mail), opening a ticket from the list, and sending the reviewed reply.
extension TestDesk {
    /// A desk in a new temporary folder for `inbox tui` in tmux, with an SMTP sink on loopback
    /// in that folder: `config` gets the folder and the sink's port and returns the config
    /// file's text. The caller stops the sink (`defer { sink.stop() }`).
    static func tmuxWithSink(_ prefix: String, config: (TemporaryFolder, Int) throws -> String) throws
        -> (desk: TestDesk, sink: SMTPSink)
    {
        let bin = try #require(TmuxSession.inboxBinary)
        let dir = TemporaryFolder(prefix)
        let sink = try SMTPSink(folder: dir.file("sink"))
        do {
            return (try TestDesk(dir, bin: bin) { $0.write("config.toml", try config($0, sink.port)) }, sink)
        } catch {
            sink.stop()
            throw error
        }
    }

    /// A desk for `inbox tui` in tmux with the one Support queue (``queueConfig``) and no agent.
    static func tmuxSupportQueue(_ prefix: String) throws -> TestDesk {
        TestDesk(prefix, bin: try #require(TmuxSession.inboxBinary), config: TestDesk.queueConfig, agent: nil)
    }
}

extension TmuxSession {
    /// Waits for the list to show `subject`, opens the selected ticket with Enter and waits for
    /// the ticket screen (showing `marker` too, when given); returns that screen.
    @discardableResult
    func openTicket(listing subject: String, showing marker: String? = nil) async throws -> String {
        _ = try await waitFor { $0.contains("LIST │") && $0.contains(subject) }
        return try await press("Enter") { screen in
            screen.contains("TICKET │") && (marker.map { screen.contains($0) } ?? true)
        }
    }

    /// `y` on the review screen, then the wait until the reply is delivered.
    func sendReviewedReply() async throws {
        try await press("y") { $0.contains("Delivered 1 reply") }
    }
}
