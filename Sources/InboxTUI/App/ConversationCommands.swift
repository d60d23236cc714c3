import InboxCore

/// The conversation's message commands: jump between messages, show why each message is in
/// the ticket, save or open the selected message's attachments.
extension AppState {
    mutating func applyMessageCommand(_ command: Command) -> [Effect] {
        guard var c = conversation else {
            message = "Open a ticket first (Enter on a row)"
            return []
        }
        let messages = c.detail.messages
        guard !messages.isEmpty else {
            message = "This ticket has no messages"
            return []
        }
        c.selectedMessage = max(0, min(c.selectedMessage, messages.count - 1))
        defer { conversation = c }
        let selected = messages[c.selectedMessage]
        switch command {
        case .nextMessage, .prevMessage:
            let step = command == .nextMessage ? 1 : -1
            let target = c.selectedMessage + step
            guard messages.indices.contains(target) else {
                message = step > 0 ? "This is the last message" : "This is the first message"
                return []
            }
            c.selectedMessage = target
            // The first message goes back to the top, where the subject is.
            if target == 0 {
                c.scroll = 0
            } else if c.messageStarts.indices.contains(target) {
                c.scroll = max(0, min(c.messageStarts[target], conversationLines - conversationPage))
            }
            message = "Message \(target + 1) of \(messages.count)"
        case .toggleReasons:
            c.showReasons.toggle()
            message = c.showReasons ? "Showing why each message is in this ticket" : "Thread reasons hidden"
        case .saveAttachments:
            guard !selected.attachments.isEmpty else {
                message = noAttachments(c)
                return []
            }
            return [.saveAttachments(selected)]
        case .openAttachment:
            switch selected.attachments.count {
            case 0:
                message = noAttachments(c)
            case 1:
                return [.openAttachment(selected, 0)]
            default:
                commandLine = "open-attachment "
            }
        case .pipeMessage:
            commandLine = Command.pipeMessage.rawValue + " "
            message = "Pipe message \(c.selectedMessage + 1) (raw) to a shell command: type it, Enter runs it"
        default:
            break
        }
        return []
    }

    private func noAttachments(_ c: ConversationState) -> String {
        "Message \(c.selectedMessage + 1) has no attachments (} and { move between messages)"
    }

    /// `:open-attachment N` (N counts from 1 in the selected message); nil for other lines.
    mutating func runMessageLine(_ line: String) -> [Effect]? {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        if parts.first?.lowercased() == Command.pipeMessage.rawValue {
            guard parts.count == 2, !parts[1].trimmingCharacters(in: .whitespaces).isEmpty else {
                message = "pipe needs a shell command (:pipe less, :pipe cat > /tmp/message.eml)"
                return []
            }
            guard let c = conversation, c.detail.messages.indices.contains(c.selectedMessage)
            else {
                message = "Open a ticket first (Enter on a row)"
                return []
            }
            return [.pipe(c.detail.messages[c.selectedMessage], parts[1])]
        }
        let words = line.split(separator: " ").map(String.init)
        guard words.first?.lowercased() == Command.openAttachment.rawValue, words.count == 2 else { return nil }
        guard let c = conversation, c.detail.messages.indices.contains(c.selectedMessage) else {
            message = "Open a ticket first (Enter on a row)"
            return []
        }
        let m = c.detail.messages[c.selectedMessage]
        guard let n = Int(words[1]), m.attachments.indices.contains(n - 1) else {
            message =
                m.attachments.isEmpty
                ? noAttachments(c) : "Give an attachment number from 1 to \(m.attachments.count) (:open-attachment 1)"
            return []
        }
        return [.openAttachment(m, n - 1)]
    }
}
