//! The cart through the router, on every backend under test: a guest's cart behind its cookie,
//! today's prices and stock, joining the account's cart at registration and sign-in, and
//! nobody reaching another person's cart.
use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::http::{form_post, send, session_token, Reply, ORIGIN};
use common::shop::{id_of, ok};
use common::TestDb;

const PASSWORD: &str = "ganga-ghat-loom";

/// A request with exactly this `Cookie` header, as the hydrated app sends it.
fn with_cookie(method: &str, path: &str, cookie: &str, body: &str) -> Request<Body> {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, ORIGIN)
        .header(header::ACCEPT, "application/json")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if !cookie.is_empty() {
        req = req.header(header::COOKIE, format!("i18n_pref_locale=en; {cookie}"));
    }
    req.body(Body::from(body.to_string())).unwrap()
}

async fn post(app: &axum::Router, path: &str, cookie: &str, body: &str) -> Reply {
    send(app, with_cookie("POST", path, cookie, body)).await
}

async fn get(app: &axum::Router, path: &str, cookie: &str) -> Reply {
    send(app, with_cookie("GET", path, cookie, "")).await
}

fn cart_cookie(reply: &Reply) -> Option<String> {
    reply
        .set_cookie
        .iter()
        .find(|c| c.starts_with("odop_cart=") && !c.starts_with("odop_cart=;"))
        .map(|c| c.split(';').next().unwrap().to_string())
}

async fn cart(app: &axum::Router, cookie: &str) -> odop_mart::cart::CartView {
    let reply = get(app, "/api/load_cart", cookie).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    serde_json::from_str(&reply.body).unwrap()
}

/// (slug, quantity) of each line, sorted (lines added in the same second have no order).
fn quantities(view: &odop_mart::cart::CartView) -> Vec<(String, i64)> {
    let mut list: Vec<_> = view
        .lines
        .iter()
        .map(|l| (l.slug.clone(), l.quantity))
        .collect();
    list.sort();
    list
}

