//! SQL of carts. A cart is only ever found through its owner (the session's user, or the hash
//! of the guest's cart cookie): there is no way to name another person's cart.
use super::{CartLine, CartView, MAX_LINES, MAX_QUANTITY};
use crate::db::RowExt;
use crate::db::{now_unix, Db};
use crate::domain::money::Paise;
use sqlx::Row;

/// Whose cart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    User(i64),
    /// SHA-256 of the guest's cart cookie.
    Guest(String),
}

type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// The owner's cart id, if they have a cart.
async fn find(tx: &mut Tx, owner: &Owner) -> Result<Option<i64>, sqlx::Error> {
    let row = match owner {
        Owner::User(id) => sqlx::query("SELECT id FROM carts WHERE user_id = $1")
            .bind(*id)
            .fetch_optional(&mut **tx),
        Owner::Guest(hash) => sqlx::query("SELECT id FROM carts WHERE token_hash = $1")
            .bind(hash)
            .fetch_optional(&mut **tx),
    }
    .await?;
    row.map(|r| r.try_get("id")).transpose()
}

/// The owner's cart, made if missing, and locked for this transaction: the first statement is a
/// write to its row, so on PostgreSQL two requests on one cart (a double click) run one after
/// the other, as SQLite's `BEGIN IMMEDIATE` already makes them.
async fn find_or_create(tx: &mut Tx, owner: &Owner) -> Result<i64, sqlx::Error> {
    let now = now_unix();
    match owner {
        Owner::User(id) => sqlx::query(
            "INSERT INTO carts (user_id, updated_at) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET updated_at = $2",
        )
        .bind(*id)
        .bind(now),
        Owner::Guest(hash) => sqlx::query(
            "INSERT INTO carts (token_hash, updated_at) VALUES ($1, $2) ON CONFLICT (token_hash) DO UPDATE SET updated_at = $2",
        )
        .bind(hash)
        .bind(now),
    }
    .execute(&mut **tx)
    .await?;
    find(tx, owner).await?.ok_or(sqlx::Error::RowNotFound)
}

/// A thing for sale today: its unit price and stock (of the option when there is one).
async fn for_sale(
    tx: &mut Tx,
    product_id: i64,
    variant_id: i64,
) -> Result<Result<(Paise, i64), &'static str>, sqlx::Error> {
    let Some(p) = sqlx::query(
        "SELECT p.price_paise, p.stock, (SELECT COUNT(*) FROM product_variants v WHERE v.product_id = p.id) AS options \
         FROM products p JOIN sellers s ON s.id = p.seller_id \
         WHERE p.id = $1 AND p.status = 'live' AND s.status = 'verified'",
    )
    .bind(product_id)
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(Err("product_unavailable"));
    };
    if variant_id == 0 {
        if p.try_get::<i64, _>("options")? > 0 {
            return Ok(Err("option_missing"));
        }
        return Ok(Ok((Paise(p.try_get("price_paise")?), p.try_get("stock")?)));
    }
    let Some(v) = sqlx::query(
        "SELECT price_paise, stock FROM product_variants WHERE id = $1 AND product_id = $2",
    )
    .bind(variant_id)
    .bind(product_id)
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(Err("option_invalid"));
    };
    Ok(Ok((Paise(v.try_get("price_paise")?), v.try_get("stock")?)))
}

async fn quantity_in(
    tx: &mut Tx,
    cart: i64,
    product_id: i64,
    variant_id: i64,
) -> Result<i64, sqlx::Error> {
    Ok(sqlx::query(
        "SELECT quantity FROM cart_lines WHERE cart_id = $1 AND product_id = $2 AND variant_id = $3",
    )
    .bind(cart)
    .bind(product_id)
    .bind(variant_id)
    .fetch_optional(&mut **tx)
    .await?
    .map(|r| r.try_get::<i64, _>("quantity"))
    .transpose()?
    .unwrap_or(0))
}

