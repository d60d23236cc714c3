import Foundation
import InboxCore

/// Compose effects: templates, the editor, drafts and sending, through ``ComposeService``.
extension AppController {
    /// Seconds between draft autosaves while the text changes.
    static let autosaveInterval: TimeInterval = 3

    func performCompose(_ effect: ComposeEffect) {
        guard let service = composer else {
            state.message = "Replies are not available here (read-only)"
            state.compose = nil
            return
        }
        switch effect {
        case .pickTemplate(let id):
            do {
                let detail = try data.ticket(id)
                var picker = TemplatePickerState(items: try service.pickerItems(detail))
                picker.folder = service.templatesFolder
                var c = newCompose(id, .reply, stage: .picker, detail: detail, service: service)
                c.picker = picker
                state.compose = c
            } catch {
                state.message = "Cannot read the templates: \(Self.firstLine(error))"
            }
        case .startReply(let id), .startNote(let id):
            let kind: ComposeKind = if case .startNote = effect { .note } else { .reply }
            if let d = try? service.draft(ticket: id, kind: kind) {
                resume(id, draft: d, service: service)
                if state.compose != nil { state.message = "Resumed your draft (q on the review screen discards it)" }
                return
            }
            do {
                let detail = try data.ticket(id)
                var c = newCompose(id, kind, stage: .editing, detail: detail, service: service)
                if kind == .reply { c.body = service.replyText(detail) }
                c.dirty = true
                state.compose = c
                startEditing()
            } catch {
                state.message = "\(error)"
            }
        case .resume(let id):
            guard let d = service.newestDraft(ticket: id) else {
                state.message = "There is no draft on #\(id)"
                return
            }
            resume(id, draft: d, service: service)
        case .startForward(let id, let index):
            do {
                let detail = try data.ticket(id)
                var c = newCompose(id, .forward, stage: .review, detail: detail, service: service)
                c.to = []
                c.subject = SubjectTag.ensure("Fwd: " + SubjectCleaner.clean(detail.ticket.subject), ticket: id)
                c.forwardMessage = index
                c.forwardSummary = service.forwardSummary(detail, message: index)
                c.prompt = ComposePrompt(field: .forwardTo)
                state.compose = c
                state.message = "Forward to a third party: type the address, Enter; then e writes your note, y sends"
            } catch {
                state.message = "\(error)"
            }
        case .attach(let path):
            guard var c = state.compose else { return }
            do {
                let label = try service.attachment(path)
                c.attachments.append(path)
                c.attachmentLabels.append(label)
                state.compose = c
                state.message = "Attached \(label)"
            } catch {
                state.message = "\(error)"
            }
        case .completePath:
            guard var c = state.compose, var p = c.prompt else { return }
            let found = ComposeService.completions(p.text)
            if found.isEmpty {
                state.message = "No file starts with \(p.text.isEmpty ? "that" : p.text)"
            } else {
                let shared = ComposeService.commonPrefix(found)
                p.text = found.count == 1 ? found[0] : shared.count > p.text.count ? shared : p.text
                p.candidates = found.count == 1 ? [] : found.map { ($0 as NSString).lastPathComponent }
            }
            c.prompt = p
            state.compose = c
        case .runEditor:
            startEditing()
        case .saveDraft:
            saveDraft()
        case .postpone:
            saveDraft(force: true)
            if let c = state.compose { state.message = "Draft of #\(c.ticketID) kept (d resumes it)" }
            leaveCompose()
        case .discard:
            if let c = state.compose {
                try? service.discard(c)
                state.message = "Discarded the \(c.kind == .note ? "note" : "reply")"
            }
            leaveCompose()
        case .suggestArticles(let id):
            guard var c = state.compose else { return }
            do {
                let picker = try service.kbSuggestions(try data.ticket(id))
                c.kbPicker = picker
                state.compose = c
                state.message =
                    picker.empty
                    ? "There are no articles in \(picker.folder) (see docs/kb.md)"
                    : picker.items.isEmpty ? "No article matches the customer's message" : nil
            } catch {
                state.message = "Cannot read the knowledge base: \(Self.firstLine(error))"
            }
        case .send:
            guard var c = state.compose else { return }
            if let why = c.blockingReason {
                state.message = why
                return
            }
            do {
                saveDraft(force: true)
                let (said, undo) = try service.send(c)
                if let id = state.conversation?.detail.ticket.id { state.updates.noteOwnChange([id]) }
                state.compose = nil
                state.draftOffer = nil
                state.undoSend = undo
                state.message = said
                let message = state.message
                reload()
                state.message = message
            } catch let e as InboxError where e.code == .conflict {
                c.confirmOverride = true
                state.compose = c
                state.message = "\(e.description) — y sends anyway"
            } catch {
                state.message = "Not sent: \(error)"
            }
        }
    }

