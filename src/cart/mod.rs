//! The cart: a guest's lives on the server behind the `odop_cart` cookie and joins the
//! account's cart at sign-in. Every view reads today's price and stock and says what changed
//! since a line was added; nothing is decided from what the browser sends but ids and
//! quantities.
pub mod api;
#[cfg(feature = "ssr")]
pub mod owner;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use crate::domain::money::Paise;
use crate::i18n_util::Bilingual;
use serde::{Deserialize, Serialize};

/// At most this many of one thing in a cart line (and never more than the stock).
pub const MAX_QUANTITY: i64 = 99;
/// At most this many lines in a cart.
pub const MAX_LINES: i64 = 50;

/// One line, with today's price and stock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    pub product_id: i64,
    /// 0 for a product without options.
    pub variant_id: i64,
    pub slug: String,
    pub title: Bilingual,
    /// The option's label ("Red", "Size M"), empty without options.
    pub option: String,
    pub seller: Bilingual,
    pub seller_id: i64,
    pub thumb: Option<String>,
    pub unit_price: Paise,
    /// The unit price when it was added.
    pub added_price: Paise,
    pub quantity: i64,
    pub stock: i64,
    /// Still for sale (live, its seller verified, its option still there).
    pub available: bool,
}

/// Why a line cannot be bought as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineProblem {
    /// No longer for sale.
    Gone,
    OutOfStock,
    /// Fewer left than the line asks for.
    OnlyLeft(i64),
}

impl CartLine {
    pub fn total(&self) -> Paise {
        Paise(self.unit_price.0 * self.quantity)
    }

    pub fn problem(&self) -> Option<LineProblem> {
        if !self.available {
            Some(LineProblem::Gone)
        } else if self.stock == 0 {
            Some(LineProblem::OutOfStock)
        } else if self.quantity > self.stock {
            Some(LineProblem::OnlyLeft(self.stock))
        } else {
            None
        }
    }

    /// The price changed since the line was added (up or down).
    pub fn price_changed(&self) -> bool {
        self.unit_price != self.added_price
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartView {
    pub lines: Vec<CartLine>,
}

impl CartView {
    /// Pieces in the cart (the header's badge).
    pub fn count(&self) -> i64 {
        self.lines.iter().map(|l| l.quantity).sum()
    }

    /// What the lines that can be bought cost at today's prices.
    pub fn total(&self) -> Paise {
        Paise(
            self.lines
                .iter()
                .filter(|l| l.problem().is_none())
                .map(|l| l.total().0)
                .sum(),
        )
    }

    /// Checkout needs at least one line and none with a problem.
    pub fn can_check_out(&self) -> bool {
        !self.lines.is_empty() && self.lines.iter().all(|l| l.problem().is_none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(quantity: i64, stock: i64, available: bool) -> CartLine {
        CartLine {
            product_id: 1,
            variant_id: 0,
            slug: "s".into(),
            title: Bilingual::new("", "Diya"),
            option: String::new(),
            seller: Bilingual::new("", "Shop"),
            seller_id: 1,
            thumb: None,
            unit_price: Paise(45_000),
            added_price: Paise(40_000),
            quantity,
            stock,
            available,
        }
    }

    #[test]
    fn problems_and_totals_follow_todays_stock() {
        assert_eq!(line(2, 5, true).problem(), None);
        assert_eq!(line(2, 1, true).problem(), Some(LineProblem::OnlyLeft(1)));
        assert_eq!(line(1, 0, true).problem(), Some(LineProblem::OutOfStock));
        assert_eq!(line(1, 5, false).problem(), Some(LineProblem::Gone));
        assert!(line(1, 5, true).price_changed());
        let cart = CartView {
            lines: vec![line(2, 5, true), line(3, 1, true)],
        };
        assert_eq!(cart.count(), 5);
        assert_eq!(cart.total(), Paise(90_000), "only lines that can be bought");
        assert!(!cart.can_check_out());
        assert!(!CartView::default().can_check_out());
    }
}
