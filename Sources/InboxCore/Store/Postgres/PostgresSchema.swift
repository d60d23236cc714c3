import Foundation

/// The store's schema on PostgreSQL (DESIGN §20): the same migrations as SQLite's
/// (``AppDatabase/migrator``), under the same version names, in PostgreSQL's dialect.
///
/// Types: SQLite's INTEGER is `bigint` (booleans stay 0/1 integers, so the store's SQL reads
/// the same on both), REAL is `double precision` (times are Unix seconds on both), BLOB is
/// `bytea`; `INTEGER PRIMARY KEY` is an identity column. `COLLATE NOCASE` uniqueness is a
/// unique index on `lower(name)`. The ticket's references to other tickets are checked at
/// commit, so `inbox db copy` may insert a ticket before the one it was split from.
///
/// Full text: SQLite's separate index file and its bookkeeping tables (`search_pending`,
/// `search_removed`) have no counterpart here. A generated `tsvector` column on `message`
/// follows every insert and change in the same transaction, through the text search
/// configuration `inbox_search`: `unaccent` then `simple` (lower case, no stemming, no stop
/// words), as SQLite's `unicode61 remove_diacritics 2` plus ``SearchFold`` fold (ł, ø, ı,
/// İ, ß, æ… are in unaccent's rules). Quoted (`>`) lines are left out as on SQLite.
enum PostgresSchema {
    /// Append-only, like SQLite's: once one has landed it is never edited.
    static let migrations: [(name: String, sql: String)] = [
        ("v1", v1),
        ("v2-search-index", v2SearchIndex),
        ("v2-workflow", v2Workflow),
        (
            "v2-replies",
            """
            ALTER TABLE draft ADD COLUMN started_at double precision;
            ALTER TABLE outbox ADD COLUMN envelope_from text NOT NULL DEFAULT '';
            ALTER TABLE outbox ADD COLUMN template text;
            ALTER TABLE outbox ADD COLUMN agent text;
            ALTER TABLE outbox ADD COLUMN subject text;
            ALTER TABLE outbox ADD COLUMN attempt_id text;
            ALTER TABLE outbox ADD COLUMN lease_until double precision;
            CREATE INDEX outbox_state_due ON outbox(state, next_attempt_at);
            CREATE INDEX outbox_template ON outbox(template) WHERE template IS NOT NULL;
            """
        ),
        (
            "v2-ticket-list-order",
            """
            CREATE INDEX ticket_updated ON ticket(updated_at DESC, id DESC);
            CREATE INDEX ticket_queue_counts ON ticket(queue_id, status, assignee);
            """
        ),
        (
            "v2-ticket-urgency",
            """
            CREATE INDEX ticket_urgency ON ticket(
                (status NOT IN ('new', 'open')), COALESCE(sla_warn_at, 9e15),
                (CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END),
                updated_at DESC, id DESC);
            """
        ),
        // The generated tsvector follows deletes and changes itself: nothing to remember.
        ("v3-search-removed", "SELECT 1;"),
        (
            "v3-thread-lookup",
            """
            CREATE INDEX message_ticket_by_message_id ON message(message_id, ticket_id)
            WHERE ticket_id IS NOT NULL;
            """
        ),
        ("v4-rules", v4Rules),
        ("v4-orders", v4Orders),
        ("v5-surveys", v5Surveys),
        ("v6-undo-stack", "ALTER TABLE undo_entry ADD COLUMN undoes bigint;"),
        ("v7-channels", v7Channels),
        ("v8-customer-salutation", "ALTER TABLE customer ADD COLUMN salutation text;"),
        ("v9-search-functions", v9SearchFunctions),
        ("v11-change-notify", v11ChangeNotify),
        ("v9-search-tsvector-limit", v9SearchTsvectorLimit),
        // Ingest: TOAST compresses raw bytes and long texts with lz4 instead of pglz, about
        // five times less server CPU for the raw bytes of an import at the same size (measured on
        // the 20k corpus's first 1,760 messages: 1.3 s → 0.28 s). A server built without lz4
        // keeps pglz.
        (
            "v13-ingest-engine",
            """
            DO $$ BEGIN
                ALTER TABLE raw_message ALTER COLUMN bytes SET COMPRESSION lz4;
                ALTER TABLE message ALTER COLUMN text SET COMPRESSION lz4;
            EXCEPTION WHEN feature_not_supported THEN NULL;
            END $$;
            """
        ),
        ("v10-read-functions", PostgresReadFunctions.v10),
        ("v14-commands", PostgresLanguageGuess.v14),
        ("v14-pg-ingest-speed", v14IngestSpeed),
        ("v15-pg-ingest-copy", v15IngestCopy),
    ]

