//! Reference data (craft categories and the 75 districts) and the demo catalogue.
//!
//! Both are shipped inside the binary (`data/`), so a running server needs no other files.
pub mod art;

use crate::db::{now_unix, Db};
use sqlx::Row;

const DISTRICTS_CSV: &str = include_str!("../../data/odop-districts.csv");
const DEMO_TSV: &str = include_str!("../../data/demo-catalogue.tsv");

/// Craft categories: slug, English, Hindi — in the order the filter lists them.
pub const CATEGORIES: &[(&str, &str, &str)] = &[
    ("textile", "Textiles and sarees", "वस्त्र एवं साड़ियाँ"),
    (
        "embroidery",
        "Embroidery (chikan, zardozi)",
        "कढ़ाई (चिकन, ज़रदोज़ी)",
    ),
    ("carpets", "Carpets and durries", "कालीन एवं दरियाँ"),
    ("metal", "Metal craft", "धातु शिल्प"),
    ("wood", "Wood craft", "काष्ठ शिल्प"),
    ("pottery", "Pottery and terracotta", "मृदभांड एवं टेराकोटा"),
    ("glass", "Glass", "कांच"),
    ("leather", "Leather", "चमड़ा"),
    ("natural-fibre", "Natural fibre craft", "प्राकृतिक रेशा शिल्प"),
    ("food", "Food products", "खाद्य उत्पाद"),
    ("perfume", "Perfume (ittar)", "इत्र"),
    ("toys", "Toys", "खिलौने"),
    ("musical-instruments", "Musical instruments", "वाद्य यंत्र"),
    ("stone", "Stone craft", "पाषाण शिल्प"),
    ("horn-bone", "Horn and bone craft", "सींग एवं अस्थि शिल्प"),
    ("paper", "Handmade paper", "हस्तनिर्मित कागज़"),
    ("home-decor", "Home decor", "गृह सज्जा"),
    ("accessories", "Accessories", "श्रृंगार सामग्री"),
    ("apparel", "Readymade garments", "सिले-सिलाए वस्त्र"),
    ("sports", "Sports goods", "खेल सामग्री"),
    ("engineering", "Engineering goods", "अभियांत्रिकी उत्पाद"),
];

/// Districts shown first on the home page.
const FEATURED: &[&str] = &[
    "varanasi",
    "lucknow",
    "moradabad",
    "firozabad",
    "bhadohi",
    "kannauj",
    "azamgarh",
    "gorakhpur",
];

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("data file: {0}")]
    Data(String),
}

/// One row of `data/odop-districts.csv`.
#[derive(Debug, Clone)]
pub struct DistrictRow {
    pub slug: String,
    pub name_en: String,
    pub name_hi: String,
    pub census_code: String,
    pub product_en: String,
    pub product_hi: String,
    pub category: String,
    pub also_listed_en: String,
    pub gi_tag: Option<String>,
}

pub fn district_rows() -> Result<Vec<DistrictRow>, SeedError> {
    let mut reader = csv::Reader::from_reader(DISTRICTS_CSV.as_bytes());
    let mut rows = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| SeedError::Data(e.to_string()))?;
        let field = |i: usize| rec.get(i).unwrap_or("").trim().to_string();
        rows.push(DistrictRow {
            slug: field(0),
            name_en: field(1),
            name_hi: field(2),
            census_code: field(3),
            product_en: field(4),
            product_hi: field(5),
            category: field(6),
            also_listed_en: field(7),
            gi_tag: Some(field(8)).filter(|s| !s.is_empty()),
        });
    }
    Ok(rows)
}

