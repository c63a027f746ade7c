//! A seller's listings through the router, on every backend under test: creating and editing
//! products with photos, the quick stock edit, and every endpoint refusing other people.
mod common;

use axum::http::StatusCode;
use common::http::{api_post, form_post, get, multipart_files, send, session_token, Reply};
use common::TestDb;
use odop_mart::db::Db;

const PASSWORD: &str = "ganga-ghat-loom";

/// An account with a seller in Varanasi (`status`), signed in; returns (session, seller id).
async fn seller(app: &axum::Router, db: &Db, phone: &str, status: &str) -> (String, i64) {
    let reply = send(
        app,
        form_post(
            "/api/register",
            "/register",
            None,
            &format!("display_name=S{phone}&login={phone}&password={PASSWORD}"),
        ),
    )
    .await;
    let token = session_token(&reply).unwrap();
    let user: i64 = sqlx::query_scalar("SELECT id FROM users WHERE phone = $1")
        .bind(phone)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO sellers (slug, display_name_en, display_name_hi, district_slug, category_slug, created_at, user_id, status) \
         VALUES ($1, $2, $2, 'varanasi', 'textile', 0, $3, $4) RETURNING id",
    )
    .bind(format!("shop-{phone}"))
    .bind(format!("Shop {phone}"))
    .bind(user)
    .bind(status)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    (token, id)
}

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image::DynamicImage::new_rgb8(w, h)
        .write_to(
            &mut std::io::Cursor::new(&mut out),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    out
}

const SAREE: &[(&str, &str)] = &[
    ("id", ""),
    ("title_hi", "कढ़ुआ बनारसी साड़ी"),
    ("title_en", "Kadhua Banarasi Saree"),
    ("description_hi", ""),
    (
        "description_en",
        "Hand-woven katan silk with kadhua buttis.",
    ),
    ("category", "textile"),
    ("price", "18,500"),
    ("mrp", "21,000"),
    ("stock", "2"),
    ("hsn", "5007"),
    ("gst_rate", "5"),
    ("weight_g", "900"),
    ("materials", "Katan silk, zari"),
    ("care", "Dry clean only"),
    ("origin", "   "),
    ("handmade", "1"),
    ("gi", "1"),
    ("status", "live"),
];

fn with(
    fields: &[(&'static str, &'static str)],
    changes: &[(&'static str, &'static str)],
) -> Vec<(&'static str, &'static str)> {
    fields
        .iter()
        .map(|(k, v)| {
            (
                *k,
                changes
                    .iter()
                    .find(|(c, _)| c == k)
                    .map(|(_, n)| *n)
                    .unwrap_or(*v),
            )
        })
        .collect()
}

async fn save(
    app: &axum::Router,
    token: Option<&str>,
    fields: &[(&str, &str)],
    photos: &[Vec<u8>],
) -> Reply {
    let files: Vec<(&str, &str, &[u8])> = photos
        .iter()
        .map(|p| ("photos", "photo.jpg", p.as_slice()))
        .collect();
    send(
        app,
        multipart_files("/api/save_product", token, fields, &files),
    )
    .await
}