    /// Live updates (issue 22, ``ChangeFeed``): every change to a ticket, message, event,
    /// draft, presence or outbox row notifies the channel `inbox_changes` with the ticket's id
    /// at commit. Row-level, so the payload names the ticket; PostgreSQL sends one
    /// notification per distinct payload per transaction, so a change that writes a ticket,
    /// its events and its presence is one notification.
    private static let v11ChangeNotify =
        v11NotifyFunction
        + ["ticket", "message", "event", "draft", "presence", "outbox"].map { table in
            "CREATE TRIGGER \(table)_notify AFTER INSERT OR UPDATE OR DELETE ON \(table) "
                + "FOR EACH ROW EXECUTE FUNCTION inbox_notify_change();\n"
        }.joined()

    private static let v11NotifyFunction = """
        CREATE FUNCTION inbox_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            changed_ticket bigint;
        BEGIN
            IF TG_TABLE_NAME = 'ticket' THEN
                IF TG_OP = 'DELETE' THEN changed_ticket := OLD.id; ELSE changed_ticket := NEW.id; END IF;
            ELSE
                IF TG_OP = 'DELETE' THEN changed_ticket := OLD.ticket_id; ELSE changed_ticket := NEW.ticket_id; END IF;
            END IF;
            PERFORM pg_notify('inbox_changes', COALESCE(changed_ticket::text, ''));
            RETURN NULL;
        END
        $$;

        """

    /// The table that records applied migrations (GRDB's is `grdb_migrations` on SQLite).
    static let migrationsTable = "inbox_migrations"

    /// Every table of the store, parents before children: the order `inbox db copy` fills them.
    static let tables = [
        "queue", "customer", "customer_handle", "ticket", "raw_message", "message", "message_reference",
        "message_route", "attachment", "tag", "event", "draft", "outbox", "account_state", "spool_seen",
        "saved_view", "review", "presence", "undo_entry", "blocked_sender", "agent_away", "rule_reply",
        "rule_state", "shop_order", "order_email", "order_line", "shipment", "ticket_order", "order_lookup",
        "survey", "followup", "channel_conversation",
    ]

    /// Tables whose `id` is an identity column: after copying rows with their ids, the
    /// sequence moves past the largest.
    static let identityTables: Set<String> = [
        "queue", "customer", "ticket", "message", "attachment", "event", "draft", "outbox", "account_state",
        "saved_view", "review", "undo_entry", "rule_reply", "shop_order", "survey",
    ]

    private static let id = "id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"

