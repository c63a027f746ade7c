//! The catalogue against real databases: SQLite always, PostgreSQL when TEST_POSTGRES_URL is set.
use crate::common;

use common::{fixture, TestDb};
use odop_mart::catalog::api::load_catalog_page;
use odop_mart::catalog::filter::FilterNotice;
use odop_mart::error::AppError;

async fn slugs(db: &odop_mart::db::Db, district: Option<&str>, query: &str) -> Vec<String> {
    let page = load_catalog_page(db, district, query)
        .await
        .unwrap_or_else(|e| panic!("{query}: {e:?}"));
    assert!(page.total as usize >= page.products.len());
    page.products.into_iter().map(|p| p.slug).collect()
}

#[tokio::test]
async fn exactly_75_districts_load_with_their_hindi_names() {
    for t in TestDb::all().await {
        // Loading twice changes nothing: start-up runs it every time.
        odop_mart::seed::reference_data(&t.db).await.unwrap();
        let districts = odop_mart::districts::store::list(&t.db).await.unwrap();
        assert_eq!(districts.len(), 75, "{}", t.name);
        let varanasi = districts.iter().find(|d| d.slug == "varanasi").unwrap();
        assert_eq!(varanasi.name.hi, "वाराणसी", "{}", t.name);
        assert_eq!(varanasi.product.en, "Banarasi silk saree");
        assert!(varanasi.gi_tag.is_some());
        let lucknow = districts.iter().find(|d| d.slug == "lucknow").unwrap();
        assert_eq!(lucknow.name.hi, "लखनऊ");
        assert!(
            districts
                .iter()
                .all(|d| !d.name.hi.is_empty() && !d.product.hi.is_empty()),
            "{}",
            t.name
        );
        t.close().await;
    }
}

#[tokio::test]
async fn each_filter_returns_exactly_the_right_products() {
    for t in TestDb::all().await {
        fixture(&t.db).await;
        let db = &t.db;
        let n = &t.name;
        // Everything live, newest first; the hidden product never shows.
        assert_eq!(
            slugs(db, None, "").await,
            [
                "m-vase",
                "l-dupatta",
                "l-kurta",
                "v-stole",
                "v-saree-cotton",
                "v-saree-silk"
            ],
            "{n}"
        );
        // One district, through its page and through the multi-district filter.
        assert_eq!(
            slugs(db, Some("varanasi"), "").await,
            ["v-stole", "v-saree-cotton", "v-saree-silk"],
            "{n}"
        );
        assert_eq!(
            slugs(db, None, "district=lucknow&district=moradabad").await,
            ["m-vase", "l-dupatta", "l-kurta"],
            "{n}"
        );
        // A district page ignores a district in its query.
        assert_eq!(
            slugs(db, Some("lucknow"), "district=varanasi").await,
            ["l-dupatta", "l-kurta"],
            "{n}"
        );
        // Category.
        assert_eq!(
            slugs(db, None, "category=embroidery").await,
            ["l-dupatta", "l-kurta"],
            "{n}"
        );
        // Price range, inclusive at both ends.
        assert_eq!(
            slugs(db, None, "min_price=950&max_price=2500").await,
            ["l-dupatta", "l-kurta", "v-saree-cotton"],
            "{n}"
        );
        assert_eq!(
            slugs(db, None, "min_price=3000").await,
            ["m-vase", "v-saree-silk"],
            "{n}"
        );
        // GI only, in stock only, and both.
        assert_eq!(
            slugs(db, None, "gi=1").await,
            ["m-vase", "l-kurta", "v-saree-cotton", "v-saree-silk"],
            "{n}"
        );
        assert_eq!(
            slugs(db, None, "in_stock=1").await,
            ["m-vase", "l-dupatta", "l-kurta", "v-stole", "v-saree-silk"],
            "{n}"
        );
        assert_eq!(
            slugs(db, Some("varanasi"), "gi=1&in_stock=1").await,
            ["v-saree-silk"],
            "{n}"
        );
        // Sorts.
        assert_eq!(
            slugs(db, None, "sort=price_asc").await,
            [
                "v-stole",
                "l-dupatta",
                "l-kurta",
                "v-saree-cotton",
                "m-vase",
                "v-saree-silk"
            ],
            "{n}"
        );
        assert_eq!(
            slugs(db, Some("varanasi"), "sort=price_desc").await,
            ["v-saree-silk", "v-saree-cotton", "v-stole"],
            "{n}"
        );
        // Search in English (any case), Hindi, and by district name or craft; every word must match.
        assert_eq!(slugs(db, None, "q=COTTON").await, ["v-saree-cotton"], "{n}");
        assert_eq!(
            slugs(db, None, "q=banarasi").await,
            ["v-stole", "v-saree-cotton", "v-saree-silk"],
            "{n}: Varanasi's craft"
        );
        assert_eq!(slugs(db, None, "q=silk+stole").await, ["v-stole"], "{n}");
        assert_eq!(slugs(db, None, "q=दुपट्टा").await, ["l-dupatta"], "{n}");
        assert_eq!(
            slugs(db, None, "q=चिकन").await,
            ["l-dupatta", "l-kurta"],
            "{n}"
        );
        assert_eq!(slugs(db, None, "q=moradabad").await, ["m-vase"], "{n}");
        // A LIKE wildcard typed by a shopper is matched literally.
        assert!(slugs(db, None, "q=%25").await.is_empty(), "{n}");
        t.close().await;
    }
}

