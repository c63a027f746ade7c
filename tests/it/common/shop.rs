//! Buyers, sellers and orders as the site makes them, for the tests of what follows an order.
use super::http::{api_post, form_post, send, session_token, Reply};
use odop_mart::db::Db;

pub const PASSWORD: &str = "ganga-ghat-loom";

pub fn ok(reply: &Reply) -> bool {
    reply.status.is_redirection() || reply.status.is_success()
}

pub async fn id_of(db: &Db, slug: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM products WHERE slug = $1")
        .bind(slug)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

/// A new buyer account; its session.
pub async fn account(app: &axum::Router, phone: &str) -> String {
    let reply = send(
        app,
        form_post(
            "/api/register",
            "/register",
            None,
            &format!("display_name=Asha+Devi&login={phone}&password={PASSWORD}"),
        ),
    )
    .await;
    session_token(&reply).unwrap()
}

/// Makes the fixture's seller `slug` belong to a new account; its session.
pub async fn seller_account(app: &axum::Router, db: &Db, phone: &str, slug: &str) -> String {
    let token = account(app, phone).await;
    sqlx::query(
        "UPDATE sellers SET user_id = (SELECT id FROM users WHERE phone = $1) WHERE slug = $2",
    )
    .bind(phone)
    .bind(slug)
    .execute(&db.pool)
    .await
    .unwrap();
    token
}

/// The buyer (`phone`, session `token`) orders one of each product to Lucknow, paying by
/// `method`; returns the order's reference.
pub async fn order(
    app: &axum::Router,
    db: &Db,
    token: &str,
    phone: &str,
    products: &[i64],
    method: &str,
) -> String {
    for product in products {
        let added = send(
            app,
            api_post(
                "/api/add_to_cart",
                Some(token),
                &format!("product_id={product}"),
            ),
        )
        .await;
        assert!(ok(&added), "{}", added.body);
    }
    let address: Option<i64> = sqlx::query_scalar(
        "SELECT a.id FROM addresses a JOIN users u ON u.id = a.user_id WHERE u.phone = $1 ORDER BY a.id DESC LIMIT 1",
    )
    .bind(phone)
    .fetch_optional(&db.pool)
    .await
    .unwrap();
    let address = match address {
        Some(a) => a,
        None => {
            let added = send(
                app,
                api_post(
                    "/api/add_address",
                    Some(token),
                    &format!("name=Asha+Devi&phone={phone}&line1=12+Hazratganj&city=Lucknow&state=09&pin=226001"),
                ),
            )
            .await;
            assert!(ok(&added), "{}", added.body);
            sqlx::query_scalar(
                "SELECT a.id FROM addresses a JOIN users u ON u.id = a.user_id WHERE u.phone = $1 ORDER BY a.id DESC LIMIT 1",
            )
            .bind(phone)
            .fetch_one(&db.pool)
            .await
            .unwrap()
        }
    };
    let attempt = format!("attempt-{}", odop_mart::helpers::random_hex(8));
    let placed = send(
        app,
        api_post(
            "/api/place_order",
            Some(token),
            &format!("address_id={address}&method={method}&attempt={attempt}"),
        ),
    )
    .await;
    assert!(ok(&placed), "{}", placed.body);
    sqlx::query_scalar(
        "SELECT o.reference FROM orders o JOIN users u ON u.id = o.user_id WHERE u.phone = $1 AND o.idempotency_key = $2",
    )
    .bind(phone)
    .bind(&attempt)
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

/// The sub-order of `reference` sold by seller `slug`.
pub async fn sub_of(db: &Db, reference: &str, slug: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT so.id FROM sub_orders so JOIN orders o ON o.id = so.order_id JOIN sellers s ON s.id = so.seller_id \
         WHERE o.reference = $1 AND s.slug = $2",
    )
    .bind(reference)
    .bind(slug)
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

/// A seller's step on a sub-order (`extra`: courier, AWB, reason).
pub async fn step(app: &axum::Router, token: &str, sub: i64, action: &str, extra: &str) -> Reply {
    send(
        app,
        api_post(
            "/api/update_sub_order",
            Some(token),
            &format!("sub_order_id={sub}&action={action}{extra}"),
        ),
    )
    .await
}

/// Accepted, shipped and delivered by its seller.
pub async fn deliver(app: &axum::Router, seller: &str, sub: i64) {
    for (action, extra) in [
        ("accept", ""),
        ("ship", "&courier=India+Post&awb=EE123456789IN"),
        ("deliver", ""),
    ] {
        let r = step(app, seller, sub, action, extra).await;
        assert!(ok(&r), "{action}: {}", r.body);
    }
}

/// A sub-order's status.
pub async fn status_text(db: &Db, sub: i64) -> String {
    sqlx::query_scalar("SELECT status FROM sub_orders WHERE id = $1")
        .bind(sub)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}
