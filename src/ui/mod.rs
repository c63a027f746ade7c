//! Components shared by features.
pub mod forms;
#[cfg(feature = "hydrate")]
pub mod live;
pub mod share;
mod status;
pub mod texts;

pub use status::{NotFound, ServerError};

use crate::domain::money::{discount_percent, format_inr, Paise};
use crate::domain::product::{stock_state, Image, StockState};
use crate::i18n::*;
use leptos::prelude::*;

/// The language of this page: on the server the request's (see `App`), in the browser the one
/// the server wrote in `<html lang>` (see `hydrate`). Switching language loads the page again.
pub fn locale() -> Locale {
    use_context::<Locale>().unwrap_or(Locale::hi)
}

/// Price with MRP and discount, in Indian digit grouping.
#[component]
pub fn Price(price: Paise, mrp: Paise) -> impl IntoView {
    let locale = locale();
    let discount = discount_percent(price, mrp);
    view! {
        <p class="price">
            <strong data-testid="price">{format_inr(price)}</strong>
            {discount.map(|pct| view! {
                " "
                <s class="mrp" aria-label=td_string!(locale, mrp).to_string()>{format_inr(mrp)}</s>
                " "
                <span class="discount">{td!(locale, discount_off, pct = move || pct)}</span>
            })}
        </p>
    }
}

/// The Geographical Indication badge.
#[component]
pub fn GiBadge() -> impl IntoView {
    let locale = locale();
    view! {
        <span class="badge gi" title=td_string!(locale, gi_badge_title).to_string()>
            {td_string!(locale, gi_badge).to_string()}
        </span>
    }
}

#[component]
pub fn StockBadge(stock: i64) -> impl IntoView {
    let locale = locale();
    match stock_state(stock) {
        StockState::InStock => view! { <span class="badge stock in" data-testid="stock">{td_string!(locale, in_stock)}</span> }.into_any(),
        StockState::Low(n) => view! { <span class="badge stock low" data-testid="stock">{td!(locale, low_stock, count = move || n)}</span> }.into_any(),
        StockState::Out => view! { <span class="badge stock out" data-testid="stock">{td_string!(locale, out_of_stock)}</span> }.into_any(),
    }
}

/// An image with its intrinsic size (no layout shift) and `srcset` where resized copies exist.
#[component]
pub fn Picture(
    image: Image,
    /// `sizes` attribute: how wide the image is drawn.
    #[prop(into)]
    sizes: String,
    #[prop(optional)] eager: bool,
) -> impl IntoView {
    let locale = locale();
    let alt = image.alt.get(locale).to_string();
    let srcset = image.srcset.clone();
    let sizes = srcset.as_ref().map(|_| sizes);
    view! {
        <img
            src=image.url
            srcset=srcset
            sizes=sizes
            width=image.width
            height=image.height
            alt=alt
            loading=if eager { "eager" } else { "lazy" }
            decoding="async"
        />
    }
}

/// The calendar year of a Unix time (UTC), e.g. for "member since".
pub fn year_of(unix: i64) -> i64 {
    civil_from_days(unix.div_euclid(86_400)).0
}

/// India is UTC+5:30 all year: dates, financial years and "from midnight" are counted in it.
pub const INDIA_OFFSET_SECONDS: i64 = 19_800;

/// The day (since 1970-01-01) a Unix time falls on in India.
pub fn india_day(unix: i64) -> i64 {
    (unix + INDIA_OFFSET_SECONDS).div_euclid(86_400)
}

/// Days since 1970-01-01 to (year, month, day), after Howard Hinnant's `civil_from_days`.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// (year, month, day) to days since 1970-01-01 (Hinnant's `days_from_civil`).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A date typed as `YYYY-MM-DD` (what `<input type="date">` sends), in days since 1970.
pub fn days_from_iso(s: &str) -> Option<i64> {
    let mut it = s.splitn(3, '-');
    let (y, m, d) = (it.next()?, it.next()?, it.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i64, i64, i64) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let days = days_from_civil(y, m, d);
    // 31 February is not a day: it must read back as typed.
    (civil_from_days(days) == (y, m, d)).then_some(days)
}

#[cfg(test)]
mod tests {
    #[test]
    fn typed_dates_read_back_as_typed() {
        assert_eq!(super::days_from_iso("1970-01-01"), Some(0));
        assert_eq!(
            super::days_from_iso("2026-12-31"),
            Some(1_798_675_200 / 86_400)
        );
        assert_eq!(
            super::days_from_iso("2000-02-29"),
            Some(951_782_400 / 86_400)
        );
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "26-01-01",
            "2026-1-1",
            "",
            "abcd-ef-gh",
        ] {
            assert_eq!(super::days_from_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn years_of_unix_times() {
        assert_eq!(super::year_of(0), 1970);
        assert_eq!(super::year_of(1_798_675_200), 2026); // 31 Dec 2026 00:00 UTC
        assert_eq!(super::year_of(1_798_761_600), 2027); // 1 Jan 2027
        assert_eq!(super::year_of(951_782_400), 2000); // 29 Feb 2000
        assert_eq!(super::civil_from_days(951_782_400 / 86_400), (2000, 2, 29));
        assert_eq!(
            super::civil_from_days(1_798_675_200 / 86_400),
            (2026, 12, 31)
        );
    }
}
