-- Seller listings: what the product editor adds to a product.
ALTER TABLE products ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
-- Shipping weight in grams (the courier's slab).
ALTER TABLE products ADD COLUMN weight_g BIGINT;
ALTER TABLE products ADD COLUMN handmade BIGINT NOT NULL DEFAULT 1 CHECK (handmade IN (0, 1));
ALTER TABLE products ADD COLUMN materials TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN care TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN origin TEXT NOT NULL DEFAULT 'India';
