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
use crate::domain::order::{
    next_status, Action, OrderStatus, PartStatus, Party, PaymentMethod, RefundReason,
};
use crate::domain::state::UP;
use crate::domain::tax::{self, Slab, TaxSplit};
use crate::i18n_util::Bilingual;
use sqlx::Row;
use std::collections::BTreeMap;

pub(crate) use crate::db::Tx;

/// Why an order or one of its steps was refused — or the database failed. `code()` is the
/// message key the page shows (`ui::forms::error_text`); a test checks that every refusal has a
/// sentence of its own, so a renamed code cannot silently lose its message.
#[derive(Debug, thiserror::Error)]
pub enum OrderError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("cart_empty")]
    CartEmpty,
    #[error("cart_changed")]
    CartChanged,
    #[error("up_only")]
    UpOnly,
    #[error("sold_out")]
    SoldOut,
    #[error("address_unknown")]
    AddressUnknown,
    #[error("too_many_unpaid")]
    TooManyUnpaid,
    #[error("cod_limit")]
    CodLimit,
    #[error("order_not_found")]
    NotFound,
    #[error("order_step_invalid")]
    StepInvalid,
    #[error("shipping_details_missing")]
    ShippingDetailsMissing,
    #[error("return_window_over")]
    ReturnWindowOver,
    #[error("utr_used")]
    UtrUsed,
    #[error("order_not_awaiting")]
    NotAwaiting,
}

impl OrderError {
    /// The message key of a refusal (`None` for a database failure).
    pub fn code(&self) -> Option<&'static str> {
        Some(match self {
            OrderError::Db(_) => return None,
            OrderError::CartEmpty => "cart_empty",
            OrderError::CartChanged => "cart_changed",
            OrderError::UpOnly => "up_only",
            OrderError::SoldOut => "sold_out",
            OrderError::AddressUnknown => "address_unknown",
            OrderError::TooManyUnpaid => "too_many_unpaid",
            OrderError::CodLimit => "cod_limit",
            OrderError::NotFound => "order_not_found",
            OrderError::StepInvalid => "order_step_invalid",
            OrderError::ShippingDetailsMissing => "shipping_details_missing",
            OrderError::ReturnWindowOver => "return_window_over",
            OrderError::UtrUsed => "utr_used",
            OrderError::NotAwaiting => "order_not_awaiting",
        })
    }

    /// The error for the caller: "not found", or a refusal reported on the form's `field`.
    pub fn into_app_error(self, field: &str) -> crate::error::AppError {
        use crate::error::AppError;
        match self {
            OrderError::Db(e) => e.into(),
            OrderError::NotFound => AppError::NotFound,
            other => crate::identity::guard::invalid(field, other.code().unwrap_or("order")),
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::OrderError;
    use crate::i18n::Locale;

    /// Every refusal has a sentence of its own in both languages, not the generic one.
    #[test]
    fn every_refusal_has_its_own_message() {
        let refusals = [
            OrderError::CartEmpty,
            OrderError::CartChanged,
            OrderError::UpOnly,
            OrderError::SoldOut,
            OrderError::AddressUnknown,
            OrderError::TooManyUnpaid,
            OrderError::CodLimit,
            OrderError::StepInvalid,
            OrderError::ShippingDetailsMissing,
            OrderError::ReturnWindowOver,
            OrderError::UtrUsed,
            OrderError::NotAwaiting,
        ];
        for locale in [Locale::hi, Locale::en] {
            let generic = crate::ui::forms::error_text(locale, "no_such_code");
            for e in &refusals {
                let code = e.code().expect("a refusal has a code");
                assert_ne!(
                    crate::ui::forms::error_text(locale, code),
                    generic,
                    "{code} has no message in {locale:?}"
                );
            }
        }
        assert_eq!(OrderError::Db(sqlx::Error::RowNotFound).code(), None);
    }
}
