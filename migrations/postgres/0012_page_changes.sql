-- The anonymous page cache's invalidation (src/page_cache.rs): every write to what a public
-- page shows notifies channel `page_changes` when its transaction commits; every app server
-- listens and drops its cached pages. A statement trigger notifies once per statement, and
-- PostgreSQL folds identical notifications of one transaction into one.
CREATE FUNCTION notify_page_change() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('page_changes', '');
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER craft_categories_page_change AFTER INSERT OR UPDATE OR DELETE ON craft_categories FOR EACH STATEMENT EXECUTE FUNCTION notify_page_change();
CREATE TRIGGER districts_page_change AFTER INSERT OR UPDATE OR DELETE ON districts FOR EACH STATEMENT EXECUTE FUNCTION notify_page_change();
CREATE TRIGGER sellers_page_change AFTER INSERT OR UPDATE OR DELETE ON sellers FOR EACH STATEMENT EXECUTE FUNCTION notify_page_change();
CREATE TRIGGER products_page_change AFTER INSERT OR UPDATE OR DELETE ON products FOR EACH STATEMENT EXECUTE FUNCTION notify_page_change();
CREATE TRIGGER product_images_page_change AFTER INSERT OR UPDATE OR DELETE ON product_images FOR EACH STATEMENT EXECUTE FUNCTION notify_page_change();
CREATE TRIGGER product_variants_page_change AFTER INSERT OR UPDATE OR DELETE ON product_variants FOR EACH STATEMENT EXECUTE FUNCTION notify_page_change();
CREATE TRIGGER reviews_page_change AFTER INSERT OR UPDATE OR DELETE ON reviews FOR EACH STATEMENT EXECUTE FUNCTION notify_page_change();
CREATE TRIGGER site_settings_page_change AFTER INSERT OR UPDATE OR DELETE ON site_settings FOR EACH STATEMENT EXECUTE FUNCTION notify_page_change();
CREATE TRIGGER shipping_slabs_page_change AFTER INSERT OR UPDATE OR DELETE ON shipping_slabs FOR EACH STATEMENT EXECUTE FUNCTION notify_page_change();
