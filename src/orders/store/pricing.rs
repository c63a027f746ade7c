//! What a checkout costs: the cart read as it stands today and priced per seller (`price`,
//! pure and unit-tested: GST split, shipping slabs, free shipping, the UP-only rule, the
//! cash-on-delivery ceiling).
use super::*;
use crate::db::RowExt;

/// One cart line as the order will record it.
pub(super) struct Line {
    pub(super) product_id: i64,
    pub(super) variant_id: i64,
    pub(super) seller_id: i64,
    pub(super) seller: Bilingual,
    pub(super) up_only: bool,
    pub(super) sku: String,
    pub(super) title: Bilingual,
    pub(super) option: String,
    pub(super) hsn: String,
    pub(super) gst_rate_bp: i64,
    pub(super) unit: Paise,
    pub(super) quantity: i64,
    pub(super) weight_g: i64,
}

/// What a checkout would cost now: per seller (items, shipping, tax) and in all.
pub struct Quote {
    pub(super) lines: Vec<Line>,
    pub parts: Vec<Part>,
    pub items: Paise,
    pub shipping: Paise,
    pub total: Paise,
}

pub struct Part {
    pub seller_id: i64,
    pub seller: Bilingual,
    pub items: Paise,
    pub shipping: Paise,
    pub tax: TaxSplit,
}

/// Prices the user's cart for delivery to `state` (inside the transaction that will use it).
pub(super) async fn quote(tx: &mut Tx, user_id: i64, state: &str) -> Result<Quote, OrderError> {
    let rows = sqlx::query(
        "SELECT l.product_id, l.variant_id, l.quantity, p.title_en, p.title_hi, p.hsn, p.gst_rate_bp, \
         COALESCE(p.sku, '') AS sku, p.weight_g, p.price_paise, p.status, p.seller_id, s.status AS seller_status, \
         s.display_name_en AS seller_en, s.display_name_hi AS seller_hi, \
         COALESCE(a.business_kind, '') AS business_kind, v.id AS v_id, v.label AS v_label, v.price_paise AS v_price, \
         v.sku AS v_sku, (SELECT COUNT(*) FROM product_variants x WHERE x.product_id = p.id) AS options \
         FROM carts c JOIN cart_lines l ON l.cart_id = c.id JOIN products p ON p.id = l.product_id \
         JOIN sellers s ON s.id = p.seller_id LEFT JOIN seller_applications a ON a.seller_id = s.id \
         LEFT JOIN product_variants v ON v.id = l.variant_id AND v.product_id = p.id \
         WHERE c.user_id = $1 ORDER BY l.product_id, l.variant_id",
    )
    .bind(user_id)
    .fetch_all(&mut **tx)
    .await?;
    if rows.is_empty() {
        return Err(OrderError::CartEmpty);
    }
    let mut lines = Vec::with_capacity(rows.len());
    for r in &rows {
        let variant_id: i64 = r.try_get("variant_id")?;
        if !crate::cart::store::orderable(r)? {
            return Err(OrderError::CartChanged);
        }
        let (unit, sku, option) = if variant_id == 0 {
            (
                r.try_get::<i64, _>("price_paise")?,
                r.try_get::<String, _>("sku")?,
                String::new(),
            )
        } else {
            (
                r.try_get::<Option<i64>, _>("v_price")?.unwrap_or(0),
                r.try_get::<Option<String>, _>("v_sku")?.unwrap_or_default(),
                r.try_get::<Option<String>, _>("v_label")?
                    .unwrap_or_default(),
            )
        };
        lines.push(Line {
            product_id: r.try_get("product_id")?,
            variant_id,
            seller_id: r.try_get("seller_id")?,
            seller: r.bilingual("seller")?,
            up_only: r.try_get::<String, _>("business_kind")? == "unregistered",
            sku,
            title: r.bilingual("title")?,
            option,
            hsn: r.try_get("hsn")?,
            gst_rate_bp: r.try_get("gst_rate_bp")?,
            unit: Paise(unit),
            quantity: r.try_get("quantity")?,
            // A product without a weight ships as a light parcel.
            weight_g: r.try_get::<Option<i64>, _>("weight_g")?.unwrap_or(500),
        });
    }
    let slabs: Vec<Slab> =
        sqlx::query("SELECT max_weight_g, price_paise FROM shipping_slabs ORDER BY max_weight_g")
            .fetch_all(&mut **tx)
            .await?
            .iter()
            .map(|r| {
                Ok(Slab {
                    max_weight_g: r.try_get("max_weight_g")?,
                    price: Paise(r.try_get("price_paise")?),
                })
            })
            .collect::<Result<_, sqlx::Error>>()?;
    let free_above = setting(tx, "free_shipping_above_paise").await?.map(Paise);
    price(lines, state, &slabs, free_above)
}