/// Puts `quantity` more of a product (option) in the owner's cart; a message key when it
/// cannot be bought or there are not that many.
pub async fn add(
    db: &Db,
    owner: &Owner,
    product_id: i64,
    variant_id: i64,
    quantity: i64,
) -> Result<Result<(), &'static str>, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let (price, stock) = match for_sale(&mut tx, product_id, variant_id).await? {
        Ok(found) => found,
        Err(code) => return Ok(Err(code)),
    };
    if stock == 0 {
        return Ok(Err("out_of_stock"));
    }
    let cart = find_or_create(&mut tx, owner).await?;
    let had = quantity_in(&mut tx, cart, product_id, variant_id).await?;
    let wanted = had + quantity;
    if wanted > stock.min(MAX_QUANTITY) {
        return Ok(Err("not_enough_stock"));
    }
    if had == 0 {
        let lines: i64 = sqlx::query("SELECT COUNT(*) AS n FROM cart_lines WHERE cart_id = $1")
            .bind(cart)
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
        if lines >= MAX_LINES {
            return Ok(Err("cart_full"));
        }
        sqlx::query(
            "INSERT INTO cart_lines (cart_id, product_id, variant_id, quantity, added_price_paise, added_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(cart)
        .bind(product_id)
        .bind(variant_id)
        .bind(wanted)
        .bind(price.0)
        .bind(now_unix())
        .execute(&mut *tx)
        .await?;
    } else {
        // Added again: the price the shopper saw is today's.
        sqlx::query(
            "UPDATE cart_lines SET quantity = $1, added_price_paise = $2 \
             WHERE cart_id = $3 AND product_id = $4 AND variant_id = $5",
        )
        .bind(wanted)
        .bind(price.0)
        .bind(cart)
        .bind(product_id)
        .bind(variant_id)
        .execute(&mut *tx)
        .await?;
    }
    touch(&mut tx, cart).await?;
    tx.commit().await?;
    Ok(Ok(()))
}

async fn touch(tx: &mut Tx, cart: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE carts SET updated_at = $1 WHERE id = $2")
        .bind(now_unix())
        .bind(cart)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Sets a line's quantity (0 removes it). More than the stock is refused when it grows the line;
/// a line the shopper has is never refused for going down.
pub async fn set_quantity(
    db: &Db,
    owner: &Owner,
    product_id: i64,
    variant_id: i64,
    quantity: i64,
) -> Result<Result<(), &'static str>, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let Some(cart) = find(&mut tx, owner).await? else {
        return Ok(Err("not_in_cart"));
    };
    touch(&mut tx, cart).await?;
    let had = quantity_in(&mut tx, cart, product_id, variant_id).await?;
    if had == 0 {
        return Ok(Err("not_in_cart"));
    }
    if quantity == 0 {
        sqlx::query(
            "DELETE FROM cart_lines WHERE cart_id = $1 AND product_id = $2 AND variant_id = $3",
        )
        .bind(cart)
        .bind(product_id)
        .bind(variant_id)
        .execute(&mut *tx)
        .await?;
    } else {
        if quantity > had {
            let stock = match for_sale(&mut tx, product_id, variant_id).await? {
                Ok((_, stock)) => stock,
                Err(code) => return Ok(Err(code)),
            };
            if quantity > stock.min(MAX_QUANTITY) {
                return Ok(Err("not_enough_stock"));
            }
        }
        sqlx::query(
            "UPDATE cart_lines SET quantity = $1 WHERE cart_id = $2 AND product_id = $3 AND variant_id = $4",
        )
        .bind(quantity)
        .bind(cart)
        .bind(product_id)
        .bind(variant_id)
        .execute(&mut *tx)
        .await?;
    }
    touch(&mut tx, cart).await?;
    tx.commit().await?;
    Ok(Ok(()))
}

const VIEW_COLUMNS: &str = "SELECT l.product_id, l.variant_id, l.quantity, l.added_price_paise, p.slug, p.title_en, p.title_hi, \
    p.status, p.price_paise, p.stock, s.id AS seller_id, s.status AS seller_status, s.display_name_en AS seller_en, \
    s.display_name_hi AS seller_hi, v.id AS v_id, v.label AS v_label, v.price_paise AS v_price, v.stock AS v_stock, \
    (SELECT COUNT(*) FROM product_variants x WHERE x.product_id = p.id) AS options, i.url AS thumb \
    FROM carts c JOIN cart_lines l ON l.cart_id = c.id JOIN products p ON p.id = l.product_id \
    JOIN sellers s ON s.id = p.seller_id \
    LEFT JOIN product_variants v ON v.id = l.variant_id AND v.product_id = p.id \
    LEFT JOIN product_images i ON i.product_id = p.id AND i.position = 0";

/// Whether a cart line can still be ordered: its product is live from a verified seller, and
/// the line names an option exactly when the product has options (and that option still
/// exists). Reads `variant_id`, `v_id`, `options`, `status` and `seller_status`; checkout asks
/// the same question of the same columns.
pub(crate) fn orderable(r: &sqlx::any::AnyRow) -> Result<bool, sqlx::Error> {
    let live = r.try_get::<String, _>("status")? == "live"
        && r.try_get::<String, _>("seller_status")? == "verified";
    let option_ok = if r.try_get::<i64, _>("variant_id")? == 0 {
        r.try_get::<i64, _>("options")? == 0
    } else {
        r.try_get::<Option<i64>, _>("v_id")?.is_some()
    };
    Ok(live && option_ok)
}