    private static let v1 = """
        CREATE TABLE queue (
            \(id),
            name text NOT NULL,
            addresses text NOT NULL DEFAULT '[]',
            default_priority text NOT NULL DEFAULT 'normal',
            is_default bigint NOT NULL DEFAULT 0
        );
        CREATE UNIQUE INDEX queue_name ON queue(lower(name));

        CREATE TABLE customer (
            \(id),
            address text NOT NULL UNIQUE,
            name text,
            organisation text,
            language text,
            notes text,
            failing bigint NOT NULL DEFAULT 0,
            failing_reason text,
            created_at double precision NOT NULL
        );

        CREATE TABLE ticket (
            \(id),
            queue_id bigint NOT NULL REFERENCES queue(id),
            subject text NOT NULL,
            status text NOT NULL,
            priority text NOT NULL DEFAULT 'normal',
            assignee text,
            customer_id bigint REFERENCES customer(id),
            created_at double precision NOT NULL,
            updated_at double precision NOT NULL,
            first_response_at double precision,
            solved_at double precision,
            closed_at double precision,
            first_response_due double precision,
            next_response_due double precision,
            resolution_due double precision,
            linked_ticket_id bigint REFERENCES ticket(id) DEFERRABLE INITIALLY DEFERRED,
            merged_into_id bigint REFERENCES ticket(id) DEFERRABLE INITIALLY DEFERRED,
            version bigint NOT NULL DEFAULT 1
        );
        CREATE INDEX ticket_queue_updated ON ticket(queue_id, updated_at DESC);
        CREATE INDEX ticket_status_updated ON ticket(status, updated_at DESC);
        CREATE INDEX ticket_customer ON ticket(customer_id);

        CREATE TABLE raw_message (
            sha256 text PRIMARY KEY,
            size bigint NOT NULL,
            bytes bytea NOT NULL
        );

        CREATE TABLE message (
            \(id),
            ticket_id bigint REFERENCES ticket(id),
            queue_id bigint REFERENCES queue(id),
            direction text NOT NULL,
            message_id text,
            in_reply_to text NOT NULL DEFAULT '[]',
            references_ids text NOT NULL DEFAULT '[]',
            from_name text,
            from_address text,
            sender text NOT NULL DEFAULT '',
            to_json text NOT NULL DEFAULT '[]',
            cc_json text NOT NULL DEFAULT '[]',
            date double precision,
            received_at double precision NOT NULL,
            subject text NOT NULL DEFAULT '',
            text text NOT NULL DEFAULT '',
            has_html bigint NOT NULL DEFAULT 0,
            snippet text NOT NULL DEFAULT '',
            automatic bigint NOT NULL DEFAULT 0,
            bounce bigint NOT NULL DEFAULT 0,
            thread_reason text NOT NULL,
            raw_sha256 text NOT NULL REFERENCES raw_message(sha256),
            problems text NOT NULL DEFAULT '[]'
        );
        CREATE UNIQUE INDEX message_message_id ON message(message_id) WHERE message_id IS NOT NULL;
        CREATE INDEX message_ticket_date ON message(ticket_id, date);
        CREATE INDEX message_raw ON message(raw_sha256) WHERE message_id IS NULL;

        CREATE TABLE message_reference (
            ref text NOT NULL,
            message_id bigint NOT NULL REFERENCES message(id) ON DELETE CASCADE,
            PRIMARY KEY (ref, message_id)
        );

        CREATE TABLE message_route (
            message_id bigint NOT NULL REFERENCES message(id) ON DELETE CASCADE,
            address text NOT NULL,
            raw_sha256 text NOT NULL REFERENCES raw_message(sha256),
            PRIMARY KEY (message_id, address)
        );

        CREATE TABLE attachment (
            \(id),
            message_id bigint NOT NULL REFERENCES message(id) ON DELETE CASCADE,
            filename text,
            safe_filename text NOT NULL,
            content_type text NOT NULL,
            size bigint NOT NULL,
            content_id text,
            inline bigint NOT NULL DEFAULT 0,
            part_path text NOT NULL
        );
        CREATE INDEX attachment_message ON attachment(message_id);

        CREATE TABLE tag (
            ticket_id bigint NOT NULL REFERENCES ticket(id) ON DELETE CASCADE,
            name text NOT NULL,
            PRIMARY KEY (ticket_id, name)
        );
        CREATE INDEX tag_name ON tag(name);

        CREATE TABLE event (
            \(id),
            ticket_id bigint REFERENCES ticket(id) ON DELETE CASCADE,
            actor text NOT NULL,
            at double precision NOT NULL,
            kind text NOT NULL,
            old_value text,
            new_value text,
            detail text
        );
        CREATE INDEX event_ticket ON event(ticket_id, at);

        CREATE TABLE draft (
            \(id),
            ticket_id bigint NOT NULL REFERENCES ticket(id) ON DELETE CASCADE,
            agent text NOT NULL,
            kind text NOT NULL DEFAULT 'reply',
            body text NOT NULL DEFAULT '',
            template text,
            updated_at double precision NOT NULL,
            UNIQUE (ticket_id, agent, kind)
        );

        CREATE TABLE outbox (
            \(id),
            ticket_id bigint REFERENCES ticket(id),
            message_id text NOT NULL UNIQUE,
            raw bytea NOT NULL,
            recipients text NOT NULL,
            state text NOT NULL DEFAULT 'queued',
            attempts bigint NOT NULL DEFAULT 0,
            last_error text,
            not_before double precision NOT NULL,
            next_attempt_at double precision,
            created_at double precision NOT NULL,
            sent_at double precision
        );

        CREATE TABLE account_state (
            \(id),
            kind text NOT NULL,
            source text NOT NULL,
            folder text NOT NULL DEFAULT '',
            uidvalidity bigint,
            last_uid bigint,
            highest_modseq bigint,
            file_identity text,
            file_offset bigint,
            updated_at double precision NOT NULL,
            UNIQUE (kind, source, folder)
        );

        CREATE TABLE spool_seen (
            source text NOT NULL,
            name text NOT NULL,
            PRIMARY KEY (source, name)
        );

        CREATE TABLE saved_view (
            \(id),
            name text NOT NULL UNIQUE,
            query text NOT NULL,
            created_at double precision NOT NULL
        );

        CREATE TABLE review (
            \(id),
            ticket_id bigint NOT NULL REFERENCES ticket(id) ON DELETE CASCADE,
            reviewer text NOT NULL,
            scores text NOT NULL DEFAULT '{}',
            notes text NOT NULL DEFAULT '',
            updated_at double precision NOT NULL,
            UNIQUE (ticket_id, reviewer)
        );
        """

