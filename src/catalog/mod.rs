//! The catalogue: products of all 75 districts, their filters, and the product page.
pub mod api;
pub mod filter;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use crate::districts::DistrictSummary;
use crate::domain::money::Paise;
use crate::i18n_util::Bilingual;
use filter::{FilterNotice, ProductFilter};
// Shared with every feature that shows a product (and with `ui`): they live in `domain`.
pub use crate::domain::product::{stock_state, Image, ProductOption, StockState, LOW_STOCK};
use serde::{Deserialize, Serialize};

/// A craft category (textile, metal, pottery …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub slug: String,
    pub name: Bilingual,
}

/// What a product list shows of each product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductCard {
    pub id: i64,
    /// Sold in options (size, colour …): one is chosen on the product page.
    pub has_options: bool,
    pub slug: String,
    pub title: Bilingual,
    pub price: Paise,
    pub mrp: Paise,
    pub stock: i64,
    pub gi: bool,
    pub district_slug: String,
    pub district_name: Bilingual,
    pub image: Option<Image>,
}

/// Everything the product page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductDetail {
    pub id: i64,
    pub slug: String,
    pub title: Bilingual,
    pub description: Bilingual,
    pub price: Paise,
    pub mrp: Paise,
    pub stock: i64,
    pub gi: bool,
    pub gi_tag: Option<String>,
    pub hsn: String,
    /// GST rate in basis points (500 = 5 %).
    pub gst_rate_bp: i64,
    pub category: Category,
    pub district_slug: String,
    pub district_name: Bilingual,
    pub seller_slug: String,
    pub seller_name: Bilingual,
    pub images: Vec<Image>,
    pub materials: String,
    pub care: String,
    /// Country of origin (Legal Metrology wants it shown).
    pub origin: String,
    pub handmade: bool,
    /// The options (size, colour …) it is sold in, if any.
    pub options: Vec<ProductOption>,
    /// Its rating and newest reviews.
    pub reviews: crate::reviews::Reviews,
}

/// One page of a filtered product list, with what is needed to draw its filter form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogPage {
    /// Set on a district page.
    pub district: Option<DistrictSummary>,
    pub filter: ProductFilter,
    pub notices: Vec<FilterNotice>,
    pub categories: Vec<Category>,
    /// Every district (slug and name), for the multi-district filter; empty on a district page.
    pub all_districts: Vec<(String, Bilingual)>,
    pub products: Vec<ProductCard>,
    pub total: i64,
}
