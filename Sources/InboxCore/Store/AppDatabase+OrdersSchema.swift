extension AppDatabase {
    /// Orders beside tickets (DESIGN §15, docs/orders.md).
    static let schemaV4Orders = """
        -- One order of a store; `record` keeps each source's record as JSON so nothing is lost.
        CREATE TABLE shop_order (
            id INTEGER PRIMARY KEY,
            store TEXT NOT NULL,
            number TEXT NOT NULL,
            emails TEXT NOT NULL DEFAULT '[]',
            placed_at REAL, paid_at REAL, fulfilled_at REAL, cancelled_at REAL,
            financial_status TEXT, fulfillment_status TEXT,
            currency TEXT, total TEXT, refunded TEXT,
            ship_name TEXT, ship_city TEXT, ship_country TEXT,
            phone TEXT, tags TEXT, note TEXT,
            source TEXT, updated_at REAL, fetched_at REAL,
            is_open INTEGER NOT NULL DEFAULT 1,
            record TEXT NOT NULL DEFAULT '{}',
            UNIQUE (store, number)
        );
        CREATE INDEX shop_order_number ON shop_order(number);
        CREATE INDEX shop_order_open ON shop_order(is_open, placed_at);

        -- Every address an order names, for matching by the customer's addresses.
        CREATE TABLE order_email (
            email TEXT NOT NULL,
            order_id INTEGER NOT NULL REFERENCES shop_order(id) ON DELETE CASCADE,
            PRIMARY KEY (email, order_id)
        ) WITHOUT ROWID;
        CREATE INDEX order_email_order ON order_email(order_id);

        CREATE TABLE order_line (
            order_id INTEGER NOT NULL REFERENCES shop_order(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            sku TEXT, title TEXT NOT NULL, quantity INTEGER NOT NULL, price TEXT, refunded_quantity INTEGER,
            PRIMARY KEY (order_id, position)
        ) WITHOUT ROWID;

        CREATE TABLE shipment (
            order_id INTEGER NOT NULL REFERENCES shop_order(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            carrier TEXT, tracking_number TEXT, tracking_url TEXT, status TEXT,
            shipped_at REAL, estimated_at REAL, delivered_at REAL,
            PRIMARY KEY (order_id, position)
        ) WITHOUT ROWID;
        CREATE INDEX shipment_tracking ON shipment(tracking_number);

        -- Why a ticket shows an order: "number in subject", "customer's only open order",
        -- "linked by ada". `manual` links are kept by re-matching; `hidden` is an unlink by
        -- hand, kept so matching does not bring the order back.
        CREATE TABLE ticket_order (
            ticket_id INTEGER NOT NULL REFERENCES ticket(id) ON DELETE CASCADE,
            order_id INTEGER NOT NULL REFERENCES shop_order(id) ON DELETE CASCADE,
            reason TEXT NOT NULL,
            manual INTEGER NOT NULL DEFAULT 0,
            hidden INTEGER NOT NULL DEFAULT 0,
            at REAL NOT NULL,
            PRIMARY KEY (ticket_id, order_id)
        ) WITHOUT ROWID;
        CREATE INDEX ticket_order_order ON ticket_order(order_id);

        -- The last lookup_command run per store: when, and the error a card shows.
        CREATE TABLE order_lookup (
            store TEXT NOT NULL,
            query TEXT NOT NULL,
            at REAL NOT NULL,
            error TEXT,
            PRIMARY KEY (store, query)
        ) WITHOUT ROWID;
        """
}
