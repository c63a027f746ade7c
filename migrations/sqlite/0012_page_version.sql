-- The anonymous page cache's version (src/page_cache.rs): every write to what a public page
-- shows bumps it, in the writing transaction, so a cached page is never served after the
-- change has committed. (SQLite has one writer and one app server; PostgreSQL uses NOTIFY.)
CREATE TABLE page_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  BIGINT NOT NULL
);
INSERT INTO page_version (id, n) VALUES (1, 0);
CREATE TRIGGER craft_categories_insert_page_version AFTER INSERT ON craft_categories BEGIN UPDATE page_version SET n = n + 1; END;
CREATE TRIGGER craft_categories_update_page_version AFTER UPDATE ON craft_categories BEGIN UPDATE page_version SET n = n + 1; END;
CREATE TRIGGER craft_categories_delete_page_version AFTER DELETE ON craft_categories BEGIN UPDATE page_version SET n = n + 1; END;
CREATE TRIGGER districts_insert_page_version AFTER INSERT ON districts BEGIN UPDATE page_version SET n = n + 1; END;
CREATE TRIGGER districts_update_page_version AFTER UPDATE ON districts BEGIN UPDATE page_version SET n = n + 1; END;
CREATE TRIGGER districts_delete_page_version AFTER DELETE ON districts BEGIN UPDATE page_version SET n = n + 1; END;
CREATE TRIGGER sellers_insert_page_version AFTER INSERT ON sellers BEGIN UPDATE page_version SET n = n + 1; END;
CREATE TRIGGER sellers_update_page_version AFTER UPDATE ON sellers BEGIN UPDATE page_version SET n = n + 1; END;
CREATE TRIGGER sellers_delete_page_version AFTER DELETE ON sellers BEGIN UPDATE page_version SET n = n + 1; END;
CREATE TRIGGER products_insert_page_version AFTER INSERT ON products BEGIN UPDATE page_version SET n = n + 1; END;
CREATE TRIGGER products_update_page_version AFTER UPDATE ON products BEGIN UPDATE page_version SET n = n + 1; END;
CREATE TRIGGER products_delete_page_version AFTER DELETE ON products BEGIN UPDATE page_version SET n = n + 1; END;
CREATE TRIGGER product_images_insert_page_version AFTER INSERT ON product_images BEGIN UPDATE page_version SET n = n + 1; END;
CREATE TRIGGER product_images_update_page_version AFTER UPDATE ON product_images BEGIN UPDATE page_version SET n = n + 1; END;
CREATE TRIGGER product_images_delete_page_version AFTER DELETE ON product_images BEGIN UPDATE page_version SET n = n + 1; END;
CREATE TRIGGER product_variants_insert_page_version AFTER INSERT ON product_variants BEGIN UPDATE page_version SET n = n + 1; END;
CREATE TRIGGER product_variants_update_page_version AFTER UPDATE ON product_variants BEGIN UPDATE page_version SET n = n + 1; END;
CREATE TRIGGER product_variants_delete_page_version AFTER DELETE ON product_variants BEGIN UPDATE page_version SET n = n + 1; END;
CREATE TRIGGER reviews_insert_page_version AFTER INSERT ON reviews BEGIN UPDATE page_version SET n = n + 1; END;
CREATE TRIGGER reviews_update_page_version AFTER UPDATE ON reviews BEGIN UPDATE page_version SET n = n + 1; END;
CREATE TRIGGER reviews_delete_page_version AFTER DELETE ON reviews BEGIN UPDATE page_version SET n = n + 1; END;
CREATE TRIGGER site_settings_insert_page_version AFTER INSERT ON site_settings BEGIN UPDATE page_version SET n = n + 1; END;
CREATE TRIGGER site_settings_update_page_version AFTER UPDATE ON site_settings BEGIN UPDATE page_version SET n = n + 1; END;
CREATE TRIGGER site_settings_delete_page_version AFTER DELETE ON site_settings BEGIN UPDATE page_version SET n = n + 1; END;
CREATE TRIGGER shipping_slabs_insert_page_version AFTER INSERT ON shipping_slabs BEGIN UPDATE page_version SET n = n + 1; END;
CREATE TRIGGER shipping_slabs_update_page_version AFTER UPDATE ON shipping_slabs BEGIN UPDATE page_version SET n = n + 1; END;
CREATE TRIGGER shipping_slabs_delete_page_version AFTER DELETE ON shipping_slabs BEGIN UPDATE page_version SET n = n + 1; END;
