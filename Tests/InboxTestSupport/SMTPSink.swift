import Foundation


/// A real SMTP server (Debian python3-aiosmtpd, Tests/tools/smtp_sink.py) on a free
/// loopback port, stopped when the value goes away.
public final class SMTPSink: @unchecked Sendable {
    // Set once in init; `process` is only touched by stop() and deinit.
    public let port: Int
    public let folder: String
    private let process: Process

    static let python = "/usr/bin/python3"
    static let script = TestPaths.root + "/Tests/tools/smtp_sink.py"

    /// True when python3 can import aiosmtpd (`make test` installs python3-aiosmtpd).
    public static let available: Bool = {
        guard let r = try? CommandRunner.run(python, ["-c", "import aiosmtpd"]) else { return false }
        return r.status == 0
    }()

    /// A self-signed certificate for "localhost" and 127.0.0.1: (cert, key) in `folder`.
    public static func makeCertificate(in folder: String) throws -> (cert: String, key: String) {
        let cert = folder + "/cert.pem"
        let key = folder + "/key.pem"
        let r = try CommandRunner.run(
            "/usr/bin/openssl",
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost",
             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
        guard r.status == 0 else { throw SinkError("openssl failed: \(r.stderr)") }
        return (cert, key)
    }

    public struct SinkError: Error, CustomStringConvertible {
        public var description: String
        init(_ s: String) { description = s }
    }

    public init(folder: String, port: Int = 0, arguments: [String] = []) throws {
        self.folder = folder
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.python)
        p.arguments = [Self.script, "--dir", folder, "--port", String(port)] + arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        process = p
        // The first line is "PORT n".
        var line = Data()
        let handle = out.fileHandleForReading
        while true {
            let byte = handle.readData(ofLength: 1)
            if byte.isEmpty || byte.first == 10 { break }
            line.append(byte)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("PORT "), let n = Int(text.dropFirst(5)) else {
            p.terminate()
            throw SinkError("the SMTP sink did not start (printed \"\(text)\")")
        }
        self.port = n
    }

    public func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    deinit { stop() }

    /// The bytes of every accepted message, in arrival order.
    public func messages() -> [[UInt8]] {
        let dir = folder + "/new"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".eml") }.sorted()
        return names.compactMap { FileManager.default.contents(atPath: dir + "/" + $0).map { [UInt8]($0) } }
    }

    /// The recorded envelopes (one JSON object per accepted message).
    public func envelopes() -> [[String: Any]] {
        guard let data = FileManager.default.contents(atPath: folder + "/envelopes.jsonl") else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }
}