    /// The text search configuration and the generated, GIN-indexed `tsvector`. `unaccent` is
    /// a trusted extension (PostgreSQL 13+): the database's owner may create it.
    private static let v2SearchIndex = """
        CREATE EXTENSION IF NOT EXISTS unaccent;
        CREATE TEXT SEARCH CONFIGURATION inbox_search (COPY = pg_catalog.simple);
        ALTER TEXT SEARCH CONFIGURATION inbox_search
            ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword,
                hword_numpart
            WITH unaccent, simple;

        -- Subject weighs most, then the sender, then the text (SQLite's bm25 weights 4, 2, 1).
        ALTER TABLE message ADD COLUMN search tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('inbox_search'::regconfig, subject), 'A')
            || setweight(to_tsvector('inbox_search'::regconfig, sender), 'B')
            || to_tsvector('inbox_search'::regconfig, regexp_replace(text, '^>[^\\n]*\\n?', '', 'gn'))
        ) STORED;
        CREATE INDEX message_search ON message USING gin (search);

        CREATE TABLE store_info (key text PRIMARY KEY, value text NOT NULL);
        INSERT INTO store_info VALUES ('id', replace(gen_random_uuid()::text, '-', ''));

        CREATE INDEX message_queue ON message(queue_id);
        """

    /// How much of a message's text (without quoted lines) PostgreSQL's full text reads, in
    /// characters (SQLite's index reads all of it); see ``v9SearchFunctions``.
    static let indexedTextLimit = 200_000
    /// How much of the subject and of the sender it reads.
    static let indexedFieldLimit = 20_000

    /// ASCII punctuation, each made a space before PostgreSQL's parser sees the text (see
    /// ``v9SearchFunctions``).
    static let searchPunctuation = ##"!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"##

    /// SQL functions the search language needs on PostgreSQL, as SQLite's custom functions
    /// (``SQLiteEngine/registerFunctions(_:)``) give them there, and the `tsvector` remade
    /// to tokenize as SQLite's FTS5 does.
    ///
    /// - `inbox_fold(text)`: ``SearchFold/fold(_:)`` letter for letter (ł, ø, ı, đ, ħ, ŧ, ß,
    ///   æ, œ, þ, ð, ŀ and their capitals).
    /// - `inbox_plain(text)`: ``SearchFold/plain(_:)``: accents off (`unaccent`), folded, lower
    ///   case; how `from:` and `customer:` compare names.
    /// - `inbox_search_words(text)`: the text as the index reads it: folded, and every ASCII
    ///   punctuation character a space. PostgreSQL's parser keeps e-mail addresses, URLs,
    ///   paths, `PL-7781` (as `pl` and the number `-7781`) and `3.14` as tokens of their own,
    ///   where FTS5's `unicode61` sees only runs of letters and digits: `ayse` did not find
    ///   `ayse@example.com`, nor the phrase `PL-7781` its order. With the punctuation gone
    ///   both engines see the same words at the same positions.
    ///
    /// The generated column is made again over `inbox_search_words` (the table is rewritten
    /// once; its GIN index with it). ``v9SearchTsvectorLimit`` bounds what it reads.
    private static let v9SearchFunctions = """
        CREATE FUNCTION inbox_fold(s text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
            SELECT replace(replace(replace(replace(replace(replace(replace(replace(
                translate(s, 'łŁøØıđĐħĦŧŦðÐŀĿ', 'lLoOidDhHtTdDlL'),
                'ß', 'ss'), 'ẞ', 'SS'), 'æ', 'ae'), 'Æ', 'AE'), 'œ', 'oe'), 'Œ', 'OE'), 'þ', 'th'), 'Þ', 'TH')
        $$;

        CREATE FUNCTION inbox_plain(s text) RETURNS text
        LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
            SELECT lower(inbox_fold(unaccent('unaccent'::regdictionary, s)))
        $$;

        CREATE FUNCTION inbox_search_words(s text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
            SELECT translate(inbox_fold(s), '\(searchPunctuation.replacingOccurrences(of: "'", with: "''"))', '\(String(repeating: " ", count: searchPunctuation.count))')
        $$;

        ALTER TABLE message DROP COLUMN search;
        ALTER TABLE message ADD COLUMN search tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('inbox_search'::regconfig, inbox_search_words(subject)), 'A')
            || setweight(to_tsvector('inbox_search'::regconfig, inbox_search_words(sender)), 'B')
            || to_tsvector('inbox_search'::regconfig,
                inbox_search_words(regexp_replace(text, '^>[^\\n]*\\n?', '', 'gn')))
        ) STORED;
        CREATE INDEX message_search ON message USING gin (search);
        """

