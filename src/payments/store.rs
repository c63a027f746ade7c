//! SQL of gateway payments and refunds. Capturing is one transaction: the event id is claimed,
//! the gateway payment moves from "created" to "captured" only once, and the order is placed —
//! or, when it expired meanwhile, a refund is recorded. A repeat of any of it changes nothing.
use super::PendingRefund;
use crate::db::Tx;
use crate::db::{now_unix, Db};
use crate::domain::money::Paise;
use crate::domain::order::{OrderStatus, PaymentMethod, RefundReason};
use crate::gateway::{Event, Gateway};
use sqlx::Row;

/// What a payment notice did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Capture {
    /// The order is paid and placed.
    Paid { reference: String },
    /// This payment was captured before: nothing changed. `placed`: whether it placed its
    /// order (else it came too late and is owed back).
    Already { reference: String, placed: bool },
    /// The order had expired or was cancelled: the money is recorded as a refund owed.
    RefundOwed { reference: String },
    /// The same event id was handled before: nothing changed.
    Duplicate,
    /// No such gateway order, or the amount / currency is not the order's: nothing captured.
    Refused,
}

/// What a webhook did; `Forged` when its signature is not the gateway's (nothing is read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Webhook {
    Forged,
    Handled(Capture),
    /// A payment attempt failed: the order still waits for its payment.
    Failed,
    /// An event this shop does not act on, or a repeat.
    Ignored,
}

/// The gateway order that pays the buyer's order `reference`: the newest one while its amount
/// is still what is due, else a new one (a part was cancelled since). An older gateway order
/// paid anyway is not lost: its capture places the order and the excess is owed back. `None`
/// when that is not the user's gateway order awaiting payment.
pub async fn gateway_order(
    db: &Db,
    gateway: &Gateway,
    user_id: i64,
    reference: &str,
) -> Result<Option<String>, sqlx::Error> {
    let now = now_unix();
    let mut tx = db.begin_write().await?;
    // Locked first, so two clicks on "pay" make one gateway order.
    let Some(order_id) =
        crate::orders::store::lock_awaiting(&mut tx, reference, user_id, PaymentMethod::Gateway)
            .await?
    else {
        return Ok(None);
    };
    let amount = crate::orders::store::due(&mut tx, order_id).await?;
    let newest = sqlx::query(
        "SELECT gateway_order_id, amount_paise FROM gateway_payments WHERE order_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(order_id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(row) = newest {
        if row.try_get::<i64, _>("amount_paise")? == amount {
            return Ok(Some(row.try_get("gateway_order_id")?));
        }
    }
    let id = gateway.create_order_id();
    sqlx::query(
        "INSERT INTO gateway_payments (order_id, provider, gateway_order_id, amount_paise, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'created', $5, $5)",
    )
    .bind(order_id)
    .bind(gateway.name())
    .bind(&id)
    .bind(amount)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// A gateway order as its payment page shows it: (amount, order reference, status).
pub async fn gateway_order_by_id(
    db: &Db,
    gateway_order_id: &str,
) -> Result<Option<(Paise, String, String)>, sqlx::Error> {
    sqlx::query(
        "SELECT gp.amount_paise, gp.status, o.reference FROM gateway_payments gp JOIN orders o ON o.id = gp.order_id \
         WHERE gp.gateway_order_id = $1",
    )
    .bind(gateway_order_id)
    .fetch_optional(&db.pool)
    .await?
    .map(|r| {
        Ok((
            Paise(r.try_get("amount_paise")?),
            r.try_get("reference")?,
            r.try_get("status")?,
        ))
    })
    .transpose()
}

/// Claims a webhook event id inside `tx`; false when it was handled before.
async fn claim_event(tx: &mut Tx, event_id: &str, event: &str) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "INSERT INTO gateway_events (event_id, event, received_at) VALUES ($1, $2, $3) ON CONFLICT (event_id) DO NOTHING",
    )
    .bind(event_id)
    .bind(event)
    .bind(now_unix())
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

