import Foundation
import InboxCore
import InboxMail
import InboxTestSupport
import Testing

/// Issue 18 items 1, 10, 11, 12 through the real binary and a real SMTP server on loopback.
@Suite(.serialized, .enabled(if: SMTPSink.available, "python3-aiosmtpd is not installed (make test installs it)"))
struct Issue18ReplyCLITests {
    static func status(_ t: String, _ env: [String: String]) throws -> String {
        let show = try CommandRunner.inbox(["show", t, "--json"], environment: env)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        return try #require(json["status"] as? String)
    }

    @Test func aQueuedReplyMovesTheTicketFromNewToOpen() throws {
        let dir = TemporaryFolder("i18-reply")
        let sink = try SMTPSink(folder: dir.file("sink"))
        let (env, t) = try ReplyCLITests.setUp(dir, port: sink.port)
        #expect(try Self.status(t, env) == "new")
        let r = try CommandRunner.inbox(
            ["reply", t, "--message", "Paczka jest w drodze.", "--send", "--no-deliver"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Self.status(t, env) == "open")
        let show = try CommandRunner.inbox(["show", t], environment: env)
        #expect(show.stdout.contains("status new → open (agent replied)"))
    }

    @Test func sendAloneSendsTheSavedDraftAsTheHintSays() throws {
        let dir = TemporaryFolder("i18-reply")
        let sink = try SMTPSink(folder: dir.file("sink"))
        let (env, t) = try ReplyCLITests.setUp(dir, port: sink.port)
        let nothing = try CommandRunner.inbox(["reply", t, "--send"], environment: env)
        #expect(nothing.status == 1)
        #expect(nothing.stderr.contains("There is no draft of #\(t)"))
        let draft = try CommandRunner.inbox(["reply", t, "--message", "Paczka wyszła wczoraj."], environment: env)
        #expect(draft.status == 0)
        #expect(draft.stdout.contains("send it with `inbox reply \(t) --send`"))
        let sent = try CommandRunner.inbox(["reply", t, "--send"], environment: env)
        #expect(sent.status == 0, "\(sent.stdout) \(sent.stderr)")
        #expect(sent.stdout.contains("Sent 1"))
        // A successful run prints no log lines.
        #expect(sent.stderr.isEmpty, "\(sent.stderr)")
        let delivered = try #require(sink.messages().first)
        let parsed = MessageParser.parse(delivered)
        #expect(parsed.text.contains("Paczka wyszła wczoraj."))
        #expect(parsed.text.contains("Ada, Nordlys Support"))
        #expect(parsed.subject.contains("[#\(t)]"))
        #expect(try Self.status(t, env) == "open")
    }

    @Test func aTemplateWithoutTheCustomersLanguageIsRefusedUnlessChosen() throws {
        let dir = TemporaryFolder("i18-reply")
        let sink = try SMTPSink(folder: dir.file("sink"))
        let (env, t) = try ReplyCLITests.setUp(dir, port: sink.port)
        #expect(try CommandRunner.inbox(["customer", "zofia@example.pl", "language=pl"], environment: env).status == 0)
        let refused = try CommandRunner.inbox(["reply", t, "--template", "ask", "--send"], environment: env)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("Template \"ask\" has no \"pl\" variant"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--language en"))
        #expect(sink.messages().isEmpty)
        #expect(try CommandRunner.inbox(["outbox", "list"], environment: env).stdout.contains("empty"))
        // A variant that does not exist is named.
        let missing = try CommandRunner.inbox(["reply", t, "--template", "ask", "--language", "de"], environment: env)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no \"de\" variant (it has en)"))
        // The Polish variant of another template is fine; English goes when asked for.
        #expect(try CommandRunner.inbox(["reply", t, "--template", "shipped"], environment: env).status == 0)
        let chosen = try CommandRunner.inbox(
            ["reply", t, "--template", "ask", "--language", "en", "--send"], environment: env)
        #expect(chosen.status == 0, "\(chosen.stderr)")
        #expect(sink.messages().count == 1)
        let any = try CommandRunner.inbox(
            ["reply", t, "--template", "ask", "--any-language", "--send"], environment: env)
        #expect(any.status == 0, "\(any.stderr)")
        #expect(sink.messages().count == 2)
    }

    @Test func aWrongSMTPPortIsSaidInWordsExitsOneAndFlushNowRetriesAtOnce() throws {
        let dir = TemporaryFolder("i18-reply")
        let first = try SMTPSink(folder: dir.file("sink0"))
        let (env, t) = try ReplyCLITests.setUp(dir, port: first.port)
        let deadPort = first.port
        first.stop()
        // A long retry delay: only `flush --now` may send before it has passed.
        let config = ReplyCLITests.config(port: deadPort, templates: dir.file("templates"))
            .replacingOccurrences(of: "retry_base = 1", with: "retry_base = 3600")
        dir.write("config.toml", config)
        let r = try CommandRunner.inbox(["reply", t, "--message", "Paczka jest w drodze.", "--send"], environment: env)
        #expect(r.status == 1, "\(r.stdout) \(r.stderr)")
        #expect(
            r.stderr.contains("could not connect to 127.0.0.1:\(deadPort): connection refused — check [smtp] port"),
            "\(r.stderr)")
        #expect(r.stderr.contains("waits in the outbox"))
        #expect(!r.stderr.contains("SingleConnectionFailure") && !r.stderr.contains("NIOConnectionError"))
        #expect(try CommandRunner.inbox(["outbox", "list"], environment: env).stdout.contains("\tqueued\t"))
        // The agent fixes [smtp].
        let sink = try SMTPSink(folder: dir.file("sink"))
        dir.write("config.toml", config.replacingOccurrences(of: "port = \(deadPort)", with: "port = \(sink.port)"))
        let waiting = try CommandRunner.inbox(["outbox", "flush"], environment: env)
        #expect(waiting.status == 0)
        #expect(waiting.stdout.contains("Sent 0"))
        let now = try CommandRunner.inbox(["outbox", "flush", "--now"], environment: env)
        #expect(now.status == 0, "\(now.stdout) \(now.stderr)")
        #expect(now.stdout.contains("Sent 1"))
        #expect(now.stderr.isEmpty, "\(now.stderr)")
        #expect(sink.messages().count == 1)
    }
}