    /// The generated `tsvector` reads at most ``indexedTextLimit`` characters of the text
    /// (without quoted lines) and ``indexedFieldLimit`` of the subject and of the sender: a
    /// `tsvector` holds at most 1 MB of distinct words, and a larger one fails the statement
    /// that writes the message (a pasted hex dump or base64 blob of a megabyte did). At four
    /// bytes a character at most, the three stay under that. (A migration of its own:
    /// ``v9SearchFunctions`` had landed without the limit.)
    private static let v9SearchTsvectorLimit = """
        ALTER TABLE message DROP COLUMN search;
        ALTER TABLE message ADD COLUMN search tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('inbox_search'::regconfig,
                inbox_search_words(left(subject, \(indexedFieldLimit)))), 'A')
            || setweight(to_tsvector('inbox_search'::regconfig,
                inbox_search_words(left(sender, \(indexedFieldLimit)))), 'B')
            || to_tsvector('inbox_search'::regconfig,
                inbox_search_words(left(regexp_replace(text, '^>[^\\n]*\\n?', '', 'gn'), \(indexedTextLimit))))
        ) STORED;
        CREATE INDEX message_search ON message USING gin (search);
        """

    /// Ingest writes `message.search` itself, from words folded in Swift
    /// (``PostgresSearchWords``): the generated column's `inbox_search_words` (`translate` and
    /// eight `replace`s over every character) was most of the server's time in an import.
    /// The column stays, values and GIN index unchanged (`DROP EXPRESSION` rewrites nothing),
    /// and holds what it held: `inbox_message_search` is the generated expression of
    /// ``v9SearchTsvectorLimit``, and a trigger computes it for every other writer (a reply,
    /// `inbox db copy`, a change of subject, sender or text) — for an insert that gives no
    /// `search`, and for an update of those columns that does not change it.
    /// `inbox_search_vector` is the last step, over words already folded.
    private static let v14IngestSpeed = """
        CREATE FUNCTION inbox_search_vector(subject_words text, sender_words text, text_words text)
        RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT setweight(to_tsvector('inbox_search'::regconfig, subject_words), 'A')
                || setweight(to_tsvector('inbox_search'::regconfig, sender_words), 'B')
                || to_tsvector('inbox_search'::regconfig, text_words)
        $$;

        CREATE FUNCTION inbox_message_search(subject text, sender text, body text)
        RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT inbox_search_vector(
                inbox_search_words(left(subject, \(indexedFieldLimit))),
                inbox_search_words(left(sender, \(indexedFieldLimit))),
                inbox_search_words(left(regexp_replace(body, '^>[^\\n]*\\n?', '', 'gn'), \(indexedTextLimit))))
        $$;

        CREATE FUNCTION inbox_message_search_row() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                IF NEW.search IS NULL THEN
                    NEW.search := inbox_message_search(NEW.subject, NEW.sender, NEW.text);
                END IF;
            ELSIF NEW.search IS NOT DISTINCT FROM OLD.search THEN
                NEW.search := inbox_message_search(NEW.subject, NEW.sender, NEW.text);
            END IF;
            RETURN NEW;
        END
        $$;

        ALTER TABLE message ALTER COLUMN search DROP EXPRESSION;
        CREATE TRIGGER message_search BEFORE INSERT OR UPDATE OF subject, sender, text ON message
            FOR EACH ROW EXECUTE FUNCTION inbox_message_search_row();
        """

