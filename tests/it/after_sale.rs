//! What follows an order, on every backend under test: GST invoices numbered per seller and
//! read only by the order's buyer and seller, packing slips for the seller only, refunds owed
//! when a paid part is cancelled or a return approved, the payout ledger, and reviews by
//! buyers who received the product.
use crate::common;

use axum::http::StatusCode;
use common::http::{admin_session, api_post, get, multipart_post, send};
use common::shop::{account, deliver, id_of, ok, order, seller_account, status_text, step, sub_of};
use common::{TestDb, WEBHOOK_SECRET};
use odop_mart::db::Db;
use odop_mart::gateway::{event_body, sign};

/// Pays a gateway order as the gateway would tell it.
async fn pay(app: &axum::Router, db: &Db, buyer: &str, reference: &str) {
    let pay = send(app, get(&format!("/orders/{reference}/pay"), Some(buyer))).await;
    let gid = pay
        .location
        .strip_prefix("/sandbox/pay/")
        .unwrap()
        .to_string();
    let total: i64 = sqlx::query_scalar("SELECT total_paise FROM orders WHERE reference = $1")
        .bind(reference)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let body = event_body("payment.captured", &format!("pay_{reference}"), &gid, total);
    let req = axum::http::Request::post("/payments/webhook")
        .header(
            "x-razorpay-signature",
            sign(WEBHOOK_SECRET, body.as_bytes()),
        )
        .header("x-razorpay-event-id", format!("evt_{reference}"))
        .body(axum::body::Body::from(body))
        .unwrap();
    assert_eq!(send(app, req).await.status, StatusCode::OK);
}

async fn ledger_of(app: &axum::Router, token: &str) -> odop_mart::payouts::Statement {
    let reply = send(app, get("/api/payout_statement", Some(token))).await;
    serde_json::from_str(&reply.body).unwrap()
}

async fn pending_refunds(
    app: &axum::Router,
    admin: &str,
) -> Vec<odop_mart::payments::PendingRefund> {
    let reply = send(app, get("/api/pending_refunds", Some(admin))).await;
    serde_json::from_str(&reply.body).unwrap()
}

