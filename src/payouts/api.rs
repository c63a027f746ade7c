//! Endpoints of the payout ledger: the seller's statement, and the ODOP cell's rates.
use super::Statement;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use crate::domain::money::parse_percent_bp;
#[cfg(feature = "ssr")]
use crate::identity::guard::{self, invalid};

/// The signed-in seller's payout statement.
#[server(input = GetUrl, endpoint = "payout_statement")]
pub async fn payout_statement() -> Result<Statement, AppError> {
    let db = crate::request::db()?;
    let (_, seller) = crate::identity::guard::require_seller(&db).await?;
    Ok(super::store::statement(&db, seller.id).await?)
}

/// The ODOP cell sets the rates in force from a date (`YYYY-MM-DD`, from midnight IST).
#[server(endpoint = "set_payout_rates")]
pub async fn set_payout_rates(
    from: String,
    commission: String,
    tcs: String,
    tds: String,
) -> Result<(), AppError> {
    let db = crate::request::db()?;
    let admin = guard::require_admin(&db).await?;
    let Some(day) = crate::ui::days_from_iso(from.trim()) else {
        return guard::fail(invalid("from", "date_invalid"));
    };
    let (Some(commission_bp), Some(tcs_bp), Some(tds_bp)) = (
        parse_percent_bp(&commission),
        parse_percent_bp(&tcs),
        parse_percent_bp(&tds),
    ) else {
        return guard::fail(invalid("commission", "percent_invalid"));
    };
    // Midnight in India.
    let effective_from = day * 86_400 - crate::ui::INDIA_OFFSET_SECONDS;
    let rates = super::Rates {
        commission_bp,
        tcs_bp,
        tds_bp,
    };
    super::store::set_rates(&db, admin.user_id, from.trim(), effective_from, rates).await?;
    if crate::request::is_plain_form_post() {
        leptos_axum::redirect("/admin/payments");
    }
    Ok(())
}
