//! Texts every feature shows the same way: dates in India, order statuses, payment methods,
//! states, and the "sign in first" prompt.
use crate::i18n::*;
use leptos::prelude::*;

/// A Unix time as the date in India (UTC+5:30): invoices, timelines and ledgers agree with the
/// financial year their numbers are counted in.
pub fn date_of(at: i64) -> String {
    let days = super::india_day(at);
    let (y, m, d) = super::civil_from_days(days);
    format!("{d:02}-{m:02}-{y}")
}

/// A sub-order's or order's status in the reader's language.
pub fn status_text(locale: Locale, status: &str) -> String {
    match status {
        "placed" => td_string!(locale, order_placed),
        "expired" => td_string!(locale, order_expired),
        "awaiting_payment" => td_string!(locale, order_awaiting_payment),
        "accepted" => td_string!(locale, order_accepted),
        "packed" => td_string!(locale, order_packed),
        "shipped" => td_string!(locale, order_shipped),
        "delivered" => td_string!(locale, order_delivered),
        "cancelled" => td_string!(locale, order_cancelled),
        "return_requested" => td_string!(locale, order_return_requested),
        "return_rejected" => td_string!(locale, order_return_rejected),
        "returned" => td_string!(locale, order_returned),
        "refunded" => td_string!(locale, order_refunded),
        _ => td_string!(locale, order_other),
    }
    .to_string()
}

/// How an order is paid, in the reader's language.
pub fn method_text(locale: Locale, method: &str) -> String {
    match method {
        "upi" => td_string!(locale, pay_upi),
        "gateway" => td_string!(locale, pay_gateway),
        _ => td_string!(locale, pay_cod),
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
