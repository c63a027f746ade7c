//! CSV export and import of a seller's listings. The columns follow the usual marketplace flat
//! file (one row per SKU; an option's row names its product in `parent_sku`), so a seller can
//! move a catalogue from a spreadsheet or another marketplace. Import creates or updates by SKU,
//! one transaction per row: a bad row is reported with its line and reasons, the good rows stay.
use super::store::{self, Saved, Seller};
use super::{ImportLine, ImportReport, ProductForm, VariantForm};
use crate::db::Db;

/// The columns, in the order export writes them and the template shows them.
pub const COLUMNS: &[&str] = &[
    "sku",
    "parent_sku",
    "variant",
    "title_en",
    "title_hi",
    "description_en",
    "description_hi",
    "category",
    "price",
    "mrp",
    "stock",
    "hsn",
    "gst_rate",
    "weight_g",
    "length_cm",
    "width_cm",
    "height_cm",
    "materials",
    "care",
    "handmade",
    "gi",
    "origin",
    "status",
    "image_urls",
];

/// Rows per import: a big seller's whole catalogue, and a bound on one request's work.
pub const MAX_ROWS: usize = 5_000;
/// Bytes per import file.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

fn writer() -> ::csv::Writer<Vec<u8>> {
    ::csv::WriterBuilder::new().from_writer(Vec::new())
}

fn finish(mut w: ::csv::Writer<Vec<u8>>) -> String {
    // Writing to memory cannot fail; a UTF-8 BOM lets Excel show Hindi correctly.
    let _ = w.flush();
    let bytes = w.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

fn product_row(p: &ProductForm) -> Vec<String> {
    let photos: Vec<&str> = p.photos.iter().map(|ph| ph.url.as_str()).collect();
    vec![
        p.sku.clone(),
        String::new(),
        String::new(),
        p.title_en.clone(),
        p.title_hi.clone(),
        p.description_en.clone(),
        p.description_hi.clone(),
        p.category.clone(),
        p.price.clone(),
        p.mrp.clone(),
        p.stock.clone(),
        p.hsn.clone(),
        p.gst_rate.clone(),
        p.weight_g.clone(),
        p.length_cm.clone(),
        p.width_cm.clone(),
        p.height_cm.clone(),
        p.materials.clone(),
        p.care.clone(),
        yes_no(p.handmade).into(),
        yes_no(p.gi).into(),
        p.origin.clone(),
        p.status.clone(),
        photos.join(" "),
    ]
}

fn variant_row(parent: &str, v: &VariantForm) -> Vec<String> {
    let mut row = vec![String::new(); COLUMNS.len()];
    row[0] = v.sku.clone();
    row[1] = parent.to_string();
    row[2] = v.label.clone();
    row[8] = v.price.clone();
    row[9] = v.mrp.clone();
    row[10] = v.stock.clone();
    row
}

/// The seller's listings as CSV: each product, then a row per option.
pub fn export(products: &[ProductForm]) -> String {
    let mut w = writer();
    let _ = w.write_record(COLUMNS);
    for p in products {
        let _ = w.write_record(product_row(p));
        for v in &p.variants {
            let _ = w.write_record(variant_row(&p.sku, v));
        }
    }
    finish(w)
}

/// The columns with an example product and one of its options.
pub fn template() -> String {
    let example = ProductForm {
        sku: "SAREE-001".into(),
        title_en: "Banarasi katan silk saree".into(),
        title_hi: "बनारसी कतान सिल्क साड़ी".into(),
        description_en: "Hand-woven on a pit loom in Varanasi.".into(),
        category: "textile".into(),
        price: "12500".into(),
        mrp: "15000".into(),
        stock: "3".into(),
        hsn: "5007".into(),
        gst_rate: "5".into(),
        weight_g: "800".into(),
        length_cm: "35".into(),
        width_cm: "28".into(),
        height_cm: "6".into(),
        materials: "Katan silk, zari".into(),
        care: "Dry clean only".into(),
        handmade: true,
        origin: "India".into(),
        status: "draft".into(),
        ..Default::default()
    };
    let mut w = writer();
    let _ = w.write_record(COLUMNS);
    let _ = w.write_record(product_row(&example));
    let option = VariantForm {
        sku: "SAREE-001-RED".into(),
        label: "Red / लाल".into(),
        price: "12500".into(),
        mrp: "15000".into(),
        stock: "2".into(),
        ..Default::default()
    };
    let _ = w.write_record(variant_row(&example.sku, &option));
    finish(w)
}

/// "yes"/"no" in either language (and 1/0, true/false); `None` for anything else.
fn parse_flag(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "yes" | "y" | "1" | "true" | "हाँ" | "हां" => Some(true),
        "no" | "n" | "0" | "false" | "नहीं" | "" => Some(false),
        _ => None,
    }
}

