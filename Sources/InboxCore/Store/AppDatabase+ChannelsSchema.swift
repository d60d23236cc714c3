import GRDB

extension AppDatabase {
    /// Channels beyond e-mail (DESIGN §19, docs/channels.md): each ticket and message knows
    /// its channel; a channel's conversation maps to the ticket it opened; customers are found
    /// by phone and by per-channel handle as well as by e-mail; an outbox row of a channel
    /// reply is delivered by that channel's `send_command`.
    static let schemaV5Channels = """
        ALTER TABLE ticket ADD COLUMN channel TEXT NOT NULL DEFAULT 'email';
        -- The external conversation a channel ticket answers (its replies go there).
        ALTER TABLE ticket ADD COLUMN conversation TEXT;
        CREATE INDEX ticket_channel ON ticket(channel) WHERE channel <> 'email';
        ALTER TABLE message ADD COLUMN channel TEXT NOT NULL DEFAULT 'email';

        -- (channel, external conversation id) → the ticket its messages join; moves to the
        -- newer ticket when a closed one is followed up.
        CREATE TABLE channel_conversation (
            channel TEXT NOT NULL,
            conversation TEXT NOT NULL,
            ticket_id INTEGER NOT NULL REFERENCES ticket(id),
            PRIMARY KEY (channel, conversation)
        ) WITHOUT ROWID;
        CREATE INDEX channel_conversation_ticket ON channel_conversation(ticket_id);

        -- A normalised phone number (+ and digits): the same number is one customer.
        ALTER TABLE customer ADD COLUMN phone TEXT;
        CREATE INDEX customer_phone ON customer(phone) WHERE phone IS NOT NULL;
        -- A customer's name on a channel (a chat handle, a marketplace buyer id).
        CREATE TABLE customer_handle (
            channel TEXT NOT NULL,
            handle TEXT NOT NULL,
            customer_id INTEGER NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
            PRIMARY KEY (channel, handle)
        ) WITHOUT ROWID;
        CREATE INDEX customer_handle_customer ON customer_handle(customer_id);

        -- NULL: mail through [smtp]; else the [[channel]] whose send_command delivers `raw`
        -- (the reply as JSON); `message_id` is the idempotency key the command gets.
        ALTER TABLE outbox ADD COLUMN channel TEXT;
        """
}
