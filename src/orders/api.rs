//! Endpoints of checkout and orders. Each starts from the signed-in user; an address id or an
//! order reference is only ever looked up together with that user.
// Server functions take a form's fields as arguments.
#![allow(clippy::too_many_arguments)]
#[cfg(feature = "ssr")]
use super::{Action, OrderStatus, PartStatus, PaymentMethod};
use super::{Checkout, OrderSummary, OrderView};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use crate::identity::guard::{self, invalid};

/// The checkout page: the address book and the cart priced for the chosen (or newest) address.
#[server(input = GetUrl, endpoint = "load_checkout")]
pub async fn load_checkout(address_id: Option<i64>) -> Result<Checkout, AppError> {
    use super::store;
    let db = crate::request::db()?;
    let me = guard::require_user(&db).await?;
    let addresses = store::addresses(&db, me.user_id).await?;
    let chosen = address_id
        .and_then(|id| addresses.iter().find(|a| a.id == id))
        .or(addresses.first());
    let mut checkout = Checkout {
        addresses: addresses.clone(),
        address_id: chosen.map(|a| a.id),
        problem: None,
        parts: Vec::new(),
        items: Default::default(),
        shipping: Default::default(),
        total: Default::default(),
        attempt: crate::identity::session::Token::generate()
            .as_str()
            .to_string(),
        upi: store::upi_vpa(&db).await?.is_some(),
        gateway: crate::request::gateway().map(|g| g.is_sandbox()),
    };
    // Without an address the cart is priced for Uttar Pradesh, where most buyers are.
    let state = chosen.map_or(crate::domain::state::UP.to_string(), |a| {
        a.form.state.clone()
    });
    match store::preview(&db, me.user_id, &state).await {
        Ok((items, shipping, total, parts)) => {
            checkout.items = items;
            checkout.shipping = shipping;
            checkout.total = total;
            checkout.parts = parts;
        }
        Err(store::OrderError::Db(e)) => return Err(e.into()),
        Err(refused) => checkout.problem = refused.code().map(str::to_string),
    }
    Ok(checkout)
}

/// Adds an address to the user's book (checked: PIN consistent with the state).
#[server(endpoint = "add_address")]
pub async fn add_address(
    name: String,
    phone: String,
    line1: String,
    line2: Option<String>,
    city: String,
    district: Option<String>,
    state: String,
    pin: String,
) -> Result<(), AppError> {
    let db = crate::request::db()?;
    let me = guard::require_user(&db).await?;
    let form = super::AddressForm {
        name,
        phone,
        line1,
        line2: line2.unwrap_or_default(),
        city,
        district: district.unwrap_or_default(),
        state,
        pin,
    };
    let address = guard::checked(super::validate_address(&form).map_err(AppError::Validation))?;
    let id = super::store::add_address(&db, me.user_id, &address).await?;
    leptos_axum::redirect(&format!("/checkout?address_id={id}"));
    Ok(())
}

/// Places the cart as an order. `attempt` is the checkout page's key: sent twice, the same order
/// comes back. Prices are never taken from the request.
#[server(endpoint = "place_order")]
pub async fn place_order(address_id: i64, method: String, attempt: String) -> Result<(), AppError> {
    let db = crate::request::db()?;
    let me = guard::require_user(&db).await?;
    // Cash on delivery, UPI where the platform has a UPI id, the gateway where there is one.
    let method = PaymentMethod::parse(&method);
    let available = match method {
        Some(PaymentMethod::Cod) => true,
        Some(PaymentMethod::Upi) => super::store::upi_vpa(&db).await?.is_some(),
        Some(PaymentMethod::Gateway) => crate::request::gateway().is_some(),
        None => false,
    };
    let Some(method) = method.filter(|_| available) else {
        return guard::fail(invalid("method", "payment_method_invalid"));
    };
    if attempt.len() < 16 || attempt.len() > 100 {
        return guard::fail(invalid("attempt", "attempt_invalid"));
    }
    match super::store::place(&db, me.user_id, address_id, method, &attempt).await {
        Ok((reference, fresh)) => {
            tracing::info!(user.id = me.user_id, order = %reference, fresh, "order placed");
            // Cash on delivery is placed now; the other ways when their money arrives.
            if fresh {
                let status = PartStatus::from(method.initial_status());
                super::notices::tell(&db, &reference, status, None, super::notices::By::Other)
                    .await;
            }
            leptos_axum::redirect(&format!("/orders/{reference}"));
            Ok(())
        }
        Err(e) => guard::fail(e.into_app_error("order")),
    }
}

/// The user's orders.
#[server(input = GetUrl, endpoint = "my_orders")]
pub async fn my_orders() -> Result<Vec<OrderSummary>, AppError> {
    let db = crate::request::db()?;
    let me = guard::require_user(&db).await?;
    Ok(super::store::orders_of(&db, me.user_id).await?)
}

/// One of the user's orders; another person's reference does not exist for them.
#[server(input = GetUrl, endpoint = "load_order")]
pub async fn load_order(reference: String) -> Result<OrderView, AppError> {
    let db = crate::request::db()?;
    let me = guard::require_user(&db).await?;
    let Some(mut order) = super::store::order_of(&db, me.user_id, &reference).await? else {
        return guard::fail(AppError::NotFound);
    };
    if order.payment_method == PaymentMethod::Upi && order.status == OrderStatus::AwaitingPayment {
        if let Some(vpa) = super::store::upi_vpa(&db).await? {
            let link = super::payment::upi_link(&vpa, "ODOP Mart", order.due, &order.reference);
            order.upi =
                super::payment::qr_svg(&link).map(|qr_svg| super::UpiRequest { vpa, link, qr_svg });
        }
    }
    Ok(order)
}

