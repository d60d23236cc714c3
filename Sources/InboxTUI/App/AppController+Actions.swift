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
            state.message =
                "\(changed.count) of \(ids.count) marked ticket\(ids.count == 1 ? "" : "s") changed: \(what)"
        } catch {
            state.message = "\(Self.firstLine(error)) (nothing changed; the marks are kept)"
        }
    }

    func saveAttachments(_ message: MessageDetail) {
        state.message = AttachmentActions.save(message, data: data, to: downloadFolder)
    }

    func openAttachment(_ message: MessageDetail, _ index: Int) {
        state.message = AttachmentActions.open(message, index: index, data: data, opener: openFile)
    }
}
