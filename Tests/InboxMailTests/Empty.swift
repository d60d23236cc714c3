import Testing
@testable import InboxMail