#[tokio::test]
async fn invoices_are_numbered_per_seller_and_read_only_by_the_buyer_and_the_seller() {
    for t in TestDb::all().await {
        common::fixture(&t.db).await;
        let app = common::router_for(&t.db);
        let varanasi = seller_account(&app, &t.db, "9876546601", "s-varanasi").await;
        let lucknow = seller_account(&app, &t.db, "9876546602", "s-lucknow").await;
        let buyer = account(&app, "9876546603").await;
        let stranger = account(&app, "9876546604").await;
        let (stole, kurta) = (id_of(&t.db, "v-stole").await, id_of(&t.db, "l-kurta").await);
        let first = order(&app, &t.db, &buyer, "9876546603", &[stole, kurta], "cod").await;
        let second = order(&app, &t.db, &buyer, "9876546603", &[stole], "cod").await;
        let told: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM outbox WHERE recipient = '+919876546601' AND channel = 'sms' AND body LIKE '%new order%'",
        )
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
        assert_eq!(told, 2, "{}: the seller hears of each new order", t.name);
        let (v1, l1, v2) = (
            sub_of(&t.db, &first, "s-varanasi").await,
            sub_of(&t.db, &first, "s-lucknow").await,
            sub_of(&t.db, &second, "s-varanasi").await,
        );
        // Before shipping there is no invoice, but the seller has a packing slip.
        let read = |doc: &'static str, token: &str, sub: i64| {
            let app = app.clone();
            let token = token.to_string();
            async move {
                let path = format!("/api/load_{doc}?sub_order_id={sub}");
                send(&app, get(&path, Some(&token))).await
            }
        };
        for (doc, token, expected) in [
            ("invoice", &buyer, StatusCode::NOT_FOUND),
            ("packing_slip", &varanasi, StatusCode::OK),
            ("packing_slip", &buyer, StatusCode::NOT_FOUND),
            ("packing_slip", &lucknow, StatusCode::NOT_FOUND),
        ] {
            let status = read(doc, token, v1).await.status;
            assert_eq!(status, expected, "{}: {doc}", t.name);
        }
        let page = send(
            &app,
            get(&format!("/dashboard/orders/{v1}/slip"), Some(&varanasi)),
        )
        .await;
        assert!(
            page.body.contains(r#"data-testid="packing-slip""#) && page.body.contains("226001"),
            "{}",
            t.name
        );

        // Shipping issues the invoice: numbers count per seller.
        for (token, sub) in [(&varanasi, v2), (&varanasi, v1), (&lucknow, l1)] {
            assert!(ok(&step(&app, token, sub, "accept", "").await));
            let shipped = step(&app, token, sub, "ship", "&courier=India+Post&awb=EE1234").await;
            assert!(ok(&shipped), "{}: {}", t.name, shipped.body);
        }
        let number = |sub: i64| {
            let db = t.db.clone();
            async move {
                sqlx::query_scalar::<_, String>(
                    "SELECT number FROM invoices WHERE sub_order_id = $1",
                )
                .bind(sub)
                .fetch_one(&db.pool)
                .await
                .unwrap()
            }
        };
        let fy = odop_mart::invoices::financial_year(odop_mart::db::now_unix());
        assert_eq!(
            number(v2).await,
            odop_mart::invoices::invoice_number(fy, 1),
            "{}",
            t.name
        );
        assert_eq!(
            number(v1).await,
            odop_mart::invoices::invoice_number(fy, 2),
            "{}",
            t.name
        );
        assert_eq!(
            number(l1).await,
            odop_mart::invoices::invoice_number(fy, 1),
            "{}: another seller counts from 1",
            t.name
        );

        let mine = read("invoice", &buyer, v1).await;
        assert_eq!(mine.status, StatusCode::OK, "{}", t.name);
        let doc: odop_mart::invoices::InvoiceView = serde_json::from_str(&mine.body).unwrap();
        assert_eq!(doc.number.as_deref(), Some(number(v1).await.as_str()));
        // Delivered in Uttar Pradesh from Uttar Pradesh: CGST + SGST, and the sums add up.
        assert!(
            doc.cgst.0 > 0 && doc.cgst == doc.sgst && doc.igst.0 == 0,
            "{}",
            t.name
        );
        let lines: i64 = doc.lines.iter().map(|l| l.total.0).sum();
        assert_eq!(doc.total.0, lines + doc.shipping.0, "{}", t.name);
        assert_eq!(doc.buyer_state, "09");
        // The seller reads it too; another buyer or seller does not.
        for (token, expected) in [
            (&varanasi, StatusCode::OK),
            (&stranger, StatusCode::NOT_FOUND),
            (&lucknow, StatusCode::NOT_FOUND),
        ] {
            assert_eq!(
                read("invoice", token, v1).await.status,
                expected,
                "{}",
                t.name
            );
        }
        assert_eq!(
            send(
                &app,
                get(&format!("/api/load_invoice?sub_order_id={v1}"), None)
            )
            .await
            .status,
            StatusCode::UNAUTHORIZED
        );
        let printable = send(&app, get(&format!("/invoice/{v1}"), Some(&buyer))).await;
        assert!(
            printable.body.contains("Tax invoice") || printable.body.contains("Bill of supply"),
            "{}",
            t.name
        );
        assert!(
            printable.body.contains(&number(v1).await)
                && printable.body.contains("Place of supply")
        );
        t.close().await;
    }
}

