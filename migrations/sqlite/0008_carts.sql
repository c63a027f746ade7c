-- Carts: a guest's is found by the `odop_cart` cookie (only its SHA-256 is kept), an account's by
-- its user. At sign-in a guest's lines move into the account's cart.
CREATE TABLE carts (
    id          INTEGER PRIMARY KEY,
    token_hash  TEXT UNIQUE,
    user_id     INTEGER UNIQUE REFERENCES users(id) ON DELETE CASCADE,
    updated_at  INTEGER NOT NULL,
    CHECK (token_hash IS NOT NULL OR user_id IS NOT NULL)
);

CREATE TABLE cart_lines (
    cart_id           INTEGER NOT NULL REFERENCES carts(id) ON DELETE CASCADE,
    product_id        INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    -- 0 for a product without options (a key column cannot be NULL on both backends alike).
    variant_id        INTEGER NOT NULL DEFAULT 0,
    quantity          INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99),
    -- The unit price when the shopper added it: a later change is pointed out in the cart.
    added_price_paise INTEGER NOT NULL,
    added_at          INTEGER NOT NULL,
    PRIMARY KEY (cart_id, product_id, variant_id)
);
