//! Whole requests through the router, as a browser sends them, on every backend under test.
use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{fixture, TestDb};
use tower::ServiceExt;

fn app_for(t: &TestDb) -> axum::Router {
    common::router_for(&t.db)
}

/// An app on SQLite with the fixture catalogue.
async fn app() -> (axum::Router, TestDb) {
    let t = TestDb::sqlite().await;
    fixture(&t.db).await;
    (app_for(&t), t)
}

/// One app per backend under test (SQLite, and PostgreSQL when configured), with the fixture.
async fn apps() -> Vec<(axum::Router, TestDb)> {
    let mut v = Vec::new();
    for t in TestDb::all().await {
        fixture(&t.db).await;
        v.push((app_for(&t), t));
    }
    v
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

/// What a reader sees: the page without its scripts (the hydration data repeats every text in
/// both languages, so a search of the raw HTML would find words the page does not show).
fn visible(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        out.push_str(&rest[..start]);
        match rest[start..].find("</script>") {
            Some(end) => rest = &rest[start + end + "</script>".len()..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out
}

/// The `lang` attribute of the `<html>` element.
fn html_lang(html: &str) -> Option<String> {
    let start = html.find("<html")?;
    let tag = &html[start..start + html[start..].find('>')?];
    let at = tag.find(" lang=\"")? + " lang=\"".len();
    Some(tag[at..at + tag[at..].find('"')?].to_string())
}

async fn post_language(app: &axum::Router, origin: &str, body: String) -> axum::response::Response {
    let req = Request::post("/lang")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, origin)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    app.clone().oneshot(req).await.unwrap()
}

#[tokio::test]
async fn a_district_page_is_rendered_on_the_server_in_hindi_by_default() {
    for (app, t) in apps().await {
        let (status, html) = get(&app, "/district/varanasi", None).await;
        assert_eq!(status, StatusCode::OK, "{}", t.name);
        assert_eq!(html_lang(&html).as_deref(), Some("hi"));
        let page = visible(&html);
        assert!(page.contains("<h1>वाराणसी</h1>"), "{}", t.name);
        assert!(
            page.contains("कतान सिल्क बनारसी साड़ी"),
            "products are in the HTML before any script runs"
        );
        assert!(
            !page.contains("Katan Silk Banarasi Saree"),
            "no English titles on a Hindi page"
        );
        assert!(page.contains("₹12,000"), "Indian digit grouping");
        assert!(
            !html.contains("पीतल का फूलदान"),
            "another district's product"
        );
        t.close().await;
    }
}

#[tokio::test]
async fn the_language_cookie_switches_the_page_to_english() {
    let (app, t) = app().await;
    let (_, html) = get(&app, "/district/varanasi?category=textile", Some("en")).await;
    assert_eq!(html_lang(&html).as_deref(), Some("en"));
    let page = visible(&html);
    assert!(page.contains("<h1>Varanasi</h1>"));
    assert!(page.contains("Katan Silk Banarasi Saree"));
    assert!(!page.contains("कतान सिल्क बनारसी साड़ी"));
    t.close().await;
}

#[tokio::test]
async fn the_home_page_shows_featured_districts_and_their_newest_products() {
    for (app, t) in apps().await {
        let (status, html) = get(&app, "/", Some("en")).await;
        assert_eq!(status, StatusCode::OK, "{}", t.name);
        let page = visible(&html);
        assert!(page.contains(r#"href="/district/varanasi""#), "{}", t.name);
        // Varanasi's newest live product in stock (the cotton saree is out of stock).
        assert!(page.contains("Silk Stole"), "{}", t.name);
        assert!(!page.contains("Cotton Banarasi Saree"), "{}", t.name);
        t.close().await;
    }
}

#[tokio::test]
async fn a_product_page_shows_price_seller_and_district() {
    for (app, t) in apps().await {
        let (status, html) = get(&app, "/product/l-kurta", Some("en")).await;
        assert_eq!(status, StatusCode::OK, "{}", t.name);
        let page = visible(&html);
        assert!(page.contains("<h1>Chikankari Kurta</h1>"), "{}", t.name);
        assert!(page.contains("₹1,800"));
        assert!(page.contains("₹2,160"), "MRP");
        assert!(page.contains("16% off"));
        assert!(page.contains("Seller s-lucknow"));
        assert!(page.contains(r#"href="/district/lucknow""#));
        assert!(page.contains("Price includes GST at 5%"));
        t.close().await;
    }
}

#[tokio::test]
async fn unknown_districts_products_and_paths_answer_404() {
    for (app, t) in apps().await {
        for uri in [
            "/district/atlantis",
            "/district/Not%20A%20Slug",
            "/product/no-such-thing",
            "/no/such/page",
            "/product/m-diya-hidden",
        ] {
            let (status, html) = get(&app, uri, Some("en")).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{} {uri}", t.name);
            assert!(html.contains("Page not found"), "{uri}");
        }
        t.close().await;
    }
}

#[tokio::test]
async fn an_address_with_a_trailing_slash_redirects_to_the_page() {
    let (app, t) = app().await;
    let req = Request::get("/district/varanasi/?gi=1")
        .body(Body::empty())
        .unwrap();
    let resp = app.clone().oneshot(req).await.unwrap();
    assert_eq!(resp.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(resp.headers()[header::LOCATION], "/district/varanasi?gi=1");
    t.close().await;
}

#[tokio::test]
async fn malformed_filters_show_a_note_not_an_error_page() {
    for (app, t) in apps().await {
        let (status, html) = get(
            &app,
            "/products?min_price=abc&category=unknown-craft&gi=maybe&page=-2",
            Some("en"),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{}", t.name);
        let page = visible(&html);
        assert!(page.contains("Some filter values were ignored"));
        assert!(page.contains("minimum price “abc” is not an amount in rupees"));
        assert!(page.contains("there is no craft “unknown-craft”"));
        assert!(page.contains("“maybe” is not on or off"));
        assert!(page.contains("page “-2” does not exist"));
        assert!(page.contains("6 products found"), "{}", t.name);
        t.close().await;
    }
}

#[tokio::test]
async fn a_page_past_the_end_says_so() {
    let (app, t) = app().await;
    let (status, html) = get(&app, "/products?page=9", Some("en")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(visible(&html).contains("page “9” does not exist"));
    t.close().await;
}

#[tokio::test]
async fn an_empty_filter_result_shows_the_empty_state() {
    let (app, t) = app().await;
    let (status, html) = get(&app, "/district/lucknow?min_price=50000", Some("en")).await;
    assert_eq!(status, StatusCode::OK);
    let page = visible(&html);
    assert!(page.contains("No products match these filters"));
    assert!(page.contains(r#"data-testid="empty-state""#));
    assert!(page.contains("0 products found"));
    t.close().await;
}

#[tokio::test]
async fn the_districts_page_carries_the_clickable_map_and_all_75_districts() {
    let (app, t) = app().await;
    let (status, html) = get(&app, "/districts", Some("en")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html.matches(r#"class="map-district"#).count(), 75);
    assert!(html.contains(
        r#"<a href="/district/varanasi" data-slug="varanasi" aria-label="Varanasi — Banarasi silk saree""#
    ));
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
    let resp = post_language(&app, "https://evil.example", "lang=en&next=/".into()).await;
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
        ("/\t/evil.example", "/"),
        ("/\\evil.example", "/"),
        ("/\r\nSet-Cookie: x=1", "/"),
    ] {
        let body = format!("lang=en&next={}", odop_mart::helpers::form_value(next));
        let resp = post_language(&app, "http://127.0.0.1:3000", body).await;
        assert_eq!(resp.status(), StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(resp.headers()[header::LOCATION], expected, "{next:?}");
        let cookie = resp.headers()[header::SET_COOKIE].to_str().unwrap();
        assert!(cookie.starts_with("i18n_pref_locale=en;"));
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
