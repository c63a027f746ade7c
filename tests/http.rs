//! Whole requests through the router, as a browser would send them (SQLite).
mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{fixture, TestDb};
use leptos::prelude::LeptosOptions;
use odop_mart::server::{router, AppState};
use tower::ServiceExt;

async fn app() -> (axum::Router, TestDb) {
    let t = TestDb::sqlite().await;
    fixture(&t.db).await;
    let options = LeptosOptions::builder()
        .output_name("odop-mart")
        .site_root("target/site")
        .build();
    (
        router(AppState {
            leptos_options: options,
            db: t.db.clone(),
        }),
        t,
    )
}

async fn get(app: &axum::Router, uri: &str, lang: Option<&str>) -> (StatusCode, String) {
    let mut req = Request::get(uri);
    if let Some(lang) = lang {
        req = req.header(header::COOKIE, format!("i18n_pref_locale={lang}"));
    }
    let resp = app
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    let body = axum::body::to_bytes(resp.into_body(), 10 << 20)
        .await
        .unwrap();
    // Leptos marks the seams between text nodes with `<!>`; a reader sees the text without them.
    (status, String::from_utf8_lossy(&body).replace("<!>", ""))
}

#[tokio::test]
async fn a_district_page_is_rendered_on_the_server_in_hindi_by_default() {
    let (app, t) = app().await;
    let (status, html) = get(&app, "/district/varanasi", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"lang="hi""#), "html lang is set");
    assert!(html.contains("वाराणसी"));
    assert!(
        html.contains("कतान सिल्क बनारसी साड़ी"),
        "products are in the HTML before any script runs"
    );
    assert!(html.contains("₹12,000"), "Indian digit grouping");
    assert!(
        !html.contains("Brass Flower Vase"),
        "another district's product"
    );
    t.close().await;
}

#[tokio::test]
async fn the_language_cookie_switches_the_page_to_english() {
    let (app, t) = app().await;
    let (_, html) = get(&app, "/district/varanasi?category=textile", Some("en")).await;
    assert!(html.contains(r#"lang="en""#));
    assert!(html.contains("Katan Silk Banarasi Saree"));
    assert!(html.contains("Varanasi"));
    t.close().await;
}

#[tokio::test]
async fn unknown_districts_products_and_paths_answer_404() {
    let (app, t) = app().await;
    for uri in [
        "/district/atlantis",
        "/product/no-such-thing",
        "/no/such/page",
        "/product/m-diya-hidden",
    ] {
        let (status, html) = get(&app, uri, Some("en")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert!(html.contains("Page not found"), "{uri}");
    }
    t.close().await;
}

#[tokio::test]
async fn malformed_filters_show_a_note_not_an_error_page() {
    let (app, t) = app().await;
    let (status, html) = get(
        &app,
        "/products?min_price=abc&category=unknown-craft&page=-2",
        Some("en"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Some filter values were ignored"));
    assert!(html.contains("minimum price “abc” is not an amount in rupees"));
    assert!(html.contains("there is no craft “unknown-craft”"));
    assert!(html.contains("6 products found"));
    t.close().await;
}

#[tokio::test]
async fn an_empty_filter_result_shows_the_empty_state() {
    let (app, t) = app().await;
    let (status, html) = get(&app, "/district/lucknow?min_price=50000", Some("en")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("No products match these filters"));
    assert!(html.contains(r#"data-testid="empty-state""#));
    t.close().await;
}

#[tokio::test]
async fn the_districts_page_carries_the_clickable_map_and_all_75_districts() {
    let (app, t) = app().await;
    let (status, html) = get(&app, "/districts", Some("en")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html.matches(r#"class="map-district"#).count(), 75);
    assert!(html.contains(r#"<a href="/district/varanasi" data-slug="varanasi" aria-label="Varanasi — Banarasi silk saree""#));
    t.close().await;
}

#[tokio::test]
async fn the_credits_page_shows_the_maps_mit_notice() {
    let (app, t) = app().await;
    let (status, html) = get(&app, "/credits", Some("en")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Copyright (c) 2020 Guneet Narula"));
    assert!(html.contains("Permission is hereby granted"));
    t.close().await;
}

#[tokio::test]
async fn a_cross_site_post_is_refused() {
    let (app, t) = app().await;
    let req = Request::post("/lang")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("lang=en&next=/"))
        .unwrap();
    let resp = app.clone().oneshot(req).await.unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    assert!(resp.headers().get(header::SET_COOKIE).is_none());
    t.close().await;
}

#[tokio::test]
async fn the_language_switch_sets_the_cookie_and_never_redirects_off_site() {
    let (app, t) = app().await;
    for (next, expected) in [
        ("/district/agra?gi=1", "/district/agra?gi=1"),
        ("//evil.example/", "/"),
        ("https://evil.example", "/"),
    ] {
        let req = Request::post("/lang")
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::ORIGIN, "http://127.0.0.1:3000")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!(
                "lang=en&next={}",
                odop_mart::catalog::filter::percent_encode(next)
            )))
            .unwrap();
        let resp = app.clone().oneshot(req).await.unwrap();
        assert_eq!(resp.status(), StatusCode::SEE_OTHER, "{next}");
        assert_eq!(resp.headers()[header::LOCATION], expected);
        assert!(resp.headers()[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .starts_with("i18n_pref_locale=en;"));
    }
    t.close().await;
}

#[tokio::test]
async fn sample_pictures_are_svg_and_unknown_ones_404() {
    let (app, t) = app().await;
    let (status, svg) = get(&app, "/sample-art/textile/3.svg", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(svg.starts_with("<svg") && svg.contains("SAMPLE"));
    assert_eq!(
        get(&app, "/sample-art/nonsense/1.svg", None).await.0,
        StatusCode::NOT_FOUND
    );
    t.close().await;
}
