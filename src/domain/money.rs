//! Money is integer paise, shown with Indian digit grouping (₹1,23,456).
use serde::{Deserialize, Serialize};

/// An amount of Indian money in paise (1 rupee = 100 paise). Never a float.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Paise(pub i64);

impl Paise {
    pub fn from_rupees(rupees: i64) -> Option<Paise> {
        rupees.checked_mul(100).map(Paise)
    }

    /// Parses what a person types as rupees: "1500", "1,500", "1500.50", "₹ 1,500".
    /// Refuses negatives, more than two decimals and anything that is not a number.
    pub fn parse_rupees(input: &str) -> Option<Paise> {
        let cleaned: String = input
            .trim()
            .trim_start_matches('₹')
            .trim()
            .chars()
            .filter(|c| *c != ',')
            .collect();
        if cleaned.is_empty() {
            return None;
        }
        let (whole, frac) = match cleaned.split_once('.') {
            Some((w, f)) => (w, f),
            None => (cleaned.as_str(), ""),
        };
        if whole.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || frac.len() > 2
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let rupees: i64 = whole.parse().ok()?;
        let frac_paise: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().ok()? * 10,
            _ => frac.parse().ok()?,
        };
        rupees.checked_mul(100)?.checked_add(frac_paise).map(Paise)
    }

    /// The whole-rupee part.
    pub fn rupees(self) -> i64 {
        self.0 / 100
    }

    /// Rupees as typed in a form or URL: "1500", or "1500.50" when there are paise.
    pub fn to_rupees_string(self) -> String {
        if self.0 % 100 == 0 {
            (self.0 / 100).to_string()
        } else {
            format!("{}.{:02}", self.0 / 100, (self.0 % 100).abs())
        }
    }
}

/// Groups digits the Indian way: the last three, then pairs (12,34,567).
pub fn group_indian(n: u64) -> String {
    let digits = n.to_string();
    if digits.len() <= 3 {
        return digits;
    }
    let (head, tail) = digits.split_at(digits.len() - 3);
    let mut out = String::with_capacity(digits.len() + digits.len() / 2);
    let first = head.len() % 2;
    if first == 1 {
        out.push_str(&head[..1]);
    }
    for (i, pair) in head.as_bytes()[first..].chunks(2).enumerate() {
        if i > 0 || first == 1 {
            out.push(',');
        }
        out.push_str(std::str::from_utf8(pair).unwrap_or_default());
    }
    out.push(',');
    out.push_str(tail);
    out
}

/// Formats paise as rupees: "₹1,23,456" for whole rupees, "₹1,23,456.50" otherwise.
pub fn format_inr(amount: Paise) -> String {
    let sign = if amount.0 < 0 { "-" } else { "" };
    let abs = amount.0.unsigned_abs();
    let (rupees, paise) = (abs / 100, abs % 100);
    if paise == 0 {
        format!("{sign}₹{}", group_indian(rupees))
    } else {
        format!("{sign}₹{}.{paise:02}", group_indian(rupees))
    }
}

/// Whole-percent discount of `price` against `mrp`, rounded down (never overstated).
pub fn discount_percent(price: Paise, mrp: Paise) -> Option<u8> {
    if mrp.0 <= 0 || price.0 >= mrp.0 || price.0 < 0 {
        return None;
    }
    let pct = (mrp.0 - price.0) * 100 / mrp.0;
    (pct >= 1).then_some(pct as u8)
}

/// A rate in basis points as a percentage without trailing zeros: 500 → "5", 25 → "0.25".
pub fn format_percent_bp(bp: i64) -> String {
    let (whole, frac) = (bp / 100, (bp % 100).abs());
    match frac {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}

/// A percentage as typed ("0.5", "1", "0,1") in basis points; at most 100 %.
pub fn parse_percent_bp(input: &str) -> Option<i64> {
    let t = input.trim().replace(',', ".");
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() && frac.is_empty() || frac.len() > 2 {
        return None;
    }
    let digits = |s: &str| s.is_empty() || s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(frac) || whole.len() > 3 {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let frac: i64 = format!("{frac:0<2}").parse().ok()?;
    let bp = whole * 100 + frac;
    (bp <= 10_000).then_some(bp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_read_exactly() {
        assert_eq!(parse_percent_bp("0.5"), Some(50));
        assert_eq!(parse_percent_bp("0,1"), Some(10));
        assert_eq!(parse_percent_bp("2"), Some(200));
        assert_eq!(parse_percent_bp(".25"), Some(25));
        assert_eq!(parse_percent_bp("100"), Some(10_000));
        for bad in ["", ".", "101", "0.125", "-1", "1e2", "five"] {
            assert_eq!(parse_percent_bp(bad), None, "{bad}");
        }
    }

    #[test]
    fn groups_digits_the_indian_way() {
        assert_eq!(group_indian(0), "0");
        assert_eq!(group_indian(999), "999");
        assert_eq!(group_indian(1000), "1,000");
        assert_eq!(group_indian(12345), "12,345");
        assert_eq!(group_indian(123456), "1,23,456");
        assert_eq!(group_indian(1234567), "12,34,567");
        assert_eq!(group_indian(123456789), "12,34,56,789");
    }

    #[test]
    fn formats_paise_as_rupees() {
        assert_eq!(format_inr(Paise(12_345_600)), "₹1,23,456");
        assert_eq!(format_inr(Paise(12_345_650)), "₹1,23,456.50");
        assert_eq!(format_inr(Paise(5)), "₹0.05");
        assert_eq!(format_inr(Paise(0)), "₹0");
        assert_eq!(format_inr(Paise(-150_000)), "-₹1,500");
    }

    #[test]
    fn parses_rupees_people_type() {
        assert_eq!(Paise::parse_rupees("1500"), Some(Paise(150_000)));
        assert_eq!(Paise::parse_rupees(" 1,500 "), Some(Paise(150_000)));
        assert_eq!(Paise::parse_rupees("₹1,500.5"), Some(Paise(150_050)));
        assert_eq!(Paise::parse_rupees("99.99"), Some(Paise(9_999)));
        assert_eq!(Paise::parse_rupees("abc"), None);
        assert_eq!(Paise::parse_rupees("-5"), None);
        assert_eq!(Paise::parse_rupees("1.234"), None);
        assert_eq!(Paise::parse_rupees(""), None);
        assert_eq!(Paise::parse_rupees("1e5"), None);
        assert_eq!(Paise::parse_rupees("99999999999999999999"), None);
    }

    #[test]
    fn rates_in_basis_points_read_as_percentages() {
        assert_eq!(format_percent_bp(500), "5");
        assert_eq!(format_percent_bp(1800), "18");
        assert_eq!(format_percent_bp(25), "0.25");
        assert_eq!(format_percent_bp(150), "1.5");
        assert_eq!(format_percent_bp(0), "0");
    }

    #[test]
    fn discount_is_rounded_down_and_only_when_real() {
        assert_eq!(discount_percent(Paise(7_500), Paise(10_000)), Some(25));
        assert_eq!(discount_percent(Paise(6_667), Paise(10_000)), Some(33));
        assert_eq!(discount_percent(Paise(10_000), Paise(10_000)), None);
        assert_eq!(discount_percent(Paise(12_000), Paise(10_000)), None);
        assert_eq!(discount_percent(Paise(9_999), Paise(10_000)), None);
    }
}