/// Captures payment `payment_id` of gateway order `gateway_order_id`: from a verified checkout
/// callback (no amount: the signature covers only the ids) or a verified webhook event
/// (`amount` in paise, and its event id).
pub async fn capture(
    db: &Db,
    gateway_order_id: &str,
    payment_id: &str,
    amount: Option<i64>,
    event: Option<(&str, &str)>,
) -> Result<Capture, sqlx::Error> {
    let now = now_unix();
    let mut tx = db.begin_write().await?;
    if let Some((event_id, name)) = event {
        if !claim_event(&mut tx, event_id, name).await? {
            return Ok(Capture::Duplicate);
        }
    }
    let Some(row) = sqlx::query(
        "SELECT gp.id, gp.order_id, gp.amount_paise, o.reference, o.status AS order_status FROM gateway_payments gp \
         JOIN orders o ON o.id = gp.order_id WHERE gp.gateway_order_id = $1",
    )
    .bind(gateway_order_id)
    .fetch_optional(&mut *tx)
    .await?
    else {
        tx.commit().await?;
        tracing::warn!(gateway_order_id, payment_id, "payment for an unknown gateway order");
        return Ok(Capture::Refused);
    };
    let reference: String = row.try_get("reference")?;
    let expected: i64 = row.try_get("amount_paise")?;
    if amount.is_some_and(|a| a != expected) {
        tx.commit().await?;
        tracing::warn!(order = %reference, ?amount, expected, "payment amount is not the order's");
        return Ok(Capture::Refused);
    }
    // Conditional: of two notices of one payment arriving together, one captures.
    let captured = sqlx::query(
        "UPDATE gateway_payments SET status = 'captured', gateway_payment_id = $1, updated_at = $2 \
         WHERE id = $3 AND status <> 'captured'",
    )
    .bind(payment_id)
    .bind(now)
    .bind(row.try_get::<i64, _>("id")?)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    let gateway_row: i64 = row.try_get("id")?;
    if !captured {
        // What the first capture decided (committed: the update above waited for it).
        let outcome: Option<String> =
            sqlx::query("SELECT outcome FROM gateway_payments WHERE id = $1")
                .bind(gateway_row)
                .fetch_one(&mut *tx)
                .await?
                .try_get("outcome")?;
        tx.commit().await?;
        let placed = outcome.as_deref() == Some("placed");
        return Ok(Capture::Already { reference, placed });
    }
    let order_id: i64 = row.try_get("order_id")?;
    let payment = Some(payment_id);
    let outcome = if crate::orders::store::mark_paid(
        &mut tx, order_id, None,
        // The gateway's payment id: the reference to look up or refund.
        payment_id,
    )
    .await?
    {
        // Paid for a part cancelled before the money came (an older gateway order, or a page
        // left open): that much goes back.
        let excess = expected - crate::orders::store::due(&mut tx, order_id).await?;
        crate::orders::store::record_refund(
            &mut tx,
            order_id,
            None,
            payment,
            excess,
            RefundReason::Overpaid,
        )
        .await?;
        Capture::Paid {
            reference: reference.clone(),
        }
    } else {
        // Paid after the order expired (its stock is gone back), or paid again after another
        // payment placed it: all of this one goes back.
        let reason = match crate::db::parsed(&row, "order_status", OrderStatus::parse)? {
            OrderStatus::Expired => RefundReason::PaidAfterExpiry,
            _ => RefundReason::Duplicate,
        };
        crate::orders::store::record_refund(&mut tx, order_id, None, payment, expected, reason)
            .await?;
        Capture::RefundOwed {
            reference: reference.clone(),
        }
    };
    sqlx::query("UPDATE gateway_payments SET outcome = $1 WHERE id = $2")
        .bind(if matches!(outcome, Capture::Paid { .. }) {
            "placed"
        } else {
            "refund_owed"
        })
        .bind(gateway_row)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(order = %reference, payment_id, ?outcome, "gateway payment captured");
    Ok(outcome)
}

