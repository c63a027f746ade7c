//! SQL of the districts feature.
use super::DistrictSummary;
use crate::db::Db;
use crate::db::RowExt;
use sqlx::any::AnyRow;
use sqlx::Row;

const SELECT: &str = "SELECT d.slug, d.name_en, d.name_hi, d.odop_product_en, d.odop_product_hi, \
    d.category_slug, d.gi_tag, d.story_en, d.story_hi, \
    (SELECT COUNT(*) FROM products p JOIN sellers s ON s.id = p.seller_id AND s.status = 'verified' \
     WHERE p.district_slug = d.slug AND p.status = 'live') AS product_count \
    FROM districts d";

fn from_row(row: &AnyRow) -> Result<DistrictSummary, sqlx::Error> {
    Ok(DistrictSummary {
        slug: row.try_get("slug")?,
        name: row.bilingual("name")?,
        product: row.bilingual("odop_product")?,
        category_slug: row.try_get("category_slug")?,
        gi_tag: row.try_get("gi_tag")?,
        story: row.bilingual("story")?,
        product_count: row.try_get("product_count")?,
    })
}

/// All districts in English alphabetical order (the order of the reference list).
pub async fn list(db: &Db) -> Result<Vec<DistrictSummary>, sqlx::Error> {
    let rows = sqlx::query(&format!("{SELECT} ORDER BY d.slug"))
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(from_row).collect()
}

/// Featured districts for the home page.
pub async fn featured(db: &Db, limit: i64) -> Result<Vec<DistrictSummary>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE d.featured = 1 ORDER BY d.slug LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}

pub async fn get(db: &Db, slug: &str) -> Result<Option<DistrictSummary>, sqlx::Error> {
    let row = sqlx::query(&format!("{SELECT} WHERE d.slug = $1"))
        .bind(slug)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}
