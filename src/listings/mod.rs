//! A seller's listings: the dashboard (counts, products, quick stock edit) and the product
//! editor with photos. Only the seller's own products are ever read or changed (every query
//! names the seller taken from the session), and only a verified seller's products go live.
pub mod api;
#[cfg(feature = "ssr")]
pub mod bulk;
pub mod hints;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;
pub mod upload;
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
/// At most this many options (sizes, colours …) per product.
pub const MAX_VARIANTS: usize = 20;
/// Empty option rows the editor offers below the stored ones (without JavaScript a seller
/// saves and comes back for more).
pub const BLANK_VARIANT_ROWS: usize = 2;

/// The multipart field names of photo `i`'s edits and of option row `i`: the editor writes
/// them, the save reads them.
pub fn photo_field(i: usize, what: &str) -> String {
    format!("photo{i}_{what}")
}
pub fn variant_field(i: usize, what: &str) -> String {
    format!("v{i}_{what}")
}

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
    /// How many options it has: their stock is edited in the editor, not in the quick edit.
    pub variants: i64,
    /// "pending" (waits for the ODOP cell) or "refused", when moderation is on.
    pub moderation: Option<String>,
    pub moderation_note: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub live: i64,
    pub draft: i64,
    pub hidden: i64,
    pub out_of_stock: i64,
    pub low_stock: i64,
    /// Waiting for the ODOP cell before going live.
    pub pending: i64,
    /// Orders placed and not yet shipped.
    pub to_send: i64,
}

/// One of the seller's latest orders, on the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentOrder {
    pub reference: String,
    pub status: crate::domain::order::PartStatus,
    pub items: Paise,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub shop_name: String,
    pub seller_status: crate::domain::seller::SellerStatus,
    pub public_slug: String,
    pub counts: Counts,
    pub products: Vec<OwnProduct>,
    pub recent_orders: Vec<RecentOrder>,
}

/// A photo already stored for a product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredPhoto {
    pub id: i64,
    pub url: String,
    pub width: i64,
    pub height: i64,
    /// What the photo shows, for screen readers (the product title when left empty).
    pub alt: String,
}

/// One option row of the editor, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantForm {
    pub id: Option<i64>,
    pub sku: String,
    /// What tells it apart: "Size M, red", "लाल / 5.5 m".
    pub label: String,
    pub price: String,
    pub mrp: String,
    pub stock: String,
}

/// The editor's fields, as the seller typed them (prices as rupee text).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductForm {
    pub id: Option<i64>,
    pub slug: String,
    /// The seller's own stock-keeping code: the key of CSV import.
    pub sku: String,
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
    /// Package size in whole centimetres (all three or none).
    pub length_cm: String,
    pub width_cm: String,
    pub height_cm: String,
    pub materials: String,
    pub care: String,
    /// Country of origin (the law wants it on every listing); "India" unless changed.
    pub origin: String,
    pub handmade: bool,
    pub gi: bool,
    pub status: String,
    pub photos: Vec<StoredPhoto>,
    pub variants: Vec<VariantForm>,
    /// "pending" or "refused" (with `moderation_note`), when moderation is on.
    pub moderation: Option<String>,
    pub moderation_note: String,
}

impl ProductForm {
    /// A new product: the seller's craft with its usual HSN code and GST rate, one piece,
    /// handmade in India, live at once for a verified seller.
    pub fn new_for(category: &str, verified: bool) -> ProductForm {
        let hint = hints::for_category(category).first();
        ProductForm {
            category: category.to_string(),
            hsn: hint.map(|h| h.hsn.to_string()).unwrap_or_default(),
            gst_rate: hint.map_or(5, |h| h.gst).to_string(),
            stock: "1".into(),
            handmade: true,
            origin: "India".into(),
            status: if verified { "live" } else { "draft" }.into(),
            ..Default::default()
        }
    }
}

/// Everything the product editor shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorData {
    pub product: ProductForm,
    pub categories: Vec<Category>,
    /// The seller's district's GI tag: the GI box is offered only when there is one.
    pub gi_tag: Option<String>,
    pub seller_verified: bool,
    /// The ODOP cell checks products before they go live.
    pub moderation_required: bool,
}

/// One line of a CSV import's report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportLine {
    /// The line in the file (the header is line 1).
    pub line: u64,
    pub sku: String,
    /// "created", "updated" or "refused".
    pub outcome: String,
    /// Message keys of the reasons a line was refused.
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub lines: Vec<ImportLine>,
}

impl ImportReport {
    pub fn count(&self, outcome: &str) -> usize {
        self.lines.iter().filter(|l| l.outcome == outcome).count()
    }
}

/// A product waiting in the ODOP cell's moderation queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingProduct {
    pub id: i64,
    pub title: Bilingual,
    pub description: Bilingual,
    pub price: Paise,
    pub seller: String,
    pub district: Bilingual,
    pub thumb: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModerationQueue {
    pub required: bool,
    pub products: Vec<PendingProduct>,
}
