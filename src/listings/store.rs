//! SQL of listings. Every statement names the seller: another seller's product is simply not
//! found.
use super::validate::Product;
use super::{Counts, Dashboard, OwnProduct, ProductForm, StoredPhoto, LOW_STOCK};
use crate::db::{flag, now_unix, Db};
use crate::domain::money::Paise;
use crate::i18n_util::Bilingual;
use sqlx::Row;

/// The seller behind an account.
#[derive(Debug, Clone)]
pub struct Seller {
    pub id: i64,
    pub verified: bool,
    pub status: String,
    pub shop_name: String,
    pub slug: String,
    pub district: String,
    /// The craft chosen at registration: a new product's default category.
    pub category: Option<String>,
    pub gi_tag: Option<String>,
}

pub async fn seller_of(db: &Db, user_id: i64) -> Result<Option<Seller>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT s.id, s.status, s.display_name_en, s.slug, s.district_slug, s.category_slug, d.gi_tag FROM sellers s \
         JOIN districts d ON d.slug = s.district_slug WHERE s.user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        let status: String = r.try_get("status")?;
        Ok(Seller {
            id: r.try_get("id")?,
            verified: status == "verified",
            status,
            shop_name: r.try_get("display_name_en")?,
            slug: r.try_get("slug")?,
            district: r.try_get("district_slug")?,
            category: r.try_get("category_slug")?,
            gi_tag: r.try_get("gi_tag")?,
        })
    })
    .transpose()
}

/// Counts and every product of the seller, newest first (two queries).
pub async fn dashboard(db: &Db, seller: &Seller) -> Result<Dashboard, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT p.id, p.slug, p.title_en, p.title_hi, p.price_paise, p.stock, p.status, i.url AS thumb \
         FROM products p LEFT JOIN product_images i ON i.product_id = p.id AND i.position = 0 \
         WHERE p.seller_id = $1 AND p.status <> 'archived' ORDER BY p.created_at DESC, p.id DESC",
    )
    .bind(seller.id)
    .fetch_all(&db.pool)
    .await?;
    let mut counts = Counts::default();
    let mut products = Vec::new();
    for r in &rows {
        let p = OwnProduct {
            id: r.try_get("id")?,
            slug: r.try_get("slug")?,
            title: Bilingual::new(
                r.try_get::<String, _>("title_hi")?,
                r.try_get::<String, _>("title_en")?,
            ),
            price: Paise(r.try_get("price_paise")?),
            stock: r.try_get("stock")?,
            status: r.try_get("status")?,
            thumb: r.try_get("thumb")?,
        };
        match p.status.as_str() {
            "live" => counts.live += 1,
            "draft" => counts.draft += 1,
            _ => counts.hidden += 1,
        }
        if p.stock == 0 {
            counts.out_of_stock += 1;
        } else if p.stock <= LOW_STOCK {
            counts.low_stock += 1;
        }
        products.push(p);
    }
    Ok(Dashboard {
        shop_name: seller.shop_name.clone(),
        seller_status: seller.status.clone(),
        public_slug: seller.slug.clone(),
        counts,
        products,
    })
}

