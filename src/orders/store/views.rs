//! Orders as the buyer's and the seller's pages show them.
use super::*;
use crate::db::RowExt;

/// The user's orders, newest first.
pub async fn orders_of(db: &Db, user_id: i64) -> Result<Vec<OrderSummary>, sqlx::Error> {
    sqlx::query(
        "SELECT reference, status, total_paise, created_at FROM orders WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT 100",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(OrderSummary {
            reference: r.try_get("reference")?,
            status: parsed(r, "status", OrderStatus::parse)?,
            total: Paise(r.try_get("total_paise")?),
            created_at: r.try_get("created_at")?,
        })
    })
    .collect()
}

/// One of the user's orders with its sub-orders, lines and timeline (four queries); `None`
/// when the reference is not the user's.
pub async fn order_of(
    db: &Db,
    user_id: i64,
    reference: &str,
) -> Result<Option<OrderView>, sqlx::Error> {
    let Some(o) = sqlx::query(
        "SELECT id, reference, status, payment_method, items_paise, shipping_paise, total_paise, ship_name, ship_line1, \
         ship_line2, ship_city, ship_state_code, ship_pin, created_at, \
         (SELECT value FROM site_settings WHERE key = 'return_window_days') AS return_days \
         FROM orders WHERE reference = $1 AND user_id = $2",
    )
    .bind(reference)
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    let order_id: i64 = o.try_get("id")?;
    let subs = sqlx::query(
        "SELECT so.id, so.status, so.items_paise, so.shipping_paise, so.cgst_paise, so.sgst_paise, so.igst_paise, \
         so.courier, so.awb, so.delivered_at, s.display_name_en, s.display_name_hi, i.number AS invoice_number \
         FROM sub_orders so JOIN sellers s ON s.id = so.seller_id LEFT JOIN invoices i ON i.sub_order_id = so.id \
         WHERE so.order_id = $1 ORDER BY so.id",
    )
    .bind(order_id)
    .fetch_all(&db.pool)
    .await?;
    let lines = sqlx::query(
        "SELECT l.sub_order_id, l.title_en, l.title_hi, l.option_label, l.unit_price_paise, l.quantity, l.total_paise, \
         p.slug FROM order_lines l JOIN sub_orders so ON so.id = l.sub_order_id JOIN products p ON p.id = l.product_id \
         WHERE so.order_id = $1 ORDER BY l.id",
    )
    .bind(order_id)
    .fetch_all(&db.pool)
    .await?;
    let events = sqlx::query(
        "SELECT e.sub_order_id, e.at, e.status, e.note FROM order_events e JOIN sub_orders so ON so.id = e.sub_order_id \
         WHERE so.order_id = $1 ORDER BY e.at, e.id",
    )
    .bind(order_id)
    .fetch_all(&db.pool)
    .await?;
    let return_days: i64 = o
        .try_get::<Option<String>, _>("return_days")?
        .and_then(|d| d.parse().ok())
        .unwrap_or(7);
    let now = now_unix();
    let mut parts = Vec::new();
    for s in &subs {
        let id: i64 = s.try_get("id")?;
        let status = parsed(s, "status", PartStatus::parse)?;
        let delivered_at: Option<i64> = s.try_get("delivered_at")?;
        parts.push(SubOrderView {
            invoice: s.try_get("invoice_number")?,
            return_until: delivered_at
                .map(|at| at + return_days * 86_400)
                .filter(|until| status == PartStatus::Delivered && now <= *until),
            id,
            seller: s.bilingual("display_name")?,
            status,
            items: Paise(s.try_get("items_paise")?),
            shipping: Paise(s.try_get("shipping_paise")?),
            cgst: Paise(s.try_get("cgst_paise")?),
            sgst: Paise(s.try_get("sgst_paise")?),
            igst: Paise(s.try_get("igst_paise")?),
            courier: s.try_get("courier")?,
            awb: s.try_get("awb")?,
            lines: lines
                .iter()
                .filter(|l| l.try_get::<i64, _>("sub_order_id").ok() == Some(id))
                .map(line_view)
                .collect::<Result<_, sqlx::Error>>()?,
            timeline: events
                .iter()
                .filter(|e| e.try_get::<i64, _>("sub_order_id").ok() == Some(id))
                .map(|e| {
                    Ok(TimelineEntry {
                        at: e.try_get("at")?,
                        status: parsed(e, "status", PartStatus::parse)?,
                        note: e.try_get("note")?,
                    })
                })
                .collect::<Result<_, sqlx::Error>>()?,
        });
    }
    Ok(Some(OrderView {
        reference: o.try_get("reference")?,
        status: parsed(&o, "status", OrderStatus::parse)?,
        payment_method: parsed(&o, "payment_method", PaymentMethod::parse)?,
        items: Paise(o.try_get("items_paise")?),
        shipping: Paise(o.try_get("shipping_paise")?),
        total: Paise(o.try_get("total_paise")?),
        ship_to: format!(
            "{}, {}{}, {} {}",
            o.try_get::<String, _>("ship_name")?,
            o.try_get::<String, _>("ship_line1")?,
            match o.try_get::<String, _>("ship_line2")? {
                l if l.is_empty() => String::new(),
                l => format!(", {l}"),
            },
            o.try_get::<String, _>("ship_city")?,
            o.try_get::<String, _>("ship_pin")?,
        ),
        ship_state: o.try_get("ship_state_code")?,
        created_at: o.try_get("created_at")?,
        due: Paise(
            parts
                .iter()
                .filter(|p| p.status != PartStatus::Cancelled)
                .map(|p| p.items.0 + p.shipping.0)
                .sum(),
        ),
        parts,
        upi: None,
    }))
}

