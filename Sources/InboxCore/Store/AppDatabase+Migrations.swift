import GRDB

extension AppDatabase {
    /// Append-only migrations: once one has landed it is never edited.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: schemaV1)
        }
        migrator.registerMigration("v2-search-index") { db in
            // The index file is new beside an upgraded store, so opening it queues every message.
            try db.execute(sql: schemaV2SearchIndex)
        }
        migrator.registerMigration("v2-workflow") { db in
            try db.execute(sql: schemaV2Workflow)
        }
        migrator.registerMigration("v2-replies") { db in
            try db.execute(sql: schemaV2Replies)
        }
        migrator.registerMigration("v2-ticket-list-order") { db in
            // The list's order (newest update first): a page of the TUI reads 40 index entries
            // instead of sorting every ticket (100k tickets: 85 ms → 0.3 ms a page).
            try db.execute(sql: "CREATE INDEX ticket_updated ON ticket(updated_at DESC, id DESC)")
            // The sidebar's per-queue counts read this index alone, not every ticket row
            // (100k tickets: 66 ms → 41 ms).
            try db.execute(sql: "CREATE INDEX ticket_queue_counts ON ticket(queue_id, status, assignee)")
        }
        migrator.registerMigration("v2-ticket-urgency") { db in
            // The TUI's order (TicketOrder.urgency): the same expressions as its ORDER BY, so a
            // page of a 100k-ticket list reads the index instead of sorting every ticket.
            try db.execute(
                sql: """
                    CREATE INDEX ticket_urgency ON ticket(
                        (status NOT IN ('new', 'open')), COALESCE(sla_warn_at, 9e15),
                        (CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END),
                        updated_at DESC, id DESC)
                    """)
        }
        migrator.registerMigration("v3-search-removed") { db in
            try db.execute(sql: schemaV3SearchRemoved)
        }
        migrator.registerMigration("v3-thread-lookup") { db in
            // Threading asks, for every id in In-Reply-To and References, the ticket of the
            // message with that Message-ID. This index answers from its own pages; without it
            // each answer read the message's row, a large page far back in the table
            // (20k-message import: 4 % less CPU).
            try db.execute(
                sql: """
                    CREATE INDEX message_ticket_by_message_id ON message(message_id, ticket_id)
                    WHERE ticket_id IS NOT NULL
                    """)
        }
        migrator.registerMigration("v4-rules") { db in
            try db.execute(sql: schemaV4Rules)
        }
        migrator.registerMigration("v4-orders") { db in
            try db.execute(sql: schemaV4Orders)
        }
        migrator.registerMigration("v5-surveys") { db in
            try db.execute(sql: schemaV5Surveys)
        }
        migrator.registerMigration("v6-undo-stack") { db in
            // Undo is a stack per agent per ticket (docs/workflow.md, "Undo"): an undo records
            // its own reversal, naming the entry it reversed, so an undo can itself be undone.
            try db.execute(sql: "ALTER TABLE undo_entry ADD COLUMN undoes INTEGER")
        }
        migrator.registerMigration("v7-channels") { db in
            try db.execute(sql: schemaV5Channels)
        }
        migrator.registerMigration("v8-customer-salutation") { db in
            // `{{customer.salutation}}` (issue 20): "Panie Krzysztofie", "Frau Schröder", set per customer.
            try db.execute(sql: "ALTER TABLE customer ADD COLUMN salutation TEXT")
        }
        migrator.registerMigration("v9-search-functions") { _ in
            // Nothing on SQLite: `inbox_fold` and `inbox_plain` are functions every connection
            // registers (``SQLiteEngine/registerFunctions(_:)``), and FTS5 already tokenizes as
            // the search language wants. PostgreSQL creates them here, and remakes its
            // `tsvector` to tokenize the same way (``PostgresSchema``).
        }
        migrator.registerMigration("v11-change-notify") { _ in
            // PostgreSQL's triggers that NOTIFY other agents' TUIs of a change (issue 22,
            // ChangeFeed). Nothing to do on SQLite: `PRAGMA data_version` already tells.
        }
        migrator.registerMigration("v9-search-tsvector-limit") { _ in
            // Nothing on SQLite, whose FTS5 index reads every message whole. PostgreSQL bounds
            // what its generated `tsvector` reads, which holds 1 MB of words (``PostgresSchema``).
        }
        migrator.registerMigration("v13-ingest-engine") { _ in
            // Nothing on SQLite: on PostgreSQL the raw bytes and message texts are compressed
            // with lz4 rather than pglz (PostgresSchema: the import's largest server cost).
        }
        migrator.registerMigration("v10-read-functions") { _ in
            // Nothing on SQLite: `inbox_thanks_only` is a Swift function registered on every
            // connection (SQLiteEngine). PostgreSQL creates it as PL/pgSQL under this name
            // (PostgresReadFunctions): migrations per engine, with the same version names.
        }
        migrator.registerMigration("v14-commands") { _ in
            // Nothing on SQLite: `inbox_guess_language` (the `lang:` term) is a Swift function
            // registered on every connection (SQLiteEngine). PostgreSQL creates it as PL/pgSQL
            // under this name (PostgresLanguageGuess).
        }
        migrator.registerMigration("v14-pg-ingest-speed") { _ in
            // Nothing on SQLite, whose FTS5 index is fed from the committed rows. PostgreSQL's
            // `message.search` stops being a generated column: ingest writes it from words
            // folded in Swift, a trigger computes it for every other writer (PostgresSchema).
        }
        migrator.registerMigration("v15-pg-ingest-copy") { _ in
            // Nothing on SQLite. PostgreSQL's search trigger runs only for rows that come
            // without their tsvector, which is compressed with lz4 (PostgresSchema).
        }
        return migrator
    }

    private static let schemaV1 = """
        CREATE TABLE queue (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            addresses TEXT NOT NULL DEFAULT '[]',
            default_priority TEXT NOT NULL DEFAULT 'normal',
            is_default INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE customer (
            id INTEGER PRIMARY KEY,
            address TEXT NOT NULL UNIQUE,
            name TEXT,
            organisation TEXT,
            language TEXT,
            notes TEXT,
            failing INTEGER NOT NULL DEFAULT 0,
            failing_reason TEXT,
            created_at REAL NOT NULL
        );

        CREATE TABLE ticket (
            id INTEGER PRIMARY KEY,
            queue_id INTEGER NOT NULL REFERENCES queue(id),
            subject TEXT NOT NULL,
            status TEXT NOT NULL,
            priority TEXT NOT NULL DEFAULT 'normal',
            assignee TEXT,
            customer_id INTEGER REFERENCES customer(id),
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            first_response_at REAL,
            solved_at REAL,
            closed_at REAL,
            first_response_due REAL,
            next_response_due REAL,
            resolution_due REAL,
            linked_ticket_id INTEGER REFERENCES ticket(id),
            merged_into_id INTEGER REFERENCES ticket(id),
            version INTEGER NOT NULL DEFAULT 1
        );
        CREATE INDEX ticket_queue_updated ON ticket(queue_id, updated_at DESC);
        CREATE INDEX ticket_status_updated ON ticket(status, updated_at DESC);
        CREATE INDEX ticket_customer ON ticket(customer_id);

        CREATE TABLE raw_message (
            sha256 TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            bytes BLOB NOT NULL
        );

        CREATE TABLE message (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER REFERENCES ticket(id),
            queue_id INTEGER REFERENCES queue(id),
            direction TEXT NOT NULL,
            message_id TEXT,
            in_reply_to TEXT NOT NULL DEFAULT '[]',
            references_ids TEXT NOT NULL DEFAULT '[]',
            from_name TEXT,
            from_address TEXT,
            sender TEXT NOT NULL DEFAULT '',
            to_json TEXT NOT NULL DEFAULT '[]',
            cc_json TEXT NOT NULL DEFAULT '[]',
            date REAL,
            received_at REAL NOT NULL,
            subject TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL DEFAULT '',
            has_html INTEGER NOT NULL DEFAULT 0,
            snippet TEXT NOT NULL DEFAULT '',
            automatic INTEGER NOT NULL DEFAULT 0,
            bounce INTEGER NOT NULL DEFAULT 0,
            thread_reason TEXT NOT NULL,
            raw_sha256 TEXT NOT NULL REFERENCES raw_message(sha256),
            problems TEXT NOT NULL DEFAULT '[]'
        );
        CREATE UNIQUE INDEX message_message_id ON message(message_id) WHERE message_id IS NOT NULL;
        CREATE INDEX message_ticket_date ON message(ticket_id, date);
        CREATE INDEX message_raw ON message(raw_sha256) WHERE message_id IS NULL;

        -- Every Message-ID a message names in In-Reply-To/References, for threading in any arrival order.
        CREATE TABLE message_reference (
            ref TEXT NOT NULL,
            message_id INTEGER NOT NULL REFERENCES message(id) ON DELETE CASCADE,
            PRIMARY KEY (ref, message_id)
        ) WITHOUT ROWID;

        -- Every address (or source) a message came through; the raw copy of each delivery.
        CREATE TABLE message_route (
            message_id INTEGER NOT NULL REFERENCES message(id) ON DELETE CASCADE,
            address TEXT NOT NULL,
            raw_sha256 TEXT NOT NULL REFERENCES raw_message(sha256),
            PRIMARY KEY (message_id, address)
        ) WITHOUT ROWID;

        CREATE TABLE attachment (
            id INTEGER PRIMARY KEY,
            message_id INTEGER NOT NULL REFERENCES message(id) ON DELETE CASCADE,
            filename TEXT,
            safe_filename TEXT NOT NULL,
            content_type TEXT NOT NULL,
            size INTEGER NOT NULL,
            content_id TEXT,
            inline INTEGER NOT NULL DEFAULT 0,
            part_path TEXT NOT NULL
        );
        CREATE INDEX attachment_message ON attachment(message_id);

        CREATE TABLE tag (
            ticket_id INTEGER NOT NULL REFERENCES ticket(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            PRIMARY KEY (ticket_id, name)
        ) WITHOUT ROWID;
        CREATE INDEX tag_name ON tag(name);

        CREATE TABLE event (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER REFERENCES ticket(id) ON DELETE CASCADE,
            actor TEXT NOT NULL,
            at REAL NOT NULL,
            kind TEXT NOT NULL,
            old_value TEXT,
            new_value TEXT,
            detail TEXT
        );
        CREATE INDEX event_ticket ON event(ticket_id, at);

        CREATE TABLE draft (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER NOT NULL REFERENCES ticket(id) ON DELETE CASCADE,
            agent TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'reply',
            body TEXT NOT NULL DEFAULT '',
            template TEXT,
            updated_at REAL NOT NULL,
            UNIQUE (ticket_id, agent, kind)
        );

        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER REFERENCES ticket(id),
            message_id TEXT NOT NULL UNIQUE,
            raw BLOB NOT NULL,
            recipients TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'queued',
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            not_before REAL NOT NULL,
            next_attempt_at REAL,
            created_at REAL NOT NULL,
            sent_at REAL
        );

        -- Import progress per IMAP folder or spool file; commits with the messages it covers.
        CREATE TABLE account_state (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            source TEXT NOT NULL,
            folder TEXT NOT NULL DEFAULT '',
            uidvalidity INTEGER,
            last_uid INTEGER,
            highest_modseq INTEGER,
            file_identity TEXT,
            file_offset INTEGER,
            updated_at REAL NOT NULL,
            UNIQUE (kind, source, folder)
        );

        -- Files of a Maildir (by unique name) or .eml paths already imported.
        CREATE TABLE spool_seen (
            source TEXT NOT NULL,
            name TEXT NOT NULL,
            PRIMARY KEY (source, name)
        ) WITHOUT ROWID;

        CREATE TABLE saved_view (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            query TEXT NOT NULL,
            created_at REAL NOT NULL
        );

        CREATE TABLE review (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER NOT NULL REFERENCES ticket(id) ON DELETE CASCADE,
            reviewer TEXT NOT NULL,
            scores TEXT NOT NULL DEFAULT '{}',
            notes TEXT NOT NULL DEFAULT '',
            updated_at REAL NOT NULL,
            UNIQUE (ticket_id, reviewer)
        );

        CREATE VIRTUAL TABLE message_fts USING fts5(
            subject, sender, text,
            content='message', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2'
        );
        -- Fewer, larger merges while mail streams in: imports write far less (docs/performance.md).
        INSERT INTO message_fts(message_fts, rank) VALUES ('automerge', 16);
        INSERT INTO message_fts(message_fts, rank) VALUES ('crisismerge', 64);

        -- Rows are added by ingest with pre-folded, quote-free text (see docs/ingest.md);
        -- the triggers below keep the index right when a message is changed or removed.
        CREATE TRIGGER message_fts_ad AFTER DELETE ON message BEGIN
            INSERT INTO message_fts(message_fts, rowid, subject, sender, text)
                VALUES ('delete', old.id, inbox_fold(old.subject), inbox_fold(old.sender), inbox_search_text(old.text));
        END;
        CREATE TRIGGER message_fts_au AFTER UPDATE OF subject, sender, text ON message BEGIN
            INSERT INTO message_fts(message_fts, rowid, subject, sender, text)
                VALUES ('delete', old.id, inbox_fold(old.subject), inbox_fold(old.sender), inbox_search_text(old.text));
            INSERT INTO message_fts(rowid, subject, sender, text)
                VALUES (new.id, inbox_fold(new.subject), inbox_fold(new.sender), inbox_search_text(new.text));
        END;
        """

    /// The full-text index moves to its own file (``SearchIndex``), so that indexing runs in
    /// parallel with the store's writes. The store keeps the list of message-id ranges the
    /// index has yet to take, written in the same transactions as the messages.
    static let schemaV2SearchIndex = """
        DROP TRIGGER message_fts_ad;
        DROP TRIGGER message_fts_au;
        DROP TABLE message_fts;

        CREATE TABLE search_pending (
            id INTEGER PRIMARY KEY,
            first_id INTEGER NOT NULL,
            last_id INTEGER NOT NULL
        );
        CREATE INDEX search_pending_range ON search_pending(first_id, last_id);

        -- Ties the search-index file to this store: an index left beside a new store is rebuilt.
        CREATE TABLE store_info (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        INSERT INTO store_info VALUES ('id', lower(hex(randomblob(16))));

        -- `inbox search` without words lists the newest messages (by arrival), of a queue or of all.
        CREATE INDEX message_queue ON message(queue_id);

        CREATE TRIGGER search_pending_ad AFTER DELETE ON message BEGIN
            INSERT INTO search_pending(first_id, last_id) VALUES (old.id, old.id);
        END;
        CREATE TRIGGER search_pending_au AFTER UPDATE OF subject, sender, text ON message BEGIN
            INSERT INTO search_pending(first_id, last_id) VALUES (new.id, new.id);
        END;
        """

    /// The search index no longer keeps a copy of the texts (``SearchIndex``): to take a
    /// deleted or changed message out of it, the store keeps the old values until the index
    /// has caught up. AUTOINCREMENT: a `seq` is never reused, the index compares them.
    static let schemaV3SearchRemoved = """
        CREATE TABLE search_removed (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            message_id INTEGER NOT NULL,
            subject TEXT NOT NULL,
            sender TEXT NOT NULL,
            text TEXT NOT NULL
        );
        CREATE INDEX search_removed_message ON search_removed(message_id, seq);

        DROP TRIGGER search_pending_ad;
        DROP TRIGGER search_pending_au;
        CREATE TRIGGER search_pending_ad AFTER DELETE ON message BEGIN
            INSERT INTO search_removed(message_id, subject, sender, text)
                VALUES (old.id, old.subject, old.sender, old.text);
            INSERT INTO search_pending(first_id, last_id) VALUES (old.id, old.id);
        END;
        CREATE TRIGGER search_pending_au AFTER UPDATE OF subject, sender, text ON message BEGIN
            INSERT INTO search_removed(message_id, subject, sender, text)
                VALUES (old.id, old.subject, old.sender, old.text);
            INSERT INTO search_pending(first_id, last_id) VALUES (new.id, new.id);
        END;
        """

    /// Ticket workflow (docs/workflow.md): SLA bookkeeping, presence, undo, blocked senders.
    private static let schemaV2Workflow = """
        -- The policy the stored due times were computed with, and the earliest due time of a
        -- running clock minus the policy's warning window (the Breaching view's key).
        ALTER TABLE ticket ADD COLUMN sla_policy TEXT;
        ALTER TABLE ticket ADD COLUMN sla_warn_at REAL;
        CREATE INDEX ticket_sla_warn ON ticket(sla_warn_at) WHERE sla_warn_at IS NOT NULL;
        CREATE INDEX ticket_assignee ON ticket(assignee, status);
        CREATE INDEX ticket_solved_at ON ticket(solved_at) WHERE status = 'solved';

        -- Who is viewing or replying to a ticket; a row older than 30 s is gone.
        CREATE TABLE presence (
            ticket_id INTEGER NOT NULL REFERENCES ticket(id) ON DELETE CASCADE,
            agent TEXT NOT NULL,
            activity TEXT NOT NULL,
            seen_at REAL NOT NULL,
            PRIMARY KEY (ticket_id, agent)
        ) WITHOUT ROWID;

        -- What `inbox undo` needs to reverse a change, a merge or a split. No foreign keys:
        -- undoing a split removes the ticket it created.
        CREATE TABLE undo_entry (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER NOT NULL,
            other_ticket_id INTEGER,
            actor TEXT NOT NULL,
            at REAL NOT NULL,
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            undone_at REAL
        );
        CREATE INDEX undo_entry_ticket ON undo_entry(ticket_id, id);
        CREATE INDEX undo_entry_other ON undo_entry(other_ticket_id, id) WHERE other_ticket_id IS NOT NULL;

        -- Senders whose mail is always quarantined (an address, or @domain).
        CREATE TABLE blocked_sender (
            address TEXT PRIMARY KEY,
            actor TEXT NOT NULL,
            at REAL NOT NULL,
            reason TEXT
        ) WITHOUT ROWID;
        """
}