#[tokio::test]
async fn a_guest_cart_checks_stock_says_what_changed_and_joins_the_account() {
    for t in TestDb::all().await {
        common::fixture(&t.db).await;
        let app = common::router_for(&t.db);
        let stole = id_of(&t.db, "v-stole").await;
        let silk = id_of(&t.db, "v-saree-silk").await;

        let first = post(
            &app,
            "/api/add_to_cart",
            "",
            &format!("product_id={stole}&quantity=2"),
        )
        .await;
        assert!(ok(&first), "{}: {}", t.name, first.body);
        let guest = cart_cookie(&first).expect("a guest gets a cart cookie");
        assert!(first
            .set_cookie
            .iter()
            .any(|c| c.contains("HttpOnly") && c.contains("SameSite=Lax")));
        assert!(ok(&post(
            &app,
            "/api/add_to_cart",
            &guest,
            &format!("product_id={silk}")
        )
        .await));
        for (slug, quantity, code) in [
            ("v-saree-cotton", "1", "out_of_stock"),
            ("m-diya-hidden", "1", "product_unavailable"),
            ("v-stole", "11", "not_enough_stock"),
            ("v-stole", "0", "quantity_invalid"),
        ] {
            let id = id_of(&t.db, slug).await;
            let r = post(
                &app,
                "/api/add_to_cart",
                &guest,
                &format!("product_id={id}&quantity={quantity}"),
            )
            .await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{slug}");
            assert!(r.body.contains(code), "{slug}: {}", r.body);
        }
        let view = cart(&app, &guest).await;
        assert_eq!(
            quantities(&view),
            [("v-saree-silk".to_string(), 1), ("v-stole".to_string(), 2)],
            "{}",
            t.name
        );
        assert_eq!(get(&app, "/api/cart_count", &guest).await.body, "3");
        assert_eq!(view.total().0, 2 * 80_000 + 1_200_000);

        // Today's price and stock, not the ones at the time of adding.
        sqlx::query("UPDATE products SET price_paise = 90000 WHERE id = $1")
            .bind(stole)
            .execute(&t.db.pool)
            .await
            .unwrap();
        sqlx::query("UPDATE products SET stock = 0 WHERE id = $1")
            .bind(silk)
            .execute(&t.db.pool)
            .await
            .unwrap();
        let page = get(&app, "/cart", &guest).await;
        assert!(
            page.body.contains(r#"data-testid="price-changed""#),
            "{}",
            t.name
        );
        assert!(page.body.contains("₹800"), "the old price is named");
        assert!(
            page.body.contains(r#"data-testid="fix-first""#),
            "an out-of-stock line blocks checkout"
        );
        assert!(!page.body.contains(r#"data-testid="checkout""#));
        let view = cart(&app, &guest).await;
        assert_eq!(view.total().0, 2 * 90_000);
        assert!(ok(&post(
            &app,
            "/api/remove_from_cart",
            &guest,
            &format!("product_id={silk}&variant_id=0")
        )
        .await));

        // Registering with a guest cart: the cart becomes the account's, the cookie goes.
        let registered = send(&app, {
            let mut req = form_post(
                "/api/register",
                "/register",
                Some(&guest),
                &format!("display_name=Asha&login=9876522201&password={PASSWORD}"),
            );
            req.headers_mut()
                .insert(header::COOKIE, guest.parse().unwrap());
            req
        })
        .await;
        let asha = format!("odop_session={}", session_token(&registered).unwrap());
        assert!(
            registered
                .set_cookie
                .iter()
                .any(|c| c.starts_with("odop_cart=;")),
            "{:?}",
            registered.set_cookie
        );
        assert_eq!(
            quantities(&cart(&app, &asha).await),
            [("v-stole".to_string(), 2)],
            "{}",
            t.name
        );
        assert!(
            cart(&app, &guest).await.lines.is_empty(),
            "the guest cart is gone"
        );

        // Signing in with another guest cart adds its lines to the account's.
        let other_guest =
            cart_cookie(&post(&app, "/api/add_to_cart", "", &format!("product_id={stole}")).await)
                .unwrap();
        let mut sign_in = form_post(
            "/api/sign_in",
            "/sign-in",
            None,
            &format!("login=9876522201&password={PASSWORD}"),
        );
        sign_in
            .headers_mut()
            .insert(header::COOKIE, other_guest.parse().unwrap());
        let signed_in = send(&app, sign_in).await;
        let asha = format!("odop_session={}", session_token(&signed_in).unwrap());
        assert_eq!(
            quantities(&cart(&app, &asha).await),
            [("v-stole".to_string(), 3)],
            "{}",
            t.name
        );

        // Someone else cannot change Asha's cart: theirs simply has no such line.
        let bob = send(
            &app,
            form_post(
                "/api/register",
                "/register",
                None,
                &format!("display_name=Bob&login=9876522202&password={PASSWORD}"),
            ),
        )
        .await;
        let bob = format!("odop_session={}", session_token(&bob).unwrap());
        for path in ["/api/set_cart_quantity", "/api/remove_from_cart"] {
            let r = post(
                &app,
                path,
                &bob,
                &format!("product_id={stole}&variant_id=0&quantity=9"),
            )
            .await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
            assert!(r.body.contains("not_in_cart"));
        }
        assert_eq!(
            quantities(&cart(&app, &asha).await),
            [("v-stole".to_string(), 3)]
        );
        assert!(cart(&app, &bob).await.lines.is_empty());
        // Changing the quantity: more than the stock is refused, fewer is fine, 0 removes.
        let too_many = post(
            &app,
            "/api/set_cart_quantity",
            &asha,
            &format!("product_id={stole}&variant_id=0&quantity=13"),
        )
        .await;
        assert!(
            too_many.body.contains("not_enough_stock"),
            "{}",
            too_many.body
        );
        assert!(ok(&post(
            &app,
            "/api/set_cart_quantity",
            &asha,
            &format!("product_id={stole}&variant_id=0&quantity=1")
        )
        .await));
        assert_eq!(
            quantities(&cart(&app, &asha).await),
            [("v-stole".to_string(), 1)]
        );

        // A plain form post lands on the cart; another site's post is refused.
        let plain = send(&app, {
            let mut req = form_post(
                "/api/add_to_cart",
                "/product/v-stole",
                None,
                &format!("product_id={stole}"),
            );
            req.headers_mut()
                .insert(header::COOKIE, asha.parse().unwrap());
            req
        })
        .await;
        assert!(plain.status.is_redirection(), "{}", plain.status);
        assert_eq!(plain.location, "/cart?added=1");
        let mut forged = with_cookie(
            "POST",
            "/api/add_to_cart",
            &asha,
            &format!("product_id={stole}"),
        );
        forged
            .headers_mut()
            .insert(header::ORIGIN, "https://evil.example".parse().unwrap());
        assert_eq!(send(&app, forged).await.status, StatusCode::FORBIDDEN);
        t.close().await;
    }
}

#[tokio::test]
async fn a_product_with_options_is_added_by_option() {
    for t in TestDb::all().await {
        common::fixture(&t.db).await;
        let app = common::router_for(&t.db);
        let kurta = id_of(&t.db, "l-kurta").await;
        let stole = id_of(&t.db, "v-stole").await;
        let mut ids = Vec::new();
        for (sku, label, price, stock) in
            [("K-S", "Small", 170_000, 2), ("K-L", "Large", 190_000, 0)]
        {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO product_variants (product_id, sku, label, price_paise, mrp_paise, stock) VALUES ($1, $2, $3, $4, $4, $5) RETURNING id",
            )
            .bind(kurta)
            .bind(sku)
            .bind(label)
            .bind(price)
            .bind(stock)
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
            ids.push(id);
        }
        let page = get(&app, "/product/l-kurta", "").await;
        assert!(page.body.contains(r#"name="variant_id""#), "{}", t.name);
        let missing = post(&app, "/api/add_to_cart", "", &format!("product_id={kurta}")).await;
        assert!(missing.body.contains("option_missing"), "{}", missing.body);
        let foreign = post(
            &app,
            "/api/add_to_cart",
            "",
            &format!("product_id={stole}&variant_id={}", ids[0]),
        )
        .await;
        assert!(
            foreign.body.contains("option_invalid"),
            "another product's option"
        );
        let sold_out = post(
            &app,
            "/api/add_to_cart",
            "",
            &format!("product_id={kurta}&variant_id={}", ids[1]),
        )
        .await;
        assert!(sold_out.body.contains("out_of_stock"));
        let added = post(
            &app,
            "/api/add_to_cart",
            "",
            &format!("product_id={kurta}&variant_id={}&quantity=2", ids[0]),
        )
        .await;
        assert!(ok(&added), "{}", added.body);
        let guest = cart_cookie(&added).unwrap();
        let view = cart(&app, &guest).await;
        assert_eq!(view.lines.len(), 1);
        assert_eq!(
            (view.lines[0].option.as_str(), view.lines[0].unit_price.0),
            ("Small", 170_000)
        );
        assert!(view.can_check_out(), "{}", t.name);
        t.close().await;
    }
}

#[tokio::test]
async fn guest_carts_nobody_can_reach_any_more_are_forgotten() {
    for t in TestDb::all().await {
        common::fixture(&t.db).await;
        let app = common::router_for(&t.db);
        let stole = id_of(&t.db, "v-stole").await;
        let added = post(&app, "/api/add_to_cart", "", &format!("product_id={stole}")).await;
        let guest = cart_cookie(&added).unwrap();
        let now = odop_mart::db::now_unix();
        // Touched just now: kept.
        assert_eq!(
            odop_mart::cart::store::purge_guests(&t.db, now)
                .await
                .unwrap(),
            0
        );
        // Past its cookie's lifetime: gone with its lines; an account's cart that old stays.
        sqlx::query("UPDATE carts SET updated_at = 0")
            .execute(&t.db.pool)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO users (phone, password_hash, created_at) VALUES ('9876500002', 'x', 0)",
        )
        .execute(&t.db.pool)
        .await
        .unwrap();
        sqlx::query("INSERT INTO carts (user_id, updated_at) SELECT id, 0 FROM users WHERE phone = '9876500002'")
            .execute(&t.db.pool)
            .await
            .unwrap();
        assert_eq!(
            odop_mart::cart::store::purge_guests(&t.db, now)
                .await
                .unwrap(),
            1,
            "{}",
            t.name
        );
        let left: (i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM carts), (SELECT COUNT(*) FROM cart_lines)",
        )
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
        assert_eq!(left, (1, 0), "{}", t.name);
        assert!(cart(&app, &guest).await.lines.is_empty(), "{}", t.name);
        t.close().await;
    }
}