    /// Ingest sends most rows with their `tsvector` (``PostgresSearchVector``, by COPY): the
    /// search trigger then runs only for a row that comes without one, or whose text changes
    /// (a PL/pgSQL call per row was a tenth of an import's insert time), and the vectors are
    /// compressed with lz4, as the text is (pglz took longer than the rest of their storing).
    private static let v15IngestCopy = """
        DROP TRIGGER message_search ON message;
        CREATE TRIGGER message_search_insert BEFORE INSERT ON message
            FOR EACH ROW WHEN (NEW.search IS NULL) EXECUTE FUNCTION inbox_message_search_row();
        CREATE TRIGGER message_search_update BEFORE UPDATE OF subject, sender, text ON message
            FOR EACH ROW EXECUTE FUNCTION inbox_message_search_row();
        DO $$ BEGIN
            ALTER TABLE message ALTER COLUMN search SET COMPRESSION lz4;
        EXCEPTION WHEN feature_not_supported THEN NULL;
        END $$;
        """

    private static let v2Workflow = """
        ALTER TABLE ticket ADD COLUMN sla_policy text;
        ALTER TABLE ticket ADD COLUMN sla_warn_at double precision;
        CREATE INDEX ticket_sla_warn ON ticket(sla_warn_at) WHERE sla_warn_at IS NOT NULL;
        CREATE INDEX ticket_assignee ON ticket(assignee, status);
        CREATE INDEX ticket_solved_at ON ticket(solved_at) WHERE status = 'solved';

        CREATE TABLE presence (
            ticket_id bigint NOT NULL REFERENCES ticket(id) ON DELETE CASCADE,
            agent text NOT NULL,
            activity text NOT NULL,
            seen_at double precision NOT NULL,
            PRIMARY KEY (ticket_id, agent)
        );

        CREATE TABLE undo_entry (
            \(id),
            ticket_id bigint NOT NULL,
            other_ticket_id bigint,
            actor text NOT NULL,
            at double precision NOT NULL,
            kind text NOT NULL,
            payload text NOT NULL,
            undone_at double precision
        );
        CREATE INDEX undo_entry_ticket ON undo_entry(ticket_id, id);
        CREATE INDEX undo_entry_other ON undo_entry(other_ticket_id, id) WHERE other_ticket_id IS NOT NULL;

        CREATE TABLE blocked_sender (
            address text PRIMARY KEY,
            actor text NOT NULL,
            at double precision NOT NULL,
            reason text
        );
        """

    private static let v4Rules = """
        ALTER TABLE ticket ADD COLUMN snoozed_until double precision;
        ALTER TABLE ticket ADD COLUMN snooze_woke text;
        CREATE INDEX ticket_snoozed ON ticket(snoozed_until) WHERE snoozed_until IS NOT NULL;

        CREATE TABLE agent_away (
            name text PRIMARY KEY,
            since double precision NOT NULL,
            actor text NOT NULL
        );
        CREATE UNIQUE INDEX agent_away_name ON agent_away(lower(name));

        CREATE TABLE rule_reply (
            \(id),
            customer text NOT NULL,
            day text NOT NULL,
            ticket_id bigint NOT NULL REFERENCES ticket(id) ON DELETE CASCADE,
            rule text NOT NULL,
            template text NOT NULL,
            created_at double precision NOT NULL,
            state text NOT NULL DEFAULT 'pending',
            outbox_id bigint,
            error text,
            UNIQUE (customer, day)
        );
        CREATE INDEX rule_reply_pending ON rule_reply(state) WHERE state = 'pending';

        CREATE TABLE rule_state (
            key text PRIMARY KEY,
            value text NOT NULL
        );
        """