#[tokio::test]
async fn cancelled_paid_parts_and_approved_returns_are_refunded_and_the_ledger_follows() {
    for t in TestDb::all().await {
        common::fixture(&t.db).await;
        let app = common::router_for(&t.db);
        let varanasi = seller_account(&app, &t.db, "9876547701", "s-varanasi").await;
        let lucknow = seller_account(&app, &t.db, "9876547702", "s-lucknow").await;
        let buyer = account(&app, "9876547703").await;
        let stranger = account(&app, "9876547704").await;
        let admin = admin_session(&app, &t.db, "cell@odop.example").await;
        let (stole, kurta) = (id_of(&t.db, "v-stole").await, id_of(&t.db, "l-kurta").await);

        // Paid online, then cancelled by the seller: the money is owed back.
        let paid = order(&app, &t.db, &buyer, "9876547703", &[stole], "gateway").await;
        pay(&app, &t.db, &buyer, &paid).await;
        let p_sub = sub_of(&t.db, &paid, "s-varanasi").await;
        let cancelled = step(&app, &varanasi, p_sub, "cancel", "&reason=Out+of+thread").await;
        assert!(ok(&cancelled), "{}: {}", t.name, cancelled.body);
        // A cash order cancelled owes nothing.
        let cash = order(&app, &t.db, &buyer, "9876547703", &[kurta], "cod").await;
        let c_sub = sub_of(&t.db, &cash, "s-lucknow").await;
        assert!(ok(&step(
            &app,
            &lucknow,
            c_sub,
            "cancel",
            "&reason=Out+of+thread"
        )
        .await));
        let refunds = pending_refunds(&app, &admin).await;
        assert_eq!(refunds.len(), 1, "{}", t.name);
        assert_eq!(
            (refunds[0].reference.as_str(), refunds[0].reason.as_str()),
            (paid.as_str(), "cancelled")
        );
        // Only the ODOP cell sees and records refunds.
        assert_eq!(
            send(&app, get("/api/pending_refunds", Some(&buyer)))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let mark = |token: &str, id: i64| {
            let app = app.clone();
            let token = token.to_string();
            async move {
                send(
                    &app,
                    api_post(
                        "/api/mark_refunded",
                        Some(&token),
                        &format!("refund_id={id}&bank_reference=NEFT20261127A"),
                    ),
                )
                .await
            }
        };
        assert_eq!(
            mark(&varanasi, refunds[0].id).await.status,
            StatusCode::FORBIDDEN,
            "{}",
            t.name
        );
        assert!(ok(&mark(&admin, refunds[0].id).await), "{}", t.name);
        assert!(
            mark(&admin, refunds[0].id)
                .await
                .body
                .contains("refund_not_pending"),
            "{}: recorded once",
            t.name
        );

        // Delivered: the sale enters the seller's ledger at today's rates.
        let kept = order(&app, &t.db, &buyer, "9876547703", &[stole], "cod").await;
        let k_sub = sub_of(&t.db, &kept, "s-varanasi").await;
        deliver(&app, &varanasi, k_sub).await;
        let (gross, taxable): (i64, i64) = sqlx::query_as(
            "SELECT items_paise + shipping_paise, taxable_paise FROM sub_orders WHERE id = $1",
        )
        .bind(k_sub)
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
        let statement = ledger_of(&app, &varanasi).await;
        assert_eq!(statement.lines.len(), 1, "{}", t.name);
        let sale = statement.lines[0].amounts;
        // The fixture's sellers have no GSTIN: no TCS, TDS 0.1 % of the whole amount.
        let tds = (gross * 10 + 5_000) / 10_000;
        assert!(taxable < gross);
        assert_eq!(
            (sale.gross.0, sale.tcs.0, sale.tds.0, sale.net.0),
            (gross, 0, tds, gross - tds),
            "{}",
            t.name
        );
        let theirs = ledger_of(&app, &lucknow).await;
        assert!(
            theirs.lines.is_empty(),
            "{}: a seller sees their own ledger",
            t.name
        );

        // A return: asked by its buyer only, with a reason, decided by its seller only.
        let ask = |token: &str, reason: &str| {
            let app = app.clone();
            let token = token.to_string();
            let body = format!("sub_order_id={k_sub}&reason={reason}");
            async move { send(&app, api_post("/api/request_return", Some(&token), &body)).await }
        };
        assert_eq!(
            ask(&stranger, "Colour+differs").await.status,
            StatusCode::NOT_FOUND,
            "{}",
            t.name
        );
        assert!(
            ask(&buyer, "no")
                .await
                .body
                .contains("return_reason_missing"),
            "{}",
            t.name
        );
        assert!(
            ok(&ask(&buyer, "Colour+differs+from+the+photo").await),
            "{}",
            t.name
        );
        assert_eq!(status_text(&t.db, k_sub).await, "return_requested");
        assert_eq!(
            step(&app, &lucknow, k_sub, "approve_return", "")
                .await
                .status,
            StatusCode::NOT_FOUND,
            "{}",
            t.name
        );
        assert!(
            ok(&step(&app, &varanasi, k_sub, "approve_return", "").await),
            "{}",
            t.name
        );
        assert_eq!(status_text(&t.db, k_sub).await, "returned");
        let refunds = pending_refunds(&app, &admin).await;
        assert_eq!(
            refunds
                .iter()
                .map(|r| (r.reference.as_str(), r.reason.as_str(), r.amount.0))
                .collect::<Vec<_>>(),
            [(kept.as_str(), "returned", gross)],
            "{}: cash on delivery is refunded on return too",
            t.name
        );
        assert!(ok(&mark(&admin, refunds[0].id).await), "{}", t.name);
        assert_eq!(status_text(&t.db, k_sub).await, "refunded", "{}", t.name);
        let statement = ledger_of(&app, &varanasi).await;
        assert_eq!(
            statement.lines.len(),
            2,
            "{}: the sale and its reversal",
            t.name
        );
        assert_eq!(
            (statement.total.gross.0, statement.total.net.0),
            (0, 0),
            "{}",
            t.name
        );

        // Past the return window a return is refused.
        let late = order(&app, &t.db, &buyer, "9876547703", &[stole], "cod").await;
        let l_sub = sub_of(&t.db, &late, "s-varanasi").await;
        deliver(&app, &varanasi, l_sub).await;
        sqlx::query("UPDATE sub_orders SET delivered_at = delivered_at - 8 * 86400 WHERE id = $1")
            .bind(l_sub)
            .execute(&t.db.pool)
            .await
            .unwrap();
        let too_late = send(
            &app,
            api_post(
                "/api/request_return",
                Some(&buyer),
                &format!("sub_order_id={l_sub}&reason=Changed+my+mind"),
            ),
        )
        .await;
        assert!(
            too_late.body.contains("return_window_over"),
            "{}: {}",
            t.name,
            too_late.body
        );
        let audit: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'payment.refunded'")
                .fetch_one(&t.db.pool)
                .await
                .unwrap();
        assert_eq!(audit, 2, "{}", t.name);
        // The buyer was told by SMS and WhatsApp.
        let told: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM outbox WHERE channel = 'whatsapp' AND body LIKE '%' || $1 || '%'",
        )
        .bind(&kept)
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
        assert!(told >= 3, "{}: {told}", t.name);
        t.close().await;
    }
}

