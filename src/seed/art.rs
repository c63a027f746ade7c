//! Sample pictures for the demo catalogue, drawn here rather than downloaded: a pattern in the
//! craft's colours with "नमूना · SAMPLE" written across it, so nobody mistakes it for a photo.
use super::CATEGORIES;

pub const SIZE: i64 = 640;
/// Pattern variants per craft.
pub const VARIANTS: u32 = 6;

pub fn is_known(category: &str) -> bool {
    CATEGORIES.iter().any(|(slug, _, _)| *slug == category)
}

/// Background and accent colours of a craft.
fn palette(category: &str) -> (&'static str, &'static str, &'static str) {
    match category {
        "textile" => ("#7a1f3d", "#e8b04a", "#f6e7c1"),
        "embroidery" => ("#f3efe6", "#8a6d3b", "#c9b79c"),
        "carpets" => ("#8b2c1f", "#1f3b5c", "#e2c290"),
        "metal" => ("#3b2f1e", "#d4a340", "#f0d58c"),
        "wood" => ("#5b3a1e", "#a8733f", "#e6c9a0"),
        "pottery" => ("#a4502c", "#2b1d16", "#e9b48a"),
        "glass" => ("#0f4c6b", "#5fc3e4", "#d7f1fa"),
        "leather" => ("#4a2a18", "#b07a4f", "#e8d2b8"),
        "natural-fibre" => ("#6b6b2a", "#d9c36a", "#f3ecc2"),
        "food" => ("#7b4a12", "#e39b2d", "#fbe3b5"),
        "perfume" => ("#3f2159", "#c9a3e0", "#f1e4fa"),
        "toys" => ("#1d6b4f", "#f2c14e", "#f7e9c4"),
        "musical-instruments" => ("#54301a", "#d98b3a", "#f5dcc0"),
        "stone" => ("#5e5a55", "#c8bfb3", "#efeae3"),
        _ => ("#2f3e46", "#84a98c", "#e5efe8"),
    }
}

/// The SVG of sample picture `variant` of `category`.
pub fn svg(category: &str, variant: u32) -> String {
    let (bg, accent, light) = palette(category);
    let name = CATEGORIES
        .iter()
        .find(|(s, _, _)| *s == category)
        .map(|(_, en, hi)| (*en, *hi))
        .unwrap_or(("", ""));
    let v = variant % VARIANTS;
    let mut shapes = String::new();
    let step = 80 + (v as i64 % 3) * 20;
    let mut y = step / 2;
    let mut row = 0;
    while y < SIZE {
        let mut x = if row % 2 == 0 { step / 2 } else { step };
        while x < SIZE {
            let r = step / 4;
            match v % 3 {
                0 => shapes.push_str(&format!(r#"<circle cx="{x}" cy="{y}" r="{r}"/>"#)),
                1 => shapes.push_str(&format!(
                    r#"<path d="M{x} {} L{} {y} L{x} {} L{} {y}Z"/>"#,
                    y - r,
                    x + r,
                    y + r,
                    x - r
                )),
                _ => shapes.push_str(&format!(
                    r#"<path d="M{} {y} Q{x} {} {} {y} Q{x} {} {} {y}Z"/>"#,
                    x - r,
                    y - r * 2,
                    x + r,
                    y + r * 2,
                    x - r
                )),
            }
            x += step;
        }
        y += step / 2 + 20;
        row += 1;
    }
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" width="{SIZE}" height="{SIZE}"><rect width="{SIZE}" height="{SIZE}" fill="{bg}"/><g fill="{accent}" opacity="0.55">{shapes}</g><rect x="60" y="230" width="520" height="180" rx="16" fill="{light}" opacity="0.92"/><text x="320" y="300" font-family="sans-serif" font-size="44" font-weight="700" text-anchor="middle" fill="#222">नमूना · SAMPLE</text><text x="320" y="352" font-family="sans-serif" font-size="26" text-anchor="middle" fill="#333">{hi}</text><text x="320" y="386" font-family="sans-serif" font-size="22" text-anchor="middle" fill="#555">{en}</text></svg>"##,
        hi = name.1,
        en = crate::helpers::escape_html(name.0),
    )
}