/// An order line as the buyer's and the seller's pages show it.
pub(super) fn line_view(l: &sqlx::any::AnyRow) -> Result<OrderLineView, sqlx::Error> {
    Ok(OrderLineView {
        title: l.bilingual("title")?,
        option: l.try_get("option_label")?,
        unit_price: Paise(l.try_get("unit_price_paise")?),
        quantity: l.try_get("quantity")?,
        total: Paise(l.try_get("total_paise")?),
        product: l.try_get("slug")?,
    })
}

/// A seller's sub-orders (optionally of one status), newest first, with their lines.
pub async fn seller_orders(
    db: &Db,
    seller_id: i64,
    status: Option<PartStatus>,
) -> Result<Vec<crate::orders::SellerOrder>, sqlx::Error> {
    let status = status.map_or("", PartStatus::as_str);
    let subs = sqlx::query(
        "SELECT so.id, so.status, so.items_paise, so.shipping_paise, so.courier, so.awb, so.created_at, so.return_reason, o.reference, \
         o.payment_method, o.ship_name, o.ship_phone, o.ship_line1, o.ship_line2, o.ship_city, o.ship_district, \
         o.ship_state_code, o.ship_pin FROM sub_orders so JOIN orders o ON o.id = so.order_id \
         WHERE so.seller_id = $1 AND so.status <> 'awaiting_payment' AND ($2 = '' OR so.status = $2) \
         ORDER BY so.created_at DESC, so.id DESC LIMIT 200",
    )
    .bind(seller_id)
    .bind(status)
    .fetch_all(&db.pool)
    .await?;
    let lines = sqlx::query(
        "SELECT l.sub_order_id, l.title_en, l.title_hi, l.option_label, l.quantity, l.unit_price_paise, l.total_paise, p.slug \
         FROM order_lines l JOIN products p ON p.id = l.product_id WHERE l.sub_order_id IN \
         (SELECT so.id FROM sub_orders so WHERE so.seller_id = $1 AND so.status <> 'awaiting_payment' \
         AND ($2 = '' OR so.status = $2) ORDER BY so.created_at DESC, so.id DESC LIMIT 200) ORDER BY l.id",
    )
    .bind(seller_id)
    .bind(status)
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::new();
    for s in &subs {
        let id: i64 = s.try_get("id")?;
        let field = |c: &str| s.try_get::<String, _>(c);
        out.push(crate::orders::SellerOrder {
            id,
            reference: field("reference")?,
            status: parsed(s, "status", PartStatus::parse)?,
            payment_method: parsed(s, "payment_method", PaymentMethod::parse)?,
            items: Paise(s.try_get("items_paise")?),
            shipping: Paise(s.try_get("shipping_paise")?),
            courier: s.try_get("courier")?,
            awb: s.try_get("awb")?,
            created_at: s.try_get("created_at")?,
            ship_to: [
                field("ship_name")?,
                field("ship_phone")?,
                field("ship_line1")?,
                field("ship_line2")?,
                field("ship_city")?,
                field("ship_district")?,
                field("ship_pin")?,
            ]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
            lines: lines
                .iter()
                .filter(|l| l.try_get::<i64, _>("sub_order_id").ok() == Some(id))
                .map(line_view)
                .collect::<Result<_, sqlx::Error>>()?,
            return_reason: s.try_get("return_reason")?,
        });
    }
    Ok(out)
}

/// The platform's UPI id, when it takes UPI.
pub async fn upi_vpa(db: &Db) -> Result<Option<String>, sqlx::Error> {
    Ok(
        sqlx::query("SELECT value FROM site_settings WHERE key = 'upi_vpa'")
            .fetch_optional(&db.pool)
            .await?
            .map(|r| r.try_get::<String, _>("value"))
            .transpose()?
            .filter(|v| !v.is_empty()),
    )
}

/// UPI orders waiting for their payment, oldest first: (reference, total, created_at).
pub async fn awaiting_upi(db: &Db) -> Result<Vec<(String, Paise, i64)>, sqlx::Error> {
    sqlx::query(
        "SELECT o.reference, CAST(SUM(so.items_paise + so.shipping_paise) AS BIGINT) AS total_paise, o.created_at \
         FROM orders o JOIN sub_orders so ON so.order_id = o.id AND so.status <> 'cancelled' \
         WHERE o.status = 'awaiting_payment' AND o.payment_method = 'upi' \
         GROUP BY o.id, o.reference, o.created_at ORDER BY o.created_at, o.id LIMIT 500",
    )
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("reference")?, Paise(r.try_get("total_paise")?), r.try_get("created_at")?)))
    .collect()
}
