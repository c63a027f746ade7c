//! Every public page costs at most three SQL queries, on each backend. Counted from sqlx's own
//! statement log; this file holds one test so no other test's queries are counted.
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
        if event.metadata().target() == "sqlx::query" {
            QUERIES.fetch_add(1, Ordering::SeqCst);
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
