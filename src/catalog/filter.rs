//! Catalogue filters live in the URL query, so a filtered list is shareable and renders on the
//! server. Parsing is lenient: a value that is not understood is dropped with a notice the page
//! shows, never an error page.
use crate::domain::money::Paise;
use serde::{Deserialize, Serialize};

/// Products per page of results.
pub const PAGE_SIZE: u32 = 24;
/// The highest page number accepted; deeper pages are never useful and cost a large OFFSET.
pub const MAX_PAGE: u32 = 500;
/// Most districts one filter may name.
pub const MAX_DISTRICTS: usize = 75;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Sort {
    #[default]
    Newest,
    PriceAsc,
    PriceDesc,
}

impl Sort {
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Newest => "newest",
            Sort::PriceAsc => "price_asc",
            Sort::PriceDesc => "price_desc",
        }
    }

    pub fn parse(s: &str) -> Option<Sort> {
        match s {
            "newest" => Some(Sort::Newest),
            "price_asc" => Some(Sort::PriceAsc),
            "price_desc" => Some(Sort::PriceDesc),
            _ => None,
        }
    }
}

/// A validated product filter.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ProductFilter {
    /// Craft category slugs (any of).
    pub categories: Vec<String>,
    /// District slugs (any of); empty means every district.
    pub districts: Vec<String>,
    pub min_price: Option<Paise>,
    pub max_price: Option<Paise>,
    pub gi_only: bool,
    pub in_stock: bool,
    /// Free-text words matched against titles in both languages.
    pub q: String,
    pub sort: Sort,
    /// 1-based page number.
    pub page: u32,
}

/// Why part of the query was ignored; the page shows each one in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FilterNotice {
    BadMinPrice(String),
    BadMaxPrice(String),
    MinAboveMax,
    UnknownCategory(String),
    UnknownDistrict(String),
    BadSort(String),
    BadPage(String),
    /// `gi` or `in_stock` with a value that is neither on nor off.
    BadFlag(String),
}

/// Most notices shown for one query; a query stuffed with junk gets no longer page.
pub const MAX_NOTICES: usize = 10;

fn is_slug(s: &str) -> bool {
    crate::domain::slug::Slug::is_valid(s)
}

fn truthy(v: &str) -> Option<bool> {
    match v {
        "1" | "true" | "on" | "yes" => Some(true),
        "0" | "false" | "off" | "no" | "" => Some(false),
        _ => None,
    }
}

/// Parses decoded `key=value` pairs of a catalogue URL. Unknown keys are ignored silently
/// (tracking parameters and the like); known keys with bad values produce a notice.
/// Whether a category or district *exists* is checked later against the database.
pub fn parse_filter<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> (ProductFilter, Vec<FilterNotice>) {
    let mut f = ProductFilter {
        page: 1,
        ..Default::default()
    };
    let mut notices = Vec::new();
    let shorten = |v: &str| v.chars().take(40).collect::<String>();
    for (key, value) in pairs {
        let value = value.trim();
        match key {
            "category" => {
                if value.is_empty() {
                } else if is_slug(value) {
                    if !f.categories.iter().any(|c| c == value) {
                        f.categories.push(value.to_string());
                    }
                } else {
                    notices.push(FilterNotice::UnknownCategory(shorten(value)));
                }
            }
            "district" => {
                if value.is_empty() {
                } else if is_slug(value) && f.districts.len() < MAX_DISTRICTS {
                    if !f.districts.iter().any(|d| d == value) {
                        f.districts.push(value.to_string());
                    }
                } else {
                    notices.push(FilterNotice::UnknownDistrict(shorten(value)));
                }
            }
            "min_price" | "max_price" => {
                if value.is_empty() {
                    continue;
                }
                let parsed = Paise::parse_rupees(value);
                match (key, parsed) {
                    ("min_price", Some(p)) => f.min_price = Some(p),
                    ("max_price", Some(p)) => f.max_price = Some(p),
                    ("min_price", None) => notices.push(FilterNotice::BadMinPrice(shorten(value))),
                    _ => notices.push(FilterNotice::BadMaxPrice(shorten(value))),
                }
            }
            "gi" | "in_stock" => match truthy(value) {
                Some(on) if key == "gi" => f.gi_only = on,
                Some(on) => f.in_stock = on,
                None => notices.push(FilterNotice::BadFlag(shorten(value))),
            },
            "q" => f.q = value.chars().take(100).collect(),
            "sort" => {
                if value.is_empty() {
                } else if let Some(s) = Sort::parse(value) {
                    f.sort = s;
                } else {
                    notices.push(FilterNotice::BadSort(shorten(value)));
                }
            }
            "page" => match value.parse::<u32>() {
                Ok(p) if (1..=MAX_PAGE).contains(&p) => f.page = p,
                _ if value.is_empty() => {}
                _ => notices.push(FilterNotice::BadPage(shorten(value))),
            },
            _ => {}
        }
    }
    if let (Some(min), Some(max)) = (f.min_price, f.max_price) {
        if min > max {
            f.min_price = None;
            f.max_price = None;
            notices.push(FilterNotice::MinAboveMax);
        }
    }
    notices.truncate(MAX_NOTICES);
    (f, notices)
}

/// Splits a raw query string (`?a=1&b=2`, with or without the `?`) into decoded pairs
/// (`application/x-www-form-urlencoded`: `+` is a space; invalid escapes are kept as typed).
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    let query = query.strip_prefix('?').unwrap_or(query);
    form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

