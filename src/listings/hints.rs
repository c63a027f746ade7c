//! HSN codes and GST rates usually right for each craft category: the editor offers them, the
//! seller (or their accountant) decides. Rates are the slabs the editor offers; they change
//! with GST Council notifications, so they are suggestions, never enforced.

/// A suggested HSN code, what it covers, and its usual GST rate in per cent.
pub struct HsnHint {
    pub hsn: &'static str,
    pub what: &'static str,
    pub gst: i64,
}

const fn h(hsn: &'static str, what: &'static str, gst: i64) -> HsnHint {
    HsnHint { hsn, what, gst }
}

/// Suggestions per category slug; the first is the default for a new product.
const TABLE: &[(&str, &[HsnHint])] = &[
    (
        "textile",
        &[
            h("5007", "woven silk fabric, silk sarees", 5),
            h("5208", "woven cotton fabric", 5),
            h("6214", "shawls, stoles", 12),
        ],
    ),
    (
        "embroidery",
        &[
            h("5810", "embroidery in the piece", 5),
            h("6211", "embroidered garments", 12),
        ],
    ),
    (
        "carpets",
        &[
            h("5701", "hand-knotted carpets", 5),
            h("5702", "woven carpets, durries", 5),
        ],
    ),
    (
        "metal",
        &[
            h("7418", "brass and copper household articles", 12),
            h("8306", "statuettes and ornaments of base metal", 12),
        ],
    ),
    (
        "wood",
        &[
            h("4420", "wooden ornaments, boxes, inlay work", 12),
            h("4419", "wooden tableware and kitchenware", 12),
        ],
    ),
    (
        "pottery",
        &[
            h("6913", "ornamental ceramic and terracotta", 12),
            h("6912", "ceramic tableware", 12),
        ],
    ),
    (
        "glass",
        &[
            h("7013", "glassware for table and decoration", 18),
            h("7018", "glass beads and bangles", 12),
        ],
    ),
    (
        "leather",
        &[
            h("4202", "bags, wallets and cases", 18),
            h("6403", "leather footwear", 12),
        ],
    ),
    (
        "natural-fibre",
        &[
            h("4602", "basketwork and moonj, sabai or jute articles", 12),
            h("5609", "articles of jute or coir", 12),
        ],
    ),
    (
        "food",
        &[
            h("1701", "jaggery (gur)", 5),
            h("2106", "prepared food (namkeen, sweets)", 5),
            h("0813", "dried fruit (amla)", 12),
        ],
    ),
    ("perfume", &[h("3303", "perfumes and ittar", 18)]),
    ("toys", &[h("9503", "toys of wood, clay or cloth", 12)]),
    (
        "musical-instruments",
        &[
            h("9202", "string instruments", 12),
            h("9206", "percussion instruments", 12),
        ],
    ),
    ("stone", &[h("6802", "carved and worked stone", 12)]),
    ("horn-bone", &[h("9601", "worked horn and bone", 12)]),
    ("paper", &[h("4802", "handmade paper", 12)]),
    (
        "home-decor",
        &[
            h("6304", "furnishing articles", 12),
            h("9405", "lamps and lighting", 18),
        ],
    ),
    ("accessories", &[h("7117", "imitation jewellery", 12)]),
    (
        "apparel",
        &[
            h("6204", "women's garments", 12),
            h("6205", "men's shirts", 12),
        ],
    ),
    ("sports", &[h("9506", "sports goods", 12)]),
    ("engineering", &[h("7326", "articles of iron or steel", 18)]),
];

/// The suggestions for a category (none for an unknown one).
pub fn for_category(category: &str) -> &'static [HsnHint] {
    TABLE
        .iter()
        .find(|(slug, _)| *slug == category)
        .map_or(&[], |(_, hints)| hints)
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn every_category_has_valid_suggestions() {
        for (slug, _, _) in crate::seed::CATEGORIES {
            let hints = for_category(slug);
            assert!(!hints.is_empty(), "{slug} has no HSN suggestion");
            for hint in hints {
                assert!(
                    matches!(hint.hsn.len(), 4 | 6 | 8)
                        && hint.hsn.bytes().all(|b| b.is_ascii_digit()),
                    "{slug}: {}",
                    hint.hsn
                );
                assert!(super::super::GST_RATES.contains(&hint.gst), "{slug}");
            }
        }
        assert!(for_category("no-such").is_empty());
    }
}