/// Prices cart lines for delivery to `state` with the shipping table and free-shipping
/// threshold in force: per seller (items, shipping, GST split) and in all. Pure — `quote` only
/// reads its inputs — so every rule is unit-tested below. Refused with `up_only` when an
/// unregistered artisan's item would leave Uttar Pradesh (GST composition rules).
pub(super) fn price(
    lines: Vec<Line>,
    state: &str,
    slabs: &[Slab],
    free_above: Option<Paise>,
) -> Result<Quote, OrderError> {
    if state != UP && lines.iter().any(|l| l.up_only) {
        return Err(OrderError::UpOnly);
    }
    let intra = state == UP;
    let mut by_seller: BTreeMap<i64, Part> = BTreeMap::new();
    let mut weights: BTreeMap<i64, i64> = BTreeMap::new();
    let mut values: BTreeMap<i64, Vec<(Paise, i64)>> = BTreeMap::new();
    for l in &lines {
        let gross = Paise(l.unit.0 * l.quantity);
        let part = by_seller.entry(l.seller_id).or_insert_with(|| Part {
            seller_id: l.seller_id,
            seller: l.seller.clone(),
            items: Paise(0),
            shipping: Paise(0),
            tax: TaxSplit::default(),
        });
        part.items = Paise(part.items.0 + gross.0);
        part.tax = part.tax + tax::split(gross, l.gst_rate_bp, intra);
        *weights.entry(l.seller_id).or_default() += l.weight_g * l.quantity;
        values
            .entry(l.seller_id)
            .or_default()
            .push((gross, l.gst_rate_bp));
    }
    let mut parts: Vec<Part> = by_seller.into_values().collect();
    for p in &mut parts {
        p.shipping = tax::shipping(weights[&p.seller_id], p.items, slabs, free_above);
        // Shipping is GST-inclusive too, at the rate of the parcel's main item.
        let rate = tax::principal_rate(values.remove(&p.seller_id).unwrap_or_default());
        p.tax = p.tax + tax::split(p.shipping, rate, intra);
    }
    let items = Paise(parts.iter().map(|p| p.items.0).sum());
    let shipping = Paise(parts.iter().map(|p| p.shipping.0).sum());
    Ok(Quote {
        lines,
        parts,
        items,
        shipping,
        total: Paise(items.0 + shipping.0),
    })
}

/// Cash on delivery only up to the platform's ceiling, when it sets one.
pub(super) fn cod_allowed(total: Paise, ceiling: Option<i64>) -> bool {
    ceiling.is_none_or(|max| total.0 <= max)
}

