//! Seller registration, verification by the ODOP cell, the admin's second factor, password
//! change and the audit log — through the router, on every backend under test. Each endpoint is
//! also called by people who must be refused.
use crate::common;

use axum::http::StatusCode;
use common::http::{
    admin_session, api_post, enc, form_post, get, last_code, multipart_post, send, session_token,
    sign_in, Reply,
};
use common::TestDb;
use odop_mart::db::Db;

const PASSWORD: &str = "ganga-ghat-loom";

/// A valid GSTIN registered in Uttar Pradesh (its check character computed, not typed).
fn up_gstin() -> String {
    let first14 = b"09AAPFU0939F1Z";
    let check = odop_mart::domain::gst::check_character(first14).unwrap() as char;
    format!("09AAPFU0939F1Z{check}")
}

async fn post(app: &axum::Router, path: &str, token: Option<&str>, body: &str) -> Reply {
    send(app, api_post(path, token, body)).await
}

/// Registers through step 1 of the wizard and verifies the mobile number; returns the session.
async fn verified_account(app: &axum::Router, db: &Db, phone: &str, name: &str) -> String {
    let reply = send(
        app,
        form_post(
            "/api/register",
            "/sell",
            None,
            &format!(
                "display_name={}&login={phone}&password={PASSWORD}&language=en&seller=1&next=%2Fsell",
                enc(name)
            ),
        ),
    )
    .await;
    assert_eq!(reply.location, "/sell", "{}", reply.body);
    assert!(
        reply
            .set_cookie
            .iter()
            .any(|c| c.starts_with("i18n_pref_locale=en")),
        "the preferred language is remembered"
    );
    let token = session_token(&reply).unwrap();
    let sent = post(app, "/api/send_phone_code", Some(&token), "next=%2Fsell").await;
    assert!(
        sent.status.is_success() || sent.status.is_redirection(),
        "{}",
        sent.body
    );
    let code = last_code(db, phone).await;
    let ok = post(
        app,
        "/api/verify_phone",
        Some(&token),
        &format!("code={code}"),
    )
    .await;
    assert!(
        ok.status.is_success() || ok.status.is_redirection(),
        "{}",
        ok.body
    );
    token
}

/// Steps 2–4 with good answers. Step 2 creates the seller and replaces the session id, so
/// this returns the new session.
async fn complete_application(app: &axum::Router, token: &str, shop: &str) -> String {
    let craft = save_craft(app, token, shop, None).await;
    assert!(
        craft.status.is_redirection() || craft.status.is_success(),
        "{}",
        craft.body
    );
    let token = session_token(&craft).expect("becoming a seller rotates the session");
    let business = post(
        app,
        "/api/save_business",
        Some(&token),
        &format!(
            "business_kind=gst&gstin={}&legal_name=Kashi+Looms&pan=&gst_enrolment=&udyam=UDYAM-UP-67-0012345\
             &pickup_line1=D-12+Bunkar+Colony&pickup_line2=&pickup_city=Varanasi&pickup_pin=221001",
            up_gstin()
        ),
    )
    .await;
    assert!(
        business.status.is_redirection() || business.status.is_success(),
        "{}",
        business.body
    );
    let payout = post(
        app,
        "/api/save_payout",
        Some(&token),
        "payout_method=upi&upi_vpa=kashi.looms%40oksbi&bank_account=&ifsc=&account_holder=Asha+Devi",
    )
    .await;
    assert!(
        payout.status.is_redirection() || payout.status.is_success(),
        "{}",
        payout.body
    );
    token
}

/// Step 2 as the browser posts it (multipart, with an optional photo).
async fn save_craft(
    app: &axum::Router,
    token: &str,
    shop: &str,
    photo: Option<(&str, &[u8])>,
) -> Reply {
    send(
        app,
        multipart_post(
            "/api/save_craft",
            Some(token),
            &[
                ("shop_name", shop),
                ("district", "varanasi"),
                ("category", "textile"),
                (
                    "story",
                    "Three generations of katan silk weavers in Lallapura.",
                ),
            ],
            photo,
        ),
    )
    .await
}