/// Loads the craft categories and the 75 districts where missing. Safe to run at every start:
/// rows already present (perhaps corrected by an administrator) are left as they are.
pub async fn reference_data(db: &Db) -> Result<(), SeedError> {
    let mut tx = db.begin_write().await?;
    for (i, (slug, en, hi)) in CATEGORIES.iter().enumerate() {
        sqlx::query(
            "INSERT INTO craft_categories (slug, name_en, name_hi, position) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (slug) DO NOTHING",
        )
        .bind(*slug)
        .bind(*en)
        .bind(*hi)
        .bind(i as i64)
        .execute(&mut *tx)
        .await?;
    }
    for d in district_rows()? {
        if !CATEGORIES.iter().any(|(slug, _, _)| *slug == d.category) {
            return Err(SeedError::Data(format!(
                "district {} has unknown category {}",
                d.slug, d.category
            )));
        }
        let story_en = format!(
            "{} is the home of {}, its One District One Product. Every piece here is made by the district's own artisans and sold by them directly.",
            d.name_en,
            d.product_en.to_lowercase()
        );
        let story_hi = format!(
            "{} का एक जनपद एक उत्पाद है — {}। यहाँ का हर उत्पाद ज़िले के अपने कारीगरों ने बनाया है और वे ही इसे सीधे बेचते हैं।",
            d.name_hi, d.product_hi
        );
        sqlx::query(
            "INSERT INTO districts (slug, name_en, name_hi, census_code, odop_product_en, odop_product_hi, \
             category_slug, also_listed_en, gi_tag, story_en, story_hi, featured) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (slug) DO NOTHING",
        )
        .bind(&d.slug)
        .bind(&d.name_en)
        .bind(&d.name_hi)
        .bind(&d.census_code)
        .bind(&d.product_en)
        .bind(&d.product_hi)
        .bind(&d.category)
        .bind(&d.also_listed_en)
        .bind(d.gi_tag.clone())
        .bind(story_en)
        .bind(story_hi)
        .bind(i64::from(FEATURED.contains(&d.slug.as_str())))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Loads the demo catalogue (3 sellers and 4–5 products for each district) into a database
/// that has no products yet; returns how many products it added (0 when there were some).
pub async fn demo_catalogue(db: &Db) -> Result<usize, SeedError> {
    let existing: i64 = sqlx::query("SELECT COUNT(*) AS n FROM products")
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    if existing > 0 {
        return Ok(0);
    }
    let districts = district_rows()?;
    let now = now_unix();
    let mut tx = db.begin_write().await?;
    // A demo shop takes UPI to a made-up UPI id (named as such): the QR and the ODOP cell's
    // reconciliation can be tried; a real deployment sets its own in `site_settings`.
    sqlx::query(
        "INSERT INTO site_settings (key, value) VALUES ('upi_vpa', 'odopmart.demo@upi') ON CONFLICT (key) DO NOTHING",
    )
    .execute(&mut *tx)
    .await?;
    let mut seller_ids: Vec<(String, i64)> = Vec::new();
    let mut products = 0usize;
    for (line_no, line) in DEMO_TSV.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let bad =
            |why: &str| SeedError::Data(format!("demo-catalogue.tsv line {}: {why}", line_no + 1));
        if f.len() < 14 {
            return Err(bad("expected 14 columns"));
        }
        let (kind, district, key) = (f[0], f[1], f[2]);
        let district_row = districts
            .iter()
            .find(|d| d.slug == district)
            .ok_or_else(|| bad("unknown district"))?;
        match kind {
            "seller" => {
                let id: i64 = sqlx::query(
                    "INSERT INTO sellers (slug, display_name_en, display_name_hi, district_slug, story_en, story_hi, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(key)
                .bind(f[3])
                .bind(f[4])
                .bind(district)
                .bind(f[5])
                .bind(f[6])
                .bind(now)
                .fetch_one(&mut *tx)
                .await?
                .try_get("id")?;
                seller_ids.push((key.to_string(), id));
            }
            "product" => {
                let int = |s: &str, what: &str| s.trim().parse::<i64>().map_err(|_| bad(what));
                let price = int(f[7], "price")? * 100;
                let mrp = int(f[8], "mrp")? * 100;
                let stock = int(f[9], "stock")?;
                let gst_bp = int(f[11], "gst rate")? * 100;
                let gi = int(f[12], "gi")?;
                let seller = seller_ids
                    .iter()
                    .find(|(k, _)| k == f[13])
                    .map(|(_, id)| *id)
                    .ok_or_else(|| bad("unknown seller"))?;
                // Newest first in file order, so the "newest" sort is stable across runs.
                let created_at = now - products as i64;
                let id: i64 = sqlx::query(
                    "INSERT INTO products (slug, seller_id, district_slug, category_slug, title_en, title_hi, \
                     description_en, description_hi, price_paise, mrp_paise, stock, hsn, gst_rate_bp, gi, status, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'live', $15) RETURNING id",
                )
                .bind(key)
                .bind(seller)
                .bind(district)
                .bind(&district_row.category)
                .bind(f[3])
                .bind(f[4])
                .bind(f[5])
                .bind(f[6])
                .bind(price)
                .bind(mrp)
                .bind(stock)
                .bind(f[10].trim())
                .bind(gst_bp)
                .bind(gi)
                .bind(created_at)
                .fetch_one(&mut *tx)
                .await?
                .try_get("id")?;
                for position in 0..2i64 {
                    let variant = (products as u32 * 2 + position as u32) % art::VARIANTS;
                    sqlx::query(
                        "INSERT INTO product_images (product_id, position, url, width, height, alt_en, alt_hi) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(id)
                    .bind(position)
                    .bind(format!("/sample-art/{}/{variant}.svg", district_row.category))
                    .bind(art::SIZE)
                    .bind(art::SIZE)
                    .bind(format!("Sample picture: {}", f[3]))
                    .bind(format!("नमूना चित्र: {}", f[4]))
                    .execute(&mut *tx)
                    .await?;
                }
                products += 1;
            }
            other => return Err(bad(&format!("unknown kind {other}"))),
        }
    }
    tx.commit().await?;
    Ok(products)
}
