//! Texts every feature shows the same way: dates in India, order statuses, payment methods,
//! states, and the "sign in first" prompt.
use crate::domain::order::{OrderStatus, PartStatus, PaymentMethod};
use crate::i18n::*;
use leptos::prelude::*;

/// A Unix time as the date in India (UTC+5:30): invoices, timelines and ledgers agree with the
/// financial year their numbers are counted in.
pub fn date_of(at: i64) -> String {
    let days = super::india_day(at);
    let (y, m, d) = super::civil_from_days(days);
    format!("{d:02}-{m:02}-{y}")
}

/// A part's status in the reader's language.
pub fn status_text(locale: Locale, status: PartStatus) -> String {
    use PartStatus as S;
    match status {
        S::Placed => td_string!(locale, order_placed),
        S::Expired => td_string!(locale, order_expired),
        S::AwaitingPayment => td_string!(locale, order_awaiting_payment),
        S::Accepted => td_string!(locale, order_accepted),
        S::Packed => td_string!(locale, order_packed),
        S::Shipped => td_string!(locale, order_shipped),
        S::Delivered => td_string!(locale, order_delivered),
        S::Cancelled => td_string!(locale, order_cancelled),
        S::ReturnRequested => td_string!(locale, order_return_requested),
        S::ReturnRejected => td_string!(locale, order_return_rejected),
        S::Returned => td_string!(locale, order_returned),
        S::Refunded => td_string!(locale, order_refunded),
    }
    .to_string()
}

/// A whole order's status in the reader's language (the same words as its parts').
pub fn order_status_text(locale: Locale, status: OrderStatus) -> String {
    status_text(locale, status.into())
}

/// How an order is paid, in the reader's language.
pub fn method_text(locale: Locale, method: PaymentMethod) -> String {
    match method {
        PaymentMethod::Upi => td_string!(locale, pay_upi),
        PaymentMethod::Gateway => td_string!(locale, pay_gateway),
        PaymentMethod::Cod => td_string!(locale, pay_cod),
    }
    .to_string()
}

pub fn state_name(locale: Locale, code: &str) -> String {
    crate::domain::state::name(code, locale == Locale::hi).to_string()
}

pub fn sign_in_first(locale: Locale, next: &str) -> AnyView {
    view! {
        <p>{td_string!(locale, checkout_sign_in).to_string()}</p>
        <p><a class="button" href=format!("/sign-in?next={next}")>{td_string!(locale, sign_in_title).to_string()}</a>
            " "<a class="button secondary" href=format!("/register?next={next}")>{td_string!(locale, register_title).to_string()}</a></p>
    }
    .into_any()
}
