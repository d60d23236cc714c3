import GRDB

extension AppDatabase {
    /// Rules, snooze and agent availability (docs/rules.md).
    static let schemaV4Rules = """
        -- A snoozed ticket leaves the views until this time (or a customer reply); then
        -- `snooze_woke` says why it came back ('time' or 'reply') until it is snoozed again.
        ALTER TABLE ticket ADD COLUMN snoozed_until REAL;
        ALTER TABLE ticket ADD COLUMN snooze_woke TEXT;
        CREATE INDEX ticket_snoozed ON ticket(snoozed_until) WHERE snoozed_until IS NOT NULL;

        -- Agents of [[agents]] who take no new assignments (`inbox agents away NAME`).
        CREATE TABLE agent_away (
            name TEXT PRIMARY KEY COLLATE NOCASE,
            since REAL NOT NULL,
            actor TEXT NOT NULL
        ) WITHOUT ROWID;

        -- Automatic replies asked for by `reply=` rules: one per customer and day (the
        -- unique key is the RFC 3834 rate limit). Written in the transaction of the rule;
        -- composed and queued in the outbox afterwards (state pending → queued | skipped).
        CREATE TABLE rule_reply (
            id INTEGER PRIMARY KEY,
            customer TEXT NOT NULL,
            day TEXT NOT NULL,
            ticket_id INTEGER NOT NULL REFERENCES ticket(id) ON DELETE CASCADE,
            rule TEXT NOT NULL,
            template TEXT NOT NULL,
            created_at REAL NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending',
            outbox_id INTEGER,
            error TEXT,
            UNIQUE (customer, day)
        );
        CREATE INDEX rule_reply_pending ON rule_reply(state) WHERE state = 'pending';

        -- Small state of the rules: the round-robin pointer, when each schedule rule last ran.
        CREATE TABLE rule_state (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        """
}
