import Foundation
import InboxCore

/// The controller's side of marks and attachments (the reducer's `changeMarked`,
/// `saveAttachments` and `openAttachment` effects).
extension AppController {
    /// Changes every marked ticket in one transaction; the marks clear when it succeeds.
    func changeMarked(_ ids: [Int64], _ changes: [TicketChange]) {
        do {
            let results = try data.apply(changes, to: ids)
            let changed = results.filter { !$0.applied.isEmpty }
            let what = changed.first?.applied.joined(separator: " ") ?? "no change"
            state.marks.removeAll()
            // Only the tickets that changed: `u` on an unchanged one would undo an older change.
            state.lastBulkChange = changed.map(\.id)
            state.message =
                "\(changed.count) of \(ids.count) marked ticket\(ids.count == 1 ? "" : "s") changed: \(what)"
        } catch {
            state.message = "\(Self.firstLine(error)) (nothing changed; the marks are kept)"
        }
    }

    /// `u` right after a change on marks: undoes the agent's last change on each ticket it changed.
    func undoMany(_ ids: [Int64]) {
        var undone: [Int64] = []
        var failed: [String] = []
        for id in ids {
            do {
                _ = try data.undo(ticket: id)
                undone.append(id)
            } catch {
                failed.append(Self.firstLine(error))
            }
        }
        let list = undone.map { "#\($0)" }.joined(separator: " ")
        var said = "Undid the last change on \(undone.count) ticket\(undone.count == 1 ? "" : "s")"
        if !undone.isEmpty { said += " (\(list))" }
        if let first = failed.first { said += "; \(failed.count) not undone: \(first)" }
        state.message = said
    }

    func saveAttachments(_ message: MessageDetail) {
        state.message = AttachmentActions.save(message, data: data, to: downloadFolder)
    }

    func openAttachment(_ message: MessageDetail, _ index: Int) {
        state.message = AttachmentActions.open(message, index: index, data: data, opener: openFile)
    }

    /// `|`: the message exactly as stored (its raw bytes) on the command's stdin.
    func pipe(_ message: MessageDetail, to command: String) {
        do {
            guard let raw = try data.rawMessage(sha256: message.sha256) else {
                state.message = "The raw message is not stored here (nothing was piped)"
                return
            }
            let status = try pipeCommand(command, raw)
            state.message =
                status == 0
                ? "Piped the message (\(raw.count) bytes) to the command"
                : "The command ended with status \(status) (the message was piped, \(raw.count) bytes)"
        } catch {
            state.message = "Cannot pipe the message: \(Self.firstLine(error))"
        }
    }
}
