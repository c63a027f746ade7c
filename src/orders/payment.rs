//! How an order is paid. Cash on delivery needs nothing now; UPI shows an NPCI `upi://pay` link
//! and its QR code to the platform's UPI id with the order's reference, and the order waits as
//! "awaiting payment" until the ODOP cell records the money as received (audited); the gateway
//! (cards, netbanking, UPI apps) waits for its signed payment notice (`crate::payments`). The
//! methods themselves are `domain::order::PaymentMethod`.
use crate::domain::money::Paise;

/// An NPCI UPI deep link: payee, payee name, amount in rupees, INR, and the order reference
/// as note and transaction reference (what reconciliation matches on).
pub fn upi_link(vpa: &str, payee: &str, amount: Paise, reference: &str) -> String {
    let enc = crate::helpers::uri_component;
    format!(
        "upi://pay?pa={}&pn={}&am={}.{:02}&cu=INR&tn={}&tr={}",
        enc(vpa),
        enc(payee),
        amount.0 / 100,
        amount.0 % 100,
        enc(&format!("ODOP Mart {reference}")),
        enc(reference)
    )
}

/// The link as a QR code, an SVG drawn on the server (no script, scannable from another phone).
#[cfg(feature = "ssr")]
pub fn qr_svg(text: &str) -> Option<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_upi_link_carries_amount_and_reference() {
        let link = upi_link("odopmart@sbi", "ODOP Mart", Paise(266_050), "OM12AB");
        assert_eq!(
            link,
            "upi://pay?pa=odopmart%40sbi&pn=ODOP%20Mart&am=2660.50&cu=INR&tn=ODOP%20Mart%20OM12AB&tr=OM12AB"
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_qr_code_is_an_svg() {
        let svg = qr_svg("upi://pay?pa=a@b&am=1.00").unwrap();
        assert!(svg.contains("<svg") && svg.contains("</svg>"));
    }
}
