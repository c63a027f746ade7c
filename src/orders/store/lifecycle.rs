//! What happens to an order after it is placed: steps of its parts (the state machine is
//! `domain::order::next_status`), payment, refund, expiry. Only these functions write an
//! order's or a part's state.
use super::*;

/// Moves a sub-order on. `owner` names who may: the seller (`Seller(id)`) or the buyer
/// (`Buyer(user id)`); anyone else's sub-order is "not found". What follows from the step
/// happens in the same transaction: a cancellation puts the stock back (and owes a refund when
/// the part was paid), shipping issues the GST invoice, delivery enters the sale in the payout
/// ledger, an approved return owes a refund. Returns the order's reference and the new
/// status, or a message key.
pub async fn advance(
    db: &Db,
    owner: Actor,
    actor_user: i64,
    sub_order_id: i64,
    step: &Step<'_>,
) -> Result<(String, PartStatus), OrderError> {
    let Step {
        action,
        courier,
        awb,
        note,
    } = *step;
    let now = now_unix();
    let mut tx = db.begin_write().await?;
    let row = match owner {
        Actor::Seller(seller_id) => sqlx::query(
            "SELECT so.status, so.order_id, so.seller_id, so.items_paise + so.shipping_paise AS due, so.delivered_at, \
             o.reference, o.payment_method FROM sub_orders so JOIN orders o ON o.id = so.order_id \
             WHERE so.id = $1 AND so.seller_id = $2",
        )
        .bind(sub_order_id)
        .bind(seller_id),
        Actor::Buyer(user_id) => sqlx::query(
            "SELECT so.status, so.order_id, so.seller_id, so.items_paise + so.shipping_paise AS due, so.delivered_at, \
             o.reference, o.payment_method FROM sub_orders so JOIN orders o ON o.id = so.order_id \
             WHERE so.id = $1 AND o.user_id = $2",
        )
        .bind(sub_order_id)
        .bind(user_id),
    }
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        return Err(OrderError::NotFound);
    };
    let current = parsed(&row, "status", PartStatus::parse)?;
    let party = match owner {
        Actor::Seller(_) => Party::Seller,
        Actor::Buyer(_) => Party::Buyer,
    };
    let Some(next) = next_status(current, action, party) else {
        return Err(OrderError::StepInvalid);
    };
    if next == PartStatus::Shipped && (courier.is_empty() || awb.is_empty()) {
        return Err(OrderError::ShippingDetailsMissing);
    }
    if next == PartStatus::ReturnRequested {
        let days = setting(&mut tx, "return_window_days").await?.unwrap_or(7);
        let delivered: Option<i64> = row.try_get("delivered_at")?;
        if delivered.is_none_or(|at| now > at + days * 86_400) {
            return Err(OrderError::ReturnWindowOver);
        }
    }
    // The order's row first (on PostgreSQL a lock): a payment and the expiry job also take the
    // order before its parts, so none of them overwrites another's step or deadlocks with it.
    sqlx::query("UPDATE orders SET status = status WHERE id = $1")
        .bind(row.try_get::<i64, _>("order_id")?)
        .execute(&mut *tx)
        .await?;
    let moved = sqlx::query(
        "UPDATE sub_orders SET status = $1, updated_at = $2, \
         courier = CASE WHEN $1 = 'shipped' THEN $3 ELSE courier END, \
         awb = CASE WHEN $1 = 'shipped' THEN $4 ELSE awb END, \
         cancel_reason = CASE WHEN $1 = 'cancelled' THEN $5 ELSE cancel_reason END, \
         return_reason = CASE WHEN $1 = 'return_requested' THEN $5 ELSE return_reason END, \
         delivered_at = CASE WHEN $1 = 'delivered' THEN $2 ELSE delivered_at END \
         WHERE id = $6 AND status = $7",
    )
    .bind(next.as_str())
    .bind(now)
    .bind(courier)
    .bind(awb)
    .bind(note)
    .bind(sub_order_id)
    .bind(current.as_str())
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() != 1 {
        return Err(OrderError::StepInvalid);
    }
    let order_id: i64 = row.try_get("order_id")?;
    let due: i64 = row.try_get("due")?;
    match next {
        PartStatus::Cancelled => {
            release_stock(&mut tx, &[sub_order_id]).await?;
            close_if_all_cancelled(&mut tx, order_id).await?;
            // Money already taken online goes back; cash on delivery and unpaid parts owe none.
            let paid = current != PartStatus::AwaitingPayment
                && parsed(&row, "payment_method", PaymentMethod::parse)?.paid_before_delivery();
            if paid {
                record_refund(
                    &mut tx,
                    order_id,
                    Some(sub_order_id),
                    None,
                    due,
                    RefundReason::Cancelled,
                )
                .await?;
            }
        }
        PartStatus::Shipped => {
            crate::invoices::store::issue(&mut tx, sub_order_id, row.try_get("seller_id")?, now)
                .await?
        }
        PartStatus::Delivered => {
            crate::payouts::store::record_sale(&mut tx, sub_order_id, now).await?
        }
        PartStatus::Returned => {
            record_refund(
                &mut tx,
                order_id,
                Some(sub_order_id),
                None,
                due,
                RefundReason::Returned,
            )
            .await?
        }
        _ => {}
    }
    let event_note = match next {
        PartStatus::Shipped => format!("{courier} {awb}"),
        _ => note.to_string(),
    };
    sqlx::query("INSERT INTO order_events (sub_order_id, at, status, actor_user_id, note) VALUES ($1, $2, $3, $4, $5)")
        .bind(sub_order_id)
        .bind(now)
        .bind(next.as_str())
        .bind(actor_user)
        .bind(&event_note)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok((row.try_get("reference")?, next))
}

