//! SQL of the catalogue. Each public page costs at most three queries.
use super::filter::{ProductFilter, Sort, PAGE_SIZE};
use super::{Category, Image, ProductCard, ProductDetail, ProductOption};
use crate::db::RowExt;
use crate::db::{flag, Db, Sql};
use crate::domain::money::Paise;
use crate::i18n_util::Bilingual;
use sqlx::any::AnyRow;
use sqlx::Row;

fn card_from_row(row: &AnyRow) -> Result<ProductCard, sqlx::Error> {
    Ok(ProductCard {
        id: row.try_get("id")?,
        has_options: flag(row, "has_options")?,
        slug: row.try_get("slug")?,
        title: row.bilingual("title")?,
        price: Paise(row.try_get("price_paise")?),
        mrp: Paise(row.try_get("mrp_paise")?),
        stock: row.try_get("stock")?,
        gi: flag(row, "gi")?,
        district_slug: row.try_get("district_slug")?,
        district_name: row.bilingual("district")?,
        image: row.image()?,
    })
}

const CARD_COLUMNS: &str =
    "p.id, CASE WHEN EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id) THEN 1 ELSE 0 END AS has_options, \
    p.slug, p.title_en, p.title_hi, p.price_paise, p.mrp_paise, p.stock, p.gi, \
    p.district_slug, d.name_en AS district_en, d.name_hi AS district_hi, \
    i.url AS img_url, i.srcset AS img_srcset, i.width AS img_width, i.height AS img_height, \
    i.alt_en AS img_alt_en, i.alt_hi AS img_alt_hi";

/// Only verified sellers' products are public, whatever a product's own status says.
const CARD_FROM: &str = " FROM products p JOIN districts d ON d.slug = p.district_slug \
    JOIN sellers s ON s.id = p.seller_id AND s.status = 'verified' \
    LEFT JOIN product_images i ON i.product_id = p.id AND i.position = 0";