/// A phone photo: a JPEG carrying an EXIF block with a GPS position.
fn phone_photo() -> Vec<u8> {
    let img = image::DynamicImage::new_rgb8(640, 480);
    let mut jpeg = Vec::new();
    img.write_to(
        &mut std::io::Cursor::new(&mut jpeg),
        image::ImageFormat::Jpeg,
    )
    .unwrap();
    let payload = b"Exif\0\0GPSLatitude 25.3176 N GPSLongitude 82.9739 E";
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    app1.extend_from_slice(payload);
    // Right after the start-of-image marker, where cameras put it.
    jpeg.splice(2..2, app1);
    assert!(image::load_from_memory(&jpeg).is_ok());
    jpeg
}

/// An admin who signed in and passed the second factor; returns the session.
async fn seller_id(db: &Db, shop: &str) -> i64 {
    sqlx::query_scalar::<_, i64>("SELECT id FROM sellers WHERE display_name_en = $1")
        .bind(shop)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

async fn audit_actions(db: &Db, seller: i64) -> Vec<String> {
    sqlx::query_scalar::<_, String>("SELECT action FROM audit_log WHERE subject = $1 ORDER BY id")
        .bind(format!("seller:{seller}"))
        .fetch_all(&db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_seller_registers_in_four_steps_and_the_odop_cell_approves() {
    for t in TestDb::all().await {
        let app = common::router_for(&t.db);
        let guest = send(&app, get("/sell", None)).await;
        assert!(
            guest.body.contains(r#"data-step="1""#) && guest.body.contains(r#"name="seller""#),
            "{}: a guest starts with step 1",
            t.name
        );
        let district_page = send(&app, get("/district/varanasi", None)).await;
        assert!(
            district_page.body.contains("district=varanasi")
                && district_page.body.contains(r#"data-testid="sell-here""#)
        );

        let first = verified_account(&app, &t.db, "9876500101", "Asha Devi").await;
        let before = send(&app, get("/sell", Some(&first))).await;
        assert!(
            before.body.contains(r#"data-step="2""#),
            "{}: next comes the craft",
            t.name
        );
        assert!(
            before.body.contains("Varanasi"),
            "the district list is on the page"
        );
        // Coming from a district's page, that district is chosen already.
        let chosen = send(&app, get("/sell?step=2&district=agra", Some(&first))).await;
        assert!(
            chosen.body.contains(r#"<option value="agra" selected"#),
            "{}",
            t.name
        );

        let token = complete_application(&app, &first, "Kashi Looms").await;
        assert!(
            send(&app, get("/account", Some(&first)))
                .await
                .body
                .contains("You are not signed in"),
            "{}: becoming a seller replaced the session id; the old one is refused",
            t.name
        );
        let review = send(&app, get("/sell", Some(&token))).await;
        assert!(review.body.contains(r#"data-step="5""#), "{}", t.name);
        assert!(review.body.contains(&up_gstin()));
        assert!(review.body.contains("kashi.looms@oksbi"));
        assert!(review.body.contains("Send for verification"));

        // The session id changed when the account became a seller: the old one is dead.
        let seller = seller_id(&t.db, "Kashi Looms").await;
        let slug: String = sqlx::query_scalar("SELECT slug FROM sellers WHERE id = $1")
            .bind(seller)
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        assert!(slug.starts_with("kashi-looms-"), "{slug}");
        assert_eq!(
            send(&app, get(&format!("/seller/{slug}"), None))
                .await
                .status,
            StatusCode::NOT_FOUND,
            "{}: a draft seller has no public page",
            t.name
        );

        let sent = post(&app, "/api/submit_application", Some(&token), "").await;
        assert!(
            sent.status.is_redirection() || sent.status.is_success(),
            "{}",
            sent.body
        );
        let pending = send(&app, get("/sell", Some(&token))).await;
        assert!(
            pending.body.contains(r#"data-status="pending""#),
            "{}",
            t.name
        );
        // A pending application cannot be changed behind the ODOP cell's back.
        let locked = post(
            &app,
            "/api/save_payout",
            Some(&token),
            "payout_method=upi&upi_vpa=someone.else%40okaxis&bank_account=&ifsc=&account_holder=Someone",
        )
        .await;
        assert_eq!(locked.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(locked.body.contains("application_locked"));

        let admin = admin_session(&app, &t.db, "cell@odop.test").await;
        let queue = send(&app, get("/admin/sellers", Some(&admin))).await;
        assert!(
            queue.body.contains("Kashi Looms"),
            "{}: {}",
            t.name,
            queue.body
        );
        assert!(queue.body.contains("+91 9876500101"));

        let approved = post(
            &app,
            "/api/approve_seller",
            Some(&admin),
            &format!("seller_id={seller}"),
        )
        .await;
        assert!(
            approved.status.is_redirection() || approved.status.is_success(),
            "{}",
            approved.body
        );
        let verified = send(&app, get("/sell", Some(&token))).await;
        assert!(
            verified.body.contains(r#"data-status="verified""#),
            "{}",
            t.name
        );
        assert!(verified.body.contains("Verified seller"));
        // Pages about a person are never kept in a shared phone's cache; public pages may be.
        assert!(fetch_bytes(&app, "/sell").await.1.contains("no-store"));
        assert!(fetch_bytes(&app, "/admin/sellers")
            .await
            .1
            .contains("no-store"));
        assert!(!fetch_bytes(&app, "/district/varanasi")
            .await
            .1
            .contains("no-store"));
        let public = send(&app, get(&format!("/seller/{slug}"), None)).await;
        assert_eq!(public.status, StatusCode::OK);
        assert!(public.body.contains("Kashi Looms") && public.body.contains("katan silk weavers"));
        assert!(
            !public.body.contains(&up_gstin()),
            "KYC details are not public"
        );
        assert_eq!(
            audit_actions(&t.db, seller).await,
            ["seller.submitted", "seller.approved"]
        );
        // Deciding twice is refused: it is no longer pending.
        let again = post(
            &app,
            "/api/approve_seller",
            Some(&admin),
            &format!("seller_id={seller}"),
        )
        .await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
        let sms: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE recipient = '+919876500101' AND body LIKE '%verified%'")
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        assert_eq!(sms, 1, "the seller is told by SMS");
        t.close().await;
    }
}

#[tokio::test]
async fn a_rejected_seller_sees_the_reason_corrects_it_and_sends_again() {
    for t in TestDb::all().await {
        let app = common::router_for(&t.db);
        let token = verified_account(&app, &t.db, "9876500102", "Ramesh").await;
        let token = complete_application(&app, &token, "Moonj Craft").await;
        post(&app, "/api/submit_application", Some(&token), "").await;
        let seller = seller_id(&t.db, "Moonj Craft").await;
        let admin = admin_session(&app, &t.db, "9876500900").await;

        let vague = post(
            &app,
            "/api/reject_seller",
            Some(&admin),
            &format!("seller_id={seller}&reason=no"),
        )
        .await;
        assert_eq!(vague.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", t.name);
        assert!(vague.body.contains("reason_invalid"));
        let reason = "The UPI id does not belong to the account holder.";
        let rejected = post(
            &app,
            "/api/reject_seller",
            Some(&admin),
            &format!("seller_id={seller}&reason={}", enc(reason)),
        )
        .await;
        assert!(
            rejected.status.is_redirection() || rejected.status.is_success(),
            "{}",
            rejected.body
        );

        let page = send(&app, get("/sell", Some(&token))).await;
        assert!(
            page.body.contains(r#"data-status="rejected""#),
            "{}",
            t.name
        );
        assert!(page.body.contains(reason));
        // Rejected: editable again, and it can be sent again.
        let fixed = post(
            &app,
            "/api/save_payout",
            Some(&token),
            "payout_method=bank&upi_vpa=&bank_account=3012+4567+8901&ifsc=sbin0001234&account_holder=Ramesh+Kumar",
        )
        .await;
        assert!(
            fixed.status.is_redirection() || fixed.status.is_success(),
            "{}",
            fixed.body
        );
        let own = send(&app, get("/sell?step=4", Some(&token))).await;
        assert!(
            own.body.contains("XXXXXXXX8901") && !own.body.contains("301245678901"),
            "the seller's page masks the account number"
        );
        post(&app, "/api/submit_application", Some(&token), "").await;
        let queue = send(&app, get("/admin/sellers", Some(&admin))).await;
        assert!(
            queue.body.contains("301245678901"),
            "the ODOP cell sees the whole number to check it"
        );
        assert_eq!(
            audit_actions(&t.db, seller).await,
            ["seller.submitted", "seller.rejected", "seller.submitted"]
        );
        let detail: String =
            sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = 'seller.rejected'")
                .fetch_one(&t.db.pool)
                .await
                .unwrap();
        assert_eq!(detail, reason);
        t.close().await;
    }
}

#[tokio::test]
async fn seller_and_admin_endpoints_refuse_whoever_may_not_call_them() {
    for t in TestDb::all().await {
        let app = common::router_for(&t.db);
        let seller_endpoints = [
            ("/api/save_business", "business_kind=unregistered&gstin=&legal_name=&pan=ABCPK1234M&gst_enrolment=09ABCPK1234M1ZQ&udyam=&pickup_line1=Lane+1&pickup_line2=&pickup_city=Agra&pickup_pin=282001"),
            ("/api/save_payout", "payout_method=upi&upi_vpa=a%40oksbi&bank_account=&ifsc=&account_holder=Asha"),
            ("/api/submit_application", ""),
        ];
        let admin_endpoints = [
            ("/api/approve_seller", "seller_id=1"),
            (
                "/api/reject_seller",
                "seller_id=1&reason=Not+a+real+workshop+address",
            ),
        ];
        // Nobody signed in.
        let craft = |token: Option<&str>| {
            multipart_post(
                "/api/save_craft",
                token,
                &[
                    ("shop_name", "X Y"),
                    ("district", "varanasi"),
                    ("category", "textile"),
                    ("story", "A long enough story"),
                ],
                None,
            )
        };
        assert_eq!(
            send(&app, craft(None)).await.status,
            StatusCode::UNAUTHORIZED,
            "{}",
            t.name
        );
        for (path, body) in seller_endpoints.iter().chain(admin_endpoints.iter()) {
            assert_eq!(
                post(&app, path, None, body).await.status,
                StatusCode::UNAUTHORIZED,
                "{}: {path}",
                t.name
            );
        }
        assert_eq!(
            send(&app, get("/api/seller_queue", None)).await.status,
            StatusCode::UNAUTHORIZED
        );

        // A shopper whose mobile number is not verified cannot start selling.
        let shopper = send(
            &app,
            form_post(
                "/api/register",
                "/register",
                None,
                &format!("display_name=Shopper&login=9876500103&password={PASSWORD}"),
            ),
        )
        .await;
        let shopper = session_token(&shopper).unwrap();
        let unverified = post(
            &app,
            seller_endpoints[0].0,
            Some(&shopper),
            seller_endpoints[0].1,
        )
        .await;
        assert_eq!(
            unverified.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            t.name
        );
        assert!(unverified.body.contains("phone_unverified"));
        // …nor see the queue or decide.
        for (path, body) in admin_endpoints {
            assert_eq!(
                post(&app, path, Some(&shopper), body).await.status,
                StatusCode::FORBIDDEN,
                "{}: {path}",
                t.name
            );
        }
        assert_eq!(
            send(&app, get("/api/seller_queue", Some(&shopper)))
                .await
                .status,
            StatusCode::FORBIDDEN
        );

        // Two sellers: each call acts on the caller's own application, and a seller cannot
        // approve itself.
        let a = verified_account(&app, &t.db, "9876500104", "Seller A").await;
        let a = complete_application(&app, &a, "Shop A").await;
        post(&app, "/api/submit_application", Some(&a), "").await;
        let b = verified_account(&app, &t.db, "9876500105", "Seller B").await;
        let b = complete_application(&app, &b, "Shop B").await;
        let shop_a = seller_id(&t.db, "Shop A").await;
        let approve_self = post(
            &app,
            "/api/approve_seller",
            Some(&a),
            &format!("seller_id={shop_a}"),
        )
        .await;
        assert_eq!(approve_self.status, StatusCode::FORBIDDEN, "{}", t.name);
        let b_approves_a = post(
            &app,
            "/api/approve_seller",
            Some(&b),
            &format!("seller_id={shop_a}"),
        )
        .await;
        assert_eq!(b_approves_a.status, StatusCode::FORBIDDEN);
        let b_edits = post(&app, seller_endpoints[0].0, Some(&b), seller_endpoints[0].1).await;
        assert!(
            b_edits.status.is_redirection() || b_edits.status.is_success(),
            "{}",
            b_edits.body
        );
        let a_city: String =
            sqlx::query_scalar("SELECT pickup_city FROM seller_applications WHERE seller_id = $1")
                .bind(shop_a)
                .fetch_one(&t.db.pool)
                .await
                .unwrap();
        assert_eq!(a_city, "Varanasi", "B's save did not touch A's application");
        let status_a: String = sqlx::query_scalar("SELECT status FROM sellers WHERE id = $1")
            .bind(shop_a)
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        assert_eq!(status_a, "pending");

        // A cross-site form post is refused before it reaches any endpoint.
        let mut forged = craft(Some(&b));
        forged
            .headers_mut()
            .insert("origin", "https://evil.example".parse().unwrap());
        assert_eq!(send(&app, forged).await.status, StatusCode::FORBIDDEN);
        t.close().await;
    }
}

#[tokio::test]
async fn wrong_kyc_and_payout_details_are_refused_with_every_reason_and_nothing_saved() {
    for t in TestDb::all().await {
        let app = common::router_for(&t.db);
        let token = verified_account(&app, &t.db, "9876500106", "Kamla").await;
        let early = post(&app, "/api/save_business", Some(&token), "business_kind=gst&gstin=&legal_name=&pan=&gst_enrolment=&udyam=&pickup_line1=&pickup_line2=&pickup_city=&pickup_pin=").await;
        assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
        let token = complete_application(&app, &token, "Kamla Pottery").await;
        let seller = seller_id(&t.db, "Kamla Pottery").await;

        let mut wrong_check = up_gstin();
        let last = wrong_check.pop().unwrap();
        wrong_check.push(if last == 'A' { 'B' } else { 'A' });
        let bad = post(
            &app,
            "/api/save_business",
            Some(&token),
            &format!(
                "business_kind=gst&gstin={wrong_check}&legal_name=K&pan=&gst_enrolment=&udyam=UDYAM-1\
                 &pickup_line1=Gali+2&pickup_line2=&pickup_city=Dehradun&pickup_pin=248001"
            ),
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", t.name);
        for code in [
            "gstin_check",
            "legal_name_invalid",
            "udyam_invalid",
            "pin_not_up",
        ] {
            assert!(
                bad.body.contains(code),
                "{}: {code} in {}",
                t.name,
                bad.body
            );
        }
        let other_state = post(
            &app,
            "/api/save_business",
            Some(&token),
            "business_kind=gst&gstin=27AAPFU0939F1ZV&legal_name=Kamla+Pottery&pan=&gst_enrolment=&udyam=\
             &pickup_line1=Gali+2&pickup_line2=&pickup_city=Khurja&pickup_pin=203131",
        )
        .await;
        assert!(
            other_state.body.contains("gstin_state"),
            "{}",
            other_state.body
        );
        let payout = post(
            &app,
            "/api/save_payout",
            Some(&token),
            "payout_method=bank&upi_vpa=&bank_account=12AB&ifsc=SBIN1234567&account_holder=Kamla",
        )
        .await;
        assert!(
            payout.body.contains("bank_account_invalid") && payout.body.contains("ifsc_invalid"),
            "{}",
            payout.body
        );
        // Nothing of the refused forms was written.
        let (gstin, pin, method): (Option<String>, Option<String>, Option<String>) = sqlx::query_as(
            "SELECT gstin, pickup_pin, payout_method FROM seller_applications WHERE seller_id = $1",
        )
        .bind(seller)
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
        assert_eq!(
            (gstin, pin, method),
            (Some(up_gstin()), Some("221001".into()), Some("upi".into()))
        );

        // A plain form post (no JavaScript) comes back to its page with the error to show.
        let plain = send(
            &app,
            form_post(
                "/api/save_payout",
                "/sell?step=4",
                Some(&format!("odop_session={token}")),
                "payout_method=upi&upi_vpa=nope&bank_account=&ifsc=&account_holder=Kamla",
            ),
        )
        .await;
        assert_eq!(plain.status, StatusCode::FOUND);
        let back = plain.location.trim_start_matches(common::http::ORIGIN);
        assert!(
            back.starts_with("/sell?step=4") && back.contains("__err="),
            "{back}"
        );
        let shown = send(&app, get(back, Some(&token))).await;
        assert!(
            shown.body.contains("A UPI ID looks like name@bank."),
            "{}: the page shows why",
            t.name
        );
        t.close().await;
    }
}

#[tokio::test]
async fn the_second_factor_code_works_once_and_a_wrong_one_is_refused() {
    for t in TestDb::all().await {
        let app = common::router_for(&t.db);
        let admin = odop_mart::identity::admin::create_admin(
            &t.db,
            "otp@odop.test",
            "Cell",
            Some(PASSWORD.into()),
            false,
        )
        .await
        .unwrap();
        let signed_in = sign_in(&app, "otp@odop.test", PASSWORD).await;
        let token = session_token(&signed_in).unwrap();
        let wrong = post(
            &app,
            "/api/verify_second_factor",
            Some(&token),
            "code=000000",
        )
        .await;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let code = odop_mart::identity::totp::code_at(&admin.secret, now).unwrap();
        if code != "000000" {
            assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", t.name);
            assert!(wrong.body.contains("totp_wrong"));
        }
        let right = post(
            &app,
            "/api/verify_second_factor",
            Some(&token),
            &format!("code={code}"),
        )
        .await;
        let elevated = session_token(&right).expect("a new session after the second factor");
        assert_eq!(
            send(&app, get("/api/seller_queue", Some(&elevated)))
                .await
                .status,
            StatusCode::OK
        );
        assert_eq!(
            send(&app, get("/api/seller_queue", Some(&token)))
                .await
                .status,
            StatusCode::UNAUTHORIZED,
            "{}: the session before the second factor is gone",
            t.name
        );
        // Signing in again needs the factor again, and the spent code does not pass.
        let again = sign_in(&app, "otp@odop.test", PASSWORD).await;
        let again = session_token(&again).unwrap();
        let replay = post(
            &app,
            "/api/verify_second_factor",
            Some(&again),
            &format!("code={code}"),
        )
        .await;
        assert_eq!(
            replay.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}: a code works once",
            t.name
        );
        // A passed second factor lasts a working day, not the whole life of the session.
        sqlx::query("UPDATE sessions SET second_factor_at = second_factor_at - 13 * 3600")
            .execute(&t.db.pool)
            .await
            .unwrap();
        assert_eq!(
            send(&app, get("/api/seller_queue", Some(&elevated)))
                .await
                .status,
            StatusCode::FORBIDDEN,
            "{}",
            t.name
        );
        // Parallel guesses cannot slip past the limit: each is counted before it is checked.
        let guesses: Vec<_> = (0..8)
            .map(|_| {
                let app = app.clone();
                let again = again.clone();
                tokio::spawn(async move {
                    post(
                        &app,
                        "/api/verify_second_factor",
                        Some(&again),
                        "code=999999",
                    )
                    .await
                    .status
                })
            })
            .collect();
        let mut limited = 0;
        for g in guesses {
            if g.await.unwrap() == StatusCode::TOO_MANY_REQUESTS {
                limited += 1;
            }
        }
        assert!(
            limited >= 3,
            "{}: at most 5 of 8 guesses were checked ({limited} refused)",
            t.name
        );
        // A shopper cannot even try.
        let shopper = send(
            &app,
            form_post(
                "/api/register",
                "/register",
                None,
                &format!("display_name=S&login=9876500107&password={PASSWORD}"),
            ),
        )
        .await;
        let shopper = session_token(&shopper).unwrap();
        assert_eq!(
            post(
                &app,
                "/api/verify_second_factor",
                Some(&shopper),
                &format!("code={code}")
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );
        t.close().await;
    }
}

#[tokio::test]
async fn create_admin_needs_a_password_for_a_new_account_and_ends_old_sessions() {
    for t in TestDb::all().await {
        let none =
            odop_mart::identity::admin::create_admin(&t.db, "new@odop.test", "Cell", None, false)
                .await;
        assert!(none.is_err(), "{}: no default password", t.name);
        let weak = odop_mart::identity::admin::create_admin(
            &t.db,
            "new@odop.test",
            "Cell",
            Some("password".into()),
            false,
        )
        .await;
        assert!(weak.is_err());
        let app = common::router_for(&t.db);
        let shopper = send(
            &app,
            form_post(
                "/api/register",
                "/register",
                None,
                &format!("display_name=S&login=9876500108&password={PASSWORD}"),
            ),
        )
        .await;
        let shopper = session_token(&shopper).unwrap();
        // Someone else's account is not promoted by accident…
        let refused =
            odop_mart::identity::admin::create_admin(&t.db, "9876500108", "Cell", None, false)
                .await;
        assert!(refused.is_err(), "{}", t.name);
        assert!(send(&app, get("/account", Some(&shopper)))
            .await
            .body
            .contains("Signed in as S"));
        // …only on purpose.
        let made =
            odop_mart::identity::admin::create_admin(&t.db, "9876500108", "Cell", None, true)
                .await
                .unwrap();
        assert!(made.otpauth_url.starts_with("otpauth://totp/"));
        let account = send(&app, get("/account", Some(&shopper))).await;
        assert!(
            account.body.contains("You are not signed in"),
            "{}: a role change ends the sessions",
            t.name
        );
        let audit: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'admin.created'")
                .fetch_one(&t.db.pool)
                .await
                .unwrap();
        assert_eq!(audit, 1);
        t.close().await;
    }
}

#[tokio::test]
async fn a_password_change_needs_the_current_one_and_ends_other_sessions() {
    for t in TestDb::all().await {
        let app = common::router_for(&t.db);
        let phone = send(
            &app,
            form_post(
                "/api/register",
                "/register",
                None,
                &format!("display_name=Asha&login=9876500109&password={PASSWORD}"),
            ),
        )
        .await;
        let phone = session_token(&phone).unwrap();
        let laptop = sign_in(&app, "9876500109", PASSWORD).await;
        let laptop = session_token(&laptop).unwrap();

        let wrong = post(
            &app,
            "/api/change_password",
            Some(&phone),
            "current=not-it&new_password=chikan-kurta-lucknow",
        )
        .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", t.name);
        assert!(wrong.body.contains("current_password_wrong"));
        let weak = post(
            &app,
            "/api/change_password",
            Some(&phone),
            &format!("current={PASSWORD}&new_password=12345678"),
        )
        .await;
        assert!(weak.body.contains("password_common"), "{}", weak.body);
        assert_eq!(
            post(
                &app,
                "/api/change_password",
                None,
                "current=a&new_password=b"
            )
            .await
            .status,
            StatusCode::UNAUTHORIZED
        );

        let changed = post(
            &app,
            "/api/change_password",
            Some(&phone),
            &format!("current={PASSWORD}&new_password=chikan-kurta-lucknow"),
        )
        .await;
        let renewed = session_token(&changed).expect("this session gets a new id");
        assert!(send(&app, get("/account", Some(&renewed)))
            .await
            .body
            .contains("Signed in as Asha"));
        assert!(
            send(&app, get("/account", Some(&laptop)))
                .await
                .body
                .contains("You are not signed in"),
            "{}: other sessions end",
            t.name
        );
        let old = sign_in(&app, "9876500109", PASSWORD).await;
        assert!(
            session_token(&old).is_none(),
            "the old password no longer works"
        );
        let new = send(
            &app,
            form_post(
                "/api/sign_in",
                "/sign-in",
                None,
                "login=9876500109&password=chikan-kurta-lucknow",
            ),
        )
        .await;
        assert!(session_token(&new).is_some());
        t.close().await;
    }
}

#[tokio::test]
async fn the_audit_log_refuses_changes_and_deletions() {
    for t in TestDb::all().await {
        odop_mart::audit::record(&t.db.pool, None, "test.entry", "user:1", "kept")
            .await
            .unwrap();
        let update = sqlx::query("UPDATE audit_log SET detail = 'changed'")
            .execute(&t.db.pool)
            .await;
        assert!(update.is_err(), "{}: an update is refused", t.name);
        let delete = sqlx::query("DELETE FROM audit_log")
            .execute(&t.db.pool)
            .await;
        assert!(delete.is_err(), "{}: a deletion is refused", t.name);
        let detail: String = sqlx::query_scalar("SELECT detail FROM audit_log")
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        assert_eq!(detail, "kept");
        t.close().await;
    }
}

#[tokio::test]
async fn products_of_sellers_who_are_not_verified_are_not_shown() {
    for t in TestDb::all().await {
        common::fixture(&t.db).await;
        let app = common::router_for(&t.db);
        assert!(send(&app, get("/products", None))
            .await
            .body
            .contains("Katan Silk Banarasi Saree"));
        sqlx::query("UPDATE sellers SET status = 'pending' WHERE slug = 's-varanasi'")
            .execute(&t.db.pool)
            .await
            .unwrap();
        let list = send(&app, get("/products", None)).await;
        assert!(
            !list.body.contains("Katan Silk Banarasi Saree"),
            "{}",
            t.name
        );
        assert!(list.body.contains("Chikankari Kurta"), "other sellers stay");
        assert_eq!(
            send(&app, get("/product/v-saree-silk", None)).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            send(&app, get("/seller/s-varanasi", None)).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            send(&app, get("/seller/s-lucknow", None)).await.status,
            StatusCode::OK
        );
        t.close().await;
    }
}

#[tokio::test]
async fn the_profile_photo_is_checked_by_content_resized_and_stripped_of_gps() {
    for t in TestDb::all().await {
        let app = common::router_for(&t.db);
        let token = verified_account(&app, &t.db, "9876500110", "Photo Seller").await;
        // Refused uploads save nothing at all, not even the text of the form.
        let text = save_craft(
            &app,
            &token,
            "Photo Shop",
            Some(("photo.jpg", b"not a photo, just text")),
        )
        .await;
        assert_eq!(text.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", t.name);
        assert!(text.body.contains("photo_not_image"));
        let mut truncated = phone_photo();
        truncated.truncate(truncated.len() / 2);
        let broken = save_craft(&app, &token, "Photo Shop", Some(("cut.jpg", &truncated))).await;
        assert!(broken.body.contains("photo_broken"), "{}", broken.body);
        let huge = vec![0xFFu8; 11 * 1024 * 1024];
        let big = save_craft(&app, &token, "Photo Shop", Some(("big.jpg", &huge))).await;
        assert!(big.body.contains("photo_too_large"), "{}", big.body);
        let none: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM sellers WHERE display_name_en = 'Photo Shop'")
                .fetch_one(&t.db.pool)
                .await
                .unwrap();
        assert_eq!(none, 0, "{}: nothing half-written", t.name);

        let ok = save_craft(
            &app,
            &token,
            "Photo Shop",
            Some(("IMG_2041.jpg", &phone_photo())),
        )
        .await;
        assert!(
            ok.status.is_redirection() || ok.status.is_success(),
            "{}",
            ok.body
        );
        let (url, srcset): (String, String) = sqlx::query_as(
            "SELECT photo_url, photo_srcset FROM sellers WHERE display_name_en = 'Photo Shop'",
        )
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
        assert!(
            url.starts_with("/media/sellers/") && url.ends_with("-400.jpg"),
            "{url}"
        );
        assert!(
            srcset.contains("-200.jpg 200w") && srcset.contains("-400.jpg 400w"),
            "{srcset}"
        );
        let resp = fetch_bytes(&app, &url).await;
        assert_eq!(resp.0, StatusCode::OK);
        assert!(
            resp.1.contains("immutable"),
            "served with a long cache: {}",
            resp.1
        );
        let stored = image::load_from_memory(&resp.2).unwrap();
        assert_eq!((stored.width(), stored.height()), (400, 400));
        assert!(
            !resp.2.windows(4).any(|w| w == b"Exif") && !resp.2.windows(3).any(|w| w == b"GPS"),
            "{}: the stored copy carries no EXIF or GPS",
            t.name
        );
        t.close().await;
    }
}

/// GETs a path; returns status, Cache-Control and the body bytes.
async fn fetch_bytes(app: &axum::Router, path: &str) -> (StatusCode, String, Vec<u8>) {
    use tower::ServiceExt;
    let resp = app
        .clone()
        .oneshot(
            axum::http::Request::get(path)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let status = resp.status();
    let cache = resp
        .headers()
        .get("cache-control")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = axum::body::to_bytes(resp.into_body(), 20 << 20)
        .await
        .unwrap();
    (status, cache, body.to_vec())
}

#[tokio::test]
async fn a_seller_stops_after_a_step_and_continues_later_from_another_phone() {
    for t in TestDb::all().await {
        let app = common::router_for(&t.db);
        let first = verified_account(&app, &t.db, "9876500111", "Meena").await;
        let craft = save_craft(&app, &first, "Meena Pottery", None).await;
        assert!(
            craft.status.is_redirection() || craft.status.is_success(),
            "{}",
            craft.body
        );
        // Days later, on another phone: sign in, and the wizard continues at step 3 with step 2
        // kept.
        let other = session_token(&sign_in(&app, "9876500111", PASSWORD).await).unwrap();
        let page = send(&app, get("/sell", Some(&other))).await;
        assert!(page.body.contains(r#"data-step="3""#), "{}", t.name);
        let step2 = send(&app, get("/sell?step=2", Some(&other))).await;
        assert!(
            step2.body.contains(r#"value="Meena Pottery""#),
            "{}",
            t.name
        );
        assert!(step2
            .body
            .contains("Three generations of katan silk weavers"));
        // Steps cannot be skipped: step 5 is shown only when 3 and 4 are done.
        let skip = send(&app, get("/sell?step=5", Some(&other))).await;
        assert!(skip.body.contains(r#"data-step="3""#), "{}", t.name);
        t.close().await;
    }
}
