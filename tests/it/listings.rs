//! A seller's listings through the router, on every backend under test: creating and editing
//! products with photos, the quick stock edit, and every endpoint refusing other people.
use crate::common;

use axum::http::StatusCode;
use common::http::{
    admin_session, api_post, form_post, get, multipart_files, send, session_token, Reply,
};
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

/// SAREE with `changes` applied and `extra` fields added.
fn fields(changes: &[(&str, &str)], extra: &[(String, String)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = SAREE
        .iter()
        .map(|(k, v)| {
            let v = changes.iter().find(|(c, _)| c == k).map_or(*v, |(_, n)| *n);
            (k.to_string(), v.to_string())
        })
        .collect();
    out.extend(extra.iter().cloned());
    out
}

fn option(
    i: usize,
    id: &str,
    sku: &str,
    label: &str,
    price: &str,
    mrp: &str,
    stock: &str,
) -> Vec<(String, String)> {
    [
        ("id", id),
        ("sku", sku),
        ("label", label),
        ("price", price),
        ("mrp", mrp),
        ("stock", stock),
    ]
    .iter()
    .map(|(w, v)| (format!("v{i}_{w}"), v.to_string()))
    .collect()
}

async fn save_owned(
    app: &axum::Router,
    token: &str,
    f: &[(String, String)],
    photos: &[Vec<u8>],
) -> Reply {
    let borrowed: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    save(app, Some(token), &borrowed, photos).await
}

fn ok(reply: &Reply) -> bool {
    reply.status.is_redirection() || reply.status.is_success()
}

#[tokio::test]
async fn options_set_price_and_stock_show_on_the_product_and_can_be_removed() {
    for t in TestDb::all().await {
        let app = common::router_for(&t.db);
        let (token, _) = seller(&app, &t.db, "9876511121", "verified").await;
        let mut extra = vec![("sku".to_string(), "SAREE-1".to_string())];
        extra.extend(option(0, "", "SAREE-1-RED", "Red", "19,000", "", "2"));
        extra.extend(option(
            1,
            "",
            "SAREE-1-GOLD",
            "Gold",
            "18,000",
            "20,000",
            "3",
        ));
        let saved = save_owned(&app, &token, &fields(&[], &extra), &[]).await;
        assert!(ok(&saved), "{}: {}", t.name, saved.body);
        let id = product_id(&t.db, "Kadhua Banarasi Saree").await;
        let (price, mrp, stock, slug): (i64, i64, i64, String) = sqlx::query_as(
            "SELECT price_paise, mrp_paise, stock, slug FROM products WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
        assert_eq!(
            (price, mrp, stock),
            (1_800_000, 2_000_000, 5),
            "{}: the cheapest option's price, the stock of all",
            t.name
        );
        let page = send(&app, get(&format!("/product/{slug}"), None)).await;
        assert_eq!(
            page.body.matches(r#"data-testid="product-option""#).count(),
            2,
            "{}",
            t.name
        );
        assert!(page.body.contains("Gold") && page.body.contains("₹19,000"));

        // The quick stock edit is for products without options.
        let quick = send(
            &app,
            api_post(
                "/api/set_stock",
                Some(&token),
                &format!("product_id={id}&stock=9"),
            ),
        )
        .await;
        assert_eq!(quick.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(quick.body.contains("stock_in_options"));

        // Clearing the gold row removes it; the red one is updated in place.
        let red: i64 =
            sqlx::query_scalar("SELECT id FROM product_variants WHERE sku = 'SAREE-1-RED'")
                .fetch_one(&t.db.pool)
                .await
                .unwrap();
        let mut extra = vec![("sku".to_string(), "SAREE-1".to_string())];
        extra.extend(option(
            0,
            &red.to_string(),
            "SAREE-1-RED",
            "Red",
            "19,000",
            "",
            "0",
        ));
        extra.extend(option(1, "", "", "", "", "", ""));
        let edited = save_owned(
            &app,
            &token,
            &fields(&[("id", &id.to_string())], &extra),
            &[],
        )
        .await;
        assert!(ok(&edited), "{}", edited.body);
        let options: Vec<(i64, String, i64)> =
            sqlx::query_as("SELECT id, sku, stock FROM product_variants WHERE product_id = $1")
                .bind(id)
                .fetch_all(&t.db.pool)
                .await
                .unwrap();
        assert_eq!(
            options,
            vec![(red, "SAREE-1-RED".to_string(), 0)],
            "{}",
            t.name
        );
        let page = send(&app, get(&format!("/product/{slug}"), None)).await;
        assert!(page.body.contains("Out of stock"), "{}", t.name);

        // A SKU names one thing of the seller; another seller may use the same code.
        let clash = save_owned(
            &app,
            &token,
            &fields(
                &[("title_en", "Another")],
                &[("sku".into(), "SAREE-1-RED".into())],
            ),
            &[],
        )
        .await;
        assert_eq!(clash.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", t.name);
        assert!(clash.body.contains("sku_taken"), "{}", clash.body);
        let repeated = save_owned(
            &app,
            &token,
            &fields(
                &[("title_en", "Twice")],
                &[
                    option(0, "", "X-1", "A", "10", "", "1"),
                    option(1, "", "X-1", "B", "10", "", "1"),
                ]
                .concat(),
            ),
            &[],
        )
        .await;
        assert!(repeated.body.contains("sku_repeated"), "{}", repeated.body);
        let (other, _) = seller(&app, &t.db, "9876511122", "verified").await;
        let theirs = save_owned(
            &app,
            &other,
            &fields(
                &[("title_en", "Their saree")],
                &[("sku".into(), "SAREE-1".into())],
            ),
            &[],
        )
        .await;
        assert!(ok(&theirs), "{}", theirs.body);
        // A product saved without a SKU gets one (CSV import finds products by it).
        let auto: Option<String> = sqlx::query_scalar("SELECT sku FROM products WHERE title_en = 'Kadhua Banarasi Saree' AND sku IS NOT NULL AND id <> $1")
            .bind(id)
            .fetch_optional(&t.db.pool)
            .await
            .unwrap();
        assert!(auto.is_none());
        let plain = save_owned(&app, &other, &fields(&[("title_en", "No code")], &[]), &[]).await;
        assert!(ok(&plain));
        let code: String =
            sqlx::query_scalar("SELECT sku FROM products WHERE title_en = 'No code'")
                .fetch_one(&t.db.pool)
                .await
                .unwrap();
        assert!(code.starts_with("odop-"), "{code}");
        t.close().await;
    }
}

fn media_file(url: &str) -> std::path::PathBuf {
    std::env::temp_dir()
        .join("odop_test_media")
        .join(url.strip_prefix("/media/").unwrap())
}

#[tokio::test]
async fn photos_get_descriptions_new_order_and_removal_only_on_the_sellers_own_product() {
    for t in TestDb::all().await {
        let app = common::router_for(&t.db);
        let (token, _) = seller(&app, &t.db, "9876511131", "verified").await;
        let saved = save_owned(
            &app,
            &token,
            &fields(&[], &[]),
            &[jpeg(400, 300), jpeg(300, 400), jpeg(200, 200)],
        )
        .await;
        assert!(ok(&saved), "{}", saved.body);
        let id = product_id(&t.db, "Kadhua Banarasi Saree").await;
        let photos: Vec<(i64, String, i64)> = sqlx::query_as(
            "SELECT id, url, width FROM product_images WHERE product_id = $1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(&t.db.pool)
        .await
        .unwrap();
        assert_eq!(
            photos.iter().map(|p| p.2).collect::<Vec<_>>(),
            [400, 300, 200]
        );
        let removed_url = photos[2].1.clone();
        assert!(media_file(&removed_url).exists());

        // Another seller cannot touch these photos through their own product.
        let (other, _) = seller(&app, &t.db, "9876511132", "verified").await;
        save_owned(&app, &other, &fields(&[("title_en", "Other")], &[]), &[]).await;
        let theirs = product_id(&t.db, "Other").await;
        let sneaky = vec![
            ("photo0_id".to_string(), photos[0].0.to_string()),
            ("photo0_remove".into(), "1".into()),
            ("photo0_alt".into(), "mine".into()),
        ];
        let r = save_owned(
            &app,
            &other,
            &fields(
                &[("id", &theirs.to_string()), ("title_en", "Other")],
                &sneaky,
            ),
            &[],
        )
        .await;
        assert!(ok(&r), "{}", r.body);
        let still: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM product_images WHERE product_id = $1 AND alt_en = ''",
        )
        .bind(id)
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
        assert_eq!(still, 3, "{}: A's photos are untouched", t.name);

        let edits: Vec<(String, String)> = vec![
            ("photo0_id".into(), photos[0].0.to_string()),
            ("photo0_alt".into(), "The whole drape".into()),
            ("photo0_pos".into(), "3".into()),
            ("photo1_id".into(), photos[1].0.to_string()),
            ("photo1_pos".into(), "1".into()),
            ("photo2_id".into(), photos[2].0.to_string()),
            ("photo2_pos".into(), "2".into()),
            ("photo2_remove".into(), "1".into()),
        ];
        let edited = save_owned(
            &app,
            &token,
            &fields(&[("id", &id.to_string())], &edits),
            &[jpeg(100, 100)],
        )
        .await;
        assert!(ok(&edited), "{}", edited.body);
        let after: Vec<(i64, i64, String)> = sqlx::query_as("SELECT width, position, alt_en FROM product_images WHERE product_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(&t.db.pool)
            .await
            .unwrap();
        assert_eq!(
            after,
            vec![
                (300, 0, String::new()),
                (400, 1, "The whole drape".to_string()),
                (100, 2, String::new())
            ],
            "{}",
            t.name
        );
        assert!(
            !media_file(&removed_url).exists(),
            "the removed photo's files are deleted"
        );
        t.close().await;
    }
}

const IMPORT: &str = "\u{feff}sku,parent_sku,variant,title_en,title_hi,category,price,mrp,stock,hsn,gst_rate,status,handmade
BRASS-1,,,Brass diya,पीतल दीया,metal,450,500,10,7418,12,live,yes
BAD-PRICE,,,Bowl,,metal,abc,,3,7418,12,live,yes
,,,No code,,metal,100,,1,7418,12,live,yes
BRASS-1-L,BRASS-1,Large,,,,650,700,4,,,,
GHOST-1,NOPE,Small,,,,100,,1,,,,
CHIKAN-1,,,Chikan kurta,,embroidery,1200,1500,2,6211,12,live,maybe
TUNIC-1,,,\"Kurta, white\",,\"Embroidery (chikan, zardozi)\",900,,2,6211,12,live,no
";

async fn import(app: &axum::Router, token: Option<&str>, csv: &str) -> Reply {
    send(
        app,
        multipart_files(
            "/api/import_products",
            token,
            &[],
            &[("file", "listings.csv", csv.as_bytes())],
        ),
    )
    .await
}

#[tokio::test]
async fn a_csv_import_keeps_the_good_rows_reports_the_bad_ones_and_exports_back() {
    for t in TestDb::all().await {
        let app = common::router_for(&t.db);
        let (token, seller_id) = seller(&app, &t.db, "9876511141", "verified").await;
        let reply = import(&app, Some(&token), IMPORT).await;
        assert!(ok(&reply), "{}: {}", t.name, reply.body);
        let report_id: i64 =
            sqlx::query_scalar("SELECT id FROM listing_imports WHERE seller_id = $1")
                .bind(seller_id)
                .fetch_one(&t.db.pool)
                .await
                .unwrap();
        let report = send(
            &app,
            get(
                &format!("/api/load_import_report?id={report_id}"),
                Some(&token),
            ),
        )
        .await;
        let report: odop_mart::listings::ImportReport = serde_json::from_str(&report.body).unwrap();
        let lines: Vec<(u64, &str, &str)> = report
            .lines
            .iter()
            .map(|l| {
                (
                    l.line,
                    l.outcome.as_str(),
                    l.reasons.first().map_or("", String::as_str),
                )
            })
            .collect();
        assert_eq!(
            lines,
            [
                (2, "created", ""),
                (3, "refused", "price_invalid"),
                (4, "refused", "sku_missing"),
                (5, "created", ""),
                (6, "refused", "parent_sku_unknown"),
                (7, "refused", "csv_yes_no"),
                (8, "created", ""),
            ],
            "{}",
            t.name
        );
        let products: Vec<(String, String, i64, i64, String, String)> = sqlx::query_as(
            "SELECT sku, title_en, price_paise, stock, category_slug, status FROM products WHERE seller_id = $1 ORDER BY sku",
        )
        .bind(seller_id)
        .fetch_all(&t.db.pool)
        .await
        .unwrap();
        assert_eq!(
            products,
            vec![
                (
                    "BRASS-1".into(),
                    "Brass diya".into(),
                    65_000,
                    4,
                    "metal".into(),
                    "live".into()
                ),
                (
                    "TUNIC-1".into(),
                    "Kurta, white".into(),
                    90_000,
                    2,
                    "embroidery".into(),
                    "live".into()
                ),
            ],
            "{}: exactly the good rows (the option sets the diya's price and stock)",
            t.name
        );
        let page = send(
            &app,
            get(
                &format!("/dashboard/import?report={report_id}"),
                Some(&token),
            ),
        )
        .await;
        assert!(
            page.body.contains("3 created, 0 updated, 4 refused"),
            "{}",
            page.body
        );

        // A file with only some columns updates those and keeps the rest.
        let again = import(&app, Some(&token), "sku,stock\nTUNIC-1,7\n").await;
        assert!(ok(&again));
        let (stock, title): (i64, String) =
            sqlx::query_as("SELECT stock, title_en FROM products WHERE sku = 'TUNIC-1'")
                .fetch_one(&t.db.pool)
                .await
                .unwrap();
        assert_eq!((stock, title.as_str()), (7, "Kurta, white"));

        // The export has every product and option, and reads back as the same catalogue.
        let export = send(&app, get("/dashboard/products.csv", Some(&token))).await;
        assert_eq!(export.status, StatusCode::OK);
        assert!(
            export.body.contains("BRASS-1-L,BRASS-1,Large"),
            "{}",
            export.body
        );
        assert!(export.body.contains("\"Kurta, white\""));
        let round = import(&app, Some(&token), &export.body).await;
        assert!(ok(&round));
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM products WHERE seller_id = $1")
            .bind(seller_id)
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        assert_eq!(
            n, 2,
            "{}: re-importing the export creates nothing new",
            t.name
        );
        let template = send(&app, get("/dashboard/products-template.csv", None)).await;
        assert!(template.body.contains("sku,parent_sku,variant,title_en"));

        // Others: no report, no export, no import.
        let (other, _) = seller(&app, &t.db, "9876511142", "verified").await;
        assert_eq!(
            send(
                &app,
                get(
                    &format!("/api/load_import_report?id={report_id}"),
                    Some(&other)
                )
            )
            .await
            .status,
            StatusCode::NOT_FOUND
        );
        let theirs = send(&app, get("/dashboard/products.csv", Some(&other))).await;
        assert!(!theirs.body.contains("BRASS-1"), "{}", t.name);
        assert!(send(&app, get("/dashboard/products.csv", None))
            .await
            .status
            .is_redirection());
        assert_eq!(
            import(&app, None, IMPORT).await.status,
            StatusCode::UNAUTHORIZED
        );
        let shopper = send(
            &app,
            form_post(
                "/api/register",
                "/register",
                None,
                &format!("display_name=B&login=9876511143&password={PASSWORD}"),
            ),
        )
        .await;
        let shopper = session_token(&shopper).unwrap();
        assert_eq!(
            import(&app, Some(&shopper), IMPORT).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            send(&app, get("/dashboard/products.csv", Some(&shopper)))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let mut forged = multipart_files(
            "/api/import_products",
            Some(&token),
            &[],
            &[("file", "x.csv", IMPORT.as_bytes())],
        );
        forged
            .headers_mut()
            .insert("origin", "https://evil.example".parse().unwrap());
        assert_eq!(send(&app, forged).await.status, StatusCode::FORBIDDEN);
        // An unverified seller's rows may be drafts, never live.
        let (pending, _) = seller(&app, &t.db, "9876511144", "pending").await;
        import(&app, Some(&pending), "sku,title_en,price,stock,hsn,status\nP-1,Pot,100,1,6913,live\nP-2,Pot,100,1,6913,draft\n").await;
        let skus: Vec<String> = sqlx::query_scalar("SELECT p.sku FROM products p JOIN sellers s ON s.id = p.seller_id WHERE s.status = 'pending'")
            .fetch_all(&t.db.pool)
            .await
            .unwrap();
        assert_eq!(skus, ["P-2"], "{}", t.name);
        t.close().await;
    }
}

#[tokio::test]
async fn with_moderation_on_products_wait_for_the_odop_cell() {
    for t in TestDb::all().await {
        let app = common::router_for(&t.db);
        let admin = admin_session(&app, &t.db, "cell@odop.test").await;
        let (token, _) = seller(&app, &t.db, "9876511151", "verified").await;
        // Only an admin changes the setting or decides.
        for path in [
            "/api/set_moderation",
            "/api/approve_product",
            "/api/refuse_product",
        ] {
            let r = send(
                &app,
                api_post(
                    path,
                    Some(&token),
                    "on=1&product_id=1&note=Not+handmade+at+all",
                ),
            )
            .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
        }
        assert_eq!(
            send(&app, get("/api/load_moderation", Some(&token)))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let on = send(&app, api_post("/api/set_moderation", Some(&admin), "on=1")).await;
        assert!(ok(&on), "{}: {}", t.name, on.body);

        let saved = save_owned(&app, &token, &fields(&[], &[]), &[]).await;
        assert!(
            saved.location.contains("pending=1"),
            "{}: {}",
            t.name,
            saved.location
        );
        let id = product_id(&t.db, "Kadhua Banarasi Saree").await;
        let (status, moderation): (String, Option<String>) =
            sqlx::query_as("SELECT status, moderation FROM products WHERE id = $1")
                .bind(id)
                .fetch_one(&t.db.pool)
                .await
                .unwrap();
        assert_eq!(
            (status.as_str(), moderation.as_deref()),
            ("draft", Some("pending"))
        );
        assert!(!send(&app, get("/district/varanasi", None))
            .await
            .body
            .contains("Kadhua Banarasi Saree"));
        let dashboard = send(&app, get("/dashboard", Some(&token))).await;
        assert!(
            dashboard.body.contains(r#"data-testid="count-pending">1<"#),
            "{}",
            t.name
        );
        let queue = send(&app, get("/api/load_moderation", Some(&admin))).await;
        assert!(
            queue.body.contains("Kadhua Banarasi Saree"),
            "{}",
            queue.body
        );

        // Refused with a reason the seller sees; saved again, it waits again.
        let short = send(
            &app,
            api_post(
                "/api/refuse_product",
                Some(&admin),
                &format!("product_id={id}&note=No"),
            ),
        )
        .await;
        assert!(short.body.contains("reason_invalid"));
        let refused = send(
            &app,
            api_post(
                "/api/refuse_product",
                Some(&admin),
                &format!("product_id={id}&note=Photos+show+a+machine-made+saree"),
            ),
        )
        .await;
        assert!(ok(&refused), "{}", refused.body);
        let editor = send(
            &app,
            get(&format!("/dashboard/products/{id}"), Some(&token)),
        )
        .await;
        assert!(editor.body.contains("machine-made"), "{}", t.name);
        save_owned(&app, &token, &fields(&[("id", &id.to_string())], &[]), &[]).await;
        let approved = send(
            &app,
            api_post(
                "/api/approve_product",
                Some(&admin),
                &format!("product_id={id}"),
            ),
        )
        .await;
        assert!(ok(&approved), "{}", approved.body);
        assert!(send(&app, get("/district/varanasi", None))
            .await
            .body
            .contains("Kadhua Banarasi Saree"));
        let twice = send(
            &app,
            api_post(
                "/api/approve_product",
                Some(&admin),
                &format!("product_id={id}"),
            ),
        )
        .await;
        assert!(twice.body.contains("product_not_pending"));
        // An approved product stays live through a price change.
        save_owned(
            &app,
            &token,
            &fields(&[("id", &id.to_string()), ("price", "17,000")], &[]),
            &[],
        )
        .await;
        let status: String = sqlx::query_scalar("SELECT status FROM products WHERE id = $1")
            .bind(id)
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        assert_eq!(status, "live", "{}", t.name);
        let audit: Vec<String> =
            sqlx::query_scalar("SELECT action FROM audit_log WHERE subject = $1 ORDER BY id")
                .bind(format!("product:{id}"))
                .fetch_all(&t.db.pool)
                .await
                .unwrap();
        assert_eq!(audit, ["product.refused", "product.approved"]);
        t.close().await;
    }
}