impl ProductFilter {
    /// The query string that reproduces this filter (without `page` unless > 1).
    pub fn to_query(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        for d in &self.districts {
            parts.push(format!("district={d}"));
        }
        for c in &self.categories {
            parts.push(format!("category={c}"));
        }
        if let Some(p) = self.min_price {
            parts.push(format!("min_price={}", p.to_rupees_string()));
        }
        if let Some(p) = self.max_price {
            parts.push(format!("max_price={}", p.to_rupees_string()));
        }
        if self.gi_only {
            parts.push("gi=1".into());
        }
        if self.in_stock {
            parts.push("in_stock=1".into());
        }
        if !self.q.is_empty() {
            parts.push(format!("q={}", crate::helpers::form_value(&self.q)));
        }
        if self.sort != Sort::Newest {
            parts.push(format!("sort={}", self.sort.as_str()));
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        parts.join("&")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(q: &str) -> (ProductFilter, Vec<FilterNotice>) {
        let pairs = query_pairs(q);
        parse_filter(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    #[test]
    fn an_empty_query_is_the_first_page_of_everything_newest_first() {
        let (f, n) = parse("");
        assert_eq!(
            f,
            ProductFilter {
                page: 1,
                ..Default::default()
            }
        );
        assert!(n.is_empty());
    }

    #[test]
    fn reads_every_filter_from_the_query() {
        let (f, n) = parse("?category=textile&district=varanasi&district=lucknow&min_price=500&max_price=2%2C000&gi=1&in_stock=on&sort=price_desc&page=3&q=banarasi+saree");
        assert!(n.is_empty(), "{n:?}");
        assert_eq!(f.categories, vec!["textile"]);
        assert_eq!(f.districts, vec!["varanasi", "lucknow"]);
        assert_eq!(f.min_price, Some(Paise(50_000)));
        assert_eq!(f.max_price, Some(Paise(200_000)));
        assert!(f.gi_only && f.in_stock);
        assert_eq!(f.sort, Sort::PriceDesc);
        assert_eq!(f.page, 3);
        assert_eq!(f.q, "banarasi saree");
    }

    #[test]
    fn malformed_values_are_ignored_with_a_notice() {
        let (f, n) =
            parse("min_price=abc&max_price=-5&sort=cheapest&page=0&category=Not%20A%20Slug");
        assert_eq!(f.min_price, None);
        assert_eq!(f.max_price, None);
        assert_eq!(f.sort, Sort::Newest);
        assert_eq!(f.page, 1);
        assert!(f.categories.is_empty());
        assert_eq!(
            n,
            vec![
                FilterNotice::BadMinPrice("abc".into()),
                FilterNotice::BadMaxPrice("-5".into()),
                FilterNotice::BadSort("cheapest".into()),
                FilterNotice::BadPage("0".into()),
                FilterNotice::UnknownCategory("Not A Slug".into()),
            ]
        );
    }

    #[test]
    fn a_flag_that_is_neither_on_nor_off_is_noted() {
        let (f, n) = parse("gi=maybe&in_stock=1");
        assert!(!f.gi_only && f.in_stock);
        assert_eq!(n, vec![FilterNotice::BadFlag("maybe".into())]);
    }

    #[test]
    fn prices_with_paise_keep_them_in_links() {
        let (f, _) = parse("min_price=99.50&max_price=1000");
        assert_eq!(f.to_query(), "min_price=99.50&max_price=1000");
    }

    #[test]
    fn a_query_full_of_junk_gets_at_most_ten_notices() {
        let q: Vec<String> = (0..50).map(|i| format!("category=X{i}")).collect();
        let (_, n) = parse(&q.join("&"));
        assert_eq!(n.len(), MAX_NOTICES);
    }

    #[test]
    fn a_minimum_above_the_maximum_drops_both() {
        let (f, n) = parse("min_price=900&max_price=100");
        assert_eq!((f.min_price, f.max_price), (None, None));
        assert_eq!(n, vec![FilterNotice::MinAboveMax]);
    }

    #[test]
    fn empty_form_fields_are_not_errors() {
        let (f, n) = parse("category=&min_price=&max_price=&sort=&page=");
        assert!(n.is_empty());
        assert_eq!(
            f,
            ProductFilter {
                page: 1,
                ..Default::default()
            }
        );
    }

    #[test]
    fn hindi_search_text_survives_the_round_trip() {
        let (f, _) = parse("q=%E0%A4%AC%E0%A4%A8%E0%A4%BE%E0%A4%B0%E0%A4%B8%E0%A5%80");
        assert_eq!(f.q, "बनारसी");
        let (again, _) = parse(&f.to_query());
        assert_eq!(again, f);
    }

    #[test]
    fn to_query_round_trips() {
        let (f, _) = parse("district=agra&category=leather&min_price=100&max_price=5000&gi=1&in_stock=1&sort=price_asc&page=2");
        let (again, n) = parse(&f.to_query());
        assert!(n.is_empty());
        assert_eq!(again, f);
    }

    #[test]
    fn a_stray_percent_sign_is_kept_as_typed() {
        assert_eq!(
            query_pairs("q=50%"),
            vec![("q".to_string(), "50%".to_string())]
        );
        assert_eq!(
            query_pairs("q=%zz"),
            vec![("q".to_string(), "%zz".to_string())]
        );
    }
}