/// The owner's cart with today's prices and stock (one query).
pub async fn view(db: &Db, owner: &Owner) -> Result<CartView, sqlx::Error> {
    let rows = match owner {
        Owner::User(id) => {
            sqlx::query(&format!("{VIEW_COLUMNS} WHERE c.user_id = $1 ORDER BY l.added_at, l.product_id, l.variant_id"))
                .bind(*id)
                .fetch_all(&db.pool)
                .await?
        }
        Owner::Guest(hash) => {
            sqlx::query(&format!("{VIEW_COLUMNS} WHERE c.token_hash = $1 ORDER BY l.added_at, l.product_id, l.variant_id"))
                .bind(hash)
                .fetch_all(&db.pool)
                .await?
        }
    };
    let mut lines = Vec::with_capacity(rows.len());
    for r in &rows {
        let variant_id: i64 = r.try_get("variant_id")?;
        let available = orderable(r)?;
        let (price, stock) = if variant_id == 0 {
            (
                r.try_get::<i64, _>("price_paise")?,
                r.try_get::<i64, _>("stock")?,
            )
        } else {
            (
                r.try_get::<Option<i64>, _>("v_price")?.unwrap_or(0),
                r.try_get::<Option<i64>, _>("v_stock")?.unwrap_or(0),
            )
        };
        lines.push(CartLine {
            product_id: r.try_get("product_id")?,
            variant_id,
            slug: r.try_get("slug")?,
            title: r.bilingual("title")?,
            option: r
                .try_get::<Option<String>, _>("v_label")?
                .unwrap_or_default(),
            seller: r.bilingual("seller")?,
            seller_id: r.try_get("seller_id")?,
            thumb: r.try_get("thumb")?,
            unit_price: Paise(price),
            added_price: Paise(r.try_get("added_price_paise")?),
            quantity: r.try_get("quantity")?,
            stock,
            available,
        });
    }
    Ok(CartView { lines })
}

/// Forgets guest carts untouched for longer than their cookie lives (nobody can reach them
/// any more). Returns how many went. Run by the server's minute job.
pub async fn purge_guests(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM carts WHERE user_id IS NULL AND updated_at < $1")
            .bind(now - crate::identity::session::TTL_SECONDS)
            .execute(&db.pool)
            .await?
            .rows_affected(),
    )
}

/// Pieces in the owner's cart (the header's badge).
pub async fn count(db: &Db, owner: &Owner) -> Result<i64, sqlx::Error> {
    let sql = |clause: &str| {
        format!(
            "SELECT CAST(COALESCE(SUM(l.quantity), 0) AS BIGINT) AS n FROM carts c \
             JOIN cart_lines l ON l.cart_id = c.id WHERE {clause}"
        )
    };
    let row = match owner {
        Owner::User(id) => {
            sqlx::query(&sql("c.user_id = $1"))
                .bind(*id)
                .fetch_one(&db.pool)
                .await?
        }
        Owner::Guest(hash) => {
            sqlx::query(&sql("c.token_hash = $1"))
                .bind(hash)
                .fetch_one(&db.pool)
                .await?
        }
    };
    row.try_get("n")
}

/// At sign-in: the guest's lines join the account's cart (quantities added, at most
/// [`MAX_QUANTITY`]) and the guest cart is gone. One transaction.
pub async fn adopt(db: &Db, guest_hash: &str, user_id: i64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let guest = Owner::Guest(guest_hash.to_string());
    let Some(from) = find(&mut tx, &guest).await? else {
        return Ok(());
    };
    let to = find_or_create(&mut tx, &Owner::User(user_id)).await?;
    let lines = sqlx::query(
        "SELECT product_id, variant_id, quantity, added_price_paise, added_at FROM cart_lines WHERE cart_id = $1",
    )
    .bind(from)
    .fetch_all(&mut *tx)
    .await?;
    for l in &lines {
        let (product_id, variant_id, quantity): (i64, i64, i64) = (
            l.try_get("product_id")?,
            l.try_get("variant_id")?,
            l.try_get("quantity")?,
        );
        let had = quantity_in(&mut tx, to, product_id, variant_id).await?;
        if had > 0 {
            sqlx::query(
                "UPDATE cart_lines SET quantity = $1 WHERE cart_id = $2 AND product_id = $3 AND variant_id = $4",
            )
            .bind((had + quantity).min(MAX_QUANTITY))
            .bind(to)
            .bind(product_id)
            .bind(variant_id)
            .execute(&mut *tx)
            .await?;
        } else {
            sqlx::query(
                "INSERT INTO cart_lines (cart_id, product_id, variant_id, quantity, added_price_paise, added_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(to)
            .bind(product_id)
            .bind(variant_id)
            .bind(quantity)
            .bind(l.try_get::<i64, _>("added_price_paise")?)
            .bind(l.try_get::<i64, _>("added_at")?)
            .execute(&mut *tx)
            .await?;
        }
    }
    sqlx::query("DELETE FROM carts WHERE id = $1")
        .bind(from)
        .execute(&mut *tx)
        .await?;
    touch(&mut tx, to).await?;
    tx.commit().await
}