/// A step asked for: the action, the courier and AWB of a shipment, the reason of a
/// cancellation or a return.
#[derive(Debug, Clone, Copy)]
pub struct Step<'a> {
    pub action: Action,
    pub courier: &'a str,
    pub awb: &'a str,
    pub note: &'a str,
}

/// Puts back the stock of cancelled sub-orders: options first, then products, each in id order
/// (the order `place` locks them in, so a checkout and a cancellation never deadlock).
pub(super) async fn release_stock(tx: &mut Tx, sub_orders: &[i64]) -> Result<(), sqlx::Error> {
    let mut variants: BTreeMap<i64, i64> = BTreeMap::new();
    let mut products: BTreeMap<i64, i64> = BTreeMap::new();
    for id in sub_orders {
        let lines = sqlx::query(
            "SELECT product_id, variant_id, quantity FROM order_lines WHERE sub_order_id = $1",
        )
        .bind(id)
        .fetch_all(&mut **tx)
        .await?;
        for l in &lines {
            let (product, variant, quantity): (i64, i64, i64) = (
                l.try_get("product_id")?,
                l.try_get("variant_id")?,
                l.try_get("quantity")?,
            );
            if variant != 0 {
                *variants.entry(variant).or_default() += quantity;
            }
            *products.entry(product).or_default() += quantity;
        }
    }
    for (id, quantity) in &variants {
        sqlx::query("UPDATE product_variants SET stock = stock + $1 WHERE id = $2")
            .bind(quantity)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    for (id, quantity) in &products {
        sqlx::query("UPDATE products SET stock = stock + $1 WHERE id = $2")
            .bind(quantity)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// An order whose every part is cancelled is cancelled (and no longer awaits any payment).
pub(super) async fn close_if_all_cancelled(tx: &mut Tx, order_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE orders SET status = 'cancelled' WHERE id = $1 AND status IN ('placed', 'awaiting_payment') \
         AND NOT EXISTS (SELECT 1 FROM sub_orders so WHERE so.order_id = $1 AND so.status <> 'cancelled')",
    )
    .bind(order_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Unpaid orders older than `unpaid_expiry_minutes` (gateway orders: `gateway_expiry_minutes`)
/// expire: their parts are cancelled and their stock comes back. Returns the references of
/// those that expired. Run every minute by the server (through `notices::expire`).
pub async fn expire_unpaid(db: &Db, now: i64) -> Result<Vec<String>, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let minutes = setting(&mut tx, "unpaid_expiry_minutes")
        .await?
        .unwrap_or(60);
    let gateway_minutes = setting(&mut tx, "gateway_expiry_minutes")
        .await?
        .unwrap_or(30);
    let orders: Vec<(i64, String)> = sqlx::query(
        "SELECT id, reference FROM orders WHERE status = 'awaiting_payment' AND \
         ((payment_method = 'gateway' AND created_at < $2) OR (payment_method <> 'gateway' AND created_at < $1)) \
         ORDER BY id LIMIT 200",
    )
    .bind(now - minutes * 60)
    .bind(now - gateway_minutes * 60)
    .fetch_all(&mut *tx)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("id")?, r.try_get("reference")?)))
    .collect::<Result<_, sqlx::Error>>()?;
    let mut expired = Vec::new();
    for (order, reference) in &orders {
        // The order first, conditionally: a payment that placed it meanwhile (PostgreSQL runs
        // the two at once) wins, and this order is left alone.
        let closed = sqlx::query(
            "UPDATE orders SET status = 'expired' WHERE id = $1 AND status = 'awaiting_payment'",
        )
        .bind(order)
        .execute(&mut *tx)
        .await?;
        if closed.rows_affected() != 1 {
            continue;
        }
        expired.push(reference.clone());
        let subs: Vec<i64> = sqlx::query(
            "SELECT id FROM sub_orders WHERE order_id = $1 AND status = 'awaiting_payment'",
        )
        .bind(order)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<_, _>>()?;
        // Each part conditionally, and the stock of those this changed: a part cancelled by its
        // buyer meanwhile already gave its stock back.
        let mut closed = Vec::new();
        for sub in &subs {
            let moved = sqlx::query("UPDATE sub_orders SET status = 'cancelled', cancel_reason = 'not paid in time', updated_at = $1 WHERE id = $2 AND status = 'awaiting_payment'")
                .bind(now)
                .bind(sub)
                .execute(&mut *tx)
                .await?;
            if moved.rows_affected() != 1 {
                continue;
            }
            closed.push(*sub);
            // The status says why ("expired: not paid in time"), in the reader's language.
            sqlx::query(
                "INSERT INTO order_events (sub_order_id, at, status) VALUES ($1, $2, 'expired')",
            )
            .bind(sub)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        release_stock(&mut tx, &closed).await?;
    }
    tx.commit().await?;
    Ok(expired)
}

/// Who acts on a sub-order.
#[derive(Debug, Clone, Copy)]
pub enum Actor {
    Seller(i64),
    Buyer(i64),
}

/// The ODOP cell saw the UPI payment of `reference` arrive (bank statement, UTR): the order and
/// its unpaid parts are placed, with an audit entry. A message key when it is not a UPI order
/// awaiting payment, or when that UTR already paid another order.
pub async fn confirm_upi(
    db: &Db,
    admin_id: i64,
    reference: &str,
    utr: &str,
) -> Result<(), OrderError> {
    let mut tx = db.begin_write().await?;
    let used: i64 = sqlx::query("SELECT COUNT(*) AS n FROM orders WHERE payment_utr = $1")
        .bind(utr)
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
    if used > 0 {
        return Err(OrderError::UtrUsed);
    }
    let Some(order) = sqlx::query(
        "SELECT id FROM orders WHERE reference = $1 AND status = 'awaiting_payment' AND payment_method = 'upi'",
    )
    .bind(reference)
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Err(OrderError::NotAwaiting);
    };
    let order_id: i64 = order.try_get("id")?;
    sqlx::query("UPDATE orders SET payment_utr = $1 WHERE id = $2")
        .bind(utr)
        .bind(order_id)
        .execute(&mut *tx)
        .await?;
    if !mark_paid(&mut tx, order_id, Some(admin_id), &format!("UPI {utr}")).await? {
        // It expired a moment ago: nothing is recorded (the transaction is dropped).
        return Err(OrderError::NotAwaiting);
    }
    crate::audit::record(
        &mut *tx,
        Some(admin_id),
        "payment.upi_confirmed",
        &format!("order:{reference}"),
        utr,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The money of an order awaiting payment arrived: the order and its unpaid parts are placed
/// (the sellers see them now). False when the order was no longer awaiting payment.
pub(crate) async fn mark_paid(
    tx: &mut Tx,
    order_id: i64,
    actor: Option<i64>,
    note: &str,
) -> Result<bool, sqlx::Error> {
    let now = now_unix();
    let moved = sqlx::query(
        "UPDATE orders SET status = 'placed' WHERE id = $1 AND status = 'awaiting_payment'",
    )
    .bind(order_id)
    .execute(&mut **tx)
    .await?;
    if moved.rows_affected() != 1 {
        return Ok(false);
    }
    let subs: Vec<i64> = sqlx::query(
        "SELECT id FROM sub_orders WHERE order_id = $1 AND status = 'awaiting_payment'",
    )
    .bind(order_id)
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|r| r.try_get("id"))
    .collect::<Result<_, _>>()?;
    for sub in &subs {
        // Conditional: a part its buyer cancelled meanwhile stays cancelled (its stock is back).
        let moved = sqlx::query(
            "UPDATE sub_orders SET status = 'placed', updated_at = $1 WHERE id = $2 AND status = 'awaiting_payment'",
        )
        .bind(now)
        .bind(sub)
        .execute(&mut **tx)
        .await?;
        if moved.rows_affected() != 1 {
            continue;
        }
        sqlx::query("INSERT INTO order_events (sub_order_id, at, status, actor_user_id, note) VALUES ($1, $2, 'placed', $3, $4)")
            .bind(sub)
            .bind(now)
            .bind(actor)
            .bind(note)
            .execute(&mut **tx)
            .await?;
    }
    Ok(true)
}

/// The money of a part went back (the ODOP cell recorded the bank's reference): a returned part
/// becomes refunded, and its timeline says so (a cancelled paid part gets the entry only).
/// True when the part moved from returned to refunded.
pub(crate) async fn mark_refunded(
    tx: &mut Tx,
    sub_order_id: i64,
    actor: i64,
    note: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let moved = sqlx::query(
        "UPDATE sub_orders SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4",
    )
    .bind(PartStatus::Refunded.as_str())
    .bind(now)
    .bind(sub_order_id)
    .bind(PartStatus::Returned.as_str())
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO order_events (sub_order_id, at, status, actor_user_id, note) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(sub_order_id)
    .bind(now)
    .bind(PartStatus::Refunded.as_str())
    .bind(actor)
    .bind(note)
    .execute(&mut **tx)
    .await?;
    Ok(moved.rows_affected() == 1)
}

/// The amount still due on an order: its parts not cancelled.
pub(crate) async fn due(tx: &mut Tx, order_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "SELECT CAST(COALESCE(SUM(items_paise + shipping_paise), 0) AS BIGINT) AS due FROM sub_orders \
         WHERE order_id = $1 AND status <> 'cancelled'",
    )
    .bind(order_id)
    .fetch_one(&mut **tx)
    .await?
    .try_get("due")
}

