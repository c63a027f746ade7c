//! Online payment through the Razorpay-compatible sandbox, on every backend under test: the
//! pay link is the buyer's only, a forged or altered notice changes nothing, a repeated one
//! captures once, an unpaid order expires and gives its stock back, and money that comes
//! after that is owed back.
use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::http::{form_post, get, send, Reply};
use common::shop::{account, id_of, order};
use common::{TestDb, KEY_SECRET, WEBHOOK_SECRET};
use odop_mart::db::Db;
use odop_mart::gateway::{callback_message, event_body, sign};

/// A webhook as the gateway posts it: no Origin, no cookie, its signature and event id.
fn webhook(body: &str, signature: &str, event_id: &str) -> Request<Body> {
    let mut req = Request::post("/payments/webhook")
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-razorpay-signature", signature);
    if !event_id.is_empty() {
        req = req.header("x-razorpay-event-id", event_id);
    }
    req.body(Body::from(body.to_string())).unwrap()
}

async fn one<T>(db: &Db, sql: &str, reference: &str) -> T
where
    T: for<'r> sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any> + Send + Unpin,
{
    sqlx::query_scalar(sql)
        .bind(reference)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

async fn order_status(db: &Db, reference: &str) -> String {
    one(
        db,
        "SELECT status FROM orders WHERE reference = $1",
        reference,
    )
    .await
}

/// Events that placed the order's parts (one per part once paid).
async fn placed_events(db: &Db, reference: &str) -> i64 {
    one(
        db,
        "SELECT COUNT(*) FROM order_events e JOIN sub_orders so ON so.id = e.sub_order_id JOIN orders o ON o.id = so.order_id \
         WHERE o.reference = $1 AND e.status = 'placed'",
        reference,
    )
    .await
}

/// The buyer follows the pay link; returns the gateway order id it leads to.
async fn pay_link(app: &axum::Router, token: &str, reference: &str) -> Reply {
    send(app, get(&format!("/orders/{reference}/pay"), Some(token))).await
}

fn gateway_id(reply: &Reply) -> String {
    reply
        .location
        .strip_prefix("/sandbox/pay/")
        .unwrap_or_else(|| panic!("not to the sandbox: {}", reply.location))
        .to_string()
}

#[tokio::test]
async fn a_gateway_payment_is_captured_once_and_forged_notices_change_nothing() {
    for t in TestDb::all().await {
        common::fixture(&t.db).await;
        let app = common::router_for(&t.db);
        let buyer = account(&app, "9876545501").await;
        let other = account(&app, "9876545502").await;
        let stole = id_of(&t.db, "v-stole").await;
        let reference = order(&app, &t.db, &buyer, "9876545501", &[stole], "gateway").await;
        assert_eq!(order_status(&t.db, &reference).await, "awaiting_payment");
        let total: i64 = one(
            &t.db,
            "SELECT total_paise FROM orders WHERE reference = $1",
            &reference,
        )
        .await;

        // Someone else's order has no pay link for them (and makes no gateway order).
        let theirs = pay_link(&app, &other, &reference).await;
        assert_eq!(
            theirs.location,
            format!("/orders/{reference}"),
            "{}",
            t.name
        );
        let made: i64 = one(
            &t.db,
            "SELECT COUNT(*) FROM gateway_payments WHERE provider <> $1",
            "",
        )
        .await;
        assert_eq!(made, 0, "{}", t.name);
        // A guest is sent to sign in.
        let guest = send(&app, get(&format!("/orders/{reference}/pay"), None)).await;
        assert!(guest.location.starts_with("/sign-in"), "{}", t.name);

        let pay = pay_link(&app, &buyer, &reference).await;
        let gid = gateway_id(&pay);
        // Asked again, the same gateway order.
        assert_eq!(gateway_id(&pay_link(&app, &buyer, &reference).await), gid);
        let amount: i64 = one(
            &t.db,
            "SELECT amount_paise FROM gateway_payments WHERE gateway_order_id = $1",
            &gid,
        )
        .await;
        assert_eq!(
            amount, total,
            "{}: the gateway is asked for the order's total",
            t.name
        );

        let body = event_body("payment.captured", "pay_T1", &gid, total);
        // Forged: signed with another secret.
        let forged = send(
            &app,
            webhook(&body, &sign("not-the-secret", body.as_bytes()), "evt_1"),
        )
        .await;
        assert_eq!(forged.status, StatusCode::BAD_REQUEST, "{}", t.name);
        // Altered: the gateway's signature over another body (a smaller amount).
        let altered = body.replace(&format!("\"amount\":{total}"), "\"amount\":100");
        assert_ne!(altered, body);
        let altered = send(
            &app,
            webhook(&altered, &sign(WEBHOOK_SECRET, body.as_bytes()), "evt_1"),
        )
        .await;
        assert_eq!(altered.status, StatusCode::BAD_REQUEST, "{}", t.name);
        // Signed with the key secret instead of the webhook secret.
        let wrong_key = send(
            &app,
            webhook(&body, &sign(KEY_SECRET, body.as_bytes()), "evt_1"),
        )
        .await;
        assert_eq!(wrong_key.status, StatusCode::BAD_REQUEST, "{}", t.name);
        // Without an event id there is no telling a repeat.
        let no_id = send(
            &app,
            webhook(&body, &sign(WEBHOOK_SECRET, body.as_bytes()), ""),
        )
        .await;
        assert_eq!(no_id.status, StatusCode::BAD_REQUEST, "{}", t.name);
        let events: i64 = one(
            &t.db,
            "SELECT COUNT(*) FROM gateway_events WHERE event_id <> $1",
            "",
        )
        .await;
        assert_eq!(
            (
                order_status(&t.db, &reference).await.as_str(),
                events,
                placed_events(&t.db, &reference).await
            ),
            ("awaiting_payment", 0, 0),
            "{}: nothing changed",
            t.name
        );
        // A genuine notice for another amount captures nothing either.
        let short = event_body("payment.captured", "pay_T0", &gid, total - 1);
        let short = send(
            &app,
            webhook(&short, &sign(WEBHOOK_SECRET, short.as_bytes()), "evt_0"),
        )
        .await;
        assert_eq!(short.status, StatusCode::OK);
        assert_eq!(
            order_status(&t.db, &reference).await,
            "awaiting_payment",
            "{}",
            t.name
        );

        // The genuine notice, three times (a repeat, then another event of the same payment).
        for (event_id, b) in [
            ("evt_1", body.clone()),
            ("evt_1", body.clone()),
            ("evt_2", event_body("order.paid", "pay_T1", &gid, total)),
        ] {
            let r = send(
                &app,
                webhook(&b, &sign(WEBHOOK_SECRET, b.as_bytes()), event_id),
            )
            .await;
            assert_eq!(r.status, StatusCode::OK, "{}: {}", t.name, r.body);
        }
        let (status, captured): (String, String) = sqlx::query_as(
            "SELECT o.status, gp.status FROM orders o JOIN gateway_payments gp ON gp.order_id = o.id WHERE o.reference = $1",
        )
        .bind(&reference)
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
        assert_eq!(
            (status.as_str(), captured.as_str()),
            ("placed", "captured"),
            "{}",
            t.name
        );
        assert_eq!(
            placed_events(&t.db, &reference).await,
            1,
            "{}: captured once",
            t.name
        );

        // The checkout callback: a wrong signature is refused; the right one shows the order.
        let callback = |payment: &str, signature: &str| {
            format!("/payments/callback?razorpay_order_id={gid}&razorpay_payment_id={payment}&razorpay_signature={signature}")
        };
        let good = sign(KEY_SECRET, callback_message(&gid, "pay_T1").as_bytes());
        let bad = send(&app, get(&callback("pay_T9", &good), None)).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", t.name);
        let back = send(&app, get(&callback("pay_T1", &good), None)).await;
        assert_eq!(
            back.location,
            format!("/orders/{reference}?payment=ok"),
            "{}",
            t.name
        );
        assert_eq!(placed_events(&t.db, &reference).await, 1, "{}", t.name);
        // Paid: the pay link now leads back to the order.
        assert_eq!(
            pay_link(&app, &buyer, &reference).await.location,
            format!("/orders/{reference}")
        );
        t.close().await;
    }
}

#[tokio::test]
async fn the_sandbox_takes_the_buyer_to_pay_and_back_and_says_it_is_a_test() {
    for t in TestDb::all().await {
        common::fixture(&t.db).await;
        let app = common::router_for(&t.db);
        let buyer = account(&app, "9876545511").await;
        let cookie = format!("odop_session={buyer}");
        let stole = id_of(&t.db, "v-stole").await;
        let kurta = id_of(&t.db, "l-kurta").await;

        // A payment that fails leaves the order waiting, to be tried again.
        let first = order(&app, &t.db, &buyer, "9876545511", &[kurta], "gateway").await;
        let gid = gateway_id(&pay_link(&app, &buyer, &first).await);
        let page = send(&app, get(&format!("/sandbox/pay/{gid}"), Some(&buyer))).await;
        assert!(page.body.contains("Sandbox gateway") && page.body.contains("no money moves"));
        let failed = send(
            &app,
            form_post(
                &format!("/sandbox/pay/{gid}"),
                "/sandbox",
                Some(&cookie),
                "outcome=failure",
            ),
        )
        .await;
        assert_eq!(
            failed.location,
            format!("/orders/{first}?payment=failed"),
            "{}",
            t.name
        );
        assert_eq!(order_status(&t.db, &first).await, "awaiting_payment");
        let attempt: String = one(
            &t.db,
            "SELECT status FROM gateway_payments WHERE gateway_order_id = $1",
            &gid,
        )
        .await;
        assert_eq!(attempt, "failed", "{}", t.name);

        // Tried again: paid, back through the signed callback, to the order.
        let paid = send(
            &app,
            form_post(
                &format!("/sandbox/pay/{gid}"),
                "/sandbox",
                Some(&cookie),
                "outcome=success",
            ),
        )
        .await;
        assert!(
            paid.location.starts_with("/payments/callback?"),
            "{}: {}",
            t.name,
            paid.location
        );
        let back = send(&app, get(&paid.location, Some(&buyer))).await;
        assert_eq!(
            back.location,
            format!("/orders/{first}?payment=ok"),
            "{}",
            t.name
        );
        assert_eq!(order_status(&t.db, &first).await, "placed", "{}", t.name);
        let shown = send(
            &app,
            get(&format!("/orders/{first}?payment=ok"), Some(&buyer)),
        )
        .await;
        assert!(
            shown.body.contains(r#"data-testid="payment-note""#),
            "{}",
            t.name
        );

        // The checkout offers the gateway, named as the sandbox.
        send(
            &app,
            common::http::api_post(
                "/api/add_to_cart",
                Some(&buyer),
                &format!("product_id={stole}"),
            ),
        )
        .await;
        let checkout = send(&app, get("/checkout", Some(&buyer))).await;
        assert!(
            checkout.body.contains(r#"value="gateway""#) && checkout.body.contains("sandbox"),
            "{}",
            t.name
        );
        t.close().await;
    }
}

#[tokio::test]
async fn an_unpaid_gateway_order_expires_sooner_than_upi_and_a_late_payment_is_owed_back() {
    for t in TestDb::all().await {
        common::fixture(&t.db).await;
        let app = common::router_for(&t.db);
        sqlx::query("INSERT INTO site_settings (key, value) VALUES ('upi_vpa', 'odop@sbi') ON CONFLICT (key) DO UPDATE SET value = 'odop@sbi'")
            .execute(&t.db.pool)
            .await
            .unwrap();
        let buyer = account(&app, "9876545521").await;
        let (stole, kurta) = (id_of(&t.db, "v-stole").await, id_of(&t.db, "l-kurta").await);
        let stock = |id: i64| {
            let db = t.db.clone();
            async move {
                sqlx::query_scalar::<_, i64>("SELECT stock FROM products WHERE id = $1")
                    .bind(id)
                    .fetch_one(&db.pool)
                    .await
                    .unwrap()
            }
        };
        let before = stock(stole).await;
        let online = order(&app, &t.db, &buyer, "9876545521", &[stole], "gateway").await;
        let upi = order(&app, &t.db, &buyer, "9876545521", &[kurta], "upi").await;
        let gid = gateway_id(&pay_link(&app, &buyer, &online).await);
        assert_eq!(stock(stole).await, before - 1);

        // 31 minutes on: the gateway order (30) expires, the UPI order (60) still waits.
        let later = odop_mart::db::now_unix() + 31 * 60;
        let quiet = odop_mart::notify::LogNotifier;
        let expired = odop_mart::orders::notices::expire(&t.db, &quiet, later)
            .await
            .unwrap();
        assert_eq!(expired, 1, "{}", t.name);
        let told: i64 = one(
            &t.db,
            "SELECT COUNT(*) FROM outbox WHERE channel = 'sms' AND body LIKE '%' || $1 || '%not paid in time%'",
            &online,
        )
        .await;
        assert_eq!(told, 1, "{}: the buyer is told", t.name);
        assert_eq!(order_status(&t.db, &online).await, "expired", "{}", t.name);
        assert_eq!(
            order_status(&t.db, &upi).await,
            "awaiting_payment",
            "{}",
            t.name
        );
        assert_eq!(stock(stole).await, before, "{}: the stock is back", t.name);

        // The money arrives anyway: the order stays expired, the money is owed back.
        let total: i64 = one(
            &t.db,
            "SELECT total_paise FROM orders WHERE reference = $1",
            &online,
        )
        .await;
        let body = event_body("payment.captured", "pay_LATE", &gid, total);
        let r = send(
            &app,
            webhook(&body, &sign(WEBHOOK_SECRET, body.as_bytes()), "evt_late"),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", t.name);
        assert_eq!(order_status(&t.db, &online).await, "expired", "{}", t.name);
        let (amount, reason, status): (i64, String, String) = sqlx::query_as(
            "SELECT r.amount_paise, r.reason, r.status FROM refunds r JOIN orders o ON o.id = r.order_id WHERE o.reference = $1",
        )
        .bind(&online)
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
        assert_eq!(
            (amount, reason.as_str(), status.as_str()),
            (total, "paid_after_expiry", "pending"),
            "{}",
            t.name
        );
        // The buyer comes back from the gateway after that: told it came too late.
        let signature = sign(KEY_SECRET, callback_message(&gid, "pay_LATE").as_bytes());
        let back = send(&app, get(&format!("/payments/callback?razorpay_order_id={gid}&razorpay_payment_id=pay_LATE&razorpay_signature={signature}"), None)).await;
        assert_eq!(
            back.location,
            format!("/orders/{online}?payment=late"),
            "{}",
            t.name
        );
        t.close().await;
    }
}

#[tokio::test]
async fn money_for_a_part_cancelled_before_payment_is_owed_back_and_its_seller_is_not_told() {
    for t in TestDb::all().await {
        common::fixture(&t.db).await;
        let app = common::router_for(&t.db);
        let _varanasi = common::shop::seller_account(&app, &t.db, "9876545531", "s-varanasi").await;
        let _lucknow = common::shop::seller_account(&app, &t.db, "9876545532", "s-lucknow").await;
        let buyer = account(&app, "9876545533").await;
        let (stole, kurta) = (id_of(&t.db, "v-stole").await, id_of(&t.db, "l-kurta").await);
        let reference = order(
            &app,
            &t.db,
            &buyer,
            "9876545533",
            &[stole, kurta],
            "gateway",
        )
        .await;
        let total: i64 = one(
            &t.db,
            "SELECT total_paise FROM orders WHERE reference = $1",
            &reference,
        )
        .await;
        let first = gateway_id(&pay_link(&app, &buyer, &reference).await);
        // The buyer drops the kurta before paying: the pay link now asks for less.
        let kurta_part = common::shop::sub_of(&t.db, &reference, "s-lucknow").await;
        let kurta_due: i64 =
            sqlx::query_scalar("SELECT items_paise + shipping_paise FROM sub_orders WHERE id = $1")
                .bind(kurta_part)
                .fetch_one(&t.db.pool)
                .await
                .unwrap();
        let cancelled = send(
            &app,
            common::http::api_post(
                "/api/cancel_sub_order",
                Some(&buyer),
                &format!("sub_order_id={kurta_part}"),
            ),
        )
        .await;
        assert!(common::shop::ok(&cancelled), "{}", cancelled.body);
        let second = gateway_id(&pay_link(&app, &buyer, &reference).await);
        assert_ne!(first, second, "{}", t.name);
        let asked: i64 = one(
            &t.db,
            "SELECT amount_paise FROM gateway_payments WHERE gateway_order_id = $1",
            &second,
        )
        .await;
        assert_eq!(asked, total - kurta_due, "{}", t.name);

        // The page left open pays the first, larger amount: the order is placed, the kurta's
        // money is owed back.
        let body = event_body("payment.captured", "pay_OLD", &first, total);
        let r = send(
            &app,
            webhook(&body, &sign(WEBHOOK_SECRET, body.as_bytes()), "evt_old"),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(
            order_status(&t.db, &reference).await,
            "placed",
            "{}",
            t.name
        );
        let owed: Vec<(i64, String)> = sqlx::query_as(
            "SELECT r.amount_paise, r.reason FROM refunds r JOIN orders o ON o.id = r.order_id WHERE o.reference = $1 ORDER BY r.id",
        )
        .bind(&reference)
        .fetch_all(&t.db.pool)
        .await
        .unwrap();
        assert_eq!(owed, [(kurta_due, "overpaid".to_string())], "{}", t.name);
        // The second gateway order paid as well: all of it is owed back.
        let body = event_body("payment.captured", "pay_NEW", &second, total - kurta_due);
        send(
            &app,
            webhook(&body, &sign(WEBHOOK_SECRET, body.as_bytes()), "evt_new"),
        )
        .await;
        let owed: i64 = one(&t.db, "SELECT CAST(SUM(r.amount_paise) AS BIGINT) FROM refunds r JOIN orders o ON o.id = r.order_id WHERE o.reference = $1", &reference).await;
        assert_eq!(
            owed, total,
            "{}: paid twice, the second payment goes back",
            t.name
        );
        // Back from the gateway, each buyer's tab says what its payment did.
        for (gid, payment, note) in [(&first, "pay_OLD", "ok"), (&second, "pay_NEW", "late")] {
            let signature = sign(KEY_SECRET, callback_message(gid, payment).as_bytes());
            let back = send(&app, get(&format!("/payments/callback?razorpay_order_id={gid}&razorpay_payment_id={payment}&razorpay_signature={signature}"), None)).await;
            assert_eq!(
                back.location,
                format!("/orders/{reference}?payment={note}"),
                "{}",
                t.name
            );
        }
        let reasons: Vec<String> = sqlx::query_scalar("SELECT reason FROM refunds ORDER BY id")
            .fetch_all(&t.db.pool)
            .await
            .unwrap();
        assert_eq!(reasons, ["overpaid", "duplicate"], "{}", t.name);
        assert_eq!(
            common::shop::status_text(&t.db, kurta_part).await,
            "cancelled"
        );

        // The Varanasi seller is told of the new order; the Lucknow seller, whose part was
        // dropped before payment, is not.
        let told = |phone: &'static str| {
            let db = t.db.clone();
            async move {
                sqlx::query_scalar::<_, i64>(
                    "SELECT COUNT(*) FROM outbox WHERE recipient = $1 AND channel = 'sms'",
                )
                .bind(format!("+91{phone}"))
                .fetch_one(&db.pool)
                .await
                .unwrap()
            }
        };
        assert_eq!(
            (told("9876545531").await, told("9876545532").await),
            (1, 0),
            "{}",
            t.name
        );
        t.close().await;
    }
}