/// A small PNG, as a phone would upload.
fn png() -> Vec<u8> {
    let img = image::DynamicImage::new_rgb8(40, 30);
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[tokio::test]
async fn only_a_buyer_who_received_a_product_reviews_it_once_and_its_seller_answers_once() {
    for t in TestDb::all().await {
        common::fixture(&t.db).await;
        let app = common::router_for(&t.db);
        let varanasi = seller_account(&app, &t.db, "9876548801", "s-varanasi").await;
        let lucknow = seller_account(&app, &t.db, "9876548802", "s-lucknow").await;
        let buyer = account(&app, "9876548803").await;
        let stranger = account(&app, "9876548804").await;
        let stole = id_of(&t.db, "v-stole").await;
        let reference = order(&app, &t.db, &buyer, "9876548803", &[stole], "cod").await;
        let sub = sub_of(&t.db, &reference, "s-varanasi").await;
        let review = |token: &str, stars: &str, photo: bool| {
            let app = app.clone();
            let token = token.to_string();
            let stars = stars.to_string();
            let bytes = png();
            async move {
                send(
                    &app,
                    multipart_post(
                        "/api/save_review",
                        Some(&token),
                        &[
                            ("product", "v-stole"),
                            ("stars", &stars),
                            ("body", "Soft and light, as promised."),
                        ],
                        photo.then_some(("stole.png", bytes.as_slice())),
                    ),
                )
                .await
            }
        };
        // Not delivered yet, or never bought: refused.
        assert_eq!(
            review(&buyer, "4", false).await.status,
            StatusCode::FORBIDDEN,
            "{}",
            t.name
        );
        assert_eq!(
            review(&stranger, "5", false).await.status,
            StatusCode::FORBIDDEN,
            "{}",
            t.name
        );
        deliver(&app, &varanasi, sub).await;
        assert!(
            review(&buyer, "6", false)
                .await
                .body
                .contains("stars_invalid"),
            "{}",
            t.name
        );
        let saved = review(&buyer, "4", true).await;
        assert!(ok(&saved), "{}: {}", t.name, saved.body);
        assert!(
            review(&buyer, "5", false)
                .await
                .body
                .contains("review_exists"),
            "{}: once",
            t.name
        );
        let (count, total): (i64, i64) =
            sqlx::query_as("SELECT rating_count, rating_total FROM products WHERE id = $1")
                .bind(stole)
                .fetch_one(&t.db.pool)
                .await
                .unwrap();
        assert_eq!((count, total), (1, 4), "{}", t.name);
        let page = send(&app, get("/product/v-stole", None)).await;
        assert!(
            page.body.contains(r#"data-testid="product-rating""#) && page.body.contains("4.0"),
            "{}",
            t.name
        );
        assert!(
            page.body.contains("Soft and light") && page.body.contains("/media/reviews/"),
            "{}",
            t.name
        );
        assert!(
            !page.body.contains("Asha Devi"),
            "{}: first name only",
            t.name
        );
        let seller_page = send(&app, get("/seller/s-varanasi", None)).await;
        assert!(
            seller_page.body.contains(r#"data-testid="seller-rating""#),
            "{}",
            t.name
        );

        // The seller answers once; another seller cannot.
        let id: i64 = sqlx::query_scalar("SELECT id FROM reviews")
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        let reply = |token: &str| {
            let app = app.clone();
            let token = token.to_string();
            async move {
                send(
                    &app,
                    api_post(
                        "/api/reply_review",
                        Some(&token),
                        &format!("review_id={id}&reply=Thank+you%21"),
                    ),
                )
                .await
            }
        };
        assert_eq!(
            reply(&lucknow).await.status,
            StatusCode::NOT_FOUND,
            "{}",
            t.name
        );
        assert_eq!(
            reply(&buyer).await.status,
            StatusCode::FORBIDDEN,
            "{}",
            t.name
        );
        assert!(ok(&reply(&varanasi).await), "{}", t.name);
        assert!(
            reply(&varanasi).await.body.contains("reply_exists"),
            "{}",
            t.name
        );
        let page = send(&app, get("/product/v-stole", None)).await;
        assert!(page.body.contains("Thank you!"), "{}", t.name);
        t.close().await;
    }
}

#[tokio::test]
async fn payout_rates_are_set_by_the_odop_cell_from_a_date_and_apply_from_then() {
    for t in TestDb::all().await {
        common::fixture(&t.db).await;
        let app = common::router_for(&t.db);
        let seller = seller_account(&app, &t.db, "9876549901", "s-varanasi").await;
        let admin = admin_session(&app, &t.db, "rates@odop.example").await;
        let set = |token: &str, body: &str| {
            let app = app.clone();
            let token = token.to_string();
            let body = body.to_string();
            async move { send(&app, api_post("/api/set_payout_rates", Some(&token), &body)).await }
        };
        let body = "from=2099-04-01&commission=2&tcs=0.5&tds=0.1";
        assert_eq!(
            set(&seller, body).await.status,
            StatusCode::FORBIDDEN,
            "{}",
            t.name
        );
        assert!(set(&admin, "from=2099-02-30&commission=2&tcs=0.5&tds=0.1")
            .await
            .body
            .contains("date_invalid"));
        assert!(set(&admin, "from=2099-04-01&commission=2&tcs=0.5&tds=101")
            .await
            .body
            .contains("percent_invalid"));
        assert!(ok(&set(&admin, body).await), "{}", t.name);
        use odop_mart::payouts::{store::rates_at, Rates};
        let now = odop_mart::db::now_unix();
        let today = rates_at(&t.db.pool, now).await.unwrap().unwrap();
        assert_eq!(
            today,
            Rates {
                commission_bp: 0,
                tcs_bp: 50,
                tds_bp: 10
            },
            "{}: today's rates stand",
            t.name
        );
        // 1 April 2099, 00:00 in India = 31 March 2099, 18:30 UTC.
        let from = 4_078_665_000;
        assert_eq!(
            rates_at(&t.db.pool, from - 1).await.unwrap(),
            Some(today),
            "{}",
            t.name
        );
        assert_eq!(
            rates_at(&t.db.pool, from).await.unwrap(),
            Some(Rates {
                commission_bp: 200,
                tcs_bp: 50,
                tds_bp: 10
            }),
            "{}",
            t.name
        );
        let audit: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'payout.rates_set'")
                .fetch_one(&t.db.pool)
                .await
                .unwrap();
        assert_eq!(audit, 1, "{}", t.name);
        t.close().await;
    }
}
