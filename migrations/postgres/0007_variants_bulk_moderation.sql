-- Listings grow SKUs (the key of CSV import), variants, package dimensions, photo alt text,
-- an optional moderation step, and the reports of CSV imports.
ALTER TABLE products ADD COLUMN sku TEXT;
-- Package size in centimetres, for the courier's volumetric weight.
ALTER TABLE products ADD COLUMN length_cm BIGINT;
ALTER TABLE products ADD COLUMN width_cm BIGINT;
ALTER TABLE products ADD COLUMN height_cm BIGINT;
-- 'pending' while a product asked to go live waits for the ODOP cell (when moderation is on);
-- 'refused' with a note the seller sees. NULL otherwise.
ALTER TABLE products ADD COLUMN moderation TEXT CHECK (moderation IN ('pending', 'refused'));
ALTER TABLE products ADD COLUMN moderation_note TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX products_by_sku ON products (seller_id, sku) WHERE sku IS NOT NULL;
CREATE INDEX products_by_moderation ON products (moderation);

-- Options of one product (size, colour …), each sold with its own SKU, price and stock. The
-- product's own price is the cheapest option's and its stock their sum (kept by the app).
CREATE TABLE product_variants (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id  BIGINT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    sku         TEXT NOT NULL,
    label       TEXT NOT NULL,
    price_paise BIGINT NOT NULL CHECK (price_paise > 0),
    mrp_paise   BIGINT NOT NULL CHECK (mrp_paise >= price_paise),
    stock       BIGINT NOT NULL CHECK (stock >= 0),
    position    BIGINT NOT NULL DEFAULT 0,
    UNIQUE (product_id, sku)
);

-- Settings the ODOP cell changes at run time.
CREATE TABLE site_settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

-- What a CSV import did, line by line (JSON), kept so the report page can show it.
CREATE TABLE listing_imports (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    seller_id   BIGINT NOT NULL REFERENCES sellers(id),
    created_at  BIGINT NOT NULL,
    report      TEXT NOT NULL
);
CREATE INDEX listing_imports_by_seller ON listing_imports (seller_id, created_at);