/// Escapes LIKE wildcards so a shopper's `%` or `_` is matched literally.
fn like_pattern(word: &str) -> String {
    let mut out = String::from("%");
    for c in word.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// One page of live products matching `filter`, and how many match in all (one query).
///
/// The page is chosen over product ids only (an inner query with its LIMIT, which can stop early
/// on an index), the count is a separate scalar subquery over the same conditions, and the cards'
/// columns, photo and "has options" are read for the page's rows alone. A window count over every
/// match with all its columns took 13.6 M instructions in SQLite on `/products`; ids with a
/// window count 4.3 M; this ≈ 2 M (callgrind, demo catalogue).
pub async fn search(
    db: &Db,
    filter: &ProductFilter,
) -> Result<(Vec<ProductCard>, i64), sqlx::Error> {
    let (inner_order, outer_order) = match filter.sort {
        Sort::Newest => (
            " ORDER BY p.created_at DESC, p.id DESC",
            " ORDER BY m.created_at DESC, m.id DESC",
        ),
        Sort::PriceAsc => (
            " ORDER BY p.price_paise ASC, p.id ASC",
            " ORDER BY m.price_paise ASC, m.id ASC",
        ),
        Sort::PriceDesc => (
            " ORDER BY p.price_paise DESC, p.id DESC",
            " ORDER BY m.price_paise DESC, m.id DESC",
        ),
    };
    let mut sql = Sql::new(&format!("SELECT {CARD_COLUMNS}, (SELECT COUNT(*)"));
    matching(&mut sql, filter);
    sql.push(") AS total FROM (SELECT p.id, p.created_at, p.price_paise");
    matching(&mut sql, filter);
    sql.push(inner_order);
    let page = i64::from(filter.page.max(1));
    sql.push(" LIMIT ").bind_int(i64::from(PAGE_SIZE));
    sql.push(" OFFSET ")
        .bind_int((page - 1) * i64::from(PAGE_SIZE));
    sql.push(
        ") m JOIN products p ON p.id = m.id JOIN districts d ON d.slug = p.district_slug \
         LEFT JOIN product_images i ON i.product_id = p.id AND i.position = 0",
    );
    sql.push(outer_order);
    let rows = sql.fetch_all(&db.pool).await?;
    let total = match rows.first() {
        Some(row) => row.try_get("total")?,
        None => 0,
    };
    let cards = rows
        .iter()
        .map(card_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    Ok((cards, total))
}

/// ` FROM … WHERE …`: the live products of verified sellers that match `filter`.
fn matching(sql: &mut Sql, filter: &ProductFilter) {
    let words: Vec<&str> = filter.q.split_whitespace().take(8).collect();
    sql.push(" FROM products p");
    // The district's names are searched too; without words the join is not needed.
    if !words.is_empty() {
        sql.push(" JOIN districts d ON d.slug = p.district_slug");
    }
    sql.push(
        " JOIN sellers s ON s.id = p.seller_id AND s.status = 'verified' WHERE p.status = 'live'",
    );
    if !filter.districts.is_empty() {
        sql.push(" AND p.district_slug IN ")
            .bind_text_list(&filter.districts);
    }
    if !filter.categories.is_empty() {
        sql.push(" AND p.category_slug IN ")
            .bind_text_list(&filter.categories);
    }
    if let Some(min) = filter.min_price {
        sql.push(" AND p.price_paise >= ").bind_int(min.0);
    }
    if let Some(max) = filter.max_price {
        sql.push(" AND p.price_paise <= ").bind_int(max.0);
    }
    if filter.gi_only {
        sql.push(" AND p.gi = 1");
    }
    if filter.in_stock {
        sql.push(" AND p.stock > 0");
    }
    // Every word must appear in the title (either language), the district or its craft.
    for word in words {
        let pattern = like_pattern(&word.to_lowercase());
        sql.push(" AND (LOWER(p.title_en) LIKE ")
            .bind_text(pattern.clone());
        sql.push(" ESCAPE '\\' OR p.title_hi LIKE ")
            .bind_text(pattern.clone());
        sql.push(" ESCAPE '\\' OR LOWER(d.name_en) LIKE ")
            .bind_text(pattern.clone());
        sql.push(" ESCAPE '\\' OR d.name_hi LIKE ")
            .bind_text(pattern.clone());
        sql.push(" ESCAPE '\\' OR LOWER(d.odop_product_en) LIKE ")
            .bind_text(pattern.clone());
        sql.push(" ESCAPE '\\' OR d.odop_product_hi LIKE ")
            .bind_text(pattern);
        sql.push(" ESCAPE '\\')");
    }
}

/// All craft categories, each with its number of live products in `district` (or everywhere).
pub async fn categories(
    db: &Db,
    district: Option<&str>,
) -> Result<Vec<(Category, i64)>, sqlx::Error> {
    // Counted in one pass over the district's products (grouped), not once per category: a
    // subquery per category walked every district's products of that category.
    let mut sql = Sql::new(
        "SELECT c.slug, c.name_en, c.name_hi, COALESCE(k.n, 0) AS n FROM craft_categories c \
         LEFT JOIN (SELECT p.category_slug, COUNT(*) AS n FROM products p \
         JOIN sellers s ON s.id = p.seller_id AND s.status = 'verified' \
         WHERE p.status = 'live'",
    );
    if let Some(d) = district {
        sql.push(" AND p.district_slug = ").bind_text(d);
    }
    sql.push(
        " GROUP BY p.category_slug) k ON k.category_slug = c.slug ORDER BY c.position, c.slug",
    );
    let rows = sql.fetch_all(&db.pool).await?;
    rows.iter()
        .map(|row| {
            Ok((
                Category {
                    slug: row.try_get("slug")?,
                    name: row.bilingual("name")?,
                },
                row.try_get("n")?,
            ))
        })
        .collect()
}

/// The newest live products, one per district at most, for the home page.
pub async fn featured(db: &Db, limit: i64) -> Result<Vec<ProductCard>, sqlx::Error> {
    let sql = format!(
        "SELECT {CARD_COLUMNS} {CARD_FROM} WHERE p.status = 'live' AND p.stock > 0 AND d.featured = 1 \
         AND p.id = (SELECT p2.id FROM products p2 JOIN sellers s2 ON s2.id = p2.seller_id AND s2.status = 'verified' \
         WHERE p2.district_slug = p.district_slug AND p2.status = 'live' AND p2.stock > 0 ORDER BY p2.created_at DESC, p2.id DESC LIMIT 1) \
         ORDER BY d.slug LIMIT $1"
    );
    let rows = sqlx::query(&sql).bind(limit).fetch_all(&db.pool).await?;
    rows.iter().map(card_from_row).collect()
}

/// A live product with its seller, district, category and photos (one query: a row per photo),
/// its options (one more, if it has any) and its reviews (one more, if it has any): at most
/// three queries.
pub async fn product(db: &Db, slug: &str) -> Result<Option<ProductDetail>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT p.id, p.slug, p.title_en, p.title_hi, p.description_en, p.description_hi, p.price_paise, \
         p.mrp_paise, p.stock, p.gi, p.hsn, p.gst_rate_bp, p.district_slug, p.materials, p.care, p.origin, p.handmade, \
         p.rating_count, d.name_en AS district_en, d.name_hi AS district_hi, d.gi_tag, \
         c.slug AS category_slug, c.name_en AS category_en, c.name_hi AS category_hi, \
         s.slug AS seller_slug, s.display_name_en AS seller_en, s.display_name_hi AS seller_hi, \
         (SELECT COUNT(*) FROM product_variants v WHERE v.product_id = p.id) AS option_count, \
         i.url AS img_url, i.srcset AS img_srcset, i.width AS img_width, i.height AS img_height, \
         i.alt_en AS img_alt_en, i.alt_hi AS img_alt_hi \
         FROM products p JOIN districts d ON d.slug = p.district_slug \
         JOIN craft_categories c ON c.slug = p.category_slug JOIN sellers s ON s.id = p.seller_id \
         LEFT JOIN product_images i ON i.product_id = p.id \
         WHERE p.slug = $1 AND p.status = 'live' AND s.status = 'verified' ORDER BY i.position",
    )
    .bind(slug)
    .fetch_all(&db.pool)
    .await?;
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let id: i64 = row.try_get("id")?;
    let images = rows
        .iter()
        .filter_map(|r| r.image().transpose())
        .collect::<Result<Vec<_>, _>>()?;
    let reviews = if row.try_get::<i64, _>("rating_count")? > 0 {
        crate::reviews::store::of_product(db, slug).await?
    } else {
        crate::reviews::Reviews::default()
    };
    if row.try_get::<i64, _>("option_count")? == 0 {
        return detail(row, images, Vec::new(), reviews).map(Some);
    }
    let options = sqlx::query(
        "SELECT id, label, price_paise, mrp_paise, stock FROM product_variants WHERE product_id = $1 ORDER BY position, id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(ProductOption {
            id: r.try_get("id")?,
            label: r.try_get("label")?,
            price: Paise(r.try_get("price_paise")?),
            mrp: Paise(r.try_get("mrp_paise")?),
            stock: r.try_get("stock")?,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    detail(row, images, options, reviews).map(Some)
}

fn detail(
    row: &AnyRow,
    images: Vec<Image>,
    options: Vec<ProductOption>,
    reviews: crate::reviews::Reviews,
) -> Result<ProductDetail, sqlx::Error> {
    let gi = flag(row, "gi")?;
    Ok(ProductDetail {
        id: row.try_get("id")?,
        slug: row.try_get("slug")?,
        title: row.bilingual("title")?,
        description: row.bilingual("description")?,
        price: Paise(row.try_get("price_paise")?),
        mrp: Paise(row.try_get("mrp_paise")?),
        stock: row.try_get("stock")?,
        gi,
        gi_tag: if gi { row.try_get("gi_tag")? } else { None },
        hsn: row.try_get("hsn")?,
        gst_rate_bp: row.try_get("gst_rate_bp")?,
        category: Category {
            slug: row.try_get("category_slug")?,
            name: row.bilingual("category")?,
        },
        district_slug: row.try_get("district_slug")?,
        district_name: row.bilingual("district")?,
        seller_slug: row.try_get("seller_slug")?,
        seller_name: row.bilingual("seller")?,
        images,
        materials: row.try_get("materials")?,
        care: row.try_get("care")?,
        origin: row.try_get("origin")?,
        handmade: flag(row, "handmade")?,
        options,
        reviews,
    })
}

/// The newest live products of one seller (the public seller page).
pub async fn by_seller(
    db: &Db,
    seller_id: i64,
    limit: i64,
) -> Result<Vec<ProductCard>, sqlx::Error> {
    let sql = format!(
        "SELECT {CARD_COLUMNS} {CARD_FROM} WHERE p.status = 'live' AND p.seller_id = $1 \
         ORDER BY p.created_at DESC, p.id DESC LIMIT $2"
    );
    let rows = sqlx::query(&sql)
        .bind(seller_id)
        .bind(limit)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(card_from_row).collect()
}

/// Slug and name of every district, for the multi-district filter.
pub async fn district_names(db: &Db) -> Result<Vec<(String, Bilingual)>, sqlx::Error> {
    let rows = sqlx::query("SELECT slug, name_en, name_hi FROM districts ORDER BY slug")
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("slug")?, r.bilingual("name")?)))
        .collect()
}
