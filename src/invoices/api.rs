//! Endpoints of invoices and packing slips: each reads only the caller's own sub-orders.
use super::InvoiceView;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use crate::identity::guard;

/// The invoice of a sub-order, for its buyer or its seller; not issued yet or not theirs:
/// "not found".
#[server(input = GetUrl, endpoint = "load_invoice")]
pub async fn load_invoice(sub_order_id: i64) -> Result<InvoiceView, AppError> {
    let db = crate::request::db()?;
    let me = guard::require_user(&db).await?;
    match super::store::document(&db, sub_order_id, super::store::Reader::Party(me.user_id)).await?
    {
        Some(doc) if doc.number.is_some() => Ok(doc),
        _ => guard::fail(AppError::NotFound),
    }
}

/// The packing slip of a sub-order, for its seller only.
#[server(input = GetUrl, endpoint = "load_packing_slip")]
pub async fn load_packing_slip(sub_order_id: i64) -> Result<InvoiceView, AppError> {
    let db = crate::request::db()?;
    let me = guard::require_user(&db).await?;
    match super::store::document(&db, sub_order_id, super::store::Reader::Seller(me.user_id))
        .await?
    {
        Some(doc) => Ok(doc),
        None => guard::fail(AppError::NotFound),
    }
}
