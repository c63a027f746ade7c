//! Endpoints of the cart. The cart is the caller's: the signed-in user's, or the guest's behind
//! the cart cookie (made on the first "add"). Prices and stock come from the database only.
use super::CartView;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use super::owner::owner;
#[cfg(feature = "ssr")]
use crate::identity::guard::{self, invalid};

/// A quantity typed by the shopper: a whole number from `min` to 99.
#[cfg(feature = "ssr")]
fn quantity(input: Option<&str>, min: i64) -> Result<i64, AppError> {
    match input.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(1),
        Some(s) => s
            .parse::<i64>()
            .ok()
            .filter(|n| (min..=super::MAX_QUANTITY).contains(n))
            .ok_or_else(|| invalid("quantity", "quantity_invalid")),
    }
}

/// A plain form post goes on to the cart; with JavaScript the page stays.
#[cfg(feature = "ssr")]
fn to_cart_if_plain(path: &str) {
    if crate::request::is_plain_form_post() {
        leptos_axum::redirect(path);
    }
}

/// The caller's cart with today's prices and stock.
#[server(input = GetUrl, endpoint = "load_cart")]
pub async fn load_cart() -> Result<CartView, AppError> {
    let db = crate::request::db()?;
    match owner(&db, false).await? {
        Some(owner) => Ok(super::store::view(&db, &owner).await?),
        None => Ok(CartView::default()),
    }
}

/// Pieces in the caller's cart, for the header's badge.
#[server(input = GetUrl, endpoint = "cart_count")]
pub async fn cart_count() -> Result<i64, AppError> {
    let db = crate::request::db()?;
    match owner(&db, false).await? {
        Some(owner) => Ok(super::store::count(&db, &owner).await?),
        None => Ok(0),
    }
}

/// Adds a product (with `variant_id`, one of its options) to the caller's cart; answers the
/// pieces now in it (the header's badge).
#[server(endpoint = "add_to_cart")]
pub async fn add_to_cart(
    product_id: i64,
    variant_id: Option<i64>,
    quantity: Option<String>,
) -> Result<i64, AppError> {
    let db = crate::request::db()?;
    let n = guard::checked(self::quantity(quantity.as_deref(), 1))?;
    let owner = owner(&db, true).await?.ok_or(AppError::Internal)?;
    match super::store::add(&db, &owner, product_id, variant_id.unwrap_or(0), n).await? {
        Ok(()) => {
            to_cart_if_plain("/cart?added=1");
            Ok(super::store::count(&db, &owner).await?)
        }
        Err(code) => guard::fail(invalid("cart", code)),
    }
}

/// Changes a line's quantity; 0 removes it.
#[server(endpoint = "set_cart_quantity")]
pub async fn set_cart_quantity(
    product_id: i64,
    variant_id: i64,
    quantity: String,
) -> Result<(), AppError> {
    let db = crate::request::db()?;
    let n = guard::checked(self::quantity(Some(&quantity), 0))?;
    let Some(owner) = owner(&db, false).await? else {
        return guard::fail(invalid("cart", "not_in_cart"));
    };
    match super::store::set_quantity(&db, &owner, product_id, variant_id, n).await? {
        Ok(()) => {
            to_cart_if_plain("/cart");
            Ok(())
        }
        Err(code) => guard::fail(invalid("cart", code)),
    }
}

/// Takes a line out of the cart.
#[server(endpoint = "remove_from_cart")]
pub async fn remove_from_cart(product_id: i64, variant_id: i64) -> Result<(), AppError> {
    let db = crate::request::db()?;
    let Some(owner) = owner(&db, false).await? else {
        return guard::fail(invalid("cart", "not_in_cart"));
    };
    match super::store::set_quantity(&db, &owner, product_id, variant_id, 0).await? {
        Ok(()) => {
            to_cart_if_plain("/cart");
            Ok(())
        }
        Err(code) => guard::fail(invalid("cart", code)),
    }
}