/// The seller's incoming orders (one sub-order per order), optionally of one status.
#[server(input = GetUrl, endpoint = "seller_orders")]
pub async fn seller_orders(status: Option<String>) -> Result<Vec<super::SellerOrder>, AppError> {
    let db = crate::request::db()?;
    let (_, seller) = crate::identity::guard::require_seller(&db).await?;
    // An unknown status filters nothing out (the page's own links send only known ones).
    let status = status.as_deref().and_then(PartStatus::parse);
    Ok(super::store::seller_orders(&db, seller.id, status).await?)
}

/// A seller moves one of their sub-orders on: accept, pack, ship (courier and AWB), deliver,
/// or cancel with a reason (the stock goes back).
#[server(endpoint = "update_sub_order")]
pub async fn update_sub_order(
    sub_order_id: i64,
    action: String,
    courier: Option<String>,
    awb: Option<String>,
    reason: Option<String>,
) -> Result<(), AppError> {
    use super::store::Actor;
    let db = crate::request::db()?;
    let (user_id, seller) = crate::identity::guard::require_seller(&db).await?;
    let Some(action) = Action::parse(&action) else {
        return guard::fail(invalid("order", "order_step_invalid"));
    };
    let reason = reason
        .unwrap_or_default()
        .trim()
        .chars()
        .take(300)
        .collect::<String>();
    if matches!(action, Action::Cancel | Action::RejectReturn) && reason.chars().count() < 5 {
        return guard::fail(invalid("reason", "cancel_reason_missing"));
    }
    let courier = courier
        .unwrap_or_default()
        .trim()
        .chars()
        .take(60)
        .collect::<String>();
    let awb = awb
        .unwrap_or_default()
        .trim()
        .chars()
        .take(40)
        .collect::<String>();
    match super::store::advance(
        &db,
        Actor::Seller(seller.id),
        user_id,
        sub_order_id,
        &super::store::Step {
            action,
            courier: &courier,
            awb: &awb,
            note: &reason,
        },
    )
    .await
    {
        Ok((reference, status)) => {
            let by = super::notices::By::Other;
            super::notices::tell(&db, &reference, status, Some(sub_order_id), by).await;
            if crate::request::is_plain_form_post() {
                leptos_axum::redirect("/dashboard/orders");
            }
            Ok(())
        }
        Err(e) => guard::fail(e.into_app_error("order")),
    }
}

/// The buyer cancels their part of an order before it is shipped (the stock goes back; a part
/// paid online is owed back).
#[server(endpoint = "cancel_sub_order")]
pub async fn cancel_sub_order(sub_order_id: i64) -> Result<(), AppError> {
    let db = crate::request::db()?;
    let me = guard::require_user(&db).await?;
    buyer_step(
        &db,
        me.user_id,
        sub_order_id,
        Action::Cancel,
        // No note: the buyer's own page, and the seller's message, say who cancelled.
        "",
        "order",
    )
    .await
}

/// The buyer asks to send a delivered part back, with a reason, within the return window.
#[server(endpoint = "request_return")]
pub async fn request_return(sub_order_id: i64, reason: String) -> Result<(), AppError> {
    let db = crate::request::db()?;
    let me = guard::require_user(&db).await?;
    let reason = reason.trim().chars().take(300).collect::<String>();
    if reason.chars().count() < 5 {
        return guard::fail(invalid("reason", "return_reason_missing"));
    }
    buyer_step(
        &db,
        me.user_id,
        sub_order_id,
        Action::Return,
        &reason,
        "reason",
    )
    .await
}

/// A step the buyer takes on their own part (another buyer's part is "not found"); the seller
/// is told. A refusal is reported on `field`.
#[cfg(feature = "ssr")]
async fn buyer_step(
    db: &crate::db::Db,
    user_id: i64,
    sub_order_id: i64,
    action: Action,
    note: &str,
    field: &str,
) -> Result<(), AppError> {
    use super::store::{Actor, Step};
    let step = Step {
        action,
        courier: "",
        awb: "",
        note,
    };
    match super::store::advance(db, Actor::Buyer(user_id), user_id, sub_order_id, &step).await {
        Ok((reference, status)) => {
            let by = super::notices::By::Buyer;
            super::notices::tell(db, &reference, status, Some(sub_order_id), by).await;
            if crate::request::is_plain_form_post() {
                leptos_axum::redirect(&format!("/orders/{reference}"));
            }
            Ok(())
        }
        Err(e) => guard::fail(e.into_app_error(field)),
    }
}

/// UPI orders waiting for their payment (the ODOP cell's reconciliation).
#[server(input = GetUrl, endpoint = "awaiting_payments")]
pub async fn awaiting_payments() -> Result<Vec<(String, crate::domain::money::Paise, i64)>, AppError>
{
    let db = crate::request::db()?;
    guard::require_admin(&db).await?;
    Ok(super::store::awaiting_upi(&db).await?)
}

/// The ODOP cell records a UPI payment as received, with the bank's reference (UTR).
#[server(endpoint = "confirm_upi_payment")]
pub async fn confirm_upi_payment(reference: String, utr: String) -> Result<(), AppError> {
    let db = crate::request::db()?;
    let admin = guard::require_admin(&db).await?;
    let utr = utr.trim();
    if utr.len() < 6 || utr.len() > 35 || !utr.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return guard::fail(invalid("utr", "utr_invalid"));
    }
    if let Err(e) = super::store::confirm_upi(&db, admin.user_id, reference.trim(), utr).await {
        return guard::fail(e.into_app_error("reference"));
    }
    super::notices::tell(
        &db,
        reference.trim(),
        PartStatus::Placed,
        None,
        super::notices::By::Other,
    )
    .await;
    if crate::request::is_plain_form_post() {
        leptos_axum::redirect("/admin/payments");
    }
    Ok(())
}
