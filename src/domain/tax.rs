//! GST inside a price. Prices on ODOP Mart include GST; an invoice shows the taxable value and
//! the tax: CGST + SGST (half each) when the seller and the delivery are in the same state, IGST
//! otherwise. Everything in whole paise, rounded half up, and the parts always add up to the
//! price.
use super::Paise;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxSplit {
    pub taxable: Paise,
    pub cgst: Paise,
    pub sgst: Paise,
    pub igst: Paise,
}

impl TaxSplit {
    pub fn tax(&self) -> Paise {
        Paise(self.cgst.0 + self.sgst.0 + self.igst.0)
    }
}

impl std::ops::Add for TaxSplit {
    type Output = TaxSplit;

    fn add(self, other: TaxSplit) -> TaxSplit {
        TaxSplit {
            taxable: Paise(self.taxable.0 + other.taxable.0),
            cgst: Paise(self.cgst.0 + other.cgst.0),
            sgst: Paise(self.sgst.0 + other.sgst.0),
            igst: Paise(self.igst.0 + other.igst.0),
        }
    }
}

/// Splits a GST-inclusive amount at `rate_bp` (500 = 5 %).
pub fn split(gross: Paise, rate_bp: i64, intra_state: bool) -> TaxSplit {
    let divisor = 10_000 + rate_bp;
    // gross × 10000 / divisor, rounded half up (integer arithmetic: no float ever touches money).
    let taxable = (2 * gross.0 * 10_000 + divisor) / (2 * divisor);
    let tax = gross.0 - taxable;
    if intra_state {
        // An odd paisa goes to CGST, so CGST + SGST is exactly the tax.
        TaxSplit {
            taxable: Paise(taxable),
            cgst: Paise(tax - tax / 2),
            sgst: Paise(tax / 2),
            igst: Paise(0),
        }
    } else {
        TaxSplit {
            taxable: Paise(taxable),
            cgst: Paise(0),
            sgst: Paise(0),
            igst: Paise(tax),
        }
    }
}

/// One row of the shipping table: parcels up to `max_weight_g` cost `price`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slab {
    pub max_weight_g: i64,
    pub price: Paise,
}

/// Shipping for one seller's parcel: the first slab that holds its weight (above the last, the
/// last slab's price per started multiple of its weight); nothing when the items reach
/// `free_above` (if set).
pub fn shipping(weight_g: i64, items: Paise, slabs: &[Slab], free_above: Option<Paise>) -> Paise {
    if free_above.is_some_and(|f| items >= f) || slabs.is_empty() {
        return Paise(0);
    }
    if let Some(slab) = slabs.iter().find(|s| weight_g <= s.max_weight_g) {
        return slab.price;
    }
    let last = slabs[slabs.len() - 1];
    let parcels = (weight_g + last.max_weight_g - 1) / last.max_weight_g.max(1);
    Paise(last.price.0 * parcels)
}

/// The GST rate shipping is taxed at: shipping billed with the goods is part of their value
/// (CGST Act s. 15; a composite supply follows its principal supply), so it takes the rate
/// that carries most of the parcel's value (the higher rate on a tie).
pub fn principal_rate(lines: impl IntoIterator<Item = (Paise, i64)>) -> i64 {
    let mut by_rate: std::collections::BTreeMap<i64, i64> = std::collections::BTreeMap::new();
    for (value, rate) in lines {
        *by_rate.entry(rate).or_default() += value.0;
    }
    by_rate
        .into_iter()
        .max_by_key(|(rate, value)| (*value, *rate))
        .map_or(0, |(rate, _)| rate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipping_takes_the_rate_of_the_most_valuable_line() {
        assert_eq!(principal_rate([]), 0);
        assert_eq!(
            principal_rate([(Paise(50_000), 1_200), (Paise(120_000), 500)]),
            500
        );
        assert_eq!(
            principal_rate([(Paise(80_000), 500), (Paise(80_000), 1_800)]),
            1_800
        );
        // Three ₹400 lines at 5 % carry more than one ₹500 line at 18 %.
        assert_eq!(
            principal_rate([
                (Paise(40_000), 500),
                (Paise(40_000), 500),
                (Paise(40_000), 500),
                (Paise(50_000), 1_800)
            ]),
            500
        );
    }

    #[test]
    fn intra_state_splits_in_halves_and_adds_up() {
        // ₹1,050 at 5 %: taxable ₹1,000, tax ₹50 → ₹25 + ₹25.
        let s = split(Paise(105_000), 500, true);
        assert_eq!(
            (s.taxable, s.cgst, s.sgst, s.igst),
            (Paise(100_000), Paise(2_500), Paise(2_500), Paise(0))
        );
        // ₹999 at 12 %: 99900 / 1.12 = 89196.43 → 89196; tax 10704 → 5352 + 5352.
        let s = split(Paise(99_900), 1_200, true);
        assert_eq!((s.taxable.0, s.cgst.0, s.sgst.0), (89_196, 5_352, 5_352));
        // An odd paisa of tax: CGST takes it, the parts still add up.
        let s = split(Paise(10_001), 500, true);
        assert_eq!(s.taxable.0 + s.tax().0, 10_001);
        assert_eq!(s.cgst.0 - s.sgst.0, (s.tax().0 % 2));
    }

    #[test]
    fn inter_state_is_all_igst() {
        let s = split(Paise(118_000), 1_800, false);
        assert_eq!(
            (s.taxable.0, s.cgst.0, s.sgst.0, s.igst.0),
            (100_000, 0, 0, 18_000)
        );
        assert_eq!(split(Paise(50_000), 0, false).tax(), Paise(0));
    }

    #[test]
    fn several_lines_add_up_line_by_line() {
        let lines = [
            (Paise(45_000), 1_200),
            (Paise(1_250_000), 500),
            (Paise(99), 1_800),
        ];
        let total = lines
            .iter()
            .map(|(g, r)| split(*g, *r, false))
            .fold(TaxSplit::default(), |a, b| a + b);
        let gross: i64 = lines.iter().map(|(g, _)| g.0).sum();
        assert_eq!(total.taxable.0 + total.tax().0, gross);
        // 45000/1.12 = 40178.57 → 40179; 1250000/1.05 = 1190476.19 → 1190476; 99/1.18 = 83.9 → 84
        assert_eq!(total.taxable.0, 40_179 + 1_190_476 + 84);
    }

    #[test]
    fn shipping_follows_the_slabs_and_the_free_threshold() {
        let slabs = [
            Slab {
                max_weight_g: 500,
                price: Paise(6_000),
            },
            Slab {
                max_weight_g: 2_000,
                price: Paise(12_000),
            },
        ];
        assert_eq!(shipping(400, Paise(50_000), &slabs, None), Paise(6_000));
        assert_eq!(shipping(1_500, Paise(50_000), &slabs, None), Paise(12_000));
        assert_eq!(
            shipping(4_500, Paise(50_000), &slabs, None),
            Paise(36_000),
            "three 2 kg parcels"
        );
        assert_eq!(
            shipping(4_500, Paise(100_000), &slabs, Some(Paise(99_900))),
            Paise(0)
        );
    }
}
