import InboxTestSupport
import Testing

extension Trait where Self == ConditionTrait {
    /// The real binary in tmux: tmux installed and `inbox` built.
    static var needsTmux: Self { .enabled(if: TmuxSession.available, "needs tmux and a built inbox binary") }
    /// A real SMTP server on loopback (``SMTPSink``).
    static var needsSMTPSink: Self {
        .enabled(if: SMTPSink.available, "python3-aiosmtpd is not installed (make deps installs it)")
    }
}
