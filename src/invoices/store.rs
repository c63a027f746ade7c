//! SQL of invoices. The serial is taken from a per-seller, per-year counter with one atomic
//! upsert inside the shipping transaction: two parcels shipped at once get two numbers, and a
//! shipment that fails takes none.
use super::{InvoiceLine, InvoiceView};
use crate::db::Db;
use crate::db::RowExt;
use crate::db::Tx;
use crate::domain::money::Paise;
use crate::i18n_util::Bilingual;
use sqlx::Row;

/// Issues the invoice of a sub-order (once; a second call changes nothing).
pub(crate) async fn issue(
    tx: &mut Tx,
    sub_order_id: i64,
    seller_id: i64,
    at: i64,
) -> Result<(), sqlx::Error> {
    let issued: i64 = sqlx::query("SELECT COUNT(*) AS n FROM invoices WHERE sub_order_id = $1")
        .bind(sub_order_id)
        .fetch_one(&mut **tx)
        .await?
        .try_get("n")?;
    if issued > 0 {
        return Ok(());
    }
    let year = super::financial_year(at);
    let label = super::financial_year_label(year);
    let serial: i64 = sqlx::query(
        "INSERT INTO invoice_counters (seller_id, financial_year, last_serial) VALUES ($1, $2, 1) \
         ON CONFLICT (seller_id, financial_year) DO UPDATE SET last_serial = invoice_counters.last_serial + 1 \
         RETURNING last_serial",
    )
    .bind(seller_id)
    .bind(&label)
    .fetch_one(&mut **tx)
    .await?
    .try_get("last_serial")?;
    sqlx::query(
        "INSERT INTO invoices (sub_order_id, seller_id, financial_year, serial, number, issued_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(sub_order_id)
    .bind(seller_id)
    .bind(&label)
    .bind(serial)
    .bind(super::invoice_number(year, serial))
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Who may read a sub-order's papers.
#[derive(Debug, Clone, Copy)]
pub enum Reader {
    /// The buyer or the seller (the invoice).
    Party(i64),
    /// The seller only (the packing slip).
    Seller(i64),
}

/// A sub-order's invoice data; `None` when it is not the reader's.
pub async fn document(
    db: &Db,
    sub_order_id: i64,
    reader: Reader,
) -> Result<Option<InvoiceView>, sqlx::Error> {
    let (who, user) = match reader {
        Reader::Party(u) => ("(o.user_id = $2 OR s.user_id = $2)", u),
        Reader::Seller(u) => ("s.user_id = $2", u),
    };
    let Some(h) = sqlx::query(&format!(
        "SELECT so.id, so.shipping_paise, so.items_paise, so.taxable_paise, so.cgst_paise, so.sgst_paise, so.igst_paise, \
         so.courier, so.awb, o.reference, o.created_at, o.ship_name, o.ship_phone, o.ship_line1, o.ship_line2, o.ship_city, \
         o.ship_district, o.ship_state_code, o.ship_pin, s.display_name_en, d.name_en AS district_en, d.name_hi AS district_hi, \
         COALESCE(a.legal_name, '') AS legal_name, COALESCE(a.gstin, '') AS gstin, \
         COALESCE(a.pickup_line1, '') AS p1, COALESCE(a.pickup_line2, '') AS p2, COALESCE(a.pickup_city, '') AS pc, \
         COALESCE(a.pickup_pin, '') AS pp, i.number, i.issued_at \
         FROM sub_orders so JOIN orders o ON o.id = so.order_id JOIN sellers s ON s.id = so.seller_id \
         JOIN districts d ON d.slug = s.district_slug \
         LEFT JOIN seller_applications a ON a.seller_id = s.id LEFT JOIN invoices i ON i.sub_order_id = so.id \
         WHERE so.id = $1 AND so.status <> 'awaiting_payment' AND {who}"
    ))
    .bind(sub_order_id)
    .bind(user)
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    let lines = sqlx::query(
        "SELECT title_en, title_hi, option_label, sku, hsn, quantity, unit_price_paise, taxable_paise, gst_rate_bp, \
         cgst_paise, sgst_paise, igst_paise, total_paise FROM order_lines WHERE sub_order_id = $1 ORDER BY id",
    )
    .bind(sub_order_id)
    .fetch_all(&db.pool)
    .await?;
    let text = |c: &str| h.try_get::<String, _>(c);
    let joined = |parts: Vec<String>| {
        parts
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let legal = text("legal_name")?;
    let p = |c: &str| -> Result<Paise, sqlx::Error> { Ok(Paise(h.try_get(c)?)) };
    // The pickup address as the seller typed it (demo sellers have none: their district, which
    // the page names in the reader's language, stands for it).
    let supplier_address = joined(vec![text("p1")?, text("p2")?, text("pc")?, text("pp")?]);
    Ok(Some(InvoiceView {
        sub_order_id: h.try_get("id")?,
        number: h.try_get("number")?,
        issued_at: h.try_get("issued_at")?,
        reference: text("reference")?,
        ordered_at: h.try_get("created_at")?,
        supplier_name: if legal.is_empty() {
            text("display_name_en")?
        } else {
            legal
        },
        supplier_address,
        supplier_district: Bilingual::new(text("district_hi")?, text("district_en")?),
        supplier_gstin: Some(text("gstin")?).filter(|g| !g.is_empty()),
        buyer_name: text("ship_name")?,
        buyer_phone: text("ship_phone")?,
        buyer_address: joined(vec![
            text("ship_line1")?,
            text("ship_line2")?,
            text("ship_city")?,
            text("ship_district")?,
            text("ship_pin")?,
        ]),
        buyer_state: text("ship_state_code")?,
        lines: lines
            .iter()
            .map(|l| {
                let p = |c: &str| -> Result<Paise, sqlx::Error> { Ok(Paise(l.try_get(c)?)) };
                Ok(InvoiceLine {
                    title: l.bilingual("title")?,
                    option: l.try_get("option_label")?,
                    sku: l.try_get("sku")?,
                    hsn: l.try_get("hsn")?,
                    quantity: l.try_get("quantity")?,
                    unit_price: p("unit_price_paise")?,
                    taxable: p("taxable_paise")?,
                    gst_rate_bp: l.try_get("gst_rate_bp")?,
                    cgst: p("cgst_paise")?,
                    sgst: p("sgst_paise")?,
                    igst: p("igst_paise")?,
                    total: p("total_paise")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()?,
        shipping: p("shipping_paise")?,
        taxable: p("taxable_paise")?,
        cgst: p("cgst_paise")?,
        sgst: p("sgst_paise")?,
        igst: p("igst_paise")?,
        total: Paise(p("items_paise")?.0 + p("shipping_paise")?.0),
        courier: h.try_get("courier")?,
        awb: h.try_get("awb")?,
    }))
}
