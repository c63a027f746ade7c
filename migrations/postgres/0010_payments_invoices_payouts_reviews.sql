-- Online payments through a Razorpay-compatible gateway (or its local sandbox), refunds and
-- returns, GST invoices, the sellers' payout ledger and reviews.

-- Gateway orders (the gateway's `order_id`), a new one when the amount due changed; each
-- payment is captured once.
CREATE TABLE gateway_payments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id            BIGINT NOT NULL REFERENCES orders(id),
    provider            TEXT NOT NULL,
    gateway_order_id    TEXT NOT NULL UNIQUE,
    amount_paise        BIGINT NOT NULL CHECK (amount_paise > 0),
    status              TEXT NOT NULL CHECK (status IN ('created', 'failed', 'captured')),
    -- What a captured payment did: placed its order, or is owed back.
    outcome             TEXT CHECK (outcome IN ('placed', 'refund_owed')),
    gateway_payment_id  TEXT UNIQUE,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);
CREATE INDEX gateway_payments_by_order ON gateway_payments (order_id, id);

-- Webhook events already handled, by the gateway's event id: a repeat changes nothing.
CREATE TABLE gateway_events (
    event_id     TEXT PRIMARY KEY,
    event        TEXT NOT NULL,
    received_at  BIGINT NOT NULL
);

-- When a part was delivered (the return window counts from it) and why it is sent back.
ALTER TABLE sub_orders ADD COLUMN delivered_at BIGINT;
ALTER TABLE sub_orders ADD COLUMN return_reason TEXT;

-- Money owed back to a buyer: a paid part cancelled, a return approved, a payment that came
-- after its order expired. Pending until the ODOP cell (or the gateway) pays it back.
CREATE TABLE refunds (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id      BIGINT NOT NULL REFERENCES orders(id),
    sub_order_id  BIGINT REFERENCES sub_orders(id),
    amount_paise  BIGINT NOT NULL CHECK (amount_paise > 0),
    reason        TEXT NOT NULL CHECK (reason IN ('cancelled', 'returned', 'paid_after_expiry', 'overpaid', 'duplicate')),
    -- The gateway payment to refund, for money that came through the gateway.
    gateway_payment_id TEXT,
    status        TEXT NOT NULL CHECK (status IN ('pending', 'refunded')),
    bank_reference TEXT,
    created_at    BIGINT NOT NULL,
    refunded_at   BIGINT,
    UNIQUE (sub_order_id, reason),
    UNIQUE (gateway_payment_id, reason)
);
CREATE INDEX refunds_by_status ON refunds (status, created_at);

-- GST invoice serials: one counter per seller (GSTIN) per financial year, taken atomically.
CREATE TABLE invoice_counters (
    seller_id       BIGINT NOT NULL REFERENCES sellers(id),
    financial_year  TEXT NOT NULL,
    last_serial     BIGINT NOT NULL,
    PRIMARY KEY (seller_id, financial_year)
);
CREATE TABLE invoices (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sub_order_id    BIGINT NOT NULL UNIQUE REFERENCES sub_orders(id),
    seller_id       BIGINT NOT NULL REFERENCES sellers(id),
    financial_year  TEXT NOT NULL,
    serial          BIGINT NOT NULL,
    number          TEXT NOT NULL,
    issued_at       BIGINT NOT NULL,
    UNIQUE (seller_id, financial_year, serial)
);

-- Deductions from a seller's payout, each row in force from its date until the next row's.
CREATE TABLE payout_rates (
    effective_from  BIGINT PRIMARY KEY,
    commission_bp   BIGINT NOT NULL CHECK (commission_bp >= 0),
    tcs_bp          BIGINT NOT NULL CHECK (tcs_bp >= 0),
    tds_bp          BIGINT NOT NULL CHECK (tds_bp >= 0)
);
-- From the start: no commission, TCS 0.5 % (CGST Act s. 52), TDS 0.1 % (Income Tax Act s. 194-O).
INSERT INTO payout_rates (effective_from, commission_bp, tcs_bp, tds_bp) VALUES (0, 0, 50, 10);

-- The payout ledger: a sale when a part is delivered, its reversal when it is refunded.
CREATE TABLE payout_entries (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    seller_id         BIGINT NOT NULL REFERENCES sellers(id),
    sub_order_id      BIGINT NOT NULL REFERENCES sub_orders(id),
    kind              TEXT NOT NULL CHECK (kind IN ('sale', 'reversal')),
    gross_paise       BIGINT NOT NULL,
    commission_paise  BIGINT NOT NULL,
    tcs_paise         BIGINT NOT NULL,
    tds_paise         BIGINT NOT NULL,
    net_paise         BIGINT NOT NULL,
    created_at        BIGINT NOT NULL,
    UNIQUE (sub_order_id, kind)
);
CREATE INDEX payout_entries_by_seller ON payout_entries (seller_id, created_at);

-- One review per buyer per product; the seller answers once.
CREATE TABLE reviews (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id  BIGINT NOT NULL REFERENCES products(id),
    seller_id   BIGINT NOT NULL REFERENCES sellers(id),
    user_id     BIGINT NOT NULL REFERENCES users(id),
    stars       BIGINT NOT NULL CHECK (stars BETWEEN 1 AND 5),
    body        TEXT NOT NULL DEFAULT '',
    -- An optional photo (640 px wide at most, with its srcset and size).
    photo       TEXT,
    photo_srcset TEXT,
    photo_width  BIGINT,
    photo_height BIGINT,
    reply       TEXT,
    replied_at  BIGINT,
    created_at  BIGINT NOT NULL,
    UNIQUE (product_id, user_id)
);
CREATE INDEX reviews_by_product ON reviews (product_id, created_at);
CREATE INDEX reviews_by_seller ON reviews (seller_id, created_at);
-- Kept with the product so listing pages show ratings without another query.
ALTER TABLE products ADD COLUMN rating_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN rating_total BIGINT NOT NULL DEFAULT 0;

INSERT INTO site_settings (key, value) VALUES ('gateway_expiry_minutes', '30'), ('return_window_days', '7');
