extension AppDatabase {
    /// Satisfaction surveys and follow-ups (DESIGN §17, docs/surveys.md).
    static let schemaV5Surveys = """
        -- One survey per solve of a ticket. Written in the transaction that queues its mail in
        -- the outbox, so a crash leaves both or neither; the unique keys make a second tick a no-op.
        -- `agent` and `queue` are those of the ticket when it was solved (the report's groups).
        CREATE TABLE survey (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER NOT NULL REFERENCES ticket(id) ON DELETE CASCADE,
            customer TEXT NOT NULL,
            solved_at REAL NOT NULL,
            message_id TEXT NOT NULL UNIQUE,
            subject TEXT NOT NULL,
            language TEXT,
            agent TEXT,
            queue TEXT NOT NULL,
            outbox_id INTEGER,
            sent_at REAL NOT NULL,
            score INTEGER,
            comment TEXT,
            answered_at REAL,
            answer_message_id TEXT,
            UNIQUE (ticket_id, solved_at)
        );
        CREATE INDEX survey_customer ON survey(customer, sent_at);
        CREATE INDEX survey_sent ON survey(sent_at);

        -- One follow-up per order, after its shipment was delivered.
        CREATE TABLE followup (
            order_id INTEGER PRIMARY KEY REFERENCES shop_order(id) ON DELETE CASCADE,
            ticket_id INTEGER REFERENCES ticket(id) ON DELETE SET NULL,
            template TEXT NOT NULL,
            message_id TEXT NOT NULL UNIQUE,
            outbox_id INTEGER,
            queued_at REAL NOT NULL
        );
        """
}
