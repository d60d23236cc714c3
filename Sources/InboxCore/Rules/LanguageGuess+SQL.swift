import GRDB

extension LanguageGuess {
    /// The `inbox_guess_language(text)` SQL function (``guess(_:)``), for the `lang:` term of
    /// searches and rules when a customer has no language set.
    static let sqlFunction = DatabaseFunction("inbox_guess_language", argumentCount: 1, pure: true) { values in
        guard let s = String.fromDatabaseValue(values[0]) else { return nil }
        return guess(s)
    }
}