/// What checkout shows before the order is placed: the cart priced for an address.
pub async fn preview(
    db: &Db,
    user_id: i64,
    state: &str,
) -> Result<(Paise, Paise, Paise, Vec<crate::orders::QuotePart>), OrderError> {
    // A read in a transaction that is never committed: the same code as placing, nothing written.
    let mut tx = db.pool.begin().await?;
    let q = quote(&mut tx, user_id, state).await;
    tx.rollback().await?;
    q.map(|q| {
        (
            q.items,
            q.shipping,
            q.total,
            q.parts
                .into_iter()
                .map(|p| crate::orders::QuotePart {
                    seller: p.seller,
                    items: p.items,
                    shipping: p.shipping,
                    cgst: p.tax.cgst,
                    sgst: p.tax.sgst,
                    igst: p.tax.igst,
                })
                .collect(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const UTTAR_PRADESH: &str = "09";
    const MAHARASHTRA: &str = "27";

    fn line(seller_id: i64, unit: i64, quantity: i64, weight_g: i64, up_only: bool) -> Line {
        Line {
            product_id: seller_id * 10,
            variant_id: 0,
            seller_id,
            seller: Bilingual::new("विक्रेता".to_string(), "Seller".to_string()),
            up_only,
            sku: String::new(),
            title: Bilingual::new("साड़ी".to_string(), "Saree".to_string()),
            option: String::new(),
            hsn: "5007".into(),
            // 18 %: ₹1,180 is ₹1,000 + ₹180 of GST, so every figure below is round.
            gst_rate_bp: 1800,
            unit: Paise(unit),
            quantity,
            weight_g,
        }
    }

    fn slabs() -> Vec<Slab> {
        vec![
            Slab {
                max_weight_g: 500,
                price: Paise(4_720),
            },
            Slab {
                max_weight_g: 1_000,
                price: Paise(5_900),
            },
        ]
    }

    /// Two sellers: two ₹590 pieces of 400 g, and one ₹236 piece of 200 g.
    fn cart(up_only: bool) -> Vec<Line> {
        vec![
            line(1, 59_000, 2, 400, false),
            line(2, 23_600, 1, 200, up_only),
        ]
    }

    #[test]
    fn each_seller_is_a_parcel_with_its_own_shipping_and_tax_inside_up() {
        let q = price(cart(false), UTTAR_PRADESH, &slabs(), None).unwrap();
        assert_eq!(q.parts.len(), 2);
        let (a, b) = (&q.parts[0], &q.parts[1]);
        // 800 g in the 1 kg slab; 200 g in the 500 g slab.
        assert_eq!(
            (a.seller_id, a.items, a.shipping),
            (1, Paise(118_000), Paise(5_900))
        );
        assert_eq!(
            (b.seller_id, b.items, b.shipping),
            (2, Paise(23_600), Paise(4_720))
        );
        // GST-inclusive: within UP, half CGST and half SGST, shipping taxed with the goods.
        assert_eq!(
            (a.tax.taxable, a.tax.cgst, a.tax.sgst, a.tax.igst),
            (Paise(105_000), Paise(9_450), Paise(9_450), Paise(0))
        );
        assert_eq!(
            (b.tax.taxable, b.tax.cgst, b.tax.sgst, b.tax.igst),
            (Paise(24_000), Paise(2_160), Paise(2_160), Paise(0))
        );
        assert_eq!(
            (q.items, q.shipping, q.total),
            (Paise(141_600), Paise(10_620), Paise(152_220))
        );
    }

    #[test]
    fn outside_up_the_tax_is_integrated_gst() {
        let q = price(cart(false), MAHARASHTRA, &slabs(), None).unwrap();
        let a = &q.parts[0];
        assert_eq!(
            (a.tax.cgst, a.tax.sgst, a.tax.igst),
            (Paise(0), Paise(0), Paise(18_900))
        );
        assert_eq!(q.total, Paise(152_220));
    }

    #[test]
    fn a_parcel_worth_the_threshold_ships_free_and_the_others_do_not() {
        let q = price(cart(false), UTTAR_PRADESH, &slabs(), Some(Paise(100_000))).unwrap();
        assert_eq!(q.parts[0].shipping, Paise(0));
        assert_eq!(q.parts[1].shipping, Paise(4_720));
        assert_eq!(q.total, Paise(141_600 + 4_720));
    }

    #[test]
    fn an_unregistered_artisan_sells_within_up_only() {
        assert!(matches!(
            price(cart(true), MAHARASHTRA, &slabs(), None),
            Err(OrderError::UpOnly)
        ));
        assert!(price(cart(true), UTTAR_PRADESH, &slabs(), None).is_ok());
    }

    #[test]
    fn cash_on_delivery_stops_above_the_ceiling() {
        assert!(cod_allowed(Paise(152_220), None));
        assert!(cod_allowed(Paise(152_220), Some(152_220)));
        assert!(!cod_allowed(Paise(152_221), Some(152_220)));
    }
}
