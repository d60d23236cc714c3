import Foundation

/// `inbox_guess_language(text)` on PostgreSQL (migration "v14-commands"): ``LanguageGuess/guess(_:)``
/// in PL/pgSQL, for the `lang:` term of searches and rules when a customer has no language set
/// (SQLite registers the Swift function per connection, ``SQLiteEngine``). A function in the
/// database rather than Swift after the query because the term filters and pages in SQL.
///
/// The steps are the Swift ones: lines end at a line feed not after a carriage return, and a
/// line starting with `>` (not `>` with a combining mark) is quoted history and left out; each
/// letter only one language uses counts half a point for it, as written (a decomposed letter
/// is not one); words are runs of letters and combining marks (`[:alpha:]`, Unicode under the
/// server's UTF-8 locale), lower-cased as Swift does (`İ` becomes `i` and a combining dot, so
/// `İADE` is not `iade`), compared in NFC as Swift compares strings, a point per language
/// whose function words hold it. No word gives NULL; otherwise the best language when it
/// scores at least 2 and at least 1.3 times the next plus a half. The word lists and letters
/// are LanguageGuess's own, written in when the migration runs: a change to them needs a new
/// migration that replaces the function. `SearchTests` holds both to the same answers.
enum PostgresLanguageGuess {
    /// A PostgreSQL string literal.
    private static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    /// The score of language `lang` from its letters in `t` (half a point each) and its
    /// function words in `words`.
    private static func score(_ lang: String) -> String {
        // Only non-ASCII letters score, as in Swift: `ı`'s capital is the plain `I`, which
        // must not count as Turkish in "I NEED MY INVOICE".
        let letters = LanguageGuess.letterScalars.filter { $0.value == lang && !$0.key.isASCII }.map(\.key).sorted()
        var letterSet = String.UnicodeScalarView()
        letterSet.append(contentsOf: letters)
        let fromLetters =
            letters.isEmpty
            ? "0" : "(char_length(t) - char_length(translate(t, \(literal(String(letterSet))), ''))) * 0.5"
        let words = (LanguageGuess.words[lang] ?? []).sorted().map(literal).joined(separator: ", ")
        return "\(fromLetters) + (SELECT count(*) FROM unnest(words) w WHERE w = ANY (ARRAY[\(words)]::text[]))"
    }

    static let v14 = """
        CREATE OR REPLACE FUNCTION inbox_guess_language(input text) RETURNS text
            LANGUAGE plpgsql STABLE PARALLEL SAFE AS $guess$
        DECLARE
            t text;
            words text[];
            langs text[] := ARRAY[\(LanguageGuess.supported.map(literal).joined(separator: ", "))]::text[];
            scores float8[];
            best_index int := 0;
            best float8 := 0;
            second float8 := 0;
            s float8;
        BEGIN
            IF input IS NULL THEN RETURN NULL; END IF;
            SELECT COALESCE(string_agg(l, chr(10) ORDER BY k), '') INTO t
                FROM regexp_split_to_table(input, '(?<!\\r)\\n') WITH ORDINALITY AS x(l, k)
                WHERE left(l, 1) <> '>' OR l ~ '^>[\\u0300-\\u036F\\u200D\\uFE00-\\uFE0F]';
            words := ARRAY(SELECT w FROM regexp_split_to_table(
                lower(replace(normalize(t, NFC), 'İ', 'i' || chr(775))), '[^[:alpha:]\\u0300-\\u036F]+') AS w
                WHERE w <> '');
            IF COALESCE(array_length(words, 1), 0) = 0 THEN RETURN NULL; END IF;
            scores := ARRAY[
                \(LanguageGuess.supported.map(score).joined(separator: ",\n        "))
            ]::float8[];
            FOR i IN 1..array_length(scores, 1) LOOP
                s := scores[i];
                CONTINUE WHEN s <= 0;
                IF best_index = 0 OR s > best THEN
                    IF best_index > 0 THEN second := best; END IF;
                    best_index := i;
                    best := s;
                ELSIF s > second THEN
                    second := s;
                END IF;
            END LOOP;
            IF best_index = 0 OR best < 2 THEN RETURN NULL; END IF;
            IF best >= second * 1.3 + 0.5 THEN RETURN langs[best_index]; END IF;
            RETURN NULL;
        END
        $guess$;
        """
}
