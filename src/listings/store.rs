//! SQL of listings. Every statement names the seller: another seller's product is simply not
//! found.
use super::validate::Product;
use super::{
    Counts, Dashboard, ModerationQueue, OwnProduct, PendingProduct, ProductForm, StoredPhoto,
    VariantForm, LOW_STOCK,
};
use crate::db::RowExt;
use crate::db::{flag, now_unix, Db};
use crate::domain::money::Paise;
use sqlx::Row;

// Who a signed-in seller is belongs to identity (`auth::guard`), which every feature may use.
pub use crate::identity::guard::{seller_of, Seller};

/// Counts, every product of the seller (newest first) and their latest orders (three queries).
pub async fn dashboard(db: &Db, seller: &Seller) -> Result<Dashboard, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT p.id, p.slug, p.title_en, p.title_hi, p.price_paise, p.stock, p.status, p.moderation, \
         p.moderation_note, i.url AS thumb, (SELECT COUNT(*) FROM product_variants v WHERE v.product_id = p.id) AS variants \
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
            title: r.bilingual("title")?,
            price: Paise(r.try_get("price_paise")?),
            stock: r.try_get("stock")?,
            status: r.try_get("status")?,
            thumb: r.try_get("thumb")?,
            variants: r.try_get("variants")?,
            moderation: r.try_get("moderation")?,
            moderation_note: r.try_get("moderation_note")?,
        };
        match (p.status.as_str(), p.moderation.as_deref()) {
            (_, Some("pending")) => counts.pending += 1,
            ("live", _) => counts.live += 1,
            ("draft", _) => counts.draft += 1,
            _ => counts.hidden += 1,
        }
        if p.stock == 0 {
            counts.out_of_stock += 1;
        } else if p.stock <= LOW_STOCK {
            counts.low_stock += 1;
        }
        products.push(p);
    }
    // Paid (or cash-on-delivery) parts only: an unpaid UPI order is not the seller's yet.
    let orders = sqlx::query(
        "SELECT o.reference, so.status, so.items_paise, so.created_at, \
         (SELECT COUNT(*) FROM sub_orders x WHERE x.seller_id = $1 AND x.status IN ('placed', 'accepted', 'packed')) AS to_send \
         FROM sub_orders so JOIN orders o ON o.id = so.order_id \
         WHERE so.seller_id = $1 AND so.status <> 'awaiting_payment' ORDER BY so.created_at DESC, so.id DESC LIMIT 5",
    )
    .bind(seller.id)
    .fetch_all(&db.pool)
    .await?;
    let mut recent_orders = Vec::with_capacity(orders.len());
    for r in &orders {
        counts.to_send = r.try_get("to_send")?;
        recent_orders.push(super::RecentOrder {
            reference: r.try_get("reference")?,
            status: crate::db::parsed(r, "status", crate::domain::order::PartStatus::parse)?,
            items: Paise(r.try_get("items_paise")?),
            created_at: r.try_get("created_at")?,
        });
    }
    Ok(Dashboard {
        recent_orders,
        shop_name: seller.shop_name.clone(),
        seller_status: seller.status,
        public_slug: seller.slug.clone(),
        counts,
        products,
    })
}

fn optional_number(r: &sqlx::any::AnyRow, col: &str) -> Result<String, sqlx::Error> {
    Ok(r.try_get::<Option<i64>, _>(col)?
        .map(|n| n.to_string())
        .unwrap_or_default())
}

