//! The sellers' payout ledger: when a part is delivered, its sale is entered with what the
//! platform keeps back (commission, TCS under CGST Act s. 52, TDS under Income Tax Act s. 194-O)
//! at the rates in force that day; when it is refunded, the sale is reversed. Sellers read their
//! statement at `/dashboard/payouts`.
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use crate::domain::money::Paise;
use serde::{Deserialize, Serialize};

/// Deductions in basis points (1 % = 100).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rates {
    pub commission_bp: i64,
    pub tcs_bp: i64,
    pub tds_bp: i64,
}

/// One sale (or its reversal, all amounts negative).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Amounts {
    pub gross: Paise,
    pub commission: Paise,
    pub tcs: Paise,
    pub tds: Paise,
    pub net: Paise,
}

/// `amount × bp / 10 000`, rounded half up to the paisa.
fn share(amount: i64, bp: i64) -> i64 {
    (amount * bp + 5_000).div_euclid(10_000)
}

/// What a delivered part pays its seller. `gross` is what the buyer paid for it (items and
/// shipping, GST included); `taxable` its value before GST. Commission is on the gross. A
/// GST-registered seller's invoice shows GST apart, so TCS (credited against their GSTIN) and
/// TDS are on the taxable value; an unregistered artisan charges no GST, so there is no TCS and
/// TDS is on the whole amount.
pub fn amounts(gross: Paise, taxable: Paise, rates: Rates, gst_registered: bool) -> Amounts {
    let commission = share(gross.0, rates.commission_bp);
    let (tcs, tds) = if gst_registered {
        (
            share(taxable.0, rates.tcs_bp),
            share(taxable.0, rates.tds_bp),
        )
    } else {
        (0, share(gross.0, rates.tds_bp))
    };
    Amounts {
        gross,
        commission: Paise(commission),
        tcs: Paise(tcs),
        tds: Paise(tds),
        net: Paise(gross.0 - commission - tcs - tds),
    }
}

/// A ledger line of the seller's statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerLine {
    pub at: i64,
    pub reference: String,
    /// "sale" or "reversal".
    pub kind: String,
    pub amounts: Amounts,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Statement {
    pub lines: Vec<LedgerLine>,
    pub total: Amounts,
    /// The rates in force today.
    pub rates: Option<Rates>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULT: Rates = Rates {
        commission_bp: 0,
        tcs_bp: 50,
        tds_bp: 10,
    };

    #[test]
    fn a_sale_pays_the_seller_gross_less_tcs_and_tds() {
        // ₹1,180 paid (₹1,000 + 18 % GST) and ₹90 shipping.
        let a = amounts(Paise(127_000), Paise(100_000), DEFAULT, true);
        assert_eq!(
            (a.commission.0, a.tcs.0, a.tds.0, a.net.0),
            (0, 500, 100, 126_400)
        );
        // An unregistered artisan: no TCS, TDS on the whole ₹1,270.
        let u = amounts(Paise(127_000), Paise(100_000), DEFAULT, false);
        assert_eq!((u.tcs.0, u.tds.0, u.net.0), (0, 127, 126_873));
        // A commission is on the gross; halves of a paisa round up.
        let c = amounts(
            Paise(999),
            Paise(847),
            Rates {
                commission_bp: 500,
                ..DEFAULT
            },
            true,
        );
        // 49.95 → 50, 4.235 → 4, 0.847 → 1.
        assert_eq!((c.commission.0, c.tcs.0, c.tds.0, c.net.0), (50, 4, 1, 944));
        assert_eq!(
            c.gross.0,
            c.commission.0 + c.tcs.0 + c.tds.0 + c.net.0,
            "nothing lost to rounding"
        );
    }
}