/// Takes the order `reference` of `user_id` for writing while it awaits its payment by
/// `method`: on PostgreSQL the write locks its row (SQLite's BEGIN IMMEDIATE already serialises
/// writers). Its id, or `None` when it is not theirs or no longer awaiting that payment.
pub(crate) async fn lock_awaiting(
    tx: &mut Tx,
    reference: &str,
    user_id: i64,
    method: PaymentMethod,
) -> Result<Option<i64>, sqlx::Error> {
    let locked = sqlx::query(
        "UPDATE orders SET status = status WHERE reference = $1 AND user_id = $2 AND payment_method = $3 \
         AND status = $4",
    )
    .bind(reference)
    .bind(user_id)
    .bind(method.as_str())
    .bind(OrderStatus::AwaitingPayment.as_str())
    .execute(&mut **tx)
    .await?;
    if locked.rows_affected() != 1 {
        return Ok(None);
    }
    Ok(Some(
        sqlx::query("SELECT id FROM orders WHERE reference = $1")
            .bind(reference)
            .fetch_one(&mut **tx)
            .await?
            .try_get("id")?,
    ))
}

/// Records money owed back to the buyer, once per part and reason, or once per gateway payment
/// and reason (`payment`: the gateway's payment id, for money that came through it). The ODOP
/// cell pays it back and records that in `payments`.
pub(crate) async fn record_refund(
    tx: &mut Tx,
    order_id: i64,
    sub_order_id: Option<i64>,
    payment: Option<&str>,
    amount: i64,
    reason: RefundReason,
) -> Result<(), sqlx::Error> {
    if amount <= 0 {
        return Ok(());
    }
    // No ON CONFLICT target: either unique key may be the one that holds.
    sqlx::query(
        "INSERT INTO refunds (order_id, sub_order_id, gateway_payment_id, amount_paise, reason, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, 'pending', $6) ON CONFLICT DO NOTHING",
    )
    .bind(order_id)
    .bind(sub_order_id)
    .bind(payment)
    .bind(amount)
    .bind(reason.as_str())
    .bind(now_unix())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
