//! GST tax invoices (one per sub-order, issued when the parcel is shipped) and packing slips.
//! An invoice carries what CGST rule 46 asks: the supplier's name, address and GSTIN; a serial
//! number unique for the supplier in the financial year (at most 16 characters); the date; the
//! recipient's name and address and the delivery address; HSN, description, quantity, value,
//! taxable value, rate and amount of each tax; the place of supply with its state; whether tax
//! is payable on reverse charge. A seller without a GSTIN issues a bill of supply instead.
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use crate::domain::money::Paise;
use crate::i18n_util::Bilingual;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub title: Bilingual,
    pub option: String,
    pub sku: String,
    pub hsn: String,
    pub quantity: i64,
    pub unit_price: Paise,
    pub taxable: Paise,
    pub gst_rate_bp: i64,
    pub cgst: Paise,
    pub sgst: Paise,
    pub igst: Paise,
    pub total: Paise,
}

/// An invoice, or (before shipping, without a number) the packing slip's contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceView {
    pub sub_order_id: i64,
    /// Set once issued (at shipping).
    pub number: Option<String>,
    pub issued_at: Option<i64>,
    pub reference: String,
    pub ordered_at: i64,
    pub supplier_name: String,
    pub supplier_address: String,
    pub supplier_district: Bilingual,
    pub supplier_gstin: Option<String>,
    pub buyer_name: String,
    pub buyer_phone: String,
    pub buyer_address: String,
    /// GST state code of the delivery address: the place of supply.
    pub buyer_state: String,
    pub lines: Vec<InvoiceLine>,
    pub shipping: Paise,
    pub taxable: Paise,
    pub cgst: Paise,
    pub sgst: Paise,
    pub igst: Paise,
    pub total: Paise,
    pub courier: Option<String>,
    pub awb: Option<String>,
}

/// The Indian financial year (April to March, Indian time) of a Unix time, by its first year.
pub fn financial_year(unix: i64) -> i64 {
    let (y, m, _) = crate::ui::civil_from_days(crate::ui::india_day(unix));
    if m >= 4 {
        y
    } else {
        y - 1
    }
}

/// "2026-27".
pub fn financial_year_label(first_year: i64) -> String {
    format!("{first_year}-{:02}", (first_year + 1) % 100)
}

/// The invoice number: "OM/26-27/000042" — 15 characters, within rule 46's 16.
pub fn invoice_number(first_year: i64, serial: i64) -> String {
    format!(
        "OM/{:02}-{:02}/{serial:06}",
        first_year % 100,
        (first_year + 1) % 100
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn financial_years_turn_on_the_first_of_april_in_india() {
        // 31 Mar 2027 18:29 UTC = 23:59 IST: still 2026-27; a minute later 2027-28.
        assert_eq!(financial_year(1_806_517_740), 2026);
        assert_eq!(financial_year(1_806_517_800), 2027);
        assert_eq!(financial_year_label(2026), "2026-27");
        assert_eq!(financial_year_label(2099), "2099-00");
        let n = invoice_number(2026, 42);
        assert_eq!(n, "OM/26-27/000042");
        assert!(n.len() <= 16);
    }
}
