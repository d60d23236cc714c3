import Dispatch
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// How to reach an IMAP server.
public struct IMAPEndpoint: Sendable {
    public enum Security: String, Sendable {
        /// TLS from the first byte (port 993).
        case implicit
        /// Plain connection upgraded with STARTTLS before login (port 143).
        case starttls
        /// No encryption: accepted only for a loopback host.
        case none
    }

    public var host: String
    public var port: Int
    public var security: Security
    /// PEM file of the certificate authorities to trust instead of the system's.
    public var caFile: String?
    public var connectTimeout: Double
    /// How long to wait for any response before the connection counts as dead.
    public var responseTimeout: Double

    public init(
        host: String, port: Int, security: Security, caFile: String? = nil, connectTimeout: Double = 15,
        responseTimeout: Double = 120
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.caFile = caFile
        self.connectTimeout = connectTimeout
        self.responseTimeout = responseTimeout
    }

    /// True for `localhost`, 127.0.0.0/8 and ::1.
    public var isLoopback: Bool {
        let h = host.lowercased()
        return h == "localhost" || h.hasPrefix("127.") || h == "::1" || h == "[::1]"
    }
}

/// One TCP (and TLS) connection to an IMAP server, used from one thread at a time.
///
/// Bytes are framed and parsed on the event loop; the reading thread takes whole responses from
/// a bounded queue (reading from the socket pauses while the queue holds more than 8 MB), so a
/// slow consumer never makes the process buffer a whole mailbox.
final class IMAPConnection: Sendable {
    enum Event: Sendable {
        case response(IMAPResponse, bytes: Int)
        /// A response the parser could not read; the framing is intact, so the session goes on.
        case unparsed(IMAPProtocolError, bytes: Int)
        case failed(String)
        case closed
    }

    let channel: any Channel
    let queue: ResponseQueue
    let endpoint: IMAPEndpoint
    let logger: Logger

    private init(channel: any Channel, queue: ResponseQueue, endpoint: IMAPEndpoint, logger: Logger) {
        self.channel = channel
        self.queue = queue
        self.endpoint = endpoint
        self.logger = logger
    }

    static func tlsContext(_ endpoint: IMAPEndpoint) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let caFile = endpoint.caFile {
            guard FileManager.default.isReadableFile(atPath: caFile) else {
                throw IMAPError(.config, "ca_file \(caFile) cannot be read (check the path in the [[account]] table)")
            }
            configuration.trustRoots = .file(caFile)
        }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw IMAPError(
                .config, "Cannot use ca_file \(endpoint.caFile ?? ""): \(error) (it must hold PEM certificates)")
        }
    }

    /// SNI and certificate name checks need a host name; an IP address is checked against the
    /// certificate's IP entries instead.
    static func serverHostname(_ host: String) -> String? {
        if host.allSatisfy({ $0.isNumber || $0 == "." }) || host.contains(":") { return nil }
        return host
    }

    static func connect(_ endpoint: IMAPEndpoint, logger: Logger) throws -> IMAPConnection {
        let queue = ResponseQueue()
        let tls = endpoint.security == .implicit ? try tlsContext(endpoint) : nil
        let hostname = serverHostname(endpoint.host)
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.milliseconds(Int64(endpoint.connectTimeout * 1000)))
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(
                            try NIOSSLClientHandler(context: tls, serverHostname: hostname))
                    }
                    try channel.pipeline.syncOperations.addHandler(IMAPInboundHandler(queue: queue))
                }
            }
        let channel: any Channel
        do {
            channel = try bootstrap.connect(host: endpoint.host, port: endpoint.port).wait()
        } catch {
            throw IMAPError(
                .connection,
                "Cannot connect to \(endpoint.host):\(endpoint.port): \(IMAPError.describe(error)) (check host and port, and that the server is running)"
            )
        }
        queue.channel.withLock { $0 = channel }
        return IMAPConnection(channel: channel, queue: queue, endpoint: endpoint, logger: logger)
    }

    /// Adds TLS in front of the connection (after a successful STARTTLS).
    func startTLS() throws {
        let context = try Self.tlsContext(endpoint)
        let hostname = Self.serverHostname(endpoint.host)
        try channel.eventLoop.submit {
            try self.channel.pipeline.syncOperations.addHandler(
                try NIOSSLClientHandler(context: context, serverHostname: hostname), position: .first)
        }.wait()
    }

    func send(_ bytes: [UInt8]) throws {
        var buffer = channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        do {
            try channel.writeAndFlush(buffer).wait()
        } catch {
            // A failed TLS handshake shows up here first when the client speaks first (STARTTLS).
            if case .failed(let message)? = queue.peekFailure() { throw failure(message) }
            let text = IMAPError.describe(error)
            if IMAPError.isCertificateFailure(text) { throw failure(text) }
            throw IMAPError(.connection, "the connection to \(endpoint.host) was lost while sending (\(text))")
        }
    }

    /// The error for a failed connection: an untrusted certificate says how to trust it.
    func failure(_ message: String) -> IMAPError {
        if IMAPError.isCertificateFailure(message) {
            return IMAPError(
                .certificate,
                "the certificate of \(endpoint.host):\(endpoint.port) is not trusted (\(message)); if the server uses a self-signed or private CA certificate, trust it with ca_file = \"/path/to/ca.pem\" in the [[account]] table"
            )
        }
        return IMAPError(.connection, message)
    }

    /// The next response; throws when the connection failed, closed, or stayed silent for `timeout` seconds.
    func next(timeout: Double? = nil) throws -> IMAPResponse {
        switch queue.take(timeout: timeout ?? endpoint.responseTimeout) {
        case .response(let r, _)?:
            return r
        case .unparsed(let error, _)?:
            throw error
        case .failed(let message)?:
            throw failure(message)
        case .closed?:
            throw IMAPError(.connection, "the server \(endpoint.host) closed the connection")
        case nil:
            throw IMAPError(
                .timeout,
                "the server \(endpoint.host) did not answer within \(Int(timeout ?? endpoint.responseTimeout)) s")
        }
    }

    func close() {
        channel.close(promise: nil)
    }
}

