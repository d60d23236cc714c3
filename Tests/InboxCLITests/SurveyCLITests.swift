import Foundation
import InboxCore
import InboxMail
import InboxTestSupport
import Testing

/// `inbox tick` sends satisfaction surveys exactly once (issue 24): two ticks send one, and a
/// tick killed with SIGKILL between queueing and delivery leaves the survey to the next one.
@Suite(.serialized, .enabled(if: SMTPSink.available, "python3-aiosmtpd is not installed (make test installs it)"))
struct SurveyCLITests {
    static let surveyEN = MailFactory.surveyTemplateEN
    static let surveyPL = MailFactory.surveyTemplatePL

    static func config(port: Int, templates: String) -> String {
        TestDesk.agentConfig(
            TestDesk.smtp(port: port, timeout: 60) + """
                [replies]
                templates = "\(templates)"
                retry_base = 1
                [survey]
                after = "1h"
                template = "survey"
                min_days_between = 30
                reopen_below = 3
                reopen_on_question = true
                """)
    }

    /// A TCP port that accepts connections (the kernel's backlog) and never says a word: a
    /// delivery to it hangs after the outbox row was claimed.
    final class SilentServer {
        let process = Process()
        let port: Int
        init() throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "python3", "-c",
                "import socket,time\ns=socket.socket()\ns.bind(('127.0.0.1',0))\ns.listen(8)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(120)",
            ]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            var line = Data()
            while !line.contains(0x0A) {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                line.append(chunk)
            }
            port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }
        func stop() {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    func surveys(_ path: String) throws -> (surveys: Int, outbox: [String]) {
        let db = try AppDatabase.open(url: path)
        return (try db.surveyCount(), try db.outbox().map(\.state.rawValue))
    }

    @Test(arguments: EngineStore.engines)
    func twoTicksSendOneSurveyAndAKilledTickStillSendsItExactlyOnce(_ engine: StoreEngineKind) throws {
        let dir = TemporaryFolder("inbox-survey-cli")
        dir.write("templates/survey.en.md", Self.surveyEN)
        dir.write("templates/survey.pl.md", Self.surveyPL)
        let silent = try SilentServer()
        defer { silent.stop() }
        #expect(silent.port > 0)
        let configPath = dir.write("config.toml", Self.config(port: silent.port, templates: dir.file("templates")))
        let dbPath = try EngineStore.location(engine, "survey-killed", sqlite: dir.file("inbox.sqlite"))
        let env = ["INBOX_DB": dbPath, "INBOX_CONFIG": configPath, "INBOX_AGENT": "Ada Lindqvist"]
        let mail = MailFactory.message(
            id: "pl-s1@example.pl", from: "Zofia Wójcik <zofia@example.pl>", subject: "Gdzie jest paczka?",
            body: "Dzień dobry,\nzamówienie PL-7781 jeszcze nie dotarło. Kiedy dotrze?\n")
        try CommandRunner.inboxSucceeds([["init"], ["import", "eml", dir.write("in/1.eml", mail)]], environment: env)
        let solve = try CommandRunner.inbox(["set", "1001", "status=solved"], environment: env)
        try #require(solve.status == 0, "\(solve.stderr)")
        let at = ISO8601DateFormatter().string(from: Date().addingTimeInterval(2 * 3600))

        // The tick queues the survey and hangs in delivery (the server never greets): kill it there.
        let process = try CommandRunner.startInbox(["tick", "--at", at], environment: env)
        let deadline = Date().addingTimeInterval(40)
        var state = try surveys(dbPath)
        while Date() < deadline && !(state.surveys == 1 && state.outbox == ["sending"]) {
            usleep(100_000)
            state = try surveys(dbPath)
        }
        #expect(process.isRunning, "the tick hangs in delivery")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(state.surveys == 1 && state.outbox == ["sending"], "\(state)")

        // The next tick, with a working server: the survey is delivered once, nothing is queued again.
        let sink = try SMTPSink(folder: dir.file("sink"))
        defer { sink.stop() }
        dir.write("config.toml", Self.config(port: sink.port, templates: dir.file("templates")))
        let second = try CommandRunner.inbox(["tick", "--at", at], environment: env)
        #expect(second.status == 0, "\(second.stdout)\n\(second.stderr)")
        #expect(second.stdout.contains("outbox: 1 sent"), "\(second.stdout)")
        #expect(!second.stdout.contains("survey queued"), "\(second.stdout)")
        let third = try CommandRunner.inbox(["tick", "--at", at], environment: env)
        #expect(third.status == 0, "\(third.stderr)")
        #expect(!third.stdout.contains("survey queued") && !third.stdout.contains("sent"), "\(third.stdout)")
        #expect(sink.messages().count == 1)
        #expect(try surveys(dbPath) == (1, ["sent"]))
        let parsed = MessageParser.parse(try #require(sink.messages().first))
        #expect(parsed.subject == "Jak nam poszło? [#1001]")
        #expect(parsed.text.contains("Odpowiedz liczbą od 1"))
        #expect(parsed.messageID?.hasPrefix("survey-1001-") == true)
        #expect(parsed.inReplyTo == ["pl-s1@example.pl"])
    }

    @Test(arguments: EngineStore.engines)
    func twoTicksInARowQueueOneSurvey(_ engine: StoreEngineKind) throws {
        let dir = TemporaryFolder("inbox-survey-cli2")
        dir.write("templates/survey.en.md", Self.surveyEN)
        let sink = try SMTPSink(folder: dir.file("sink"))
        defer { sink.stop() }
        let configPath = dir.write("config.toml", Self.config(port: sink.port, templates: dir.file("templates")))
        let env = [
            "INBOX_DB": try EngineStore.location(engine, "survey-twice", sqlite: dir.file("inbox.sqlite")),
            "INBOX_CONFIG": configPath, "INBOX_AGENT": "Ada Lindqvist",
        ]
        let mail = MailFactory.message(
            id: "en-s1@example.com", from: "Tom Baker <tom@example.com>", subject: "Where is my parcel?",
            body: "Hello,\nmy order 7781 has not arrived yet. When will it come?\n")
        try CommandRunner.inboxSucceeds(
            [["init"], ["import", "eml", dir.write("in/1.eml", mail)], ["set", "1001", "status=solved"]],
            environment: env)
        let early = try CommandRunner.inbox(["tick"], environment: env)
        #expect(!early.stdout.contains("survey queued"), "not before [survey] after")
        let at = ISO8601DateFormatter().string(from: Date().addingTimeInterval(2 * 3600))
        let first = try CommandRunner.inbox(["tick", "--at", at, "--json"], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("#1001 survey queued"), "\(first.stdout)")
        let second = try CommandRunner.inbox(["tick", "--at", at], environment: env)
        #expect(!second.stdout.contains("survey queued"), "\(second.stdout)")
        #expect(sink.messages().count == 1)
        let show = try CommandRunner.inbox(["show", "1001", "--json"], environment: env)
        #expect(show.stdout.contains("\"status\" : \"solved\""))
        #expect(show.stdout.contains("\"satisfaction\" : null"))
    }
}