#[tokio::test]
async fn an_empty_result_is_an_empty_page_not_an_error() {
    for t in TestDb::all().await {
        fixture(&t.db).await;
        let page = load_catalog_page(&t.db, Some("moradabad"), "min_price=100000")
            .await
            .unwrap();
        assert!(page.products.is_empty());
        assert_eq!(page.total, 0);
        assert!(page.notices.is_empty());
        t.close().await;
    }
}

#[tokio::test]
async fn malformed_and_unknown_filter_values_are_ignored_with_notices() {
    for t in TestDb::all().await {
        fixture(&t.db).await;
        let page = load_catalog_page(
            &t.db,
            None,
            "min_price=abc&max_price=-3&category=jewellery&district=atlantis&sort=x",
        )
        .await
        .unwrap();
        assert_eq!(
            page.products.len(),
            6,
            "{}: the broken filters are dropped, not applied",
            t.name
        );
        assert_eq!(
            page.notices,
            vec![
                FilterNotice::BadMinPrice("abc".into()),
                FilterNotice::BadMaxPrice("-3".into()),
                FilterNotice::BadSort("x".into()),
                FilterNotice::UnknownCategory("jewellery".into()),
                FilterNotice::UnknownDistrict("atlantis".into()),
            ]
        );
        t.close().await;
    }
}

#[tokio::test]
async fn an_unknown_district_is_not_found() {
    for t in TestDb::all().await {
        let result = load_catalog_page(&t.db, Some("atlantis"), "").await;
        assert_eq!(result.unwrap_err(), AppError::NotFound);
        t.close().await;
    }
}

#[tokio::test]
async fn pages_split_the_results_24_at_a_time() {
    for t in TestDb::all().await {
        odop_mart::seed::demo_catalogue(&t.db).await.unwrap();
        let first = load_catalog_page(&t.db, None, "sort=price_asc")
            .await
            .unwrap();
        let second = load_catalog_page(&t.db, None, "sort=price_asc&page=2")
            .await
            .unwrap();
        assert_eq!(first.products.len(), 24);
        assert_eq!(second.products.len(), 24);
        assert!(first.total >= 300);
        assert_eq!(second.total, first.total);
        assert!(first.products.last().unwrap().price <= second.products[0].price);
        assert!(first
            .products
            .iter()
            .all(|p| !second.products.iter().any(|q| q.slug == p.slug)));
        t.close().await;
    }
}

#[tokio::test]
async fn the_demo_catalogue_covers_every_district_and_loads_once() {
    for t in TestDb::all().await {
        let added = odop_mart::seed::demo_catalogue(&t.db).await.unwrap();
        assert!(added >= 300, "{}: {added}", t.name);
        assert_eq!(
            odop_mart::seed::demo_catalogue(&t.db).await.unwrap(),
            0,
            "a second run adds nothing"
        );
        let districts = odop_mart::districts::store::list(&t.db).await.unwrap();
        for d in &districts {
            assert!(
                d.product_count >= 4,
                "{} has {} products",
                d.slug,
                d.product_count
            );
        }
        let sellers: Vec<(String, i64)> = sqlx::query_as::<_, (String, i64)>(
            "SELECT district_slug, COUNT(*) FROM sellers GROUP BY district_slug",
        )
        .fetch_all(&t.db.pool)
        .await
        .unwrap();
        assert_eq!(sellers.len(), 75);
        assert!(sellers.iter().all(|(_, n)| *n >= 3));
        // Every product has a picture with its size.
        let card = &load_catalog_page(&t.db, Some("varanasi"), "")
            .await
            .unwrap()
            .products[0];
        let image = card.image.as_ref().expect("a picture");
        assert!(image.width > 0 && image.height > 0);
        t.close().await;
    }
}

#[tokio::test]
async fn a_product_page_has_its_seller_district_and_images() {
    for t in TestDb::all().await {
        fixture(&t.db).await;
        let p = odop_mart::catalog::store::product(&t.db, "l-kurta")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(p.district_name.hi, "लखनऊ");
        assert_eq!(p.seller_slug, "s-lucknow");
        assert_eq!(p.price.0, 180_000);
        assert!(p.gi && p.gi_tag.is_some());
        assert!(
            odop_mart::catalog::store::product(&t.db, "m-diya-hidden")
                .await
                .unwrap()
                .is_none(),
            "hidden is not public"
        );
        assert!(odop_mart::catalog::store::product(&t.db, "nothing")
            .await
            .unwrap()
            .is_none());
        t.close().await;
    }
}
