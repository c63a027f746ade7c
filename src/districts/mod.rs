//! The 75 districts of Uttar Pradesh, each with its ODOP craft, and the clickable map.
pub mod api;
pub mod map;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use crate::i18n_util::Bilingual;
use serde::{Deserialize, Serialize};

/// A district as lists and headers show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistrictSummary {
    pub slug: String,
    pub name: Bilingual,
    /// The district's One District One Product.
    pub product: Bilingual,
    pub category_slug: String,
    /// Geographical Indication registered for the craft, if any.
    pub gi_tag: Option<String>,
    pub story: Bilingual,
    /// Live products listed from this district.
    pub product_count: i64,
}