/// Handles a webhook: refused unless signed by the gateway over exactly these bytes.
pub async fn webhook(
    db: &Db,
    gateway: &Gateway,
    raw_body: &[u8],
    signature: &str,
    event_id: &str,
) -> Result<Webhook, sqlx::Error> {
    if !gateway.webhook_is_genuine(raw_body, signature) {
        tracing::warn!("webhook with a wrong signature refused");
        return Ok(Webhook::Forged);
    }
    let Ok(event) = serde_json::from_slice::<Event>(raw_body) else {
        tracing::warn!("signed webhook that is not an event");
        return Ok(Webhook::Ignored);
    };
    let payment = event.payload.payment.map(|p| p.entity);
    match (event.event.as_str(), payment) {
        ("payment.captured" | "order.paid", Some(p)) if p.currency == "INR" => {
            Ok(Webhook::Handled(
                capture(
                    db,
                    &p.order_id,
                    &p.id,
                    Some(p.amount),
                    Some((event_id, &event.event)),
                )
                .await?,
            ))
        }
        ("payment.failed", Some(p)) => {
            let mut tx = db.begin_write().await?;
            if claim_event(&mut tx, event_id, &event.event).await? {
                sqlx::query(
                    "UPDATE gateway_payments SET status = 'failed', updated_at = $1 WHERE gateway_order_id = $2 AND status = 'created'",
                )
                .bind(now_unix())
                .bind(&p.order_id)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(Webhook::Failed)
        }
        _ => Ok(Webhook::Ignored),
    }
}

/// Refunds not yet paid back, oldest first.
pub async fn pending_refunds(db: &Db) -> Result<Vec<PendingRefund>, sqlx::Error> {
    sqlx::query(
        "SELECT r.id, o.reference, r.amount_paise, r.reason, o.payment_method, r.gateway_payment_id, r.created_at FROM refunds r \
         JOIN orders o ON o.id = r.order_id WHERE r.status = 'pending' ORDER BY r.created_at, r.id LIMIT 500",
    )
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(PendingRefund {
            id: r.try_get("id")?,
            reference: r.try_get("reference")?,
            amount: Paise(r.try_get("amount_paise")?),
            reason: crate::db::parsed(r, "reason", RefundReason::parse)?,
            payment_method: crate::db::parsed(r, "payment_method", crate::domain::order::PaymentMethod::parse)?,
            payment: r.try_get("gateway_payment_id")?,
            created_at: r.try_get("created_at")?,
        })
    })
    .collect()
}

/// The ODOP cell paid a refund back (bank or gateway reference): recorded and audited; a
/// returned part becomes "refunded" and its sale leaves the seller's payout ledger.
pub async fn mark_refunded(
    db: &Db,
    admin_id: i64,
    refund_id: i64,
    bank_reference: &str,
) -> Result<Result<String, &'static str>, sqlx::Error> {
    let now = now_unix();
    let mut tx = db.begin_write().await?;
    let Some(row) = sqlx::query(
        "SELECT r.order_id, r.sub_order_id, r.reason, r.amount_paise, o.reference FROM refunds r \
         JOIN orders o ON o.id = r.order_id WHERE r.id = $1 AND r.status = 'pending'",
    )
    .bind(refund_id)
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(Err("refund_not_pending"));
    };
    // Conditional: of two admins recording one refund at once, one does.
    let recorded = sqlx::query(
        "UPDATE refunds SET status = 'refunded', bank_reference = $1, refunded_at = $2 WHERE id = $3 AND status = 'pending'",
    )
    .bind(bank_reference)
    .bind(now)
    .bind(refund_id)
    .execute(&mut *tx)
    .await?;
    if recorded.rows_affected() != 1 {
        return Ok(Err("refund_not_pending"));
    }
    let sub_order: Option<i64> = row.try_get("sub_order_id")?;
    if let Some(sub) = sub_order {
        // The part's own state is the orders feature's to write.
        if crate::orders::store::mark_refunded(&mut tx, sub, admin_id, bank_reference, now).await? {
            crate::payouts::store::reverse(&mut tx, sub).await?;
        }
    }
    crate::audit::record(
        &mut *tx,
        Some(admin_id),
        "payment.refunded",
        &format!("refund:{refund_id}"),
        &format!(
            "{} paise, {}",
            row.try_get::<i64, _>("amount_paise")?,
            bank_reference
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(row.try_get("reference")?))
}
