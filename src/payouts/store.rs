//! SQL of the payout ledger. Entries are written inside the transaction that delivers or
//! refunds the part, once each (unique per part and kind).
use super::{Amounts, LedgerLine, Rates, Statement};
use crate::db::Db;
use crate::db::Tx;
use crate::domain::money::Paise;
use sqlx::Row;

/// The rates in force at `at` (the newest row that started by then).
pub async fn rates_at<'e, E>(executor: E, at: i64) -> Result<Option<Rates>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "SELECT commission_bp, tcs_bp, tds_bp FROM payout_rates WHERE effective_from <= $1 \
         ORDER BY effective_from DESC LIMIT 1",
    )
    .bind(at)
    .fetch_optional(executor)
    .await?
    .map(|r| {
        Ok(Rates {
            commission_bp: r.try_get("commission_bp")?,
            tcs_bp: r.try_get("tcs_bp")?,
            tds_bp: r.try_get("tds_bp")?,
        })
    })
    .transpose()
}

/// Enters the sale of a delivered part at the rates of `at`.
pub(crate) async fn record_sale(
    tx: &mut Tx,
    sub_order_id: i64,
    at: i64,
) -> Result<(), sqlx::Error> {
    let row = sqlx::query(
        "SELECT so.seller_id, so.items_paise + so.shipping_paise AS gross, so.taxable_paise, \
         COALESCE(a.gstin, '') AS gstin FROM sub_orders so LEFT JOIN seller_applications a ON a.seller_id = so.seller_id \
         WHERE so.id = $1",
    )
    .bind(sub_order_id)
    .fetch_one(&mut **tx)
    .await?;
    let rates = rates_at(&mut **tx, at).await?.unwrap_or(Rates {
        commission_bp: 0,
        tcs_bp: 0,
        tds_bp: 0,
    });
    let a = super::amounts(
        Paise(row.try_get("gross")?),
        Paise(row.try_get("taxable_paise")?),
        rates,
        !row.try_get::<String, _>("gstin")?.is_empty(),
    );
    insert(tx, row.try_get("seller_id")?, sub_order_id, "sale", a, at).await
}

/// Reverses the sale of a refunded part (if it was entered).
pub(crate) async fn reverse(tx: &mut Tx, sub_order_id: i64) -> Result<(), sqlx::Error> {
    let Some(r) = sqlx::query(
        "SELECT seller_id, gross_paise, commission_paise, tcs_paise, tds_paise, net_paise FROM payout_entries \
         WHERE sub_order_id = $1 AND kind = 'sale'",
    )
    .bind(sub_order_id)
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(());
    };
    let neg = |c: &str| -> Result<Paise, sqlx::Error> { Ok(Paise(-r.try_get::<i64, _>(c)?)) };
    let a = Amounts {
        gross: neg("gross_paise")?,
        commission: neg("commission_paise")?,
        tcs: neg("tcs_paise")?,
        tds: neg("tds_paise")?,
        net: neg("net_paise")?,
    };
    insert(
        tx,
        r.try_get("seller_id")?,
        sub_order_id,
        "reversal",
        a,
        crate::db::now_unix(),
    )
    .await
}

async fn insert(
    tx: &mut Tx,
    seller_id: i64,
    sub_order_id: i64,
    kind: &str,
    a: Amounts,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO payout_entries (seller_id, sub_order_id, kind, gross_paise, commission_paise, tcs_paise, tds_paise, \
         net_paise, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (sub_order_id, kind) DO NOTHING",
    )
    .bind(seller_id)
    .bind(sub_order_id)
    .bind(kind)
    .bind(a.gross.0)
    .bind(a.commission.0)
    .bind(a.tcs.0)
    .bind(a.tds.0)
    .bind(a.net.0)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A seller's statement: every entry, newest first, and the totals.
pub async fn statement(db: &Db, seller_id: i64) -> Result<Statement, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT e.created_at, e.kind, e.gross_paise, e.commission_paise, e.tcs_paise, e.tds_paise, e.net_paise, o.reference \
         FROM payout_entries e JOIN sub_orders so ON so.id = e.sub_order_id JOIN orders o ON o.id = so.order_id \
         WHERE e.seller_id = $1 ORDER BY e.created_at DESC, e.id DESC LIMIT 1000",
    )
    .bind(seller_id)
    .fetch_all(&db.pool)
    .await?;
    let mut s = Statement {
        rates: rates_at(&db.pool, crate::db::now_unix()).await?,
        ..Default::default()
    };
    for r in &rows {
        let p = |c: &str| -> Result<Paise, sqlx::Error> { Ok(Paise(r.try_get(c)?)) };
        let a = Amounts {
            gross: p("gross_paise")?,
            commission: p("commission_paise")?,
            tcs: p("tcs_paise")?,
            tds: p("tds_paise")?,
            net: p("net_paise")?,
        };
        s.total = Amounts {
            gross: Paise(s.total.gross.0 + a.gross.0),
            commission: Paise(s.total.commission.0 + a.commission.0),
            tcs: Paise(s.total.tcs.0 + a.tcs.0),
            tds: Paise(s.total.tds.0 + a.tds.0),
            net: Paise(s.total.net.0 + a.net.0),
        };
        s.lines.push(LedgerLine {
            at: r.try_get("created_at")?,
            reference: r.try_get("reference")?,
            kind: r.try_get("kind")?,
            amounts: a,
        });
    }
    Ok(s)
}

/// Adds (or replaces) the row of rates in force from `effective_from`: an admin's decision,
/// written with its audit entry in one transaction. `day` names the date for the audit.
pub async fn set_rates(
    db: &Db,
    admin_id: i64,
    day: &str,
    effective_from: i64,
    rates: Rates,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO payout_rates (effective_from, commission_bp, tcs_bp, tds_bp) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (effective_from) DO UPDATE SET commission_bp = $2, tcs_bp = $3, tds_bp = $4",
    )
    .bind(effective_from)
    .bind(rates.commission_bp)
    .bind(rates.tcs_bp)
    .bind(rates.tds_bp)
    .execute(&mut *tx)
    .await?;
    crate::audit::record(
        &mut *tx,
        Some(admin_id),
        "payout.rates_set",
        &format!("from:{day}"),
        &format!(
            "commission {} bp, TCS {} bp, TDS {} bp",
            rates.commission_bp, rates.tcs_bp, rates.tds_bp
        ),
    )
    .await?;
    tx.commit().await
}
