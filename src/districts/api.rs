//! Public endpoints of the districts feature. All are reads, open to everyone.
use super::DistrictSummary;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Every district with its ODOP product and number of live products (one SQL query).
#[server(input = GetUrl, endpoint = "districts")]
pub async fn list_districts() -> Result<Vec<DistrictSummary>, AppError> {
    let db = crate::request::db()?;
    Ok(super::store::list(&db).await?)
}
