//! Messages about orders: every step is written to the outbox (SMS and WhatsApp to the phone
//! on the order, e-mail when the buyer's account has one; the seller hears of new orders,
//! cancellations by the buyer and return requests). Both languages in one message, as the
//! phone-code SMS does: a shared phone may be read by either.
use crate::db::Db;
use crate::domain::order::PartStatus;
use crate::notify::{Message, Notifier};
use sqlx::Row;

/// Who did the step: the buyer's own steps are told to the seller, not back to the buyer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Buyer,
    Other,
}

fn buyer_words(status: PartStatus) -> Option<(&'static str, &'static str)> {
    use PartStatus as S;
    Some(match status {
        S::Placed => ("दर्ज हो गया है", "has been placed"),
        S::Accepted => (
            "विक्रेता ने स्वीकार कर लिया है",
            "has been accepted by the seller",
        ),
        S::Shipped => ("भेज दिया गया है", "has been shipped"),
        S::Delivered => ("पहुँच गया है", "has been delivered"),
        S::Cancelled => ("रद्द हो गया है", "has been cancelled"),
        S::Returned => (
            "की वापसी स्वीकार हुई, पैसा लौटाया जाएगा",
            "return was approved; the money will be refunded",
        ),
        S::ReturnRejected => ("की वापसी अस्वीकार हुई", "return was not approved"),
        S::Refunded => ("का पैसा लौटा दिया गया है", "has been refunded"),
        S::Packed => ("पैक हो गया है", "has been packed"),
        S::AwaitingPayment => (
            "दर्ज हो गया है, भुगतान की प्रतीक्षा है",
            "is waiting for your payment",
        ),
        S::Expired => (
            "भुगतान न होने से रद्द हो गया है",
            "was cancelled: it was not paid in time",
        ),
        S::ReturnRequested => return None,
    })
}

fn seller_words(status: PartStatus) -> Option<(&'static str, &'static str)> {
    use PartStatus as S;
    Some(match status {
        S::Placed => (
            "नया ऑर्डर है, डैशबोर्ड से भेजें",
            "is a new order: send it from your dashboard",
        ),
        S::Cancelled => ("ख़रीदार ने रद्द कर दिया है", "was cancelled by the buyer"),
        S::ReturnRequested => (
            "लौटाना चाहते हैं: डैशबोर्ड पर निर्णय करें",
            "is to be returned: decide on your dashboard",
        ),
        _ => return None,
    })
}

/// Tells about a step of order `reference` (of its part `part`, or of all of it), with the
/// notifier of the current request. Failures are logged: the step itself has happened.
pub async fn tell(db: &Db, reference: &str, status: PartStatus, part: Option<i64>, by: By) {
    if let Some(n) = leptos::prelude::use_context::<crate::notify::Notify>() {
        tell_with(db, n.0.as_ref(), reference, status, part, by).await;
    }
}

pub async fn tell_with(
    db: &Db,
    notifier: &dyn Notifier,
    reference: &str,
    status: PartStatus,
    part: Option<i64>,
    by: By,
) {
    if let Err(e) = send_all(db, notifier, reference, status, part, by).await {
        tracing::warn!(error = %e, order = reference, %status, "order message not sent");
    }
}

async fn send_all(
    db: &Db,
    notifier: &dyn Notifier,
    reference: &str,
    status: PartStatus,
    part: Option<i64>,
    by: By,
) -> Result<(), crate::notify::NotifyError> {
    let mut messages = Vec::new();
    let to_buyer = by == By::Other || status == PartStatus::Placed;
    if let (true, Some((hi, en))) = (to_buyer, buyer_words(status)) {
        let row = sqlx::query(
            "SELECT o.ship_phone, u.email FROM orders o JOIN users u ON u.id = o.user_id WHERE o.reference = $1",
        )
        .bind(reference)
        .fetch_optional(&db.pool)
        .await?;
        if let Some(row) = row {
            let body =
                format!("ODOP Mart: आपका ऑर्डर {reference} {hi} / your order {reference} {en}.");
            if let Ok(phone) = crate::domain::Phone::parse(&row.try_get::<String, _>("ship_phone")?)
            {
                // SMS reaches every phone; WhatsApp is what most buyers read first.
                for channel in ["sms", "whatsapp"] {
                    messages.push(Message {
                        channel,
                        recipient: phone.e164(),
                        body: body.clone(),
                    });
                }
            }
            if let Some(email) = row.try_get::<Option<String>, _>("email")? {
                messages.push(Message {
                    channel: "email",
                    recipient: email,
                    body,
                });
            }
        }
    }
    // Only parts the seller has seen (placed: paid, or cash on delivery); a new order's
    // cancelled parts are not theirs to send.
    let to_seller = by == By::Buyer || status == PartStatus::Placed;
    if let (true, Some((hi, en))) = (to_seller, seller_words(status)) {
        let phones: Vec<String> = sqlx::query(
            "SELECT DISTINCT u.phone FROM sub_orders so JOIN orders o ON o.id = so.order_id \
             JOIN sellers s ON s.id = so.seller_id JOIN users u ON u.id = s.user_id \
             WHERE o.reference = $1 AND ($2 = 0 OR so.id = $2) AND u.phone IS NOT NULL \
             AND NOT ($3 = 'placed' AND so.status = 'cancelled') \
             AND EXISTS (SELECT 1 FROM order_events e WHERE e.sub_order_id = so.id AND e.status = 'placed')",
        )
        .bind(reference)
        .bind(part.unwrap_or(0))
        .bind(status.as_str())
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.try_get("phone"))
        .collect::<Result<_, _>>()?;
        for phone in phones {
            let Ok(phone) = crate::domain::Phone::parse(&phone) else {
                continue;
            };
            let body = format!("ODOP Mart: ऑर्डर {reference} {hi} / order {reference} {en}.");
            for channel in ["sms", "whatsapp"] {
                messages.push(Message {
                    channel,
                    recipient: phone.e164(),
                    body: body.clone(),
                });
            }
        }
    }
    for m in messages {
        crate::notify::send(db, notifier, m).await?;
    }
    Ok(())
}

/// Expires the unpaid orders (see `store::expire_unpaid`) and tells their buyers. Returns how
/// many expired.
pub async fn expire(db: &Db, notifier: &dyn Notifier, now: i64) -> Result<usize, sqlx::Error> {
    let expired = super::store::expire_unpaid(db, now).await?;
    for reference in &expired {
        tell_with(
            db,
            notifier,
            reference,
            PartStatus::Expired,
            None,
            By::Other,
        )
        .await;
    }
    Ok(expired.len())
}
