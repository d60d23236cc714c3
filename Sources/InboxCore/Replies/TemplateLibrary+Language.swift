import Foundation

/// How a reply picks the language variant of a template (docs/replies.md, issue 18 item 10).
public enum TemplateLanguageChoice: Sendable, Equatable {
    /// The customer's language; a template without that variant is refused.
    case customer
    /// This variant, whatever the customer writes (`--language LANG`).
    case exactly(String)
    /// The customer's language when there is a variant, else English, else the first
    /// (`--any-language`).
    case any
}

extension TemplateLibrary {
    /// The variant of template `name` to send to a customer who writes `customerLanguage`.
    ///
    /// With ``TemplateLanguageChoice/customer`` a template that has no variant in the
    /// customer's language is refused, so an English text never goes to a Polish customer
    /// silently; an unknown customer language accepts English, else the first variant.
    /// - Throws: ``InboxError`` `.notFound` for an unknown template or a missing `--language`
    ///   variant, `.badInput` for a fallback that was not allowed (the message names the
    ///   variants there are and the two flags).
    public func variant(named name: String, customerLanguage: String?, choice: TemplateLanguageChoice = .customer)
        throws
        -> ReplyTemplate
    {
        let fallback = try template(named: name, language: customerLanguage)
        let variants = templates.filter { $0.name.lowercased() == name.lowercased() }
        let languages = variants.map(\.language).sorted()
        switch choice {
        case .exactly(let wanted):
            let l = wanted.lowercased()
            guard let v = variants.first(where: { $0.language == l }) else {
                throw InboxError(
                    .notFound,
                    "Template \"\(fallback.name)\" has no \"\(l)\" variant (it has \(languages.joined(separator: ", "))); pass one of those to --language, or write \(fallback.name).\(l).md"
                )
            }
            return v
        case .any:
            return fallback
        case .customer:
            guard let wanted = customerLanguage?.lowercased(), !wanted.isEmpty, fallback.language != wanted else {
                return fallback
            }
            throw InboxError(
                .badInput,
                "Template \"\(fallback.name)\" has no \"\(wanted)\" variant and the customer writes \(wanted) (it has \(languages.joined(separator: ", "))). Nothing was sent: write a \(wanted) variant, or choose one with --language \(fallback.language) (or --any-language)"
            )
        }
    }
}
