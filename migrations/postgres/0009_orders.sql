-- Addresses, orders split per seller, their lines and history, and the shipping table.
CREATE TABLE addresses (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    phone       TEXT NOT NULL,
    line1       TEXT NOT NULL,
    line2       TEXT NOT NULL DEFAULT '',
    city        TEXT NOT NULL,
    district    TEXT NOT NULL DEFAULT '',
    state_code  TEXT NOT NULL,
    pin         TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX addresses_by_user ON addresses (user_id);

-- One checkout, one payment. The delivery address is copied: an order never changes with the
-- address book.
CREATE TABLE orders (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference        TEXT NOT NULL UNIQUE,
    user_id          BIGINT NOT NULL REFERENCES users(id),
    -- One per checkout attempt: a retry or a double click finds the order already made.
    idempotency_key  TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('awaiting_payment', 'placed', 'cancelled', 'expired')),
    payment_method   TEXT NOT NULL CHECK (payment_method IN ('cod', 'upi', 'gateway')),
    items_paise      BIGINT NOT NULL,
    shipping_paise   BIGINT NOT NULL,
    total_paise      BIGINT NOT NULL,
    ship_name        TEXT NOT NULL,
    ship_phone       TEXT NOT NULL,
    ship_line1       TEXT NOT NULL,
    ship_line2       TEXT NOT NULL,
    ship_city        TEXT NOT NULL,
    ship_district    TEXT NOT NULL,
    ship_state_code  TEXT NOT NULL,
    ship_pin         TEXT NOT NULL,
    -- The bank's reference of a confirmed UPI payment: one payment confirms one order.
    payment_utr      TEXT UNIQUE,
    created_at       BIGINT NOT NULL,
    UNIQUE (user_id, idempotency_key)
);
CREATE INDEX orders_by_user ON orders (user_id, created_at);
CREATE INDEX orders_by_status ON orders (status, payment_method, created_at);

-- Each seller's part of an order: shipped, invoiced and paid out on its own.
CREATE TABLE sub_orders (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id        BIGINT NOT NULL REFERENCES orders(id),
    seller_id       BIGINT NOT NULL REFERENCES sellers(id),
    status          TEXT NOT NULL CHECK (status IN ('awaiting_payment', 'placed', 'accepted', 'packed', 'shipped', 'delivered',
                        'cancelled', 'return_requested', 'return_rejected', 'returned', 'refunded')),
    items_paise     BIGINT NOT NULL,
    shipping_paise  BIGINT NOT NULL,
    taxable_paise   BIGINT NOT NULL,
    cgst_paise      BIGINT NOT NULL,
    sgst_paise      BIGINT NOT NULL,
    igst_paise      BIGINT NOT NULL,
    courier         TEXT,
    awb             TEXT,
    cancel_reason   TEXT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX sub_orders_by_order ON sub_orders (order_id);
CREATE INDEX sub_orders_by_seller ON sub_orders (seller_id, status, created_at);

-- What was bought, as it was at that moment (title, option, price, tax).
CREATE TABLE order_lines (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sub_order_id      BIGINT NOT NULL REFERENCES sub_orders(id),
    product_id        BIGINT NOT NULL REFERENCES products(id),
    variant_id        BIGINT NOT NULL DEFAULT 0,
    sku               TEXT NOT NULL DEFAULT '',
    title_en          TEXT NOT NULL,
    title_hi          TEXT NOT NULL,
    option_label      TEXT NOT NULL DEFAULT '',
    hsn               TEXT NOT NULL,
    gst_rate_bp       BIGINT NOT NULL,
    unit_price_paise  BIGINT NOT NULL,
    quantity          BIGINT NOT NULL CHECK (quantity > 0),
    total_paise       BIGINT NOT NULL,
    taxable_paise     BIGINT NOT NULL,
    cgst_paise        BIGINT NOT NULL,
    sgst_paise        BIGINT NOT NULL,
    igst_paise        BIGINT NOT NULL
);
CREATE INDEX order_lines_by_sub_order ON order_lines (sub_order_id);

-- Every step of a sub-order, for the timeline.
CREATE TABLE order_events (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sub_order_id   BIGINT NOT NULL REFERENCES sub_orders(id),
    at             BIGINT NOT NULL,
    status         TEXT NOT NULL,
    actor_user_id  BIGINT REFERENCES users(id),
    note           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX order_events_by_sub_order ON order_events (sub_order_id, at);

-- What a parcel costs by weight; the ODOP cell changes the rows.
CREATE TABLE shipping_slabs (
    max_weight_g  BIGINT PRIMARY KEY,
    price_paise   BIGINT NOT NULL CHECK (price_paise >= 0)
);
INSERT INTO shipping_slabs (max_weight_g, price_paise) VALUES (500, 6000), (1000, 9000), (2000, 13000), (5000, 22000);
INSERT INTO site_settings (key, value) VALUES ('free_shipping_above_paise', '99900'), ('cod_max_paise', '1000000'),
    ('unpaid_expiry_minutes', '60'), ('unpaid_orders_per_buyer', '3');
