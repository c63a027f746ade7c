//! Placing orders, on every backend under test: never oversold under a thousand buyers at once,
//! amounts computed on the server, one order per checkout attempt, and nobody reading another
//! buyer's order.
use crate::common;

use axum::http::StatusCode;
use common::http::{admin_session, api_post, get, send};
use common::shop::{account, id_of, ok, seller_account};
use common::TestDb;
use odop_mart::db::Db;
use odop_mart::orders::store;

/// `n` buyers, each with an address in Lucknow and `product` × 1 in the cart (in one
/// transaction: no passwords are hashed, these accounts never sign in).
async fn buyers(db: &Db, n: usize, product: i64) -> Vec<(i64, i64)> {
    let mut tx = db.pool.begin().await.unwrap();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let user: i64 = sqlx::query_scalar(
            "INSERT INTO users (phone, password_hash, created_at) VALUES ($1, 'x', 0) RETURNING id",
        )
        .bind(format!("9{:09}", 100_000 + i))
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        let address: i64 = sqlx::query_scalar(
            "INSERT INTO addresses (user_id, name, phone, line1, city, state_code, pin, created_at) \
             VALUES ($1, 'Buyer', '9876543210', '1 Hazratganj', 'Lucknow', '09', '226001', 0) RETURNING id",
        )
        .bind(user)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        let cart: i64 = sqlx::query_scalar(
            "INSERT INTO carts (user_id, updated_at) VALUES ($1, 0) RETURNING id",
        )
        .bind(user)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO cart_lines (cart_id, product_id, variant_id, quantity, added_price_paise, added_at) VALUES ($1, $2, 0, 1, 1, 0)",
        )
        .bind(cart)
        .bind(product)
        .execute(&mut *tx)
        .await
        .unwrap();
        out.push((user, address));
    }
    tx.commit().await.unwrap();
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_buyers_at_once_get_exactly_the_ten_in_stock() {
    for t in TestDb::all().await {
        common::fixture(&t.db).await;
        let stole = id_of(&t.db, "v-stole").await;
        sqlx::query("UPDATE products SET stock = 10 WHERE id = $1")
            .bind(stole)
            .execute(&t.db.pool)
            .await
            .unwrap();
        let people = buyers(&t.db, 1_000, stole).await;
        let mut tasks = Vec::new();
        for (user, address) in people {
            let db = t.db.clone();
            tasks.push(tokio::spawn(async move {
                store::place(
                    &db,
                    user,
                    address,
                    odop_mart::domain::order::PaymentMethod::Cod,
                    &format!("attempt-{user}-0000000000"),
                )
                .await
            }));
        }
        let (mut placed, mut sold_out) = (0, 0);
        for task in tasks {
            match task.await.unwrap() {
                Ok(_) => placed += 1,
                Err(store::OrderError::SoldOut) => sold_out += 1,
                other => panic!("{}: unexpected {other:?}", t.name),
            }
        }
        assert_eq!((placed, sold_out), (10, 990), "{}", t.name);
        let stock: i64 = sqlx::query_scalar("SELECT stock FROM products WHERE id = $1")
            .bind(stole)
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        let orders: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders")
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        let sold: i64 = sqlx::query_scalar(
            "SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) FROM order_lines",
        )
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
        assert_eq!((stock, orders, sold), (0, 10, 10), "{}", t.name);
        t.close().await;
    }
}