async fn product_id(db: &Db, title_en: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM products WHERE title_en = $1")
        .bind(title_en)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_verified_seller_lists_a_product_with_photos_and_it_goes_live() {
    for t in TestDb::all().await {
        let app = common::router_for(&t.db);
        let (token, _) = seller(&app, &t.db, "9876511111", "verified").await;
        let saved = save(
            &app,
            Some(&token),
            SAREE,
            &[jpeg(1600, 1200), jpeg(400, 600)],
        )
        .await;
        assert!(
            saved.status.is_redirection() || saved.status.is_success(),
            "{}: {}",
            t.name,
            saved.body
        );
        let id = product_id(&t.db, "Kadhua Banarasi Saree").await;
        let (price, mrp, gi, district): (i64, i64, i64, String) = sqlx::query_as(
            "SELECT price_paise, mrp_paise, gi, district_slug FROM products WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
        assert_eq!(
            (price, mrp, gi, district.as_str()),
            (1_850_000, 2_100_000, 1, "varanasi"),
            "{}",
            t.name
        );
        let images: Vec<(String, String, i64, i64)> = sqlx::query_as(
            "SELECT url, srcset, width, height FROM product_images WHERE product_id = $1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(&t.db.pool)
        .await
        .unwrap();
        assert_eq!(images.len(), 2);
        assert!(
            images[0].0.ends_with("-1280.jpg")
                && images[0].1.contains("-320.jpg 320w")
                && images[0].1.contains("-640.jpg 640w")
        );
        assert_eq!((images[0].2, images[0].3), (1280, 960));
        assert_eq!(
            (images[1].2, images[1].3),
            (400, 600),
            "a small photo is not enlarged"
        );

        // On its district's page, with its picture; on its own page as live.
        let district = send(&app, get("/district/varanasi", None)).await;
        assert!(
            district.body.contains("Kadhua Banarasi Saree"),
            "{}",
            t.name
        );
        assert!(district.body.contains(&images[0].0));
        let dashboard = send(&app, get("/dashboard", Some(&token))).await;
        assert!(
            dashboard.body.contains(r#"data-testid="count-live">1<"#),
            "{}",
            dashboard.body
        );

        // Editing keeps the photos and adds one.
        let edit = with(SAREE, &[("price", "17,999.50")]);
        let id_text = id.to_string();
        let edit: Vec<(&str, &str)> = edit
            .iter()
            .map(|(k, v)| {
                if *k == "id" {
                    (*k, id_text.as_str())
                } else {
                    (*k, *v)
                }
            })
            .collect();
        let edited = save(&app, Some(&token), &edit, &[jpeg(800, 800)]).await;
        assert!(
            edited.status.is_redirection() || edited.status.is_success(),
            "{}",
            edited.body
        );
        let (price, photos): (i64, i64) = sqlx::query_as(
            "SELECT price_paise, (SELECT COUNT(*) FROM product_images WHERE product_id = $1) FROM products WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
        assert_eq!((price, photos), (1_799_950, 3));

        // Quick stock edit to 0: the product stays visible, as out of stock.
        let zero = send(
            &app,
            api_post(
                "/api/set_stock",
                Some(&token),
                &format!("product_id={id}&stock=0"),
            ),
        )
        .await;
        assert!(
            zero.status.is_redirection() || zero.status.is_success(),
            "{}",
            zero.body
        );
        let slug: String = sqlx::query_scalar("SELECT slug FROM products WHERE id = $1")
            .bind(id)
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        let page = send(&app, get(&format!("/product/{slug}"), None)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Out of stock"), "{}", t.name);
        t.close().await;
    }
}

#[tokio::test]
async fn every_listing_endpoint_refuses_whoever_may_not_use_it() {
    for t in TestDb::all().await {
        let app = common::router_for(&t.db);
        let (a, _) = seller(&app, &t.db, "9876511112", "verified").await;
        let (b, _) = seller(&app, &t.db, "9876511113", "verified").await;
        let (pending, _) = seller(&app, &t.db, "9876511114", "pending").await;
        save(&app, Some(&a), SAREE, &[]).await;
        let id = product_id(&t.db, "Kadhua Banarasi Saree").await;
        let id_text = id.to_string();

        // Nobody signed in.
        assert_eq!(
            save(&app, None, SAREE, &[]).await.status,
            StatusCode::UNAUTHORIZED,
            "{}",
            t.name
        );
        assert_eq!(
            send(
                &app,
                api_post("/api/set_stock", None, &format!("product_id={id}&stock=9"))
            )
            .await
            .status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            send(&app, get("/api/load_dashboard", None)).await.status,
            StatusCode::UNAUTHORIZED
        );

        // A shopper has no shop.
        let shopper = send(
            &app,
            form_post(
                "/api/register",
                "/register",
                None,
                &format!("display_name=B&login=9876511115&password={PASSWORD}"),
            ),
        )
        .await;
        let shopper = session_token(&shopper).unwrap();
        assert_eq!(
            save(&app, Some(&shopper), SAREE, &[]).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            send(
                &app,
                api_post(
                    "/api/set_stock",
                    Some(&shopper),
                    &format!("product_id={id}&stock=9")
                )
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            send(&app, get("/api/load_dashboard", Some(&shopper)))
                .await
                .status,
            StatusCode::FORBIDDEN
        );

        // Another seller: A's product does not exist for B, in any endpoint.
        let steal: Vec<(&str, &str)> = SAREE
            .iter()
            .map(|(k, v)| {
                if *k == "id" {
                    (*k, id_text.as_str())
                } else if *k == "title_en" {
                    (*k, "Stolen")
                } else {
                    (*k, *v)
                }
            })
            .collect();
        assert_eq!(
            save(&app, Some(&b), &steal, &[]).await.status,
            StatusCode::NOT_FOUND,
            "{}",
            t.name
        );
        assert_eq!(
            save(&app, Some(&b), &steal, &[jpeg(50, 50)]).await.status,
            StatusCode::NOT_FOUND,
            "a photo cannot be added to it either"
        );
        assert_eq!(
            send(
                &app,
                api_post(
                    "/api/set_stock",
                    Some(&b),
                    &format!("product_id={id}&stock=99")
                )
            )
            .await
            .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            send(
                &app,
                get(&format!("/api/load_product_editor?id={id}"), Some(&b))
            )
            .await
            .status,
            StatusCode::NOT_FOUND
        );
        let (title, stock, photos): (String, i64, i64) = sqlx::query_as(
            "SELECT title_en, stock, (SELECT COUNT(*) FROM product_images WHERE product_id = $1) FROM products WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
        assert_eq!(
            (title.as_str(), stock, photos),
            ("Kadhua Banarasi Saree", 2, 0),
            "{}: A's product is untouched",
            t.name
        );

        // A seller the ODOP cell has not verified may prepare drafts but not go live.
        let live = save(
            &app,
            Some(&pending),
            &with(SAREE, &[("title_en", "Pending saree")]),
            &[],
        )
        .await;
        assert_eq!(live.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(live.body.contains("seller_not_verified"));
        let draft = save(
            &app,
            Some(&pending),
            &with(SAREE, &[("title_en", "Pending saree"), ("status", "draft")]),
            &[],
        )
        .await;
        assert!(
            draft.status.is_redirection() || draft.status.is_success(),
            "{}",
            draft.body
        );

        // From another site: refused before anything runs.
        let mut forged = multipart_files("/api/save_product", Some(&a), SAREE, &[]);
        forged
            .headers_mut()
            .insert("origin", "https://evil.example".parse().unwrap());
        assert_eq!(send(&app, forged).await.status, StatusCode::FORBIDDEN);
        t.close().await;
    }
}

#[tokio::test]
async fn bad_products_and_bad_photos_are_refused_and_nothing_is_saved() {
    for t in TestDb::all().await {
        let app = common::router_for(&t.db);
        let (token, seller_id) = seller(&app, &t.db, "9876511116", "verified").await;
        let bad = save(
            &app,
            Some(&token),
            &with(
                SAREE,
                &[
                    ("price", "0"),
                    ("mrp", "100"),
                    ("hsn", "12345"),
                    ("gst_rate", "7"),
                ],
            ),
            &[],
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", t.name);
        for code in ["price_invalid", "hsn_invalid", "gst_rate_invalid"] {
            assert!(bad.body.contains(code), "{code}: {}", bad.body);
        }
        let cheap = save(&app, Some(&token), &with(SAREE, &[("mrp", "100")]), &[]).await;
        assert!(cheap.body.contains("mrp_below_price"));
        let text = save(
            &app,
            Some(&token),
            SAREE,
            &[b"just text named photo.jpg".to_vec()],
        )
        .await;
        assert!(text.body.contains("photo_not_image"), "{}", text.body);
        let mut cut = jpeg(300, 300);
        cut.truncate(cut.len() - 20);
        assert!(save(&app, Some(&token), SAREE, &[cut])
            .await
            .body
            .contains("photo_broken"));
        let nine: Vec<Vec<u8>> = (0..9).map(|_| jpeg(20, 20)).collect();
        assert!(save(&app, Some(&token), SAREE, &nine)
            .await
            .body
            .contains("photo_too_many"));
        let huge = vec![0xFFu8; 11 * 1024 * 1024];
        assert!(save(&app, Some(&token), SAREE, &[huge])
            .await
            .body
            .contains("photo_too_large"));
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM products WHERE seller_id = $1")
            .bind(seller_id)
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        assert_eq!(n, 0, "{}: nothing half-written", t.name);
        t.close().await;
    }
}
