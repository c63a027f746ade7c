-- Online payments through a Razorpay-compatible gateway (or its local sandbox), refunds and
-- returns, GST invoices, the sellers' payout ledger and reviews.

-- Gateway orders (the gateway's `order_id`), a new one when the amount due changed; each
-- payment is captured once.
CREATE TABLE gateway_payments (
    id                  INTEGER PRIMARY KEY,
    order_id            INTEGER NOT NULL REFERENCES orders(id),
    provider            TEXT NOT NULL,
    gateway_order_id    TEXT NOT NULL UNIQUE,
    amount_paise        INTEGER NOT NULL CHECK (amount_paise > 0),
    status              TEXT NOT NULL CHECK (status IN ('created', 'failed', 'captured')),
    -- What a captured payment did: placed its order, or is owed back.
    outcome             TEXT CHECK (outcome IN ('placed', 'refund_owed')),
    gateway_payment_id  TEXT UNIQUE,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);
CREATE INDEX gateway_payments_by_order ON gateway_payments (order_id, id);

-- Webhook events already handled, by the gateway's event id: a repeat changes nothing.
CREATE TABLE gateway_events (
    event_id     TEXT PRIMARY KEY,
    event        TEXT NOT NULL,
    received_at  INTEGER NOT NULL
);

-- When a part was delivered (the return window counts from it) and why it is sent back.
ALTER TABLE sub_orders ADD COLUMN delivered_at INTEGER;
ALTER TABLE sub_orders ADD COLUMN return_reason TEXT;

-- Money owed back to a buyer: a paid part cancelled, a return approved, a payment that came
-- after its order expired. Pending until the ODOP cell (or the gateway) pays it back.
CREATE TABLE refunds (
    id            INTEGER PRIMARY KEY,
    order_id      INTEGER NOT NULL REFERENCES orders(id),
    sub_order_id  INTEGER REFERENCES sub_orders(id),
    amount_paise  INTEGER NOT NULL CHECK (amount_paise > 0),
    reason        TEXT NOT NULL CHECK (reason IN ('cancelled', 'returned', 'paid_after_expiry', 'overpaid', 'duplicate')),
    -- The gateway payment to refund, for money that came through the gateway.
    gateway_payment_id TEXT,
    status        TEXT NOT NULL CHECK (status IN ('pending', 'refunded')),
    bank_reference TEXT,
    created_at    INTEGER NOT NULL,
    refunded_at   INTEGER,
    UNIQUE (sub_order_id, reason),
    UNIQUE (gateway_payment_id, reason)
);
CREATE INDEX refunds_by_status ON refunds (status, created_at);

-- GST invoice serials: one counter per seller (GSTIN) per financial year, taken atomically.
CREATE TABLE invoice_counters (
    seller_id       INTEGER NOT NULL REFERENCES sellers(id),
    financial_year  TEXT NOT NULL,
    last_serial     INTEGER NOT NULL,
    PRIMARY KEY (seller_id, financial_year)
);
CREATE TABLE invoices (
    id              INTEGER PRIMARY KEY,
    sub_order_id    INTEGER NOT NULL UNIQUE REFERENCES sub_orders(id),
    seller_id       INTEGER NOT NULL REFERENCES sellers(id),
    financial_year  TEXT NOT NULL,
    serial          INTEGER NOT NULL,
    number          TEXT NOT NULL,
    issued_at       INTEGER NOT NULL,
    UNIQUE (seller_id, financial_year, serial)
);

-- Deductions from a seller's payout, each row in force from its date until the next row's.
CREATE TABLE payout_rates (
    effective_from  INTEGER PRIMARY KEY,
    commission_bp   INTEGER NOT NULL CHECK (commission_bp >= 0),
    tcs_bp          INTEGER NOT NULL CHECK (tcs_bp >= 0),
    tds_bp          INTEGER NOT NULL CHECK (tds_bp >= 0)
);
-- From the start: no commission, TCS 0.5 % (CGST Act s. 52), TDS 0.1 % (Income Tax Act s. 194-O).
INSERT INTO payout_rates (effective_from, commission_bp, tcs_bp, tds_bp) VALUES (0, 0, 50, 10);

-- The payout ledger: a sale when a part is delivered, its reversal when it is refunded.
CREATE TABLE payout_entries (
    id                INTEGER PRIMARY KEY,
    seller_id         INTEGER NOT NULL REFERENCES sellers(id),
    sub_order_id      INTEGER NOT NULL REFERENCES sub_orders(id),
    kind              TEXT NOT NULL CHECK (kind IN ('sale', 'reversal')),
    gross_paise       INTEGER NOT NULL,
    commission_paise  INTEGER NOT NULL,
    tcs_paise         INTEGER NOT NULL,
    tds_paise         INTEGER NOT NULL,
    net_paise         INTEGER NOT NULL,
    created_at        INTEGER NOT NULL,
    UNIQUE (sub_order_id, kind)
);
CREATE INDEX payout_entries_by_seller ON payout_entries (seller_id, created_at);

-- One review per buyer per product; the seller answers once.
CREATE TABLE reviews (
    id          INTEGER PRIMARY KEY,
    product_id  INTEGER NOT NULL REFERENCES products(id),
    seller_id   INTEGER NOT NULL REFERENCES sellers(id),
    user_id     INTEGER NOT NULL REFERENCES users(id),
    stars       INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    body        TEXT NOT NULL DEFAULT '',
    -- An optional photo (640 px wide at most, with its srcset and size).
    photo       TEXT,
    photo_srcset TEXT,
    photo_width  INTEGER,
    photo_height INTEGER,
    reply       TEXT,
    replied_at  INTEGER,
    created_at  INTEGER NOT NULL,
    UNIQUE (product_id, user_id)
);
CREATE INDEX reviews_by_product ON reviews (product_id, created_at);
CREATE INDEX reviews_by_seller ON reviews (seller_id, created_at);
-- Kept with the product so listing pages show ratings without another query.
ALTER TABLE products ADD COLUMN rating_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN rating_total INTEGER NOT NULL DEFAULT 0;

INSERT INTO site_settings (key, value) VALUES ('gateway_expiry_minutes', '30'), ('return_window_days', '7');
