//! SQL of addresses and orders, one file per job: `addresses`, `pricing`, `placing`, `views`,
//! `lifecycle`. Placing an order is one transaction: the cart is read, every amount computed
//! here from today's prices, stock taken with conditional updates (never below zero, whoever
//! else is buying), and the order, its sub-orders per seller, lines and first events written —
//! or nothing at all.
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

mod addresses;
mod lifecycle;
mod placing;
mod pricing;
mod views;

pub use addresses::*;
pub use lifecycle::*;
pub use placing::*;
pub use pricing::*;
pub use views::*;

/// A numeric site setting (return window, free-shipping threshold, COD ceiling …), if set.
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
