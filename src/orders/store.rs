//! SQL of addresses and orders. Placing an order is one transaction: the cart is read, every
//! amount computed here from today's prices, stock taken with conditional updates (never below
//! zero, whoever else is buying), and the order, its sub-orders per seller, lines and first
//! events written — or nothing at all.
use super::{
    AddressForm, OrderLineView, OrderSummary, OrderView, SavedAddress, SubOrderView, TimelineEntry,
};
use crate::db::{now_unix, parsed, Db};
use crate::domain::money::Paise;
use crate::domain::order::{next_status, Action, OrderStatus, PartStatus, Party, PaymentMethod};
use crate::domain::state::UP;
use crate::domain::tax::{self, Slab, TaxSplit};
use crate::i18n_util::Bilingual;
use sqlx::Row;
use std::collections::BTreeMap;

pub(crate) use crate::db::Tx;

pub async fn addresses(db: &Db, user_id: i64) -> Result<Vec<SavedAddress>, sqlx::Error> {
    sqlx::query(
        "SELECT id, name, phone, line1, line2, city, district, state_code, pin FROM addresses \
         WHERE user_id = $1 ORDER BY id DESC",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(SavedAddress {
            id: r.try_get("id")?,
            form: AddressForm {
                name: r.try_get("name")?,
                phone: r.try_get("phone")?,
                line1: r.try_get("line1")?,
                line2: r.try_get("line2")?,
                city: r.try_get("city")?,
                district: r.try_get("district")?,
                state: r.try_get("state_code")?,
                pin: r.try_get("pin")?,
            },
        })
    })
    .collect()
}

/// Adds a checked address to the user's book; returns its id.
pub async fn add_address(db: &Db, user_id: i64, a: &AddressForm) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO addresses (user_id, name, phone, line1, line2, city, district, state_code, pin, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(user_id)
    .bind(&a.name)
    .bind(&a.phone)
    .bind(&a.line1)
    .bind(&a.line2)
    .bind(&a.city)
    .bind(&a.district)
    .bind(&a.state)
    .bind(&a.pin)
    .bind(now_unix())
    .fetch_one(&db.pool)
    .await?
    .try_get("id")
}

async fn setting(tx: &mut Tx, key: &str) -> Result<Option<i64>, sqlx::Error> {
    Ok(
        sqlx::query("SELECT value FROM site_settings WHERE key = $1")
            .bind(key)
            .fetch_optional(&mut **tx)
            .await?
            .map(|r| r.try_get::<String, _>("value"))
            .transpose()?
            .and_then(|v| v.parse().ok()),
    )
}

/// One cart line as the order will record it.
struct Line {
    product_id: i64,
    variant_id: i64,
    seller_id: i64,
    seller: Bilingual,
    up_only: bool,
    sku: String,
    title: Bilingual,
    option: String,
    hsn: String,
    gst_rate_bp: i64,
    unit: Paise,
    quantity: i64,
    weight_g: i64,
}

/// What a checkout would cost now: per seller (items, shipping, tax) and in all.
pub struct Quote {
    lines: Vec<Line>,
    pub parts: Vec<Part>,
    pub items: Paise,
    pub shipping: Paise,
    pub total: Paise,
}

pub struct Part {
    pub seller_id: i64,
    pub seller: Bilingual,
    pub items: Paise,
    pub shipping: Paise,
    pub tax: TaxSplit,
}

