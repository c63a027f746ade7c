//! Checks of the product editor: every problem at once, each a message key; prices become paise.
use super::GST_RATES;
use crate::domain::money::Paise;
use crate::error::FieldError;

/// A product ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub sku: Option<String>,
    pub title_hi: String,
    pub title_en: String,
    pub description_hi: String,
    pub description_en: String,
    pub category: String,
    pub price: Paise,
    pub mrp: Paise,
    pub stock: i64,
    pub hsn: String,
    pub gst_rate_bp: i64,
    pub weight_g: Option<i64>,
    /// Length, width, height in centimetres.
    pub dimensions: Option<(i64, i64, i64)>,
    pub materials: String,
    pub care: String,
    pub origin: String,
    pub handmade: bool,
    pub gi: bool,
    pub status: String,
    /// When there are options, the product's price is the cheapest option's and its stock
    /// their sum.
    pub variants: Vec<Variant>,
}

/// An option ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub id: Option<i64>,
    pub sku: String,
    pub label: String,
    pub price: Paise,
    pub mrp: Paise,
    pub stock: i64,
}

/// A SKU: 1 to 40 letters, digits and `-_./`, as sellers and marketplaces write them.
pub fn sku(input: &str) -> Option<String> {
    let s = input.trim();
    (!s.is_empty()
        && s.len() <= 40
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b)))
    .then(|| s.to_string())
}

/// A whole number in `range`, or `None` (also for an empty input).
fn whole(input: &str, range: std::ops::RangeInclusive<i64>) -> Option<i64> {
    input
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| range.contains(n))
}

/// The option rows: empty rows are skipped (clearing a row removes the option).
fn variants(rows: &[super::VariantForm], p: &mut Vec<FieldError>) -> Vec<Variant> {
    let mut out = Vec::new();
    for row in rows {
        let cells = [&row.sku, &row.label, &row.price, &row.mrp, &row.stock];
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let sku = sku(&row.sku);
        if sku.is_none() {
            problem(p, "variants", "variant_sku_invalid");
        }
        let label = row.label.trim().to_string();
        if label.is_empty() || label.chars().count() > 60 {
            problem(p, "variants", "variant_label_invalid");
        }
        let price = Paise::parse_rupees(&row.price).filter(|p| p.0 > 0);
        let mrp = if row.mrp.trim().is_empty() {
            price
        } else {
            Paise::parse_rupees(&row.mrp)
        };
        match (price, mrp) {
            (Some(price), Some(mrp)) if mrp >= price => {}
            (Some(_), Some(_)) => problem(p, "variants", "variant_mrp_below_price"),
            _ => problem(p, "variants", "variant_price_invalid"),
        }
        let stock = stock(&row.stock);
        if stock.is_none() {
            problem(p, "variants", "variant_stock_invalid");
        }
        if let (Some(sku), Some(price), Some(mrp), Some(stock)) = (sku, price, mrp, stock) {
            out.push(Variant {
                id: row.id,
                sku,
                label,
                price,
                mrp,
                stock,
            });
        }
    }
    if out.len() > super::MAX_VARIANTS {
        problem(p, "variants", "variant_too_many");
    }
    out
}

fn problem(list: &mut Vec<FieldError>, field: &str, code: &str) {
    list.push(FieldError {
        field: field.into(),
        code: code.into(),
    });
}

/// A stock count: a whole number from 0 to 1,00,000.
pub fn stock(input: &str) -> Option<i64> {
    whole(input, 0..=100_000)
}

