//! Sellers: free registration in four steps (who you are, your craft, your business, payouts),
//! verification by the ODOP cell (approve, or reject with a reason the seller can act on), and
//! the public seller page. KYC and payout details are seen only by the seller and the admins.
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod validate;

use crate::catalog::{Category, ProductCard};
use crate::i18n_util::Bilingual;
use serde::{Deserialize, Serialize};

// Where an application stands is shared with identity (`auth::guard::Seller`): it lives in
// `domain`.
pub use crate::domain::seller::SellerStatus as Status;

/// A seller's application as its owner (or an admin) sees it. Empty strings are unanswered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    /// `None` until step 2 creates the seller.
    pub status: Option<Status>,
    pub public_slug: String,
    pub shop_name: String,
    pub district_slug: String,
    pub category_slug: String,
    pub story: String,
    pub photo_url: Option<String>,
    pub photo_srcset: Option<String>,
    /// "gst" or "unregistered".
    pub business_kind: String,
    pub gstin: String,
    pub legal_name: String,
    pub pan: String,
    pub gst_enrolment: String,
    pub udyam: String,
    pub pickup_line1: String,
    pub pickup_line2: String,
    pub pickup_city: String,
    pub pickup_pin: String,
    /// "upi" or "bank".
    pub payout_method: String,
    pub upi_vpa: String,
    /// The seller sees only the last four digits; admins see it whole to check it.
    pub bank_account: String,
    pub ifsc: String,
    pub account_holder: String,
    pub rejection_reason: Option<String>,
}

impl Application {
    pub fn craft_done(&self) -> bool {
        self.status.is_some()
    }

    pub fn business_done(&self) -> bool {
        !self.business_kind.is_empty() && !self.pickup_pin.is_empty()
    }

    pub fn payout_done(&self) -> bool {
        !self.payout_method.is_empty()
    }

    /// Every step answered: it can be sent to the ODOP cell.
    pub fn complete(&self) -> bool {
        self.craft_done() && self.business_done() && self.payout_done()
    }

    pub fn editable(&self) -> bool {
        self.status.is_none_or(Status::editable)
    }
}

/// A district to choose, with the ODOP product the wizard suggests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistrictChoice {
    pub slug: String,
    pub name: Bilingual,
    pub odop_product: Bilingual,
    pub category_slug: String,
}

/// Everything the registration wizard needs, in one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellData {
    pub me: Option<crate::identity::Me>,
    pub application: Application,
    pub districts: Vec<DistrictChoice>,
    pub categories: Vec<Category>,
}

/// One application in the ODOP cell's verification queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueEntry {
    pub seller_id: i64,
    pub owner_name: String,
    pub owner_phone: String,
    pub phone_verified: bool,
    pub district_name: Bilingual,
    pub category_name: Bilingual,
    pub submitted_at: i64,
    pub application: Application,
}

/// A public seller page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerProfile {
    pub slug: String,
    pub name: Bilingual,
    pub district_slug: String,
    pub district_name: Bilingual,
    pub story: Bilingual,
    pub photo_url: Option<String>,
    pub photo_srcset: Option<String>,
    /// Unix time the seller joined.
    pub member_since: i64,
    /// (total of stars, number of ratings) over the seller's products.
    pub rating: (i64, i64),
    pub products: Vec<ProductCard>,
}
