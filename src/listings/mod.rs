//! A seller's listings: the dashboard (counts, products, quick stock edit) and the product
//! editor with photos. Only the seller's own products are ever read or changed (every query
//! names the seller taken from the session), and only a verified seller's products go live.
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod validate;

use crate::catalog::Category;
use crate::domain::money::Paise;
use crate::i18n_util::Bilingual;
use serde::{Deserialize, Serialize};

/// At most this many photos per product.
pub const MAX_PHOTOS: usize = 8;
/// Stock at or below this is highlighted on the dashboard.
pub const LOW_STOCK: i64 = 3;
/// The GST rates a seller can choose, in per cent.
pub const GST_RATES: [i64; 5] = [0, 5, 12, 18, 28];

/// One of the seller's products in the dashboard's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnProduct {
    pub id: i64,
    pub slug: String,
    pub title: Bilingual,
    pub price: Paise,
    pub stock: i64,
    /// "draft", "live", "hidden" or "archived" (archived ones leave the dashboard's list).
    pub status: String,
    pub thumb: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub live: i64,
    pub draft: i64,
    pub hidden: i64,
    pub out_of_stock: i64,
    pub low_stock: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub shop_name: String,
    pub seller_status: String,
    pub public_slug: String,
    pub counts: Counts,
    pub products: Vec<OwnProduct>,
}

/// A photo already stored for a product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredPhoto {
    pub url: String,
    pub width: i64,
    pub height: i64,
}

/// The editor's fields, as the seller typed them (prices as rupee text).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductForm {
    pub id: Option<i64>,
    pub slug: String,
    pub title_hi: String,
    pub title_en: String,
    pub description_hi: String,
    pub description_en: String,
    pub category: String,
    pub price: String,
    pub mrp: String,
    pub stock: String,
    pub hsn: String,
    pub gst_rate: String,
    pub weight_g: String,
    pub materials: String,
    pub care: String,
    /// Country of origin (the law wants it on every listing); "India" unless changed.
    pub origin: String,
    pub handmade: bool,
    pub gi: bool,
    pub status: String,
    pub photos: Vec<StoredPhoto>,
}

/// Everything the product editor shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorData {
    pub product: ProductForm,
    pub categories: Vec<Category>,
    /// The seller's district's GI tag: the GI box is offered only when there is one.
    pub gi_tag: Option<String>,
    pub seller_verified: bool,
}