/// The seller's product as the editor shows it, if it is theirs (three queries).
pub async fn form_of(
    db: &Db,
    seller_id: i64,
    product_id: i64,
) -> Result<Option<ProductForm>, sqlx::Error> {
    let Some(r) = sqlx::query(
        "SELECT id, slug, sku, title_en, title_hi, description_en, description_hi, category_slug, price_paise, \
         mrp_paise, stock, hsn, gst_rate_bp, weight_g, length_cm, width_cm, height_cm, materials, care, origin, \
         handmade, gi, status, moderation, moderation_note \
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
        "SELECT id, url, width, height, alt_en FROM product_images WHERE product_id = $1 ORDER BY position",
    )
    .bind(product_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|p| {
        Ok(StoredPhoto {
            id: p.try_get("id")?,
            url: p.try_get("url")?,
            width: p.try_get("width")?,
            height: p.try_get("height")?,
            alt: p.try_get("alt_en")?,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let variants = sqlx::query(
        "SELECT id, sku, label, price_paise, mrp_paise, stock FROM product_variants WHERE product_id = $1 ORDER BY position, id",
    )
    .bind(product_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|v| {
        Ok(VariantForm {
            id: Some(v.try_get("id")?),
            sku: v.try_get("sku")?,
            label: v.try_get("label")?,
            price: Paise(v.try_get("price_paise")?).to_rupees_string(),
            mrp: Paise(v.try_get("mrp_paise")?).to_rupees_string(),
            stock: v.try_get::<i64, _>("stock")?.to_string(),
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(Some(ProductForm {
        id: Some(r.try_get("id")?),
        slug: r.try_get("slug")?,
        sku: r.try_get::<Option<String>, _>("sku")?.unwrap_or_default(),
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
        weight_g: optional_number(&r, "weight_g")?,
        length_cm: optional_number(&r, "length_cm")?,
        width_cm: optional_number(&r, "width_cm")?,
        height_cm: optional_number(&r, "height_cm")?,
        materials: r.try_get("materials")?,
        care: r.try_get("care")?,
        origin: r.try_get("origin")?,
        handmade: flag(&r, "handmade")?,
        gi: flag(&r, "gi")?,
        status: r.try_get("status")?,
        photos,
        variants,
        moderation: r.try_get("moderation")?,
        moderation_note: r.try_get("moderation_note")?,
    }))
}

/// The id of the seller's product with this SKU.
pub async fn product_by_sku(
    db: &Db,
    seller_id: i64,
    sku: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query("SELECT id FROM products WHERE seller_id = $1 AND sku = $2")
        .bind(seller_id)
        .bind(sku)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| r.try_get("id"))
        .transpose()
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
pub type NewPhoto = crate::media::Stored;

/// What the editor asks of a stored photo.
#[derive(Debug, Clone)]
pub struct PhotoEdit {
    pub id: i64,
    pub alt: String,
    /// Where it goes (1 = first, the thumbnail); ties keep the old order.
    pub position: i64,
    pub remove: bool,
}

/// How a save ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Saved {
    /// `pending`: it waits for the ODOP cell before going live. `removed`: URLs of deleted
    /// photos, whose files go once the transaction is committed.
    Done {
        id: i64,
        pending: bool,
        removed: Vec<String>,
    },
    /// Not the seller's product.
    NotFound,
    /// (field, message key)
    Refused(&'static str, &'static str),
}

/// Whether the ODOP cell checks products before they go live.
pub async fn moderation_required<'e, E>(executor: E) -> Result<bool, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(
        sqlx::query("SELECT value FROM site_settings WHERE key = 'moderate_products'")
            .fetch_optional(executor)
            .await?
            .map(|r| r.try_get::<String, _>("value"))
            .transpose()?
            .as_deref()
            == Some("1"),
    )
}

/// Creates (`id` = `None`) or updates the seller's product with its options, photo edits and
/// new photos, all in one transaction.
pub async fn save(
    db: &Db,
    seller: &Seller,
    id: Option<i64>,
    p: &Product,
    photos: &[NewPhoto],
    edits: &[PhotoEdit],
) -> Result<Saved, sqlx::Error> {
    let now = now_unix();
    let mut tx = db.begin_write().await?;
    let category: i64 = sqlx::query("SELECT COUNT(*) AS n FROM craft_categories WHERE slug = $1")
        .bind(&p.category)
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
    if category == 0 {
        return Ok(Saved::Refused("category", "category_invalid"));
    }
    // A SKU names one thing of the seller: no other product or option may carry it.
    let this = id.unwrap_or(-1);
    for sku in p.sku.iter().chain(p.variants.iter().map(|v| &v.sku)) {
        let taken: i64 = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM products WHERE seller_id = $1 AND sku = $2 AND id <> $3) + \
             (SELECT COUNT(*) FROM product_variants v JOIN products q ON q.id = v.product_id \
              WHERE q.seller_id = $1 AND v.sku = $2 AND q.id <> $3) AS n",
        )
        .bind(seller.id)
        .bind(sku)
        .bind(this)
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
        if taken > 0 {
            return Ok(Saved::Refused("sku", "sku_taken"));
        }
    }
    let current: Option<String> = match id {
        Some(id) => {
            let Some(row) =
                sqlx::query("SELECT status FROM products WHERE id = $1 AND seller_id = $2")
                    .bind(id)
                    .bind(seller.id)
                    .fetch_optional(&mut *tx)
                    .await?
            else {
                return Ok(Saved::NotFound);
            };
            Some(row.try_get("status")?)
        }
        None => None,
    };
    // With moderation on, a product going live waits for the ODOP cell, hidden from the shop
    // until approved. Edits of an approved live product (stock, price, a typo) stay live: the
    // audit of approvals and `updated_at` show what changed since.
    let pending = p.status == "live"
        && current.as_deref() != Some("live")
        && moderation_required(&mut *tx).await?;
    let (status, moderation) = if pending {
        ("draft", Some("pending"))
    } else {
        (p.status.as_str(), None)
    };
    // A GI mark only where the district's product has a GI tag.
    let gi = i64::from(p.gi && seller.gi_tag.is_some());
    let (length, width, height) = match p.dimensions {
        Some((l, w, h)) => (Some(l), Some(w), Some(h)),
        None => (None, None, None),
    };
    let product_id = match id {
        Some(id) => {
            let done = sqlx::query(
                "UPDATE products SET title_en = $1, title_hi = $2, description_en = $3, description_hi = $4, \
                 category_slug = $5, price_paise = $6, mrp_paise = $7, stock = $8, hsn = $9, gst_rate_bp = $10, \
                 weight_g = $11, materials = $12, care = $13, handmade = $14, gi = $15, status = $16, updated_at = $17, \
                 origin = $20, sku = $21, length_cm = $22, width_cm = $23, height_cm = $24, moderation = $25, \
                 moderation_note = '' WHERE id = $18 AND seller_id = $19",
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
            .bind(status)
            .bind(now)
            .bind(id)
            .bind(seller.id)
            .bind(&p.origin)
            .bind(&p.sku)
            .bind(length)
            .bind(width)
            .bind(height)
            .bind(moderation)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Ok(Saved::NotFound);
            }
            id
        }
        None => {
            // The English title's letters and a random part: unique, and readable in a link.
            let base = crate::domain::slug::ascii_base(&p.title_en);
            let slug = format!(
                "{}-{}",
                if base.is_empty() { "product" } else { &base },
                &crate::helpers::random_hex(8)[..8]
            );
            let id: i64 = sqlx::query(
                "INSERT INTO products (slug, seller_id, district_slug, category_slug, title_en, title_hi, \
                 description_en, description_hi, price_paise, mrp_paise, stock, hsn, gst_rate_bp, gi, status, \
                 created_at, updated_at, weight_g, materials, care, handmade, origin, sku, length_cm, width_cm, \
                 height_cm, moderation) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, $17, $18, $19, $20, \
                 $21, $22, $23, $24, $25, $26) RETURNING id",
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
            .bind(status)
            .bind(now)
            .bind(p.weight_g)
            .bind(&p.materials)
            .bind(&p.care)
            .bind(i64::from(p.handmade))
            .bind(&p.origin)
            .bind(&p.sku)
            .bind(length)
            .bind(width)
            .bind(height)
            .bind(moderation)
            .fetch_one(&mut *tx)
            .await?
            .try_get("id")?;
            if p.sku.is_none() {
                // Every product gets a SKU (CSV import finds products by it); a seller's own
                // "odop-<id>" elsewhere would already be taken, then it stays without one.
                let auto = format!("odop-{id}");
                let free: i64 = sqlx::query(
                    "SELECT COUNT(*) AS n FROM products WHERE seller_id = $1 AND sku = $2",
                )
                .bind(seller.id)
                .bind(&auto)
                .fetch_one(&mut *tx)
                .await?
                .try_get("n")?;
                if free == 0 {
                    sqlx::query("UPDATE products SET sku = $1 WHERE id = $2")
                        .bind(&auto)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            id
        }
    };
    save_variants(&mut tx, product_id, &p.variants).await?;
    let removed = match save_photos(&mut tx, product_id, photos, edits).await? {
        Ok(removed) => removed,
        Err(code) => return Ok(Saved::Refused("photos", code)),
    };
    tx.commit().await?;
    Ok(Saved::Done {
        id: product_id,
        pending,
        removed,
    })
}

type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// Makes the product's options exactly `variants`: rows with a known id are updated, the
/// others added, and stored options not sent any more removed.
async fn save_variants(
    tx: &mut Tx,
    product_id: i64,
    variants: &[super::validate::Variant],
) -> Result<(), sqlx::Error> {
    let stored: Vec<i64> = sqlx::query("SELECT id FROM product_variants WHERE product_id = $1")
        .bind(product_id)
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<_, _>>()?;
    let kept: Vec<i64> = variants
        .iter()
        .filter_map(|v| v.id)
        .filter(|id| stored.contains(id))
        .collect();
    // Removed first, so a SKU moved from a removed option to a new one is free again.
    for id in stored.iter().filter(|id| !kept.contains(id)) {
        sqlx::query("DELETE FROM product_variants WHERE id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    for (position, v) in variants.iter().enumerate() {
        match v.id.filter(|id| kept.contains(id)) {
            Some(id) => sqlx::query(
                "UPDATE product_variants SET sku = $1, label = $2, price_paise = $3, mrp_paise = $4, stock = $5, \
                 position = $6 WHERE id = $7 AND product_id = $8",
            )
            .bind(&v.sku)
            .bind(&v.label)
            .bind(v.price.0)
            .bind(v.mrp.0)
            .bind(v.stock)
            .bind(position as i64)
            .bind(id)
            .bind(product_id),
            None => sqlx::query(
                "INSERT INTO product_variants (sku, label, price_paise, mrp_paise, stock, position, product_id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&v.sku)
            .bind(&v.label)
            .bind(v.price.0)
            .bind(v.mrp.0)
            .bind(v.stock)
            .bind(position as i64)
            .bind(product_id),
        }
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Applies the photo edits (alt text, order, removal) and appends the new photos. Returns the
/// URLs of removed photos, or a message key when the product would pass eight photos.
async fn save_photos(
    tx: &mut Tx,
    product_id: i64,
    photos: &[NewPhoto],
    edits: &[PhotoEdit],
) -> Result<Result<Vec<String>, &'static str>, sqlx::Error> {
    let stored = sqlx::query(
        "SELECT id, position, srcset, url FROM product_images WHERE product_id = $1 ORDER BY position",
    )
    .bind(product_id)
    .fetch_all(&mut **tx)
    .await?;
    let mut removed = Vec::new();
    // (wanted position, old position, id)
    let mut order = Vec::new();
    for row in &stored {
        let id: i64 = row.try_get("id")?;
        let old: i64 = row.try_get("position")?;
        let edit = edits.iter().find(|e| e.id == id);
        if edit.is_some_and(|e| e.remove) {
            let srcset: Option<String> = row.try_get("srcset")?;
            let url: String = row.try_get("url")?;
            removed.extend(
                srcset
                    .unwrap_or_default()
                    .split(", ")
                    .filter_map(|part| part.split(' ').next())
                    .filter(|u| !u.is_empty())
                    .map(str::to_string),
            );
            if !removed.contains(&url) {
                removed.push(url);
            }
            sqlx::query("DELETE FROM product_images WHERE id = $1")
                .bind(id)
                .execute(&mut **tx)
                .await?;
            continue;
        }
        if let Some(e) = edit {
            // One description serves both languages: sellers describe a photo once.
            let alt = e.alt.trim();
            sqlx::query("UPDATE product_images SET alt_en = $1, alt_hi = $1 WHERE id = $2")
                .bind(alt)
                .bind(id)
                .execute(&mut **tx)
                .await?;
        }
        order.push((edit.map_or(old + 1, |e| e.position), old, id));
    }
    // Counted inside the transaction: two saves at once cannot pass 8 together.
    if order.len() + photos.len() > super::MAX_PHOTOS {
        return Ok(Err("photo_too_many"));
    }
    order.sort_unstable();
    // Positions are unique per product: move every photo out of the way, then into place.
    for (_, old, id) in &order {
        sqlx::query("UPDATE product_images SET position = $1 WHERE id = $2")
            .bind(-1 - old)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    for (position, (_, _, id)) in order.iter().enumerate() {
        sqlx::query("UPDATE product_images SET position = $1 WHERE id = $2")
            .bind(position as i64)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    for (i, photo) in photos.iter().enumerate() {
        sqlx::query(
            "INSERT INTO product_images (product_id, position, url, srcset, width, height, alt_en, alt_hi) \
             VALUES ($1, $2, $3, $4, $5, $6, '', '')",
        )
        .bind(product_id)
        .bind((order.len() + i) as i64)
        .bind(&photo.url)
        .bind(&photo.srcset)
        .bind(photo.width)
        .bind(photo.height)
        .execute(&mut **tx)
        .await?;
    }
    Ok(Ok(removed))
}

/// How the quick stock edit ended.
#[derive(Debug, PartialEq, Eq)]
pub enum StockSet {
    Done,
    NotFound,
    /// The product has options: each has its own stock, set in the editor.
    HasOptions,
}

/// The quick stock edit.
pub async fn set_stock(
    db: &Db,
    seller_id: i64,
    product_id: i64,
    stock: i64,
) -> Result<StockSet, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let Some(row) = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM product_variants v WHERE v.product_id = p.id) AS options \
         FROM products p WHERE p.id = $1 AND p.seller_id = $2",
    )
    .bind(product_id)
    .bind(seller_id)
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(StockSet::NotFound);
    };
    if row.try_get::<i64, _>("options")? > 0 {
        return Ok(StockSet::HasOptions);
    }
    sqlx::query("UPDATE products SET stock = $1, updated_at = $2 WHERE id = $3 AND seller_id = $4")
        .bind(stock)
        .bind(now_unix())
        .bind(product_id)
        .bind(seller_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(StockSet::Done)
}

/// Turns moderation on or off, with an audit entry.
pub async fn set_moderation(db: &Db, admin_id: i64, on: bool) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO site_settings (key, value) VALUES ('moderate_products', $1) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(if on { "1" } else { "0" })
    .execute(&mut *tx)
    .await?;
    crate::audit::record(
        &mut *tx,
        Some(admin_id),
        "setting.moderate_products",
        "site",
        if on { "on" } else { "off" },
    )
    .await?;
    tx.commit().await
}

/// The products waiting for the ODOP cell, oldest first.
pub async fn moderation_queue(db: &Db) -> Result<ModerationQueue, sqlx::Error> {
    let required = moderation_required(&db.pool).await?;
    let rows = sqlx::query(
        "SELECT p.id, p.title_en, p.title_hi, p.description_en, p.description_hi, p.price_paise, \
         s.display_name_en AS seller, d.name_en AS district_en, d.name_hi AS district_hi, i.url AS thumb \
         FROM products p JOIN sellers s ON s.id = p.seller_id JOIN districts d ON d.slug = p.district_slug \
         LEFT JOIN product_images i ON i.product_id = p.id AND i.position = 0 \
         WHERE p.moderation = 'pending' ORDER BY p.updated_at, p.id LIMIT 200",
    )
    .fetch_all(&db.pool)
    .await?;
    let products = rows
        .iter()
        .map(|r| {
            Ok(PendingProduct {
                id: r.try_get("id")?,
                title: r.bilingual("title")?,
                description: r.bilingual("description")?,
                price: Paise(r.try_get("price_paise")?),
                seller: r.try_get("seller")?,
                district: r.bilingual("district")?,
                thumb: r.try_get("thumb")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(ModerationQueue { required, products })
}

/// Approves (`note` = `None`) or refuses a pending product; `false` when it is not pending (or
/// its seller is no longer verified, for an approval). One transaction with its audit entry.
pub async fn decide_product(
    db: &Db,
    admin_id: i64,
    product_id: i64,
    note: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let moved = match note {
        None => sqlx::query(
            "UPDATE products SET status = 'live', moderation = NULL, moderation_note = '', updated_at = $1 \
             WHERE id = $2 AND moderation = 'pending' \
             AND seller_id IN (SELECT id FROM sellers WHERE status = 'verified')",
        )
        .bind(now_unix())
        .bind(product_id),
        Some(note) => sqlx::query(
            "UPDATE products SET moderation = 'refused', moderation_note = $1, updated_at = $2 \
             WHERE id = $3 AND moderation = 'pending'",
        )
        .bind(note)
        .bind(now_unix())
        .bind(product_id),
    }
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() != 1 {
        return Ok(false);
    }
    crate::audit::record(
        &mut *tx,
        Some(admin_id),
        if note.is_some() {
            "product.refused"
        } else {
            "product.approved"
        },
        &format!("product:{product_id}"),
        note.unwrap_or(""),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Saves a CSV import's report; returns its id.
pub async fn save_import_report(db: &Db, seller_id: i64, report: &str) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO listing_imports (seller_id, created_at, report) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(seller_id)
    .bind(now_unix())
    .bind(report)
    .fetch_one(&db.pool)
    .await?
    .try_get("id")
}

/// A report of the seller's own import (JSON).
pub async fn import_report(
    db: &Db,
    seller_id: i64,
    id: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("SELECT report FROM listing_imports WHERE id = $1 AND seller_id = $2")
        .bind(id)
        .bind(seller_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| r.try_get("report"))
        .transpose()
}

/// Every product of the seller (archived ones too) with its options and photo URLs, for the
/// CSV export.
pub async fn export(db: &Db, seller_id: i64) -> Result<Vec<ProductForm>, sqlx::Error> {
    let ids: Vec<i64> = sqlx::query("SELECT id FROM products WHERE seller_id = $1 ORDER BY id")
        .bind(seller_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(ids.len());
    // One product at a time through the editor's own query: an export is rare and small (a
    // seller's few hundred products), and the columns can never drift from the editor's.
    for id in ids {
        if let Some(form) = form_of(db, seller_id, id).await? {
            out.push(form);
        }
    }
    Ok(out)
}