/// Prices the user's cart for delivery to `state` (inside the transaction that will use it).
async fn quote(
    tx: &mut Tx,
    user_id: i64,
    state: &str,
) -> Result<Result<Quote, &'static str>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT l.product_id, l.variant_id, l.quantity, p.title_en, p.title_hi, p.hsn, p.gst_rate_bp, \
         COALESCE(p.sku, '') AS sku, p.weight_g, p.price_paise, p.status, p.seller_id, s.status AS seller_status, \
         s.display_name_en AS seller_en, s.display_name_hi AS seller_hi, \
         COALESCE(a.business_kind, '') AS business_kind, v.id AS v_id, v.label AS v_label, v.price_paise AS v_price, \
         v.sku AS v_sku, (SELECT COUNT(*) FROM product_variants x WHERE x.product_id = p.id) AS options \
         FROM carts c JOIN cart_lines l ON l.cart_id = c.id JOIN products p ON p.id = l.product_id \
         JOIN sellers s ON s.id = p.seller_id LEFT JOIN seller_applications a ON a.seller_id = s.id \
         LEFT JOIN product_variants v ON v.id = l.variant_id AND v.product_id = p.id \
         WHERE c.user_id = $1 ORDER BY l.product_id, l.variant_id",
    )
    .bind(user_id)
    .fetch_all(&mut **tx)
    .await?;
    if rows.is_empty() {
        return Ok(Err("cart_empty"));
    }
    let mut lines = Vec::with_capacity(rows.len());
    for r in &rows {
        let variant_id: i64 = r.try_get("variant_id")?;
        if !crate::cart::store::orderable(r)? {
            return Ok(Err("cart_changed"));
        }
        let (unit, sku, option) = if variant_id == 0 {
            (
                r.try_get::<i64, _>("price_paise")?,
                r.try_get::<String, _>("sku")?,
                String::new(),
            )
        } else {
            (
                r.try_get::<Option<i64>, _>("v_price")?.unwrap_or(0),
                r.try_get::<Option<String>, _>("v_sku")?.unwrap_or_default(),
                r.try_get::<Option<String>, _>("v_label")?
                    .unwrap_or_default(),
            )
        };
        lines.push(Line {
            product_id: r.try_get("product_id")?,
            variant_id,
            seller_id: r.try_get("seller_id")?,
            seller: Bilingual::new(
                r.try_get::<String, _>("seller_hi")?,
                r.try_get::<String, _>("seller_en")?,
            ),
            up_only: r.try_get::<String, _>("business_kind")? == "unregistered",
            sku,
            title: Bilingual::new(
                r.try_get::<String, _>("title_hi")?,
                r.try_get::<String, _>("title_en")?,
            ),
            option,
            hsn: r.try_get("hsn")?,
            gst_rate_bp: r.try_get("gst_rate_bp")?,
            unit: Paise(unit),
            quantity: r.try_get("quantity")?,
            // A product without a weight ships as a light parcel.
            weight_g: r.try_get::<Option<i64>, _>("weight_g")?.unwrap_or(500),
        });
    }
    // An unregistered artisan may sell within Uttar Pradesh only (GST composition rules).
    if state != UP && lines.iter().any(|l| l.up_only) {
        return Ok(Err("up_only"));
    }
    let slabs: Vec<Slab> =
        sqlx::query("SELECT max_weight_g, price_paise FROM shipping_slabs ORDER BY max_weight_g")
            .fetch_all(&mut **tx)
            .await?
            .iter()
            .map(|r| {
                Ok(Slab {
                    max_weight_g: r.try_get("max_weight_g")?,
                    price: Paise(r.try_get("price_paise")?),
                })
            })
            .collect::<Result<_, sqlx::Error>>()?;
    let free_above = setting(tx, "free_shipping_above_paise").await?.map(Paise);
    let intra = state == UP;
    let mut by_seller: BTreeMap<i64, Part> = BTreeMap::new();
    let mut weights: BTreeMap<i64, i64> = BTreeMap::new();
    let mut values: BTreeMap<i64, Vec<(Paise, i64)>> = BTreeMap::new();
    for l in &lines {
        let gross = Paise(l.unit.0 * l.quantity);
        let part = by_seller.entry(l.seller_id).or_insert_with(|| Part {
            seller_id: l.seller_id,
            seller: l.seller.clone(),
            items: Paise(0),
            shipping: Paise(0),
            tax: TaxSplit::default(),
        });
        part.items = Paise(part.items.0 + gross.0);
        part.tax = part.tax + tax::split(gross, l.gst_rate_bp, intra);
        *weights.entry(l.seller_id).or_default() += l.weight_g * l.quantity;
        values
            .entry(l.seller_id)
            .or_default()
            .push((gross, l.gst_rate_bp));
    }
    let mut parts: Vec<Part> = by_seller.into_values().collect();
    for p in &mut parts {
        p.shipping = tax::shipping(weights[&p.seller_id], p.items, &slabs, free_above);
        // Shipping is GST-inclusive too, at the rate of the parcel's main item.
        let rate = tax::principal_rate(values.remove(&p.seller_id).unwrap_or_default());
        p.tax = p.tax + tax::split(p.shipping, rate, intra);
    }
    let items = Paise(parts.iter().map(|p| p.items.0).sum());
    let shipping = Paise(parts.iter().map(|p| p.shipping.0).sum());
    Ok(Ok(Quote {
        lines,
        parts,
        items,
        shipping,
        total: Paise(items.0 + shipping.0),
    }))
}

/// A readable order reference: "OM" and 10 random hex digits.
fn new_reference() -> String {
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
) -> Result<Result<(String, bool), &'static str>, sqlx::Error> {
    let result = place_once(db, user_id, address_id, method, key).await;
    match result {
        // Two requests with one key at the same moment: the second's insert loses to the
        // unique key; it answers with the first's order.
        Err(e) if is_unique_violation(&e) => match existing(&db.pool, user_id, key).await? {
            Some(reference) => Ok(Ok((reference, false))),
            None => Err(e),
        },
        other => other,
    }
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

async fn existing<'e, E>(
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

async fn place_once(
    db: &Db,
    user_id: i64,
    address_id: i64,
    method: PaymentMethod,
    key: &str,
) -> Result<Result<(String, bool), &'static str>, sqlx::Error> {
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
        return Ok(Ok((reference, false)));
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
            return Ok(Err("too_many_unpaid"));
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
        return Ok(Err("address_unknown"));
    };
    let state: String = a.try_get("state_code")?;
    let q = match quote(&mut tx, user_id, &state).await? {
        Ok(q) => q,
        Err(code) => return Ok(Err(code)),
    };
    if method == PaymentMethod::Cod {
        if let Some(max) = setting(&mut tx, "cod_max_paise").await? {
            if q.total.0 > max {
                return Ok(Err("cod_limit"));
            }
        }
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
                return Ok(Err("sold_out"));
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
            return Ok(Err("sold_out"));
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
    Ok(Ok((reference, true)))
}

