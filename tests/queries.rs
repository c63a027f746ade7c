//! Every public page costs at most three SQL queries, on each backend. Counted from sqlx's own
//! statement log, by a process-wide subscriber: so this test is a binary of its own (not in
//! `tests/it`), where no other test's queries are counted.
#[path = "it/common/mod.rs"]
mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{fixture, TestDb};
use std::sync::atomic::{AtomicUsize, Ordering};
use tower::ServiceExt;
use tracing_subscriber::layer::SubscriberExt;

static QUERIES: AtomicUsize = AtomicUsize::new(0);

struct CountQueries;

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for CountQueries {
    fn on_event(
        &self,
        event: &tracing::Event<'_>,
        _ctx: tracing_subscriber::layer::Context<'_, S>,
    ) {
        if event.metadata().target() != "sqlx::query" {
            return;
        }
        let mut summary = Summary(String::new());
        event.record(&mut summary);
        // A connection the pool opens mid-render logs its set-up PRAGMAs / SETs: those are the
        // pool's, not the page's, and would make the count depend on timing.
        let s = summary.0.trim_start().to_ascii_uppercase();
        if !(s.starts_with("PRAGMA") || s.starts_with("SET ")) {
            QUERIES.fetch_add(1, Ordering::SeqCst);
        }
    }
}

/// The statement sqlx logs (its `summary` field, else `db.statement`).
struct Summary(String);

impl tracing::field::Visit for Summary {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        if field.name() == "summary" || (self.0.is_empty() && field.name() == "db.statement") {
            self.0 = value.to_string();
        }
    }
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "summary" || (self.0.is_empty() && field.name() == "db.statement") {
            self.0 = format!("{value:?}").trim_matches('"').to_string();
        }
    }
}

#[tokio::test]
async fn every_public_page_costs_at_most_three_queries() {
    // Global: SQLite runs its statements on a worker thread of its own.
    tracing::subscriber::set_global_default(tracing_subscriber::registry().with(CountQueries))
        .unwrap();
    for t in TestDb::all().await {
        fixture(&t.db).await;
        // The costliest product page: photos, options and reviews.
        for sql in [
            "INSERT INTO product_variants (product_id, sku, label, price_paise, mrp_paise, stock, position) \
             SELECT id, 'kurta-m', 'M', 180000, 180000, 3, 1 FROM products WHERE slug = 'l-kurta'",
            "INSERT INTO users (phone, password_hash, display_name, created_at) VALUES ('9876500001', 'x', 'Asha', 0)",
            "INSERT INTO reviews (product_id, seller_id, user_id, stars, body, created_at) \
             SELECT p.id, p.seller_id, u.id, 5, 'Lovely', 0 FROM products p, users u WHERE p.slug = 'l-kurta'",
            "UPDATE products SET rating_count = 1, rating_total = 5 WHERE slug = 'l-kurta'",
            "INSERT INTO product_images (product_id, position, url, width, height) \
             SELECT id, 1, '/media/a.jpg', 640, 480 FROM products WHERE slug = 'l-kurta'",
            "INSERT INTO product_images (product_id, position, url, width, height) \
             SELECT id, 2, '/media/b.jpg', 640, 480 FROM products WHERE slug = 'l-kurta'",
        ] {
            sqlx::query(sql).execute(&t.db.pool).await.unwrap();
        }
        let app = common::router_for(&t.db);
        for uri in [
            "/",
            "/districts",
            "/district/varanasi",
            "/district/varanasi?category=textile&min_price=500&gi=1&in_stock=1&sort=price_asc",
            "/products",
            "/products?district=lucknow&district=moradabad&q=chikan&page=1",
            "/product/l-kurta",
            "/credits",
        ] {
            // Once to open the pool's connections (their set-up PRAGMAs are logged too), then counted.
            let warm_up = Request::get(uri).body(Body::empty()).unwrap();
            let _ = app.clone().oneshot(warm_up).await.unwrap();
            QUERIES.store(0, Ordering::SeqCst);
            let req = Request::get(uri)
                .header(header::COOKIE, "i18n_pref_locale=en")
                .body(Body::empty())
                .unwrap();
            let resp = app.clone().oneshot(req).await.unwrap();
            assert_eq!(resp.status(), StatusCode::OK, "{} {uri}", t.name);
            let _ = axum::body::to_bytes(resp.into_body(), 10 << 20)
                .await
                .unwrap();
            let n = QUERIES.load(Ordering::SeqCst);
            assert!(n <= 3, "{} {uri}: {n} queries", t.name);
            if uri != "/credits" {
                assert!(
                    n >= 1,
                    "{} {uri}: the counter saw no query, so it counts nothing",
                    t.name
                );
            }
        }
        t.close().await;
    }
}