/// One data row, read through the header's column positions.
struct Row<'a> {
    record: &'a ::csv::StringRecord,
    columns: &'a [Option<usize>],
}

impl Row<'_> {
    /// The cell of `column`, `None` when the file has no such column.
    fn get(&self, column: &str) -> Option<&str> {
        let i = COLUMNS.iter().position(|c| *c == column)?;
        self.columns[i].map(|at| self.record.get(at).unwrap_or("").trim())
    }
}

fn refused(line: u64, sku: &str, reasons: Vec<String>) -> ImportLine {
    ImportLine {
        line,
        sku: sku.to_string(),
        outcome: "refused".into(),
        reasons,
    }
}

/// Imports a CSV file for the seller; every row gets a line in the report.
pub async fn import(db: &Db, seller: &Seller, bytes: &[u8]) -> Result<ImportReport, sqlx::Error> {
    let mut report = ImportReport::default();
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    if std::str::from_utf8(bytes).is_err() {
        report
            .lines
            .push(refused(1, "", vec!["csv_not_utf8".into()]));
        return Ok(report);
    }
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(bytes);
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_lowercase()).collect(),
        Err(_) => {
            report.lines.push(refused(1, "", vec!["csv_broken".into()]));
            return Ok(report);
        }
    };
    let columns: Vec<Option<usize>> = COLUMNS
        .iter()
        .map(|c| header.iter().position(|h| h == c))
        .collect();
    if columns[0].is_none() {
        report
            .lines
            .push(refused(1, "", vec!["csv_no_sku_column".into()]));
        return Ok(report);
    }
    let categories = crate::sellers::store::categories(db).await?;
    let mut record = ::csv::StringRecord::new();
    let mut rows = 0;
    loop {
        let line = reader.position().line() + 1;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(_) => {
                // A broken quote spoils the rest of the file: report it and stop.
                report
                    .lines
                    .push(refused(line, "", vec!["csv_broken".into()]));
                break;
            }
        }
        let line = record.position().map_or(line, |p| p.line());
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows += 1;
        if rows > MAX_ROWS {
            report
                .lines
                .push(refused(line, "", vec!["csv_too_many_rows".into()]));
            break;
        }
        let row = Row {
            record: &record,
            columns: &columns,
        };
        let outcome = import_row(db, seller, &row, &categories).await?;
        let sku = row.get("sku").unwrap_or("").to_string();
        report.lines.push(match outcome {
            Ok(outcome) => ImportLine {
                line,
                sku,
                outcome: outcome.into(),
                reasons: Vec::new(),
            },
            Err(reasons) => refused(line, &sku, reasons),
        });
    }
    Ok(report)
}