    private static let v4Orders = """
        CREATE TABLE shop_order (
            \(id),
            store text NOT NULL,
            number text NOT NULL,
            emails text NOT NULL DEFAULT '[]',
            placed_at double precision, paid_at double precision, fulfilled_at double precision,
            cancelled_at double precision,
            financial_status text, fulfillment_status text,
            currency text, total text, refunded text,
            ship_name text, ship_city text, ship_country text,
            phone text, tags text, note text,
            source text, updated_at double precision, fetched_at double precision,
            is_open bigint NOT NULL DEFAULT 1,
            record text NOT NULL DEFAULT '{}',
            UNIQUE (store, number)
        );
        CREATE INDEX shop_order_number ON shop_order(number);
        CREATE INDEX shop_order_open ON shop_order(is_open, placed_at);

        CREATE TABLE order_email (
            email text NOT NULL,
            order_id bigint NOT NULL REFERENCES shop_order(id) ON DELETE CASCADE,
            PRIMARY KEY (email, order_id)
        );
        CREATE INDEX order_email_order ON order_email(order_id);

        CREATE TABLE order_line (
            order_id bigint NOT NULL REFERENCES shop_order(id) ON DELETE CASCADE,
            position bigint NOT NULL,
            sku text, title text NOT NULL, quantity bigint NOT NULL, price text, refunded_quantity bigint,
            PRIMARY KEY (order_id, position)
        );

        CREATE TABLE shipment (
            order_id bigint NOT NULL REFERENCES shop_order(id) ON DELETE CASCADE,
            position bigint NOT NULL,
            carrier text, tracking_number text, tracking_url text, status text,
            shipped_at double precision, estimated_at double precision, delivered_at double precision,
            PRIMARY KEY (order_id, position)
        );
        CREATE INDEX shipment_tracking ON shipment(tracking_number);

        CREATE TABLE ticket_order (
            ticket_id bigint NOT NULL REFERENCES ticket(id) ON DELETE CASCADE,
            order_id bigint NOT NULL REFERENCES shop_order(id) ON DELETE CASCADE,
            reason text NOT NULL,
            manual bigint NOT NULL DEFAULT 0,
            hidden bigint NOT NULL DEFAULT 0,
            at double precision NOT NULL,
            PRIMARY KEY (ticket_id, order_id)
        );
        CREATE INDEX ticket_order_order ON ticket_order(order_id);

        CREATE TABLE order_lookup (
            store text NOT NULL,
            query text NOT NULL,
            at double precision NOT NULL,
            error text,
            PRIMARY KEY (store, query)
        );
        """

    private static let v5Surveys = """
        CREATE TABLE survey (
            \(id),
            ticket_id bigint NOT NULL REFERENCES ticket(id) ON DELETE CASCADE,
            customer text NOT NULL,
            solved_at double precision NOT NULL,
            message_id text NOT NULL UNIQUE,
            subject text NOT NULL,
            language text,
            agent text,
            queue text NOT NULL,
            outbox_id bigint,
            sent_at double precision NOT NULL,
            score bigint,
            comment text,
            answered_at double precision,
            answer_message_id text,
            UNIQUE (ticket_id, solved_at)
        );
        CREATE INDEX survey_customer ON survey(customer, sent_at);
        CREATE INDEX survey_sent ON survey(sent_at);

        CREATE TABLE followup (
            order_id bigint PRIMARY KEY REFERENCES shop_order(id) ON DELETE CASCADE,
            ticket_id bigint REFERENCES ticket(id) ON DELETE SET NULL,
            template text NOT NULL,
            message_id text NOT NULL UNIQUE,
            outbox_id bigint,
            queued_at double precision NOT NULL
        );
        """

    private static let v7Channels = """
        ALTER TABLE ticket ADD COLUMN channel text NOT NULL DEFAULT 'email';
        ALTER TABLE ticket ADD COLUMN conversation text;
        CREATE INDEX ticket_channel ON ticket(channel) WHERE channel <> 'email';
        ALTER TABLE message ADD COLUMN channel text NOT NULL DEFAULT 'email';

        CREATE TABLE channel_conversation (
            channel text NOT NULL,
            conversation text NOT NULL,
            ticket_id bigint NOT NULL REFERENCES ticket(id),
            PRIMARY KEY (channel, conversation)
        );
        CREATE INDEX channel_conversation_ticket ON channel_conversation(ticket_id);

        ALTER TABLE customer ADD COLUMN phone text;
        CREATE INDEX customer_phone ON customer(phone) WHERE phone IS NOT NULL;
        CREATE TABLE customer_handle (
            channel text NOT NULL,
            handle text NOT NULL,
            customer_id bigint NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
            PRIMARY KEY (channel, handle)
        );
        CREATE INDEX customer_handle_customer ON customer_handle(customer_id);

        ALTER TABLE outbox ADD COLUMN channel text;
        """
}
