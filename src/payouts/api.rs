//! Endpoints of the payout ledger: the seller's statement, and the ODOP cell's rates.
use super::Statement;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use crate::auth::guard::{self, invalid};

/// The signed-in seller's payout statement.
#[server(input = GetUrl, endpoint = "payout_statement")]
pub async fn payout_statement() -> Result<Statement, AppError> {
    let db = crate::server::db()?;
    let (_, seller) = crate::listings::api::require_seller(&db).await?;
    Ok(super::store::statement(&db, seller.id).await?)
}

/// A percentage as typed ("0.5", "1", "0,1") in basis points; at most 100 %.
#[cfg(feature = "ssr")]
fn percent_bp(input: &str) -> Option<i64> {
    let t = input.trim().replace(',', ".");
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() && frac.is_empty() || frac.len() > 2 {
        return None;
    }
    let digits = |s: &str| s.is_empty() || s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(frac) || whole.len() > 3 {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let frac: i64 = format!("{frac:0<2}").parse().ok()?;
    let bp = whole * 100 + frac;
    (bp <= 10_000).then_some(bp)
}

/// The ODOP cell sets the rates in force from a date (`YYYY-MM-DD`, from midnight IST).
#[server(endpoint = "set_payout_rates")]
pub async fn set_payout_rates(
    from: String,
    commission: String,
    tcs: String,
    tds: String,
) -> Result<(), AppError> {
    let db = crate::server::db()?;
    let admin = guard::require_admin(&db).await?;
    let Some(day) = crate::ui::days_from_iso(from.trim()) else {
        return guard::fail(invalid("from", "date_invalid"));
    };
    let (Some(commission_bp), Some(tcs_bp), Some(tds_bp)) =
        (percent_bp(&commission), percent_bp(&tcs), percent_bp(&tds))
    else {
        return guard::fail(invalid("commission", "percent_invalid"));
    };
    // Midnight in India (UTC+5:30).
    let effective_from = day * 86_400 - 19_800;
    let rates = super::Rates {
        commission_bp,
        tcs_bp,
        tds_bp,
    };
    super::store::add_rates(&db, effective_from, rates).await?;
    crate::audit::record(
        &db.pool,
        Some(admin.user_id),
        "payout.rates_set",
        &format!("from:{}", from.trim()),
        &format!("commission {commission_bp} bp, TCS {tcs_bp} bp, TDS {tds_bp} bp"),
    )
    .await?;
    if crate::server::is_plain_form_post() {
        leptos_axum::redirect("/admin/payments");
    }
    Ok(())
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    #[test]
    fn percentages_are_read_exactly() {
        use super::percent_bp;
        assert_eq!(percent_bp("0.5"), Some(50));
        assert_eq!(percent_bp("0,1"), Some(10));
        assert_eq!(percent_bp("2"), Some(200));
        assert_eq!(percent_bp(".25"), Some(25));
        assert_eq!(percent_bp("100"), Some(10_000));
        for bad in ["", ".", "101", "0.125", "-1", "1e2", "five"] {
            assert_eq!(percent_bp(bad), None, "{bad}");
        }
    }
}
