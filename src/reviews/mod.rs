//! Reviews: only a buyer who received a product may review it (stars, words, an optional
//! photo), once; its seller may answer once. Ratings show on product and seller pages, kept
//! as a count and a total on the product so listing pages need no extra query.
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Photo {
    pub url: String,
    pub srcset: String,
    pub width: i64,
    pub height: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub id: i64,
    /// The reviewer's first name only.
    pub author: String,
    pub stars: i64,
    pub body: String,
    pub photo: Option<Photo>,
    pub reply: Option<String>,
    pub created_at: i64,
    /// The product (on the seller's list).
    pub product_title: crate::i18n_util::Bilingual,
}

/// A product's rating and its newest reviews.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Reviews {
    pub count: i64,
    pub total: i64,
    pub list: Vec<Review>,
}

/// The average as "4.3" (one decimal, rounded half up), or `None` without ratings.
pub fn average(total: i64, count: i64) -> Option<String> {
    (count > 0).then(|| {
        let tenths = (total * 20 + count).div_euclid(2 * count);
        format!("{}.{}", tenths / 10, tenths % 10)
    })
}

/// The first word of a name, so a review does not publish a buyer's full name.
pub fn first_name(name: &str) -> String {
    name.split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages_round_half_up_to_one_decimal() {
        assert_eq!(average(0, 0), None);
        assert_eq!(average(5, 1), Some("5.0".into()));
        assert_eq!(average(13, 3), Some("4.3".into())); // 4.333
        assert_eq!(average(9, 2), Some("4.5".into()));
        assert_eq!(average(29, 7), Some("4.1".into())); // 4.142
        assert_eq!(average(33, 8), Some("4.1".into())); // 4.125
        assert_eq!(average(7, 4), Some("1.8".into())); // 1.75 → 1.8
        assert_eq!(first_name("  Asha Devi "), "Asha");
    }
}
