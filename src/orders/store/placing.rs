//! Placing the cart as one order, once per checkout attempt, in one transaction.
use super::*;

/// A readable order reference: "OM" and 10 random hex digits.
pub(super) fn new_reference() -> String {
    format!("OM{}", crate::helpers::random_hex(8)[..10].to_uppercase())
}

/// Places the user's cart as one order. `key` identifies the checkout attempt: asked again with
/// the same key, the first order's reference comes back (with `false`: not new) and nothing
/// else happens. A message key when the order cannot be placed (nothing is then written or
/// taken from stock).
pub async fn place(
    db: &Db,
    user_id: i64,
    address_id: i64,
    method: PaymentMethod,
    key: &str,
) -> Result<(String, bool), OrderError> {
    let result = place_once(db, user_id, address_id, method, key).await;
    match result {
        // Two requests with one key at the same moment: the second's insert loses to the
        // unique key; it answers with the first's order.
        Err(OrderError::Db(e)) if is_unique_violation(&e) => {
            match existing(&db.pool, user_id, key).await? {
                Some(reference) => Ok((reference, false)),
                None => Err(OrderError::Db(e)),
            }
        }
        other => other,
    }
}

pub(super) fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

pub(super) async fn existing<'e, E>(
    executor: E,
    user_id: i64,
    key: &str,
) -> Result<Option<String>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("SELECT reference FROM orders WHERE user_id = $1 AND idempotency_key = $2")
        .bind(user_id)
        .bind(key)
        .fetch_optional(executor)
        .await?
        .map(|r| r.try_get("reference"))
        .transpose()
}

pub(super) async fn place_once(
    db: &Db,
    user_id: i64,
    address_id: i64,
    method: PaymentMethod,
    key: &str,
) -> Result<(String, bool), OrderError> {
    let now = now_unix();
    let mut tx = db.begin_write().await?;
    // First a write to the buyer's cart row: on PostgreSQL it locks the cart, so two checkouts of
    // one cart (two tabs) run one after the other and the second finds the cart empty or its
    // attempt's order (SQLite's BEGIN IMMEDIATE already serialises them).
    sqlx::query("UPDATE carts SET updated_at = $1 WHERE user_id = $2")
        .bind(now)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    if let Some(reference) = existing(&mut *tx, user_id, key).await? {
        return Ok((reference, false));
    }
    if method != PaymentMethod::Cod {
        // Unpaid orders hold stock until they expire: a buyer may have only a few open.
        let open: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM orders WHERE user_id = $1 AND status = 'awaiting_payment'",
        )
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
        if open
            >= setting(&mut tx, "unpaid_orders_per_buyer")
                .await?
                .unwrap_or(3)
        {
            return Err(OrderError::TooManyUnpaid);
        }
    }
    let Some(a) = sqlx::query(
        "SELECT name, phone, line1, line2, city, district, state_code, pin FROM addresses WHERE id = $1 AND user_id = $2",
    )
    .bind(address_id)
    .bind(user_id)
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Err(OrderError::AddressUnknown);
    };
    let state: String = a.try_get("state_code")?;
    let q = quote(&mut tx, user_id, &state).await?;
    if method == PaymentMethod::Cod
        && !cod_allowed(q.total, setting(&mut tx, "cod_max_paise").await?)
    {
        return Err(OrderError::CodLimit);
    }
    // Stock is taken only where enough is left, row by row in one order (no deadlocks between
    // two buyers); the first line that cannot be had undoes everything.
    let mut per_product: BTreeMap<i64, i64> = BTreeMap::new();
    for l in &q.lines {
        if l.variant_id != 0 {
            let took = sqlx::query(
                "UPDATE product_variants SET stock = stock - $1 WHERE id = $2 AND stock >= $1",
            )
            .bind(l.quantity)
            .bind(l.variant_id)
            .execute(&mut *tx)
            .await?;
            if took.rows_affected() != 1 {
                return Err(OrderError::SoldOut);
            }
        }
        *per_product.entry(l.product_id).or_default() += l.quantity;
    }
    for (product_id, quantity) in &per_product {
        let took = sqlx::query(
            "UPDATE products SET stock = stock - $1, updated_at = $2 WHERE id = $3 AND stock >= $1 AND status = 'live'",
        )
        .bind(quantity)
        .bind(now)
        .bind(product_id)
        .execute(&mut *tx)
        .await?;
        if took.rows_affected() != 1 {
            return Err(OrderError::SoldOut);
        }
    }
    let reference = new_reference();
    // Cash on delivery is placed at once; the other ways wait for their money.
    let status = method.initial_status().as_str();
    let order_id: i64 = sqlx::query(
        "INSERT INTO orders (reference, user_id, idempotency_key, status, payment_method, items_paise, shipping_paise, \
         total_paise, ship_name, ship_phone, ship_line1, ship_line2, ship_city, ship_district, ship_state_code, ship_pin, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id",
    )
    .bind(&reference)
    .bind(user_id)
    .bind(key)
    .bind(status)
    .bind(method.as_str())
    .bind(q.items.0)
    .bind(q.shipping.0)
    .bind(q.total.0)
    .bind(a.try_get::<String, _>("name")?)
    .bind(a.try_get::<String, _>("phone")?)
    .bind(a.try_get::<String, _>("line1")?)
    .bind(a.try_get::<String, _>("line2")?)
    .bind(a.try_get::<String, _>("city")?)
    .bind(a.try_get::<String, _>("district")?)
    .bind(&state)
    .bind(a.try_get::<String, _>("pin")?)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    let intra = state == UP;
    for part in &q.parts {
        let sub_id: i64 = sqlx::query(
            "INSERT INTO sub_orders (order_id, seller_id, status, items_paise, shipping_paise, taxable_paise, cgst_paise, \
             sgst_paise, igst_paise, created_at, updated_at) VALUES ($1, $2, $10, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
        )
        .bind(order_id)
        .bind(part.seller_id)
        .bind(part.items.0)
        .bind(part.shipping.0)
        .bind(part.tax.taxable.0)
        .bind(part.tax.cgst.0)
        .bind(part.tax.sgst.0)
        .bind(part.tax.igst.0)
        .bind(now)
        // An unpaid part is not the seller's to send yet.
        .bind(status)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        for l in q.lines.iter().filter(|l| l.seller_id == part.seller_id) {
            let gross = Paise(l.unit.0 * l.quantity);
            let t = tax::split(gross, l.gst_rate_bp, intra);
            sqlx::query(
                "INSERT INTO order_lines (sub_order_id, product_id, variant_id, sku, title_en, title_hi, option_label, hsn, \
                 gst_rate_bp, unit_price_paise, quantity, total_paise, taxable_paise, cgst_paise, sgst_paise, igst_paise) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
            )
            .bind(sub_id)
            .bind(l.product_id)
            .bind(l.variant_id)
            .bind(&l.sku)
            .bind(&l.title.en)
            .bind(&l.title.hi)
            .bind(&l.option)
            .bind(&l.hsn)
            .bind(l.gst_rate_bp)
            .bind(l.unit.0)
            .bind(l.quantity)
            .bind(gross.0)
            .bind(t.taxable.0)
            .bind(t.cgst.0)
            .bind(t.sgst.0)
            .bind(t.igst.0)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("INSERT INTO order_events (sub_order_id, at, status, actor_user_id) VALUES ($1, $2, $3, $4)")
            .bind(sub_id)
            .bind(now)
            .bind(status)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(
        "DELETE FROM cart_lines WHERE cart_id IN (SELECT id FROM carts WHERE user_id = $1)",
    )
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok((reference, true))
}