/// What checkout shows before the order is placed: the cart priced for an address.
pub async fn preview(
    db: &Db,
    user_id: i64,
    state: &str,
) -> Result<Result<(Paise, Paise, Paise, Vec<super::QuotePart>), &'static str>, sqlx::Error> {
    // A read in a transaction that is never committed: the same code as placing, nothing written.
    let mut tx = db.pool.begin().await?;
    let q = quote(&mut tx, user_id, state).await?;
    tx.rollback().await?;
    Ok(q.map(|q| {
        (
            q.items,
            q.shipping,
            q.total,
            q.parts
                .into_iter()
                .map(|p| super::QuotePart {
                    seller: p.seller,
                    items: p.items,
                    shipping: p.shipping,
                    cgst: p.tax.cgst,
                    sgst: p.tax.sgst,
                    igst: p.tax.igst,
                })
                .collect(),
        )
    }))
}

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
            seller: Bilingual::new(
                s.try_get::<String, _>("display_name_hi")?,
                s.try_get::<String, _>("display_name_en")?,
            ),
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
fn line_view(l: &sqlx::any::AnyRow) -> Result<OrderLineView, sqlx::Error> {
    Ok(OrderLineView {
        title: Bilingual::new(
            l.try_get::<String, _>("title_hi")?,
            l.try_get::<String, _>("title_en")?,
        ),
        option: l.try_get("option_label")?,
        unit_price: Paise(l.try_get("unit_price_paise")?),
        quantity: l.try_get("quantity")?,
        total: Paise(l.try_get("total_paise")?),
        product: l.try_get("slug")?,
    })
}

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
) -> Result<Result<(String, PartStatus), &'static str>, sqlx::Error> {
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
        return Ok(Err("order_not_found"));
    };
    let current = parsed(&row, "status", PartStatus::parse)?;
    let party = match owner {
        Actor::Seller(_) => Party::Seller,
        Actor::Buyer(_) => Party::Buyer,
    };
    let Some(next) = next_status(current, action, party) else {
        return Ok(Err("order_step_invalid"));
    };
    if next == PartStatus::Shipped && (courier.is_empty() || awb.is_empty()) {
        return Ok(Err("shipping_details_missing"));
    }
    if next == PartStatus::ReturnRequested {
        let days = setting(&mut tx, "return_window_days").await?.unwrap_or(7);
        let delivered: Option<i64> = row.try_get("delivered_at")?;
        if delivered.is_none_or(|at| now > at + days * 86_400) {
            return Ok(Err("return_window_over"));
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
        return Ok(Err("order_step_invalid"));
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
                crate::payments::store::record_refund(
                    &mut tx,
                    order_id,
                    Some(sub_order_id),
                    None,
                    due,
                    "cancelled",
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
            crate::payments::store::record_refund(
                &mut tx,
                order_id,
                Some(sub_order_id),
                None,
                due,
                "returned",
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
    Ok(Ok((row.try_get("reference")?, next)))
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
async fn release_stock(tx: &mut Tx, sub_orders: &[i64]) -> Result<(), sqlx::Error> {
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
async fn close_if_all_cancelled(tx: &mut Tx, order_id: i64) -> Result<(), sqlx::Error> {
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

/// A seller's sub-orders (optionally of one status), newest first, with their lines.
pub async fn seller_orders(
    db: &Db,
    seller_id: i64,
    status: Option<PartStatus>,
) -> Result<Vec<super::SellerOrder>, sqlx::Error> {
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
        out.push(super::SellerOrder {
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

/// The ODOP cell saw the UPI payment of `reference` arrive (bank statement, UTR): the order and
/// its unpaid parts are placed, with an audit entry. A message key when it is not a UPI order
/// awaiting payment, or when that UTR already paid another order.
pub async fn confirm_upi(
    db: &Db,
    admin_id: i64,
    reference: &str,
    utr: &str,
) -> Result<Result<(), &'static str>, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let used: i64 = sqlx::query("SELECT COUNT(*) AS n FROM orders WHERE payment_utr = $1")
        .bind(utr)
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
    if used > 0 {
        return Ok(Err("utr_used"));
    }
    let Some(order) = sqlx::query(
        "SELECT id FROM orders WHERE reference = $1 AND status = 'awaiting_payment' AND payment_method = 'upi'",
    )
    .bind(reference)
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(Err("order_not_awaiting"));
    };
    let order_id: i64 = order.try_get("id")?;
    sqlx::query("UPDATE orders SET payment_utr = $1 WHERE id = $2")
        .bind(utr)
        .bind(order_id)
        .execute(&mut *tx)
        .await?;
    if !mark_paid(&mut tx, order_id, Some(admin_id), &format!("UPI {utr}")).await? {
        // It expired a moment ago: nothing is recorded (the transaction is dropped).
        return Ok(Err("order_not_awaiting"));
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
    Ok(Ok(()))
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
