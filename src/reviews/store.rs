//! SQL of reviews. A review and its product's rating change in one transaction.
use super::{Photo, Review, Reviews};
use crate::db::RowExt;
use crate::db::{now_unix, Db};
use crate::i18n_util::Bilingual;
use sqlx::Row;

/// The product `slug` if `user_id` may review it: a part with it reached them (delivered, or
/// a return they asked for). `(product id, seller id, reviewed already, title)`.
pub async fn reviewable(
    db: &Db,
    user_id: i64,
    slug: &str,
) -> Result<Option<(i64, i64, bool, Bilingual)>, sqlx::Error> {
    sqlx::query(
        "SELECT p.id, p.seller_id, p.title_en, p.title_hi, (SELECT COUNT(*) FROM reviews r WHERE r.product_id = p.id AND r.user_id = $2) AS mine \
         FROM products p WHERE p.slug = $1 AND EXISTS (SELECT 1 FROM order_lines l JOIN sub_orders so ON so.id = l.sub_order_id \
         JOIN orders o ON o.id = so.order_id WHERE l.product_id = p.id AND o.user_id = $2 \
         AND so.status IN ('delivered', 'return_requested', 'return_rejected'))",
    )
    .bind(slug)
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?
    .map(|r| {
        Ok((
            r.try_get("id")?,
            r.try_get("seller_id")?,
            r.try_get::<i64, _>("mine")? > 0,
            r.bilingual("title")?,
        ))
    })
    .transpose()
}

/// Adds a review; a message key when the user reviewed this product before.
pub async fn add(
    db: &Db,
    user_id: i64,
    product_id: i64,
    seller_id: i64,
    stars: i64,
    body: &str,
    photo: Option<&Photo>,
) -> Result<Result<(), &'static str>, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let added = sqlx::query(
        "INSERT INTO reviews (product_id, seller_id, user_id, stars, body, photo, photo_srcset, photo_width, photo_height, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (product_id, user_id) DO NOTHING",
    )
    .bind(product_id)
    .bind(seller_id)
    .bind(user_id)
    .bind(stars)
    .bind(body)
    .bind(photo.map(|p| p.url.clone()))
    .bind(photo.map(|p| p.srcset.clone()))
    .bind(photo.map(|p| p.width))
    .bind(photo.map(|p| p.height))
    .bind(now_unix())
    .execute(&mut *tx)
    .await?;
    if added.rows_affected() != 1 {
        return Ok(Err("review_exists"));
    }
    sqlx::query(
        "UPDATE products SET rating_count = rating_count + 1, rating_total = rating_total + $1 WHERE id = $2",
    )
    .bind(stars)
    .bind(product_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

fn review(r: &sqlx::any::AnyRow) -> Result<Review, sqlx::Error> {
    let url: Option<String> = r.try_get("photo")?;
    Ok(Review {
        id: r.try_get("id")?,
        author: super::first_name(&r.try_get::<String, _>("display_name")?),
        stars: r.try_get("stars")?,
        body: r.try_get("body")?,
        photo: match url {
            Some(url) => Some(Photo {
                url,
                srcset: r
                    .try_get::<Option<String>, _>("photo_srcset")?
                    .unwrap_or_default(),
                width: r.try_get::<Option<i64>, _>("photo_width")?.unwrap_or(0),
                height: r.try_get::<Option<i64>, _>("photo_height")?.unwrap_or(0),
            }),
            None => None,
        },
        reply: r.try_get("reply")?,
        created_at: r.try_get("created_at")?,
        product_title: r.bilingual("title")?,
    })
}

const REVIEW_COLUMNS: &str =
    "r.id, r.stars, r.body, r.photo, r.photo_srcset, r.photo_width, r.photo_height, r.reply, \
    r.created_at, u.display_name, p.title_en, p.title_hi";

/// A product's rating and newest reviews: one query.
pub async fn of_product(db: &Db, slug: &str) -> Result<Reviews, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT p.rating_count, p.rating_total, {REVIEW_COLUMNS} FROM products p \
         LEFT JOIN reviews r ON r.product_id = p.id LEFT JOIN users u ON u.id = r.user_id \
         WHERE p.slug = $1 ORDER BY r.created_at DESC, r.id DESC LIMIT 20"
    ))
    .bind(slug)
    .fetch_all(&db.pool)
    .await?;
    let mut out = Reviews::default();
    for r in &rows {
        out.count = r.try_get("rating_count")?;
        out.total = r.try_get("rating_total")?;
        if r.try_get::<Option<i64>, _>("id")?.is_some() {
            out.list.push(review(r)?);
        }
    }
    Ok(out)
}

/// The reviews of a seller's products, newest first (for answering them).
pub async fn of_seller(db: &Db, seller_id: i64) -> Result<Vec<Review>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {REVIEW_COLUMNS} FROM reviews r JOIN users u ON u.id = r.user_id JOIN products p ON p.id = r.product_id \
         WHERE r.seller_id = $1 ORDER BY r.created_at DESC, r.id DESC LIMIT 200"
    ))
    .bind(seller_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(review)
    .collect()
}

/// The seller answers a review of their product, once. A message key otherwise.
pub async fn reply(
    db: &Db,
    seller_id: i64,
    review_id: i64,
    text: &str,
) -> Result<Result<(), &'static str>, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE reviews SET reply = $1, replied_at = $2 WHERE id = $3 AND seller_id = $4 AND reply IS NULL",
    )
    .bind(text)
    .bind(now_unix())
    .bind(review_id)
    .bind(seller_id)
    .execute(&db.pool)
    .await?;
    if done.rows_affected() == 1 {
        return Ok(Ok(()));
    }
    let theirs: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM reviews WHERE id = $1 AND seller_id = $2")
            .bind(review_id)
            .bind(seller_id)
            .fetch_one(&db.pool)
            .await?
            .try_get("n")?;
    Ok(Err(if theirs > 0 {
        "reply_exists"
    } else {
        "review_not_found"
    }))
}