pub fn product(f: &super::ProductForm) -> Result<Product, Vec<FieldError>> {
    let mut p = Vec::new();
    let title_hi = f.title_hi.trim().to_string();
    let title_en = f.title_en.trim().to_string();
    if title_hi.is_empty() && title_en.is_empty() {
        problem(&mut p, "title", "title_missing");
    }
    if title_hi.chars().count() > 120 || title_en.chars().count() > 120 {
        problem(&mut p, "title", "title_long");
    }
    let description_hi = f.description_hi.trim().to_string();
    let description_en = f.description_en.trim().to_string();
    if description_hi.chars().count() > 5000 || description_en.chars().count() > 5000 {
        problem(&mut p, "description", "description_long");
    }
    if f.category.is_empty() {
        problem(&mut p, "category", "category_invalid");
    }
    let sku = match f.sku.trim() {
        "" => None,
        s => {
            let ok = sku(s);
            if ok.is_none() {
                problem(&mut p, "sku", "sku_invalid");
            }
            ok
        }
    };
    let options = variants(&f.variants, &mut p);
    let mut skus: Vec<&str> = options.iter().map(|v| v.sku.as_str()).collect();
    skus.extend(sku.as_deref());
    skus.sort_unstable();
    if skus.windows(2).any(|w| w[0] == w[1]) {
        problem(&mut p, "variants", "sku_repeated");
    }
    let (price, mrp, stock) = if let Some(cheapest) = options.iter().min_by_key(|v| v.price) {
        // With options, the product shows "from" the cheapest one and has their stock.
        (
            Some(cheapest.price),
            Some(cheapest.mrp),
            Some(options.iter().map(|v| v.stock).sum::<i64>()),
        )
    } else {
        let price = Paise::parse_rupees(&f.price).filter(|p| p.0 > 0);
        if price.is_none() {
            problem(&mut p, "price", "price_invalid");
        }
        let mrp = if f.mrp.trim().is_empty() {
            price
        } else {
            Paise::parse_rupees(&f.mrp)
        };
        match (price, mrp) {
            (Some(price), Some(mrp)) if mrp < price => problem(&mut p, "mrp", "mrp_below_price"),
            (_, None) => problem(&mut p, "mrp", "mrp_invalid"),
            _ => {}
        }
        let stock = stock(&f.stock);
        if stock.is_none() {
            problem(&mut p, "stock", "stock_invalid");
        }
        (price, mrp, stock)
    };
    let hsn = f.hsn.trim().to_string();
    if !(matches!(hsn.len(), 4 | 6 | 8) && hsn.bytes().all(|b| b.is_ascii_digit())) {
        problem(&mut p, "hsn", "hsn_invalid");
    }
    let gst = f
        .gst_rate
        .trim()
        .trim_end_matches('%')
        .parse::<i64>()
        .ok()
        .filter(|r| GST_RATES.contains(r));
    if gst.is_none() {
        problem(&mut p, "gst_rate", "gst_rate_invalid");
    }
    let weight_g = match f.weight_g.trim() {
        "" => None,
        w => match w.parse::<i64>().ok().filter(|g| (1..=100_000).contains(g)) {
            Some(g) => Some(g),
            None => {
                problem(&mut p, "weight_g", "weight_invalid");
                None
            }
        },
    };
    let dims = [&f.length_cm, &f.width_cm, &f.height_cm];
    let dimensions = if dims.iter().all(|d| d.trim().is_empty()) {
        None
    } else {
        match dims.map(|d| whole(d, 1..=500)) {
            [Some(l), Some(w), Some(h)] => Some((l, w, h)),
            _ => {
                problem(&mut p, "dimensions", "dimensions_invalid");
                None
            }
        }
    };
    let materials = f.materials.trim().to_string();
    let care = f.care.trim().to_string();
    if materials.chars().count() > 500 || care.chars().count() > 500 {
        problem(&mut p, "materials", "materials_long");
    }
    let origin = match f.origin.trim() {
        "" => "India".to_string(),
        o => o.to_string(),
    };
    if origin.chars().count() > 60 {
        problem(&mut p, "origin", "origin_invalid");
    }
    let status = f.status.trim().to_string();
    if !matches!(status.as_str(), "draft" | "live" | "hidden" | "archived") {
        problem(&mut p, "status", "status_invalid");
    }
    if !p.is_empty() {
        return Err(p);
    }
    Ok(Product {
        sku,
        title_hi,
        title_en,
        description_hi,
        description_en,
        category: f.category.clone(),
        price: price.unwrap_or_default(),
        mrp: mrp.unwrap_or_default(),
        stock: stock.unwrap_or_default(),
        hsn,
        gst_rate_bp: gst.unwrap_or_default() * 100,
        weight_g,
        dimensions,
        materials,
        care,
        origin,
        handmade: f.handmade,
        gi: f.gi,
        status,
        variants: options,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::listings::{ProductForm, VariantForm};

    fn good() -> ProductForm {
        ProductForm {
            title_en: "Katan silk saree".into(),
            category: "textile".into(),
            price: "12,500".into(),
            mrp: "₹15,000".into(),
            stock: "4".into(),
            hsn: "5007".into(),
            gst_rate: "5".into(),
            status: "live".into(),
            ..Default::default()
        }
    }

    fn codes(f: &ProductForm) -> Vec<String> {
        product(f)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.code)
            .collect()
    }

    #[test]
    fn a_good_product_becomes_paise_and_basis_points() {
        let p = product(&good()).unwrap();
        assert_eq!((p.price, p.mrp), (Paise(1_250_000), Paise(1_500_000)));
        assert_eq!(p.gst_rate_bp, 500);
        let no_mrp = ProductForm {
            mrp: String::new(),
            ..good()
        };
        assert_eq!(product(&no_mrp).unwrap().mrp, Paise(1_250_000));
    }

    #[test]
    fn every_problem_is_reported() {
        let bad = ProductForm {
            title_en: String::new(),
            price: "0".into(),
            mrp: "abc".into(),
            stock: "-1".into(),
            hsn: "50071".into(),
            gst_rate: "7".into(),
            weight_g: "0".into(),
            status: "sold".into(),
            ..good()
        };
        assert_eq!(
            codes(&bad),
            [
                "title_missing",
                "price_invalid",
                "mrp_invalid",
                "stock_invalid",
                "hsn_invalid",
                "gst_rate_invalid",
                "weight_invalid",
                "status_invalid"
            ]
        );
        let cheap_mrp = ProductForm {
            mrp: "100".into(),
            ..good()
        };
        assert_eq!(codes(&cheap_mrp), ["mrp_below_price"]);
    }

    fn option(sku: &str, label: &str, price: &str, stock: &str) -> VariantForm {
        VariantForm {
            sku: sku.into(),
            label: label.into(),
            price: price.into(),
            stock: stock.into(),
            ..Default::default()
        }
    }

    #[test]
    fn options_set_the_price_and_stock_and_empty_rows_are_skipped() {
        let f = ProductForm {
            price: String::new(),
            stock: String::new(),
            sku: "SAREE-1".into(),
            variants: vec![
                option("SAREE-1-RED", "Red", "13,000", "2"),
                option("", "", "", ""),
                option("SAREE-1-GOLD", "Gold", "12,000", "3"),
            ],
            ..good()
        };
        let p = product(&f).unwrap();
        assert_eq!(p.variants.len(), 2);
        assert_eq!(
            (p.price, p.mrp, p.stock),
            (Paise(1_200_000), Paise(1_200_000), 5)
        );
        assert_eq!(p.sku.as_deref(), Some("SAREE-1"));
    }

    #[test]
    fn bad_options_and_skus_are_reported() {
        let f = ProductForm {
            sku: "SAREE 1".into(),
            variants: vec![
                option("A", "", "0", "x"),
                option("B", "Blue", "100", "1"),
                option("B", "Blue again", "100", "1"),
            ],
            length_cm: "30".into(),
            ..good()
        };
        assert_eq!(
            codes(&f),
            [
                "sku_invalid",
                "variant_label_invalid",
                "variant_price_invalid",
                "variant_stock_invalid",
                "sku_repeated",
                "dimensions_invalid"
            ]
        );
        assert_eq!(sku("ab/12.x_Y-3").as_deref(), Some("ab/12.x_Y-3"));
        assert!(sku(&"x".repeat(41)).is_none());
        assert!(sku("साड़ी").is_none());
        let boxed = ProductForm {
            length_cm: "40".into(),
            width_cm: "30".into(),
            height_cm: "5".into(),
            ..good()
        };
        assert_eq!(product(&boxed).unwrap().dimensions, Some((40, 30, 5)));
    }
}
