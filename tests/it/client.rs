//! What the browser is sent besides the HTML: the islands and their data, the security
//! headers, and a refused form's values coming back (on every backend under test).
use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::http::{form_post, send, ORIGIN};
use common::{fixture, TestDb};
use tower::ServiceExt;

/// A page's status, headers and HTML.
async fn page(
    app: &axum::Router,
    uri: &str,
    cookie: &str,
) -> (StatusCode, axum::http::HeaderMap, String) {
    let req = Request::get(uri)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap();
    let resp = app.clone().oneshot(req).await.unwrap();
    let (status, headers) = (resp.status(), resp.headers().clone());
    let body = axum::body::to_bytes(resp.into_body(), 10 << 20)
        .await
        .unwrap();
    // Leptos marks the seams between text nodes with `<!>`; a reader sees the text without them.
    (
        status,
        headers,
        String::from_utf8_lossy(&body).replace("<!>", ""),
    )
}

/// The nonce a Content-Security-Policy allows scripts with.
fn policy_nonce(policy: &str) -> Option<String> {
    let at = policy.find("'nonce-")? + "'nonce-".len();
    Some(policy[at..at + policy[at..].find('\'')?].to_string())
}

#[tokio::test]
async fn every_script_of_a_page_carries_the_fresh_nonce_its_policy_allows() {
    let t = TestDb::sqlite().await;
    fixture(&t.db).await;
    let app = common::router_for(&t.db);
    let mut nonces = Vec::new();
    for uri in ["/district/varanasi", "/product/l-kurta", "/no/such/page"] {
        let (_, headers, html) = page(&app, uri, "i18n_pref_locale=en").await;
        let policy = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        for part in [
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "'wasm-unsafe-eval'",
        ] {
            assert!(policy.contains(part), "{uri}: {policy}");
        }
        assert!(!policy.contains("unsafe-inline"), "{policy}");
        let nonce = policy_nonce(policy).expect("a nonce");
        let scripts = html.matches("<script").count();
        assert!(scripts >= 1, "{uri}: the island script");
        assert_eq!(
            html.matches(&format!("<script type=\"module\" nonce=\"{nonce}\""))
                .count()
                + html.matches(&format!("<script nonce=\"{nonce}\"")).count(),
            scripts,
            "{uri}: every script has the nonce"
        );
        nonces.push(nonce);
    }
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), 3, "a fresh nonce per response");
    t.close().await;
}

#[tokio::test]
async fn other_answers_get_a_policy_without_inline_scripts_and_hsts_only_behind_https() {
    let t = TestDb::sqlite().await;
    let app = common::router_for(&t.db);
    let (_, headers, _) = page(&app, "/healthz", "").await;
    let policy = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(policy.contains("script-src 'self';"), "{policy}");
    assert!(policy_nonce(policy).is_none());
    assert!(headers["permissions-policy"]
        .to_str()
        .unwrap()
        .contains("camera=()"));
    assert!(headers.get(header::STRICT_TRANSPORT_SECURITY).is_none());

    let https = common::router_with(
        &t.db,
        odop_mart::config::Settings {
            hsts: true,
            secure_cookies: true,
            ..Default::default()
        },
    );
    let (_, headers, _) = page(&https, "/", "").await;
    assert!(headers[header::STRICT_TRANSPORT_SECURITY]
        .to_str()
        .unwrap()
        .starts_with("max-age="));
    t.close().await;
}

#[tokio::test]
async fn a_page_sends_its_islands_props_not_its_data_again() {
    let t = TestDb::sqlite().await;
    fixture(&t.db).await;
    let app = common::router_for(&t.db);
    let (status, _, html) = page(&app, "/product/l-kurta", "i18n_pref_locale=en").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<h1>Chikankari Kurta</h1>"));
    // The islands of a product page: the badge and "add to cart", with their props only.
    assert!(html.contains(r#"<leptos-island data-component="CartCount_"#));
    assert!(html.contains(r#"<leptos-island data-component="AddToCartForm_"#));
    // No copy of the page's data for a client that renders pages: not the other language's
    // title, not the resource data the full-page hydration used to send.
    assert!(!html.contains("चिकनकारी कुर्ता"), "the Hindi title stays out");
    // Leptos still writes its (empty) resource tables: nothing in them.
    assert!(html.contains("__RESOLVED_RESOURCES=[];"));
    assert!(html.contains("__SERIALIZED_ERRORS=[];"));
    t.close().await;
}

#[tokio::test]
async fn a_refused_form_comes_back_filled_in_for_its_sender_only_and_never_its_password() {
    for t in TestDb::all().await {
        let app = common::router_for(&t.db);
        let refused = send(
            &app,
            form_post(
                "/api/register",
                "/register",
                Some("i18n_pref_locale=hi"),
                "display_name=%E0%A4%B0%E0%A4%AE%E0%A5%87%E0%A4%B6&login=12345&password=abcde",
            ),
        )
        .await;
        assert!(refused.status.is_redirection(), "{}", t.name);
        assert!(refused.location.contains("__err="), "{}", refused.location);
        let draft = refused
            .set_cookie
            .iter()
            .find(|c| c.starts_with("odop_draft="))
            .expect("the draft's cookie");
        assert!(draft.contains("HttpOnly"), "{draft}");
        let token = draft["odop_draft=".len()..draft.find(';').unwrap()].to_string();
        let back = refused.location.replace(ORIGIN, "");

        let (_, _, html) = page(
            &app,
            &back,
            &format!("i18n_pref_locale=hi; odop_draft={token}"),
        )
        .await;
        assert!(html.contains(r#"value="रमेश""#), "{}: the name", t.name);
        assert!(html.contains(r#"value="12345""#), "the mobile number");
        assert!(!html.contains("abcde"), "never the password");
        // Each message beside its field, in the page's language.
        assert!(html.contains(r#"id="login-error""#));
        assert!(html.contains("10 अंकों का भारतीय मोबाइल नंबर"));
        assert!(html.contains(r#"id="password-error""#));
        assert!(html.contains(r#"aria-invalid="true""#));

        // Someone else with the same address sees the message, not what was typed.
        let (_, _, other) = page(&app, &back, "i18n_pref_locale=hi").await;
        assert!(!other.contains(r#"value="12345""#), "{}", t.name);
        assert!(other.contains(r#"id="login-error""#));

        // Nothing is kept longer than its ten minutes.
        let later = odop_mart::db::now_unix() + odop_mart::drafts::KEEP_SECONDS + 1;
        assert_eq!(odop_mart::drafts::purge(&t.db, later).await.unwrap(), 1);
        let (_, _, gone) = page(
            &app,
            &back,
            &format!("i18n_pref_locale=hi; odop_draft={token}"),
        )
        .await;
        assert!(!gone.contains(r#"value="12345""#), "{}", t.name);
        t.close().await;
    }
}

#[tokio::test]
async fn a_form_the_server_accepts_keeps_nothing() {
    let t = TestDb::sqlite().await;
    let app = common::router_for(&t.db);
    let ok = send(
        &app,
        form_post(
            "/api/register",
            "/register",
            None,
            "display_name=Asha&login=9812345678&password=ganga-ghat-loom",
        ),
    )
    .await;
    assert!(ok.status.is_redirection());
    assert!(!ok.location.contains("__err"));
    assert!(!ok.set_cookie.iter().any(|c| c.starts_with("odop_draft=")));
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM form_drafts")
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
    assert_eq!(kept, 0);
    t.close().await;
}