/// Whole responses waiting for the session thread, with read pausing when too many bytes wait.
final class ResponseQueue: Sendable {
    struct State {
        var events: [IMAPConnection.Event] = []
        var head = 0
        var bytes = 0
        var closed = false
        var readPaused = false
    }

    static let highWater = 8 << 20
    static let lowWater = 2 << 20

    let state = Mutex(State())
    let available = DispatchSemaphore(value: 0)
    let channel = Mutex<(any Channel)?>(nil)

    func push(_ event: IMAPConnection.Event) {
        state.withLock { s in
            if case .response(_, let n) = event { s.bytes += n }
            s.events.append(event)
        }
        available.signal()
    }

    /// Called on the event loop before asking the socket for more: false pauses reading.
    func shouldRead() -> Bool {
        state.withLock { s in
            if s.bytes > Self.highWater {
                s.readPaused = true
                return false
            }
            return true
        }
    }

    /// A failure waiting in the queue, if any (without taking it).
    func peekFailure() -> IMAPConnection.Event? {
        state.withLock { s in
            s.events[s.head...].first { if case .failed = $0 { return true } else { return false } }
        }
    }

    func take(timeout: Double) -> IMAPConnection.Event? {
        if state.withLock({ $0.closed }) { return .closed }
        guard available.wait(timeout: .now() + timeout) == .success else { return nil }
        let (event, resume): (IMAPConnection.Event, Bool) = state.withLock { s in
            let e = s.events[s.head]
            s.head += 1
            if s.head > 1024, s.head * 2 > s.events.count {
                s.events.removeFirst(s.head)
                s.head = 0
            }
            if case .response(_, let n) = e { s.bytes -= n }
            if case .closed = e { s.closed = true }
            if case .failed = e { s.closed = true }
            var resume = false
            if s.readPaused, s.bytes < Self.lowWater {
                s.readPaused = false
                resume = true
            }
            return (e, resume)
        }
        if resume, let channel = channel.withLock({ $0 }) { channel.read() }
        return event
    }
}

/// Frames and parses inbound bytes on the event loop and hands responses to the queue.
final class IMAPInboundHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var framer = IMAPFramer()
    private let queue: ResponseQueue
    private var finished = false

    init(queue: ResponseQueue) { self.queue = queue }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        buffer.withUnsafeReadableBytes { framer.append($0) }
        do {
            while let frame = try framer.next() {
                do {
                    queue.push(.response(try IMAPResponseParser.parse(frame), bytes: frame.count))
                } catch let error as IMAPProtocolError {
                    queue.push(.unparsed(error, bytes: frame.count))
                }
            }
        } catch {
            fail("\(error)")
            context.close(promise: nil)
        }
    }

    func read(context: ChannelHandlerContext) {
        if queue.shouldRead() { context.read() }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(IMAPError.describe(error))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !finished {
            finished = true
            queue.push(.closed)
        }
        context.fireChannelInactive()
    }

    private func fail(_ message: String) {
        guard !finished else { return }
        finished = true
        queue.push(.failed(message))
    }
}
