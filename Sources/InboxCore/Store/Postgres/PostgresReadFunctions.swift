import Foundation

/// The SQL functions the read side needs on PostgreSQL (migration "v10-read-functions"),
/// standing in for the Swift functions SQLite registers per connection (SQLiteEngine).
///
/// `inbox_thanks_only(text)`: ``ThanksOnly/matches(_:)`` in PL/pgSQL, 1 or 0 as on SQLite,
/// for the breaching condition (``AppDatabase/breachingSQL``), which the Breaching view, its
/// count and `is:breaching` share. It is a function in the database rather than Swift after
/// the query because the condition filters and pages in SQL. The steps are the Swift ones:
/// fold (`unaccent` and `lower`, as ``SearchFold/plain(_:)``; unaccent's rules hold ł, ø, ı,
/// ß, æ, œ, þ, ð), cut quoted history and an attribution line, refuse a question mark or more
/// than 120 characters, split into words at every character that is neither a letter nor a
/// digit (`[:alnum:]`, Unicode under the server's UTF-8 locale), then ask for a thanks, no
/// turning word and at most two words besides greetings and sign-offs. The word lists are
/// ThanksOnly's own, written into the function when the migration runs: a change to them needs
/// a new migration that replaces the function. `ReadEngineTests` holds both to the same
/// answers on ThanksOnly's phrases.
enum PostgresReadFunctions {
    /// A PostgreSQL array literal of `items`, in their order (the attribution verbs are tried
    /// in ThanksOnly's order, as the Swift loop tries them).
    private static func array(_ items: [String]) -> String {
        "ARRAY[" + items.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: ", ")
            + "]::text[]"
    }

    /// A set's array literal, sorted so that the migration reads the same each time.
    private static func array(_ items: Set<String>) -> String { array(items.sorted()) }

    static let v10 = """
        CREATE OR REPLACE FUNCTION inbox_thanks_fold(input text) RETURNS text
            LANGUAGE sql STABLE PARALLEL SAFE AS $fold$ SELECT lower(unaccent('unaccent', input)) $fold$;

        CREATE OR REPLACE FUNCTION inbox_thanks_only(input text) RETURNS bigint
            LANGUAGE plpgsql STABLE PARALLEL SAFE AS $thanks$
        DECLARE
            t text;
            p int;
            r int;
            item text;
            opener text;
            best int;
            parts text[];
            w text;
            i int := 1;
            n int;
            found boolean := false;
            turned boolean := false;
            others int := 0;
        BEGIN
            IF input IS NULL THEN RETURN 0; END IF;
            t := ' ' || replace(inbox_thanks_fold(input), E'\\n', ' ');
            FOREACH item IN ARRAY \(array(ThanksOnly.historyMarkers)) LOOP
                p := strpos(t, item);
                IF p > 0 THEN t := substr(t, 1, p - 1); END IF;
            END LOOP;
            FOREACH item IN ARRAY \(array(ThanksOnly.attributionVerbs)) LOOP
                p := strpos(t, item);
                CONTINUE WHEN p = 0;
                t := substr(t, 1, p - 1);
                best := NULL;
                FOREACH opener IN ARRAY \(array(ThanksOnly.attributionOpeners)) LOOP
                    -- Where the last `opener` starts.
                    r := strpos(reverse(t), reverse(opener));
                    IF r > 0 THEN
                        p := char_length(t) - r - char_length(opener) + 2;
                        IF best IS NULL OR p < best THEN best := p; END IF;
                    END IF;
                END LOOP;
                IF best IS NOT NULL THEN t := substr(t, 1, best - 1); END IF;
            END LOOP;
            IF strpos(t, '?') > 0 OR strpos(t, '？') > 0 OR char_length(t) > 120 THEN RETURN 0; END IF;
            parts := ARRAY(SELECT x FROM regexp_split_to_table(t, '[^[:alnum:]]+') WITH ORDINALITY AS s(x, k)
                WHERE x <> '' ORDER BY k);
            n := COALESCE(array_length(parts, 1), 0);
            WHILE i <= n LOOP
                w := parts[i];
                IF i < n AND (w || ' ' || parts[i + 1]) = ANY (\(array(ThanksOnly.pairs))) THEN
                    found := true;
                    i := i + 2;
                    CONTINUE;
                END IF;
                IF w = ANY (\(array(ThanksOnly.words)))
                    OR (ascii(w) >= 12288 AND EXISTS (
                        SELECT 1 FROM unnest(\(array(["ありがとう", "谢谢", "감사합니다"]))) u
                        WHERE strpos(w, inbox_thanks_fold(u)) > 0))
                THEN
                    found := true;
                ELSE
                    IF w = ANY (\(array(ThanksOnly.turning))) THEN turned := true; END IF;
                    IF NOT (w = ANY (\(array(ThanksOnly.filler)))) THEN others := others + 1; END IF;
                END IF;
                i := i + 1;
            END LOOP;
            IF found AND NOT turned AND others <= 2 THEN RETURN 1; END IF;
            RETURN 0;
        END
        $thanks$;
        """
}