#[tokio::test]
async fn checkout_computes_every_amount_once_per_attempt_and_keeps_orders_private() {
    for t in TestDb::all().await {
        common::fixture(&t.db).await;
        let app = common::router_for(&t.db);
        let asha = account(&app, "9876533301").await;
        let stole = id_of(&t.db, "v-stole").await;
        let kurta = id_of(&t.db, "l-kurta").await;
        for (product, quantity) in [(stole, 1), (kurta, 1)] {
            let r = send(
                &app,
                api_post(
                    "/api/add_to_cart",
                    Some(&asha),
                    &format!("product_id={product}&quantity={quantity}"),
                ),
            )
            .await;
            assert!(ok(&r), "{}", r.body);
        }

        // The address's PIN must be in its state.
        let dehradun = send(
            &app,
            api_post(
                "/api/add_address",
                Some(&asha),
                "name=Asha&phone=9876533301&line1=1+Rajpur+Road&city=Dehradun&state=09&pin=248001",
            ),
        )
        .await;
        assert!(
            dehradun.body.contains("pin_state_mismatch"),
            "{}: {}",
            t.name,
            dehradun.body
        );
        let added = send(
            &app,
            api_post(
                "/api/add_address",
                Some(&asha),
                "name=Asha&phone=9876533301&line1=1+Hazratganj&city=Lucknow&state=09&pin=226001",
            ),
        )
        .await;
        assert!(ok(&added), "{}", added.body);
        let address: i64 = sqlx::query_scalar("SELECT id FROM addresses")
            .fetch_one(&t.db.pool)
            .await
            .unwrap();

        let checkout = send(&app, get("/api/load_checkout", Some(&asha))).await;
        let c: odop_mart::orders::Checkout = serde_json::from_str(&checkout.body).unwrap();
        assert_eq!(c.parts.len(), 2, "{}: one part per seller", t.name);
        // ₹800 + ₹1,800 of items; shipping per seller: the stole's parcel (under 500 g, below the
        // ₹999 free-shipping line) ₹60, the kurta's ₹1,800 ships free.
        assert_eq!(c.items.0, 260_000);
        assert_eq!(c.shipping.0, 6_000, "{}: {:?}", t.name, c.parts);
        // A price in the request is not even read; the attempt key makes a retry harmless.
        let body = format!(
            "address_id={address}&method=cod&attempt={}&price=1&total_paise=1",
            c.attempt
        );
        let first = send(&app, api_post("/api/place_order", Some(&asha), &body)).await;
        assert!(ok(&first), "{}: {}", t.name, first.body);
        let again = send(&app, api_post("/api/place_order", Some(&asha), &body)).await;
        assert!(ok(&again), "{}", again.body);
        let orders: Vec<(String, i64, i64, String)> =
            sqlx::query_as("SELECT reference, items_paise, total_paise, status FROM orders")
                .fetch_all(&t.db.pool)
                .await
                .unwrap();
        assert_eq!(orders.len(), 1, "{}: one order for one attempt", t.name);
        assert_eq!(
            (orders[0].1, orders[0].2, orders[0].3.as_str()),
            (260_000, 266_000, "placed")
        );
        let stock: i64 = sqlx::query_scalar("SELECT stock FROM products WHERE id = $1")
            .bind(stole)
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        assert_eq!(stock, 11, "12 - 1, taken once");
        // Intra-state: CGST + SGST, adding up to the items.
        let (taxable, cgst, sgst, igst): (i64, i64, i64, i64) = sqlx::query_as(
            "SELECT CAST(SUM(taxable_paise) AS BIGINT), CAST(SUM(cgst_paise) AS BIGINT), CAST(SUM(sgst_paise) AS BIGINT), CAST(SUM(igst_paise) AS BIGINT) FROM order_lines",
        )
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
        assert_eq!(taxable + cgst + sgst + igst, 260_000);
        assert!(cgst > 0 && igst == 0);
        let reference = orders[0].0.clone();
        let cart: odop_mart::cart::CartView =
            serde_json::from_str(&send(&app, get("/api/load_cart", Some(&asha))).await.body)
                .unwrap();
        assert!(cart.lines.is_empty(), "the cart is empty after ordering");

        // The buyer sees it; another buyer does not, even knowing the reference.
        let mine = send(&app, get(&format!("/orders/{reference}"), Some(&asha))).await;
        assert!(
            mine.body.contains(r#"data-testid="timeline""#),
            "{}",
            t.name
        );
        let bob = account(&app, "9876533302").await;
        assert_eq!(
            send(
                &app,
                get(
                    &format!("/api/load_order?reference={reference}"),
                    Some(&bob)
                )
            )
            .await
            .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            send(
                &app,
                get(&format!("/api/load_order?reference={reference}"), None)
            )
            .await
            .status,
            StatusCode::UNAUTHORIZED
        );
        // Bob cannot order to Asha's address either.
        send(
            &app,
            api_post(
                "/api/add_to_cart",
                Some(&bob),
                &format!("product_id={stole}"),
            ),
        )
        .await;
        let theirs = send(
            &app,
            api_post(
                "/api/place_order",
                Some(&bob),
                &format!("address_id={address}&method=cod&attempt=bob-attempt-0000000001"),
            ),
        )
        .await;
        assert!(theirs.body.contains("address_unknown"), "{}", theirs.body);
        t.close().await;
    }
}

#[tokio::test]
async fn each_seller_moves_only_their_part_and_a_cancelled_part_returns_its_stock() {
    for t in TestDb::all().await {
        common::fixture(&t.db).await;
        let app = common::router_for(&t.db);
        let varanasi = seller_account(&app, &t.db, "9876544401", "s-varanasi").await;
        let lucknow = seller_account(&app, &t.db, "9876544402", "s-lucknow").await;
        let buyer = account(&app, "9876544403").await;
        let (stole, kurta) = (id_of(&t.db, "v-stole").await, id_of(&t.db, "l-kurta").await);
        for product in [stole, kurta] {
            send(
                &app,
                api_post(
                    "/api/add_to_cart",
                    Some(&buyer),
                    &format!("product_id={product}"),
                ),
            )
            .await;
        }
        send(
            &app,
            api_post(
                "/api/add_address",
                Some(&buyer),
                "name=Meera&phone=9876544403&line1=5+Civil+Lines&city=Delhi&state=07&pin=110054",
            ),
        )
        .await;
        let address: i64 = sqlx::query_scalar("SELECT id FROM addresses")
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        let placed = send(
            &app,
            api_post(
                "/api/place_order",
                Some(&buyer),
                &format!("address_id={address}&method=cod&attempt=meera-attempt-000001"),
            ),
        )
        .await;
        assert!(ok(&placed), "{}: {}", t.name, placed.body);
        // Delivered to Delhi from Uttar Pradesh: IGST only.
        let (cgst, igst): (i64, i64) = sqlx::query_as("SELECT CAST(SUM(cgst_paise) AS BIGINT), CAST(SUM(igst_paise) AS BIGINT) FROM sub_orders")
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        assert!(cgst == 0 && igst > 0, "{}", t.name);
        let sub = |slug: &'static str| {
            let db = t.db.clone();
            async move {
                sqlx::query_scalar::<_, i64>("SELECT so.id FROM sub_orders so JOIN sellers s ON s.id = so.seller_id WHERE s.slug = $1")
                    .bind(slug)
                    .fetch_one(&db.pool)
                    .await
                    .unwrap()
            }
        };
        let (v_sub, l_sub) = (sub("s-varanasi").await, sub("s-lucknow").await);

        let reference: String = sqlx::query_scalar("SELECT reference FROM orders")
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        let dashboard = send(&app, get("/dashboard", Some(&varanasi))).await;
        assert!(
            dashboard.body.contains(r#"data-testid="recent-orders""#)
                && dashboard.body.contains(&reference),
            "{}: the dashboard shows the latest orders",
            t.name
        );
        assert!(dashboard.body.contains("1 to send"), "{}", t.name);
        let list = send(&app, get("/api/seller_orders", Some(&varanasi))).await;
        let list: Vec<odop_mart::orders::SellerOrder> = serde_json::from_str(&list.body).unwrap();
        assert_eq!(
            list.len(),
            1,
            "{}: a seller sees their own part only",
            t.name
        );
        assert!(list[0].ship_to.contains("110054"));
        let step = |token: &str, body: String| {
            let app = app.clone();
            let token = token.to_string();
            async move { send(&app, api_post("/api/update_sub_order", Some(&token), &body)).await }
        };
        // Another seller, the buyer, and a guest cannot move Varanasi's part.
        assert_eq!(
            step(&lucknow, format!("sub_order_id={v_sub}&action=accept"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            step(&buyer, format!("sub_order_id={v_sub}&action=accept"))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            send(
                &app,
                api_post(
                    "/api/update_sub_order",
                    None,
                    &format!("sub_order_id={v_sub}&action=accept")
                )
            )
            .await
            .status,
            StatusCode::UNAUTHORIZED
        );
        // Steps in order; shipping needs the courier and the AWB.
        assert!(
            step(&varanasi, format!("sub_order_id={v_sub}&action=deliver"))
                .await
                .body
                .contains("order_step_invalid")
        );
        assert!(ok(&step(
            &varanasi,
            format!("sub_order_id={v_sub}&action=accept")
        )
        .await));
        assert!(step(
            &varanasi,
            format!("sub_order_id={v_sub}&action=ship&courier=India+Post")
        )
        .await
        .body
        .contains("shipping_details_missing"));
        let shipped = step(
            &varanasi,
            format!("sub_order_id={v_sub}&action=ship&courier=India+Post&awb=EK123456789IN"),
        )
        .await;
        assert!(ok(&shipped), "{}", shipped.body);
        let told: Vec<String> = sqlx::query_scalar("SELECT channel FROM outbox WHERE recipient = '+919876544403' AND body LIKE '%shipped%' ORDER BY channel")
            .fetch_all(&t.db.pool)
            .await
            .unwrap();
        assert_eq!(told, ["sms", "whatsapp"], "{}: the buyer is told", t.name);
        // The buyer cannot cancel what has left; they can cancel the part still waiting.
        let late = send(
            &app,
            api_post(
                "/api/cancel_sub_order",
                Some(&buyer),
                &format!("sub_order_id={v_sub}"),
            ),
        )
        .await;
        assert!(late.body.contains("order_step_invalid"), "{}", late.body);
        assert_eq!(
            send(
                &app,
                api_post(
                    "/api/cancel_sub_order",
                    Some(&lucknow),
                    &format!("sub_order_id={l_sub}")
                )
            )
            .await
            .status,
            StatusCode::NOT_FOUND,
            "a seller is not the buyer"
        );
        let stock_before: i64 = sqlx::query_scalar("SELECT stock FROM products WHERE id = $1")
            .bind(kurta)
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        let cancelled = send(
            &app,
            api_post(
                "/api/cancel_sub_order",
                Some(&buyer),
                &format!("sub_order_id={l_sub}"),
            ),
        )
        .await;
        assert!(ok(&cancelled), "{}", cancelled.body);
        let stock_after: i64 = sqlx::query_scalar("SELECT stock FROM products WHERE id = $1")
            .bind(kurta)
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        assert_eq!(stock_after, stock_before + 1, "{}", t.name);
        let reference: String = sqlx::query_scalar("SELECT reference FROM orders")
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        let page = send(&app, get(&format!("/orders/{reference}"), Some(&buyer))).await;
        assert!(page.body.contains("EK123456789IN"), "{}", t.name);
        let events: Vec<String> = sqlx::query_scalar(
            "SELECT status FROM order_events WHERE sub_order_id = $1 ORDER BY id",
        )
        .bind(v_sub)
        .fetch_all(&t.db.pool)
        .await
        .unwrap();
        assert_eq!(events, ["placed", "accepted", "shipped"]);
        t.close().await;
    }
}

#[tokio::test]
async fn a_upi_order_shows_its_qr_and_waits_for_the_odop_cell_to_see_the_money() {
    for t in TestDb::all().await {
        common::fixture(&t.db).await;
        let app = common::router_for(&t.db);
        let buyer = account(&app, "9876555501").await;
        let stole = id_of(&t.db, "v-stole").await;
        send(
            &app,
            api_post(
                "/api/add_to_cart",
                Some(&buyer),
                &format!("product_id={stole}"),
            ),
        )
        .await;
        send(
            &app,
            api_post(
                "/api/add_address",
                Some(&buyer),
                "name=Ravi&phone=9876555501&line1=2+Chowk&city=Lucknow&state=09&pin=226003",
            ),
        )
        .await;
        let address: i64 = sqlx::query_scalar("SELECT id FROM addresses")
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        let order = |attempt: &'static str| {
            let app = app.clone();
            let buyer = buyer.clone();
            async move {
                send(
                    &app,
                    api_post(
                        "/api/place_order",
                        Some(&buyer),
                        &format!("address_id={address}&method=upi&attempt={attempt}"),
                    ),
                )
                .await
            }
        };
        // Without a UPI id of its own the platform does not offer UPI.
        assert!(
            order("ravi-attempt-0000000001")
                .await
                .body
                .contains("payment_method_invalid"),
            "{}",
            t.name
        );
        sqlx::query("INSERT INTO site_settings (key, value) VALUES ('upi_vpa', 'odopmart@sbi')")
            .execute(&t.db.pool)
            .await
            .unwrap();
        let placed = order("ravi-attempt-0000000002").await;
        assert!(ok(&placed), "{}: {}", t.name, placed.body);
        let reference: String = sqlx::query_scalar("SELECT reference FROM orders")
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        let view: odop_mart::orders::OrderView = serde_json::from_str(
            &send(
                &app,
                get(
                    &format!("/api/load_order?reference={reference}"),
                    Some(&buyer),
                ),
            )
            .await
            .body,
        )
        .unwrap();
        assert_eq!(
            view.status,
            odop_mart::domain::order::OrderStatus::AwaitingPayment
        );
        let upi = view.upi.expect("a UPI request");
        assert!(
            upi.link.starts_with("upi://pay?pa=odopmart%40sbi&")
                && upi.link.contains(&format!("tr={reference}")),
            "{}",
            upi.link
        );
        assert!(
            upi.link.contains("am=800.00") || upi.link.contains("am=860.00"),
            "{}",
            upi.link
        );
        let page = send(&app, get(&format!("/orders/{reference}"), Some(&buyer))).await;
        assert!(
            page.body.contains(r#"data-testid="upi-qr""#) && page.body.contains("<svg"),
            "{}",
            t.name
        );

        // Only the ODOP cell confirms, with the bank's reference.
        let body = format!("reference={reference}&utr=412345678901");
        assert_eq!(
            send(
                &app,
                api_post("/api/confirm_upi_payment", Some(&buyer), &body)
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );
        let admin = admin_session(&app, &t.db, "cell-upi@odop.test").await;
        let bad = send(
            &app,
            api_post(
                "/api/confirm_upi_payment",
                Some(&admin),
                &format!("reference={reference}&utr=12"),
            ),
        )
        .await;
        assert!(bad.body.contains("utr_invalid"));
        let waiting = send(&app, get("/api/awaiting_payments", Some(&admin))).await;
        assert!(waiting.body.contains(&reference), "{}", waiting.body);
        let confirmed = send(
            &app,
            api_post("/api/confirm_upi_payment", Some(&admin), &body),
        )
        .await;
        assert!(ok(&confirmed), "{}", confirmed.body);
        let status: String = sqlx::query_scalar("SELECT status FROM orders")
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        assert_eq!(status, "placed", "{}", t.name);
        let again = send(
            &app,
            api_post(
                "/api/confirm_upi_payment",
                Some(&admin),
                &format!("reference={reference}&utr=412345678902"),
            ),
        )
        .await;
        assert!(again.body.contains("order_not_awaiting"), "confirmed once");
        let audit: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'payment.upi_confirmed'",
        )
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
        assert_eq!(audit, 1);
        t.close().await;
    }
}

#[tokio::test]
async fn unpaid_upi_orders_are_not_the_sellers_yet_expire_and_give_their_stock_back() {
    for t in TestDb::all().await {
        common::fixture(&t.db).await;
        let app = common::router_for(&t.db);
        sqlx::query("INSERT INTO site_settings (key, value) VALUES ('upi_vpa', 'odopmart@sbi')")
            .execute(&t.db.pool)
            .await
            .unwrap();
        let seller = seller_account(&app, &t.db, "9876566601", "s-varanasi").await;
        let buyer = account(&app, "9876566602").await;
        let stole = id_of(&t.db, "v-stole").await;
        send(
            &app,
            api_post(
                "/api/add_address",
                Some(&buyer),
                "name=Ravi&phone=9876566602&line1=2+Chowk&city=Lucknow&state=09&pin=226003",
            ),
        )
        .await;
        let address: i64 = sqlx::query_scalar("SELECT id FROM addresses")
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        let stock = || {
            let db = t.db.clone();
            async move {
                sqlx::query_scalar::<_, i64>("SELECT stock FROM products WHERE id = $1")
                    .bind(stole)
                    .fetch_one(&db.pool)
                    .await
                    .unwrap()
            }
        };
        let before = stock().await;
        let mut references = Vec::new();
        for i in 0..4 {
            send(
                &app,
                api_post(
                    "/api/add_to_cart",
                    Some(&buyer),
                    &format!("product_id={stole}"),
                ),
            )
            .await;
            let r = send(
                &app,
                api_post(
                    "/api/place_order",
                    Some(&buyer),
                    &format!("address_id={address}&method=upi&attempt=ravi-upi-attempt-{i:06}"),
                ),
            )
            .await;
            if i < 3 {
                assert!(ok(&r), "{}: {}", t.name, r.body);
                references.push(
                    sqlx::query_scalar::<_, String>(
                        "SELECT reference FROM orders ORDER BY id DESC LIMIT 1",
                    )
                    .fetch_one(&t.db.pool)
                    .await
                    .unwrap(),
                );
            } else {
                assert!(
                    r.body.contains("too_many_unpaid"),
                    "{}: at most three unpaid orders: {}",
                    t.name,
                    r.body
                );
            }
        }
        assert_eq!(stock().await, before - 3, "unpaid orders hold their stock");
        // The seller neither sees nor moves an unpaid part.
        let list = send(&app, get("/api/seller_orders", Some(&seller))).await;
        assert_eq!(list.body, "[]", "{}", t.name);
        let unpaid: i64 = sqlx::query_scalar("SELECT so.id FROM sub_orders so JOIN orders o ON o.id = so.order_id WHERE o.reference = $1")
            .bind(&references[0])
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        let accept = send(
            &app,
            api_post(
                "/api/update_sub_order",
                Some(&seller),
                &format!("sub_order_id={unpaid}&action=accept"),
            ),
        )
        .await;
        assert!(
            accept.body.contains("order_step_invalid"),
            "{}",
            accept.body
        );

        // One bank payment pays one order.
        let admin = admin_session(&app, &t.db, "cell-expiry@odop.test").await;
        let pay = |reference: &str| format!("reference={reference}&utr=UTR778899001");
        assert!(ok(&send(
            &app,
            api_post(
                "/api/confirm_upi_payment",
                Some(&admin),
                &pay(&references[0])
            )
        )
        .await));
        let reused = send(
            &app,
            api_post(
                "/api/confirm_upi_payment",
                Some(&admin),
                &pay(&references[1]),
            ),
        )
        .await;
        assert!(reused.body.contains("utr_used"), "{}", reused.body);
        let list = send(&app, get("/api/seller_orders", Some(&seller))).await;
        assert!(
            list.body.contains(&references[0]),
            "a paid order is the seller's to send"
        );

        // The buyer cancels one unpaid order; the last expires after the configured hour.
        let second: i64 = sqlx::query_scalar("SELECT so.id FROM sub_orders so JOIN orders o ON o.id = so.order_id WHERE o.reference = $1")
            .bind(&references[1])
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        assert!(ok(&send(
            &app,
            api_post(
                "/api/cancel_sub_order",
                Some(&buyer),
                &format!("sub_order_id={second}")
            )
        )
        .await));
        assert_eq!(stock().await, before - 2);
        let now = odop_mart::db::now_unix();
        assert_eq!(
            store::expire_unpaid(&t.db, now).await.unwrap().len(),
            0,
            "not yet"
        );
        assert_eq!(
            store::expire_unpaid(&t.db, now + 2 * 3600)
                .await
                .unwrap()
                .len(),
            1,
            "{}",
            t.name
        );
        assert_eq!(
            stock().await,
            before - 1,
            "only the paid order keeps its stock"
        );
        let statuses: Vec<String> = sqlx::query_scalar("SELECT status FROM orders ORDER BY id")
            .fetch_all(&t.db.pool)
            .await
            .unwrap();
        assert_eq!(statuses, ["placed", "cancelled", "expired"], "{}", t.name);
        t.close().await;
    }
}

#[tokio::test]
async fn an_unregistered_artisan_ships_only_inside_up_and_cash_on_delivery_has_a_ceiling() {
    for t in TestDb::all().await {
        common::fixture(&t.db).await;
        let app = common::router_for(&t.db);
        // The Varanasi seller is an artisan without GSTIN: Uttar Pradesh only.
        sqlx::query(
            "INSERT INTO seller_applications (seller_id, business_kind, updated_at) SELECT id, 'unregistered', 0 FROM sellers WHERE slug = 's-varanasi'",
        )
        .execute(&t.db.pool)
        .await
        .unwrap();
        let buyer = account(&app, "9876549911").await;
        let stole = id_of(&t.db, "v-stole").await;
        send(
            &app,
            api_post(
                "/api/add_to_cart",
                Some(&buyer),
                &format!("product_id={stole}"),
            ),
        )
        .await;
        let address = |body: &'static str| {
            let app = app.clone();
            let buyer = buyer.clone();
            async move { send(&app, api_post("/api/add_address", Some(&buyer), body)).await }
        };
        address("name=Meera&phone=9876549911&line1=5+Civil+Lines&city=Delhi&state=07&pin=110054")
            .await;
        let delhi: i64 = sqlx::query_scalar("SELECT MAX(id) FROM addresses")
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        // Said at the address step, before any button is pressed…
        let checkout = send(
            &app,
            get(
                &format!("/api/load_checkout?address_id={delhi}"),
                Some(&buyer),
            ),
        )
        .await;
        let checkout: odop_mart::orders::Checkout = serde_json::from_str(&checkout.body).unwrap();
        assert_eq!(checkout.problem.as_deref(), Some("up_only"), "{}", t.name);
        // …and refused by the server all the same.
        let attempt = |address: i64, method: &'static str, key: &'static str| {
            let app = app.clone();
            let buyer = buyer.clone();
            async move {
                send(
                    &app,
                    api_post(
                        "/api/place_order",
                        Some(&buyer),
                        &format!("address_id={address}&method={method}&attempt={key}"),
                    ),
                )
                .await
            }
        };
        let refused = attempt(delhi, "cod", "ceiling-attempt-00001").await;
        assert!(
            refused.body.contains("up_only"),
            "{}: {}",
            t.name,
            refused.body
        );

        // Inside Uttar Pradesh, cash on delivery up to `cod_max_paise` only (here ₹500).
        address("name=Meera&phone=9876549911&line1=12+Hazratganj&city=Lucknow&state=09&pin=226001")
            .await;
        let lucknow: i64 = sqlx::query_scalar("SELECT MAX(id) FROM addresses")
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        sqlx::query("UPDATE site_settings SET value = '50000' WHERE key = 'cod_max_paise'")
            .execute(&t.db.pool)
            .await
            .unwrap();
        let over = attempt(lucknow, "cod", "ceiling-attempt-00002").await;
        assert!(over.body.contains("cod_limit"), "{}: {}", t.name, over.body);
        let orders: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders")
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        assert_eq!(orders, 0, "{}: nothing written", t.name);
        // Paying online instead is accepted.
        assert!(
            ok(&attempt(lucknow, "gateway", "ceiling-attempt-00003").await),
            "{}",
            t.name
        );
        t.close().await;
    }
}