/// The seller's product as the editor shows it, if it is theirs.
pub async fn form_of(
    db: &Db,
    seller_id: i64,
    product_id: i64,
) -> Result<Option<ProductForm>, sqlx::Error> {
    let Some(r) = sqlx::query(
        "SELECT id, slug, title_en, title_hi, description_en, description_hi, category_slug, price_paise, \
         mrp_paise, stock, hsn, gst_rate_bp, weight_g, materials, care, origin, handmade, gi, status \
         FROM products WHERE id = $1 AND seller_id = $2",
    )
    .bind(product_id)
    .bind(seller_id)
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    let photos = sqlx::query(
        "SELECT url, width, height FROM product_images WHERE product_id = $1 ORDER BY position",
    )
    .bind(product_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|p| {
        Ok(StoredPhoto {
            url: p.try_get("url")?,
            width: p.try_get("width")?,
            height: p.try_get("height")?,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(Some(ProductForm {
        id: Some(r.try_get("id")?),
        slug: r.try_get("slug")?,
        title_hi: r.try_get("title_hi")?,
        title_en: r.try_get("title_en")?,
        description_hi: r.try_get("description_hi")?,
        description_en: r.try_get("description_en")?,
        category: r.try_get("category_slug")?,
        price: Paise(r.try_get("price_paise")?).to_rupees_string(),
        mrp: Paise(r.try_get("mrp_paise")?).to_rupees_string(),
        stock: r.try_get::<i64, _>("stock")?.to_string(),
        hsn: r.try_get("hsn")?,
        gst_rate: (r.try_get::<i64, _>("gst_rate_bp")? / 100).to_string(),
        weight_g: r
            .try_get::<Option<i64>, _>("weight_g")?
            .map(|g| g.to_string())
            .unwrap_or_default(),
        materials: r.try_get("materials")?,
        care: r.try_get("care")?,
        origin: r.try_get("origin")?,
        handmade: flag(&r, "handmade")?,
        gi: flag(&r, "gi")?,
        status: r.try_get("status")?,
        photos,
    }))
}

/// How many photos a product of the seller has (`None`: not the seller's product).
pub async fn photo_count(
    db: &Db,
    seller_id: i64,
    product_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM product_images i WHERE i.product_id = p.id) AS n \
         FROM products p WHERE p.id = $1 AND p.seller_id = $2",
    )
    .bind(product_id)
    .bind(seller_id)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| r.try_get("n")).transpose()
}

/// A new photo's copies: the largest as `url`, all in `srcset`.
pub struct NewPhoto {
    pub url: String,
    pub srcset: String,
    pub width: i64,
    pub height: i64,
}

/// Creates (`id` = `None`) or updates the seller's product and appends its new photos, in one
/// transaction. `None` when the product is not the seller's; `Some(Err)` for an unknown category.
pub async fn save(
    db: &Db,
    seller: &Seller,
    id: Option<i64>,
    p: &Product,
    photos: &[NewPhoto],
) -> Result<Option<Result<i64, &'static str>>, sqlx::Error> {
    let now = now_unix();
    let mut tx = db.begin_write().await?;
    let category: i64 = sqlx::query("SELECT COUNT(*) AS n FROM craft_categories WHERE slug = $1")
        .bind(&p.category)
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
    if category == 0 {
        return Ok(Some(Err("category_invalid")));
    }
    // A GI mark only where the district's product has a GI tag.
    let gi = i64::from(p.gi && seller.gi_tag.is_some());
    let product_id = match id {
        Some(id) => {
            let done = sqlx::query(
                "UPDATE products SET title_en = $1, title_hi = $2, description_en = $3, description_hi = $4, \
                 category_slug = $5, price_paise = $6, mrp_paise = $7, stock = $8, hsn = $9, gst_rate_bp = $10, \
                 weight_g = $11, materials = $12, care = $13, handmade = $14, gi = $15, status = $16, updated_at = $17, \
                 origin = $20 WHERE id = $18 AND seller_id = $19",
            )
            .bind(&p.title_en)
            .bind(&p.title_hi)
            .bind(&p.description_en)
            .bind(&p.description_hi)
            .bind(&p.category)
            .bind(p.price.0)
            .bind(p.mrp.0)
            .bind(p.stock)
            .bind(&p.hsn)
            .bind(p.gst_rate_bp)
            .bind(p.weight_g)
            .bind(&p.materials)
            .bind(&p.care)
            .bind(i64::from(p.handmade))
            .bind(gi)
            .bind(&p.status)
            .bind(now)
            .bind(id)
            .bind(seller.id)
            .bind(&p.origin)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Ok(None);
            }
            id
        }
        None => {
            // The English title's letters and a random part: unique, and readable in a link.
            let base = crate::domain::slug::ascii_base(&p.title_en);
            let slug = format!(
                "{}-{}",
                if base.is_empty() { "product" } else { &base },
                &crate::media::random_name()[..8]
            );
            sqlx::query(
                "INSERT INTO products (slug, seller_id, district_slug, category_slug, title_en, title_hi, \
                 description_en, description_hi, price_paise, mrp_paise, stock, hsn, gst_rate_bp, gi, status, \
                 created_at, updated_at, weight_g, materials, care, handmade, origin) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, $17, $18, $19, $20, $21) \
                 RETURNING id",
            )
            .bind(slug)
            .bind(seller.id)
            .bind(&seller.district)
            .bind(&p.category)
            .bind(&p.title_en)
            .bind(&p.title_hi)
            .bind(&p.description_en)
            .bind(&p.description_hi)
            .bind(p.price.0)
            .bind(p.mrp.0)
            .bind(p.stock)
            .bind(&p.hsn)
            .bind(p.gst_rate_bp)
            .bind(gi)
            .bind(&p.status)
            .bind(now)
            .bind(p.weight_g)
            .bind(&p.materials)
            .bind(&p.care)
            .bind(i64::from(p.handmade))
            .bind(&p.origin)
            .fetch_one(&mut *tx)
            .await?
            .try_get("id")?
        }
    };
    let row = sqlx::query(
        "SELECT COALESCE(MAX(position) + 1, 0) AS next, COUNT(*) AS n FROM product_images WHERE product_id = $1",
    )
    .bind(product_id)
    .fetch_one(&mut *tx)
    .await?;
    let (first, stored): (i64, i64) = (row.try_get("next")?, row.try_get("n")?);
    // Counted again inside the transaction: two saves at once cannot pass 8 together.
    if stored as usize + photos.len() > super::MAX_PHOTOS {
        return Ok(Some(Err("photo_too_many")));
    }
    for (i, photo) in photos.iter().enumerate() {
        sqlx::query(
            "INSERT INTO product_images (product_id, position, url, srcset, width, height, alt_en, alt_hi) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(product_id)
        .bind(first + i as i64)
        .bind(&photo.url)
        .bind(&photo.srcset)
        .bind(photo.width)
        .bind(photo.height)
        .bind(&p.title_en)
        .bind(&p.title_hi)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(Some(Ok(product_id)))
}

/// The quick stock edit; `false` when the product is not the seller's.
pub async fn set_stock(
    db: &Db,
    seller_id: i64,
    product_id: i64,
    stock: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE products SET stock = $1, updated_at = $2 WHERE id = $3 AND seller_id = $4",
    )
    .bind(stock)
    .bind(now_unix())
    .bind(product_id)
    .bind(seller_id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}
