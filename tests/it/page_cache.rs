//! The anonymous page cache (src/page_cache.rs), through the whole router, on every backend
//! under test: it serves what a render would, follows a price change, and never hands a
//! person's page to anyone else.
use crate::common;

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use common::{fixture, TestDb};
use tower::ServiceExt;

struct Page {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Page {
    fn cache(&self) -> &str {
        self.headers
            .get("x-cache")
            .map(|v| v.to_str().unwrap())
            .unwrap_or("")
    }

    fn nonce(&self) -> String {
        let policy = self.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap();
        let at = policy.find("'nonce-").unwrap() + "'nonce-".len();
        policy[at..at + policy[at..].find('\'').unwrap()].to_string()
    }

    /// The body with this response's nonce taken out, to compare two responses.
    fn without_nonce(&self) -> String {
        self.body.replace(&self.nonce(), "NONCE")
    }
}

async fn get(app: &axum::Router, uri: &str, cookie: &str, if_none_match: Option<&str>) -> Page {
    let mut req = Request::get(uri).header(header::HOST, "127.0.0.1:3000");
    if !cookie.is_empty() {
        req = req.header(header::COOKIE, cookie);
    }
    if let Some(tag) = if_none_match {
        req = req.header(header::IF_NONE_MATCH, tag);
    }
    let resp = app
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let (status, headers) = (resp.status(), resp.headers().clone());
    let body = axum::body::to_bytes(resp.into_body(), 10 << 20)
        .await
        .unwrap();
    Page {
        status,
        headers,
        // Leptos marks the seams between text nodes with `<!>`; a reader sees the text without.
        body: String::from_utf8(body.to_vec()).unwrap().replace("<!>", ""),
    }
}

fn cached_router(db: &odop_mart::db::Db) -> axum::Router {
    common::router_with(
        db,
        odop_mart::config::Settings {
            page_cache: true,
            ..Default::default()
        },
    )
}

/// PostgreSQL tells the other servers of a change when it commits, a moment later: wait for it
/// (at most five seconds), as a visitor reloading would.
async fn until(mut ok: impl AsyncFnMut() -> bool) -> bool {
    for _ in 0..50 {
        if ok().await {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    false
}

#[tokio::test]
async fn anonymous_pages_are_served_as_rendered_each_with_a_fresh_nonce() {
    for t in TestDb::all().await {
        fixture(&t.db).await;
        let app = cached_router(&t.db);
        let plain = common::router_for(&t.db);
        for uri in [
            "/",
            "/districts",
            "/district/varanasi",
            "/district/varanasi?sort=price_asc",
            "/products?q=saree",
            "/product/l-kurta",
        ] {
            for cookie in ["", "i18n_pref_locale=en"] {
                // PostgreSQL: the cache is used once the server listens for changes.
                assert!(
                    until(async || {
                        get(&app, uri, cookie, None).await;
                        get(&app, uri, cookie, None).await.cache() == "hit"
                    })
                    .await,
                    "{}: {uri} never came from the cache",
                    t.name
                );
                let first = get(&app, uri, cookie, None).await;
                let second = get(&app, uri, cookie, None).await;
                let rendered = get(&plain, uri, cookie, None).await;
                assert_eq!(first.status, StatusCode::OK);
                assert_eq!(rendered.cache(), "", "the plain router has no cache");
                assert_eq!(
                    first.without_nonce(),
                    rendered.without_nonce(),
                    "{}: {uri} ({cookie}) from the cache differs from a render",
                    t.name
                );
                assert_ne!(first.nonce(), second.nonce(), "a nonce is never reused");
                assert!(second
                    .body
                    .contains(&format!("nonce=\"{}\"", second.nonce())));
                assert!(!second.body.contains(&first.nonce()));
                assert_eq!(first.headers[header::ETAG], second.headers[header::ETAG]);
                assert_eq!(first.headers[header::CACHE_CONTROL], "public, no-cache");
                for name in [
                    "x-content-type-options",
                    "x-frame-options",
                    "permissions-policy",
                ] {
                    assert!(second.headers.contains_key(name), "{uri}: {name}");
                }
            }
        }
        // Hindi and English are kept apart.
        let hi = get(&app, "/product/l-kurta", "", None).await;
        let en = get(&app, "/product/l-kurta", "i18n_pref_locale=en", None).await;
        assert!(hi.body.contains("lang=\"hi\"") && en.body.contains("lang=\"en\""));
        t.close().await;
    }
}

#[tokio::test]
async fn a_browser_revalidates_with_the_etag_and_gets_no_body() {
    for t in TestDb::all().await {
        fixture(&t.db).await;
        let app = cached_router(&t.db);
        assert!(
            until(async || get(&app, "/district/varanasi", "", None).await.cache() == "hit").await
        );
        let page = get(&app, "/district/varanasi", "", None).await;
        let tag = page.headers[header::ETAG].to_str().unwrap().to_string();
        assert!(tag.starts_with("W/\""), "{tag}");
        let again = get(&app, "/district/varanasi", "", Some(&tag)).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{}", t.name);
        assert!(again.body.is_empty());
        // The browser keeps its copy's policy: a new nonce here would block that copy's script.
        assert!(!again.headers.contains_key(header::CONTENT_SECURITY_POLICY));
        let other = get(&app, "/district/varanasi", "", Some("W/\"nope\"")).await;
        assert_eq!(other.status, StatusCode::OK);
        t.close().await;
    }
}

#[tokio::test]
async fn a_price_change_is_on_the_page_at_once() {
    for t in TestDb::all().await {
        fixture(&t.db).await;
        let app = cached_router(&t.db);
        let before = "₹1,800";
        assert!(
            until(async || get(&app, "/product/l-kurta", "", None).await.cache() == "hit").await
        );
        let page = get(&app, "/product/l-kurta", "", None).await;
        assert!(page.body.contains(before), "{}", t.name);
        let tag = page.headers[header::ETAG].to_str().unwrap().to_string();
        sqlx::query("UPDATE products SET price_paise = 123456 WHERE slug = 'l-kurta'")
            .execute(&t.db.pool)
            .await
            .unwrap();
        let shows_new_price = async || {
            let p = get(&app, "/product/l-kurta", "", None).await;
            p.body.contains("₹1,234.56") && !p.body.contains(before)
        };
        match t.db.backend {
            // One server, and the version moves in the writing transaction: at once.
            odop_mart::db::Backend::Sqlite => assert!(shows_new_price().await),
            odop_mart::db::Backend::Postgres => assert!(until(shows_new_price).await),
        }
        // The old tag no longer matches: the browser gets the new page.
        let revalidated = get(&app, "/product/l-kurta", "", Some(&tag)).await;
        assert_eq!(revalidated.status, StatusCode::OK, "{}", t.name);
        // A list page follows too (stock here).
        let list = get(&app, "/district/lucknow", "", None).await;
        assert!(list.body.contains("l-kurta"));
        sqlx::query("UPDATE products SET stock = 0 WHERE slug = 'l-kurta'")
            .execute(&t.db.pool)
            .await
            .unwrap();
        let out_of_stock = async || {
            let p = get(&app, "/district/lucknow", "", None).await;
            let card = p
                .body
                .split("l-kurta")
                .nth(1)
                .unwrap_or_default()
                .to_string();
            card.contains("stock out")
        };
        assert!(until(out_of_stock).await, "{}", t.name);
        t.close().await;
    }
}

#[tokio::test]
async fn signed_in_visitors_never_get_or_leave_a_kept_page() {
    for t in TestDb::all().await {
        fixture(&t.db).await;
        let app = cached_router(&t.db);
        let token = common::shop::account(&app, "9876500001").await;
        let mine = format!("i18n_pref_locale=en; odop_session={token}");
        let kurta = common::shop::id_of(&t.db, "l-kurta").await;
        let added = common::http::send(
            &app,
            common::http::api_post(
                "/api/add_to_cart",
                Some(&token),
                &format!("product_id={kurta}"),
            ),
        )
        .await;
        assert!(common::shop::ok(&added), "{}", added.body);
        // A signed-in visit first: nothing of it is kept for others.
        let signed_in = get(&app, "/product/l-kurta", &mine, None).await;
        assert_eq!(signed_in.status, StatusCode::OK);
        assert_eq!(signed_in.cache(), "");
        assert_eq!(
            signed_in.headers[header::CACHE_CONTROL],
            "private, no-cache"
        );
        assert!(signed_in.headers[header::VARY]
            .to_str()
            .unwrap()
            .contains("cookie"));
        assert!(
            until(async || {
                get(&app, "/product/l-kurta", "i18n_pref_locale=en", None)
                    .await
                    .cache()
                    == "hit"
            })
            .await
        );
        let anonymous = get(&app, "/product/l-kurta", "i18n_pref_locale=en", None).await;
        assert_eq!(anonymous.cache(), "hit");
        // The header's cart badge is the person's: theirs counts one piece, the kept page none,
        // and the signed-in visitor never gets the kept one.
        let one = "class=\"badge cart-count\">1<";
        let badge = |body: &str| {
            let at = body.find("cart-count").unwrap_or(0);
            body[at.saturating_sub(80)..(at + 120).min(body.len())].to_string()
        };
        assert!(
            signed_in.body.contains(one),
            "{}: {}",
            t.name,
            badge(&signed_in.body)
        );
        assert!(!anonymous.body.contains(one));
        let again = get(&app, "/product/l-kurta", &mine, None).await;
        assert_eq!(again.cache(), "");
        assert!(again.body.contains(one));
        // A guest cart or a refused form is a person's too.
        for cookie in ["odop_cart=abc", "odop_draft=abc"] {
            let p = get(&app, "/product/l-kurta", cookie, None).await;
            assert_eq!(p.cache(), "", "{cookie}");
        }
        t.close().await;
    }
}