/// One row: "created" or "updated", or the reasons it was refused.
async fn import_row(
    db: &Db,
    seller: &Seller,
    row: &Row<'_>,
    categories: &[crate::catalog::Category],
) -> Result<Result<&'static str, Vec<String>>, sqlx::Error> {
    let sku = row.get("sku").unwrap_or("");
    if super::validate::sku(sku).is_none() {
        return Ok(Err(vec![if sku.is_empty() {
            "sku_missing"
        } else {
            "sku_invalid"
        }
        .into()]));
    }
    let parent = row.get("parent_sku").unwrap_or("");
    // A new option is "created" although its product is updated.
    let mut new_option = false;
    let (id, form) = if parent.is_empty() {
        let id = store::product_by_sku(db, seller.id, sku).await?;
        let mut form = match id {
            Some(id) => store::form_of(db, seller.id, id).await?.unwrap_or_default(),
            None => ProductForm::new_for(seller.category.as_deref().unwrap_or(""), seller.verified),
        };
        form.sku = sku.to_string();
        if let Err(reasons) = apply_product(row, &mut form, categories, id.is_none()) {
            return Ok(Err(reasons));
        }
        (id, form)
    } else {
        let Some(id) = store::product_by_sku(db, seller.id, parent).await? else {
            return Ok(Err(vec!["parent_sku_unknown".into()]));
        };
        let mut form = store::form_of(db, seller.id, id).await?.unwrap_or_default();
        new_option = !form.variants.iter().any(|v| v.sku == sku);
        let at = match form.variants.iter().position(|v| v.sku == sku) {
            Some(at) => at,
            None => {
                form.variants.push(VariantForm {
                    sku: sku.to_string(),
                    ..Default::default()
                });
                form.variants.len() - 1
            }
        };
        let v = &mut form.variants[at];
        for (column, field) in [
            ("variant", &mut v.label),
            ("price", &mut v.price),
            ("mrp", &mut v.mrp),
            ("stock", &mut v.stock),
        ] {
            if let Some(value) = row.get(column) {
                *field = value.to_string();
            }
        }
        (Some(id), form)
    };
    let product = match super::validate::product(&form) {
        Ok(p) => p,
        Err(list) => return Ok(Err(list.into_iter().map(|e| e.code).collect())),
    };
    if product.status == "live" && !seller.verified {
        return Ok(Err(vec!["seller_not_verified".into()]));
    }
    Ok(
        match store::save(db, seller, id, &product, &[], &[]).await? {
            Saved::Done { .. } if id.is_some() && !new_option => Ok("updated"),
            Saved::Done { .. } => Ok("created"),
            Saved::NotFound => Err(vec!["parent_sku_unknown".into()]),
            Saved::Refused(_, code) => Err(vec![code.into()]),
        },
    )
}

/// Copies a product row's cells onto the form; a column the file does not have keeps the
/// stored value (a file with only `sku,stock` updates stock).
fn apply_product(
    row: &Row<'_>,
    form: &mut ProductForm,
    categories: &[crate::catalog::Category],
    new: bool,
) -> Result<(), Vec<String>> {
    let mut reasons = Vec::new();
    for (column, field) in [
        ("title_en", &mut form.title_en),
        ("title_hi", &mut form.title_hi),
        ("description_en", &mut form.description_en),
        ("description_hi", &mut form.description_hi),
        ("price", &mut form.price),
        ("mrp", &mut form.mrp),
        ("stock", &mut form.stock),
        ("hsn", &mut form.hsn),
        ("gst_rate", &mut form.gst_rate),
        ("weight_g", &mut form.weight_g),
        ("length_cm", &mut form.length_cm),
        ("width_cm", &mut form.width_cm),
        ("height_cm", &mut form.height_cm),
        ("materials", &mut form.materials),
        ("care", &mut form.care),
        ("origin", &mut form.origin),
    ] {
        if let Some(value) = row.get(column) {
            *field = value.to_string();
        }
    }
    if let Some(status) = row.get("status") {
        form.status = status.to_lowercase();
    }
    if let Some(category) = row.get("category") {
        // The slug, or the category's name in either language.
        let wanted = category.to_lowercase();
        match categories.iter().find(|c| {
            c.slug == wanted || c.name.en.to_lowercase() == wanted || c.name.hi == category
        }) {
            Some(c) => {
                form.category = c.slug.clone();
                if new && row.get("hsn").is_none() {
                    form.hsn = super::hints::for_category(&c.slug)
                        .first()
                        .map(|h| h.hsn.to_string())
                        .unwrap_or_default();
                }
            }
            None => reasons.push("category_invalid".to_string()),
        }
    }
    for (column, field) in [("handmade", &mut form.handmade), ("gi", &mut form.gi)] {
        if let Some(value) = row.get(column) {
            match parse_flag(value) {
                Some(b) => *field = b,
                None => reasons.push("csv_yes_no".to_string()),
            }
        }
    }
    if reasons.is_empty() {
        Ok(())
    } else {
        Err(reasons)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_has_every_column_and_reads_back() {
        let t = template();
        assert!(t.starts_with('\u{feff}'));
        let mut r = ::csv::Reader::from_reader(t.trim_start_matches('\u{feff}').as_bytes());
        let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
        assert_eq!(header, COLUMNS);
        let rows: Vec<_> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[1][1], "SAREE-001");
        assert_eq!(&rows[0][4], "बनारसी कतान सिल्क साड़ी");
    }

    #[test]
    fn flags_read_both_languages() {
        assert_eq!(parse_flag("हाँ"), Some(true));
        assert_eq!(parse_flag("No"), Some(false));
        assert_eq!(parse_flag("maybe"), None);
    }
}
