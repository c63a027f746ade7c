//! What every feature shows of a product: its pictures and how its stock reads.
use super::money::Paise;
use crate::i18n_util::Bilingual;
use serde::{Deserialize, Serialize};

/// An image of a product, with its intrinsic size so the page never shifts while it loads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    pub url: String,
    /// `srcset` candidates (`url 320w, …`) when resized copies exist.
    pub srcset: Option<String>,
    pub width: i64,
    pub height: i64,
    pub alt: Bilingual,
}

/// Stock at or below this is shown as "only N left".
pub const LOW_STOCK: i64 = 3;

/// How a product's stock reads to a shopper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StockState {
    InStock,
    Low(i64),
    Out,
}

pub fn stock_state(stock: i64) -> StockState {
    if stock <= 0 {
        StockState::Out
    } else if stock <= LOW_STOCK {
        StockState::Low(stock)
    } else {
        StockState::InStock
    }
}

/// One option of a product, as shoppers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductOption {
    pub id: i64,
    pub label: String,
    pub price: Paise,
    pub mrp: Paise,
    pub stock: i64,
}
