//! Checkout and orders: the address book, one order per checkout split into one sub-order per
//! seller, and the buyer's order pages. Amounts are computed on the server only (the browser
//! sends an address id, a payment method and the checkout attempt's key).
pub mod api;
#[cfg(feature = "ssr")]
pub mod notices;
pub mod pages;
pub mod payment;
#[cfg(feature = "ssr")]
pub mod store;

use crate::domain::money::Paise;
pub use crate::domain::order::{Action, OrderStatus, PartStatus, PaymentMethod};
use crate::i18n_util::Bilingual;
use serde::{Deserialize, Serialize};

/// An address as typed (and as stored, once checked).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressForm {
    pub name: String,
    pub phone: String,
    pub line1: String,
    pub line2: String,
    pub city: String,
    pub district: String,
    /// GST state code ("09").
    pub state: String,
    pub pin: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedAddress {
    pub id: i64,
    pub form: AddressForm,
}

/// One seller's part of a checkout, priced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotePart {
    pub seller: Bilingual,
    pub items: Paise,
    pub shipping: Paise,
    pub cgst: Paise,
    pub sgst: Paise,
    pub igst: Paise,
}

/// Everything the checkout page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkout {
    pub addresses: Vec<SavedAddress>,
    /// The address priced (the newest unless chosen).
    pub address_id: Option<i64>,
    /// Why the cart cannot be ordered to that address (a message key), if it cannot.
    pub problem: Option<String>,
    pub parts: Vec<QuotePart>,
    pub items: Paise,
    pub shipping: Paise,
    pub total: Paise,
    /// A fresh key for this checkout attempt: a retry or a double click sends the same one.
    pub attempt: String,
    /// The platform takes UPI (it has a UPI id set).
    pub upi: bool,
    /// Cards, netbanking and UPI apps through the gateway, if there is one: `Some(true)` when
    /// it is the sandbox (the page says so).
    pub gateway: Option<bool>,
}

/// How to pay an order waiting for its UPI payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpiRequest {
    pub vpa: String,
    pub link: String,
    /// The link as a QR code (SVG markup made on the server from the link alone).
    pub qr_svg: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub reference: String,
    pub status: OrderStatus,
    pub total: Paise,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLineView {
    pub title: Bilingual,
    pub option: String,
    pub unit_price: Paise,
    pub quantity: i64,
    pub total: Paise,
    /// The product's slug (its page; a review).
    pub product: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: i64,
    pub status: PartStatus,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubOrderView {
    pub id: i64,
    pub seller: Bilingual,
    pub status: PartStatus,
    pub items: Paise,
    pub shipping: Paise,
    pub cgst: Paise,
    pub sgst: Paise,
    pub igst: Paise,
    pub courier: Option<String>,
    pub awb: Option<String>,
    pub lines: Vec<OrderLineView>,
    pub timeline: Vec<TimelineEntry>,
    /// The GST invoice's number, once shipped.
    pub invoice: Option<String>,
    /// Until when a return may be asked for (delivered parts within the window).
    pub return_until: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderView {
    pub reference: String,
    pub status: OrderStatus,
    pub payment_method: PaymentMethod,
    pub items: Paise,
    pub shipping: Paise,
    pub total: Paise,
    pub ship_to: String,
    /// GST state code of the delivery address (named in the reader's language).
    pub ship_state: String,
    pub created_at: i64,
    pub parts: Vec<SubOrderView>,
    /// Set while a UPI order waits for its payment.
    pub upi: Option<UpiRequest>,
    /// What is to be paid: the parts not cancelled.
    pub due: Paise,
}

/// A seller's sub-order, as the seller's order list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerOrder {
    pub id: i64,
    pub reference: String,
    pub status: PartStatus,
    pub payment_method: PaymentMethod,
    pub items: Paise,
    pub shipping: Paise,
    pub courier: Option<String>,
    pub awb: Option<String>,
    pub created_at: i64,
    /// Name, phone and address in one line, for the parcel.
    pub ship_to: String,
    pub lines: Vec<OrderLineView>,
    /// Why the buyer sends it back (a return asked for).
    pub return_reason: Option<String>,
}

/// Checks an address: every problem at once, as message keys.
#[cfg(feature = "ssr")]
pub fn validate_address(f: &AddressForm) -> Result<AddressForm, Vec<crate::error::FieldError>> {
    use crate::domain::{state, Phone, Pin};
    let mut problems = Vec::new();
    let mut problem = |field: &str, code: &str| {
        problems.push(crate::error::FieldError {
            field: field.into(),
            code: code.into(),
        })
    };
    let text = |s: &str, max: usize| {
        let t = s.trim().to_string();
        (!t.is_empty() && t.chars().count() <= max).then_some(t)
    };
    let name = text(&f.name, 80);
    if name.is_none() {
        problem("name", "name_invalid");
    }
    let phone = Phone::parse(&f.phone).ok();
    if phone.is_none() {
        problem("phone", "phone_invalid");
    }
    let line1 = text(&f.line1, 120);
    if line1.is_none() || f.line2.trim().chars().count() > 120 {
        problem("line1", "address_invalid");
    }
    let city = text(&f.city, 60);
    if city.is_none() || f.district.trim().chars().count() > 60 {
        problem("city", "city_invalid");
    }
    let state_ok = state::is_state(f.state.trim());
    if !state_ok {
        problem("state", "state_invalid");
    }
    match Pin::parse(&f.pin) {
        Ok(pin) if state_ok && !state::pin_fits_state(&pin, f.state.trim()) => {
            problem("pin", "pin_state_mismatch")
        }
        Ok(_) => {}
        Err(_) => problem("pin", "pin_invalid"),
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(AddressForm {
        name: name.unwrap_or_default(),
        phone: phone.map(|p| p.national().to_string()).unwrap_or_default(),
        line1: line1.unwrap_or_default(),
        line2: f.line2.trim().to_string(),
        city: city.unwrap_or_default(),
        district: f.district.trim().to_string(),
        state: f.state.trim().to_string(),
        pin: f.pin.split_whitespace().collect(),
    })
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn good() -> AddressForm {
        AddressForm {
            name: "Asha Devi".into(),
            phone: "98765 43210".into(),
            line1: "12 Hazratganj".into(),
            city: "Lucknow".into(),
            state: "09".into(),
            pin: "226 001".into(),
            ..Default::default()
        }
    }

    #[test]
    fn an_address_is_checked_against_its_state() {
        let a = validate_address(&good()).unwrap();
        assert_eq!((a.pin.as_str(), a.phone.as_str()), ("226001", "9876543210"));
        let dehradun = AddressForm {
            pin: "248001".into(),
            ..good()
        };
        let codes: Vec<String> = validate_address(&dehradun)
            .unwrap_err()
            .into_iter()
            .map(|e| e.code)
            .collect();
        assert_eq!(codes, ["pin_state_mismatch"]);
        let bad = AddressForm {
            name: " ".into(),
            phone: "12345".into(),
            state: "99".into(),
            pin: "0123".into(),
            ..good()
        };
        let codes: Vec<String> = validate_address(&bad)
            .unwrap_err()
            .into_iter()
            .map(|e| e.code)
            .collect();
        assert_eq!(
            codes,
            [
                "name_invalid",
                "phone_invalid",
                "state_invalid",
                "pin_invalid"
            ]
        );
    }
}