    /// Opens the review screen on a saved draft.
    private func resume(_ id: Int64, draft d: Draft, service: ComposeService) {
        do {
            let detail = try data.ticket(id)
            let kind = ComposeKind(rawValue: d.kind) ?? .reply
            var c = newCompose(id, kind, stage: .review, detail: detail, service: service)
            c.body = d.body
            c.startedAt = d.startedAt
            if let name = d.template, let item = service.template(named: name, detail: detail) {
                c.template = name
                c.subject = item.subject
                c.actions = item.actions
                c.changes = item.changes
                c.problem = item.problem
            }
            state.compose = c
            state.draftOffer = nil
        } catch {
            state.message = "\(error)"
        }
    }

    /// A compose state for the ticket with its recipients and draft start.
    private func newCompose(
        _ id: Int64, _ kind: ComposeKind, stage: ComposeStage, detail: TicketDetail, service: ComposeService
    ) -> ComposeState {
        var c = ComposeState(
            ticketID: id, kind: kind, stage: stage,
            subject: SubjectTag.ensure(SubjectTag.replySubject(detail.ticket.subject), ticket: id))
        if kind == .reply { c.to = service.recipients(detail) }
        c.externalEditor = service.editorCommand != nil
        c.startedAt = (try? service.draft(ticket: id, kind: kind))?.startedAt ?? Date()
        return c
    }

    /// Opens the text in `$VISUAL`/`$EDITOR` (then the review screen), or the inline editor.
    private func startEditing() {
        guard var c = state.compose else { return }
        guard let service = composer, let command = service.editorCommand else {
            c.editor = c.makeEditor()
            c.stage = .editing
            state.compose = c
            return
        }
        saveDraft(force: true)
        let file: String
        do {
            file = try ExternalEditor.draftFile(
                prefix: "inbox-\(c.kind.rawValue)-\(c.ticketID)-", contents: Array(c.editableText.utf8))
        } catch {
            state.message =
                "Cannot write a file for the editor: \(error) (unset EDITOR to use the inline editor)"
            c.editor = c.makeEditor()
            c.stage = .editing
            state.compose = c
            return
        }
        defer { unlink(file) }
        let status = (service.runEditor ?? ExternalEditor.run)(command, file)
        if let data = FileManager.default.contents(atPath: file) {
            c.setText(String(decoding: data, as: UTF8.self))
        }
        c.editor = nil
        c.stage = .review
        state.compose = c
        if status != 0 {
            state.message = "\(command) exited with status \(status); the text is as it left it"
        }
        saveDraft()
    }

    /// Saves the draft when the text changed (always with `force`).
    func saveDraft(force: Bool = false) {
        guard let service = composer, var c = state.compose, c.stage != .picker, c.kind != .forward, force || c.dirty
        else { return }
        do {
            try service.save(c)
            c.dirty = false
            state.compose = c
            lastDraftSave = Date()
        } catch {
            state.message = "Cannot save the draft: \(Self.firstLine(error))"
        }
    }

    private func leaveCompose() {
        state.compose = nil
        if let id = state.conversation?.detail.ticket.id { refreshDraftOffer(id) }
    }

    /// Shows "Draft from 14:02 — d resumes" when the agent has a draft on the open ticket.
    func refreshDraftOffer(_ id: Int64?) {
        guard let id, let service = composer, state.compose == nil, let d = service.newestDraft(ticket: id) else {
            state.draftOffer = nil
            return
        }
        state.draftOffer = DraftOffer(
            ticketID: id, kind: ComposeKind(rawValue: d.kind) ?? .reply, updatedAt: d.updatedAt)
    }

    /// After each key: a screen change saves the draft; so does a text older than the interval.
    func composeAfterKey(previousStage: ComposeStage?, previousTicket: Int64?) {
        if let stage = state.compose?.stage, stage != previousStage {
            saveDraft()
        }
        let open = state.conversation?.detail.ticket.id
        if open != previousTicket || (state.compose == nil && previousStage != nil) { refreshDraftOffer(open) }
    }

    /// Once a second: the autosave, and news from the background sender.
    func composeTick(now: Date) {
        if state.compose?.dirty == true, now.timeIntervalSince(lastDraftSave) >= Self.autosaveInterval { saveDraft() }
        if var u = state.undoSend {
            u.secondsLeft = max(0, Int(u.until.timeIntervalSince(now).rounded(.up)))
            state.undoSend = u.secondsLeft > 0 ? u : nil
        }
        guard let news = composer?.news.take(), !news.isEmpty else { return }
        reload()
        state.message = news.last
    }
}
