-- Catalogue: craft categories, the 75 districts, sellers, products and their images.
-- Money is integer paise; flags are 0/1 integers so the same Rust code reads both backends.
CREATE TABLE craft_categories (
    slug      TEXT PRIMARY KEY,
    name_en   TEXT NOT NULL,
    name_hi   TEXT NOT NULL,
    position  BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE districts (
    slug             TEXT PRIMARY KEY,
    name_en          TEXT NOT NULL,
    name_hi          TEXT NOT NULL,
    census_code      TEXT NOT NULL,
    odop_product_en  TEXT NOT NULL,
    odop_product_hi  TEXT NOT NULL,
    category_slug    TEXT NOT NULL REFERENCES craft_categories(slug),
    also_listed_en   TEXT NOT NULL DEFAULT '',
    gi_tag           TEXT,
    story_en         TEXT NOT NULL DEFAULT '',
    story_hi         TEXT NOT NULL DEFAULT '',
    featured         BIGINT NOT NULL DEFAULT 0 CHECK (featured IN (0, 1))
);

CREATE TABLE sellers (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug             TEXT NOT NULL UNIQUE,
    display_name_en  TEXT NOT NULL,
    display_name_hi  TEXT NOT NULL,
    district_slug    TEXT NOT NULL REFERENCES districts(slug),
    story_en         TEXT NOT NULL DEFAULT '',
    story_hi         TEXT NOT NULL DEFAULT '',
    created_at       BIGINT NOT NULL
);

CREATE TABLE products (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug            TEXT NOT NULL UNIQUE,
    seller_id       BIGINT NOT NULL REFERENCES sellers(id),
    district_slug   TEXT NOT NULL REFERENCES districts(slug),
    category_slug   TEXT NOT NULL REFERENCES craft_categories(slug),
    title_en        TEXT NOT NULL,
    title_hi        TEXT NOT NULL,
    description_en  TEXT NOT NULL DEFAULT '',
    description_hi  TEXT NOT NULL DEFAULT '',
    price_paise     BIGINT NOT NULL CHECK (price_paise > 0),
    mrp_paise       BIGINT NOT NULL CHECK (mrp_paise >= price_paise),
    stock           BIGINT NOT NULL CHECK (stock >= 0),
    hsn             TEXT NOT NULL CHECK (length(hsn) IN (4, 6, 8)),
    gst_rate_bp     BIGINT NOT NULL CHECK (gst_rate_bp IN (0, 25, 300, 500, 1200, 1800, 2800)),
    gi              BIGINT NOT NULL DEFAULT 0 CHECK (gi IN (0, 1)),
    status          TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'live', 'hidden', 'archived')),
    created_at      BIGINT NOT NULL
);
CREATE INDEX products_by_district ON products (district_slug, status, created_at);
CREATE INDEX products_by_category ON products (category_slug, status, price_paise);
CREATE INDEX products_by_price ON products (status, price_paise);
CREATE INDEX products_by_created ON products (status, created_at);
CREATE INDEX products_by_seller ON products (seller_id);

CREATE TABLE product_images (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id  BIGINT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    position    BIGINT NOT NULL DEFAULT 0,
    url         TEXT NOT NULL,
    srcset      TEXT,
    width       BIGINT NOT NULL CHECK (width > 0),
    height      BIGINT NOT NULL CHECK (height > 0),
    alt_en      TEXT NOT NULL DEFAULT '',
    alt_hi      TEXT NOT NULL DEFAULT '',
    UNIQUE (product_id, position)
);
