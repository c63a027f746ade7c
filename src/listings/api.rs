//! Endpoints of a seller's listings and of their moderation. Each finds the caller from the
//! session; a product id in the arguments is only ever looked up together with that seller.
use super::{Dashboard, EditorData, ImportReport, ModerationQueue};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, MultipartData, MultipartFormData};

#[cfg(feature = "ssr")]
use crate::identity::guard::{self, invalid, require_seller};

/// The seller's dashboard: counts and products.
#[server(input = GetUrl, endpoint = "load_dashboard")]
pub async fn load_dashboard() -> Result<Dashboard, AppError> {
    let db = crate::request::db()?;
    let (_, seller) = require_seller(&db).await?;
    Ok(super::store::dashboard(&db, &seller).await?)
}

/// The editor: a new product (`id` = `None`) or one of the seller's own.
#[server(input = GetUrl, endpoint = "load_product_editor")]
pub async fn load_product_editor(id: Option<i64>) -> Result<EditorData, AppError> {
    let db = crate::request::db()?;
    let (_, seller) = require_seller(&db).await?;
    let product = match id {
        Some(id) => match super::store::form_of(&db, seller.id, id).await? {
            Some(p) => p,
            None => return guard::fail(AppError::NotFound),
        },
        None => {
            super::ProductForm::new_for(seller.category.as_deref().unwrap_or(""), seller.verified)
        }
    };
    Ok(EditorData {
        product,
        categories: crate::sellers::store::categories(&db).await?,
        gi_tag: seller.gi_tag.clone(),
        seller_verified: seller.verified,
        moderation_required: super::store::moderation_required(&db.pool).await?,
    })
}

/// The editor's plain fields.
#[cfg(feature = "ssr")]
const EDITOR_FIELDS: &[&str] = &[
    "id",
    "sku",
    "title_hi",
    "title_en",
    "description_hi",
    "description_en",
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
    "origin",
    "handmade",
    "gi",
    "status",
];

/// Whether `name` is a field of the editor: a plain one, a stored photo's edit or an option
/// row (numbered within the limits, so a form cannot make the server keep thousands).
#[cfg(feature = "ssr")]
fn editor_field(name: &str) -> bool {
    EDITOR_FIELDS.contains(&name)
        || (0..super::MAX_PHOTOS).any(|i| {
            ["id", "alt", "pos", "remove"]
                .iter()
                .any(|w| name == super::photo_field(i, w))
        })
        || (0..super::MAX_VARIANTS).any(|i| {
            ["id", "sku", "label", "price", "mrp", "stock"]
                .iter()
                .any(|w| name == super::variant_field(i, w))
        })
}

/// Saves the product editor (a multipart form: its fields, its options, edits of the stored
/// photos and up to eight new ones). Only a verified seller's product can be live; with
/// moderation on it first waits for the ODOP cell. Photos are judged by content and kept as
/// JPEG copies 320, 640 and 1280 px wide (metadata dropped).
#[server(input = MultipartFormData, endpoint = "save_product")]
pub async fn save_product(data: MultipartData) -> Result<(), AppError> {
    use crate::media;
    let db = crate::request::db()?;
    let (user_id, seller) = require_seller(&db).await?;
    // Over the photo limit already: refused before up to 80 MB are read.
    let bucket = format!("photo:{user_id}");
    guard::check_limits(
        &db,
        &[(&bucket, crate::identity::limits::PHOTOS_PER_ACCOUNT)],
    )
    .await?;
    let upload = match media::read_upload(data, editor_field, "photos", super::MAX_PHOTOS).await {
        Ok(u) => u,
        Err(r) => return guard::fail(invalid("photos", r.code())),
    };
    let id = match upload.get("id").trim() {
        "" => None,
        s => match s.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => return guard::fail(AppError::NotFound),
        },
    };
    let variants = (0..super::MAX_VARIANTS)
        .map(|i| super::VariantForm {
            id: upload
                .get(&super::variant_field(i, "id"))
                .trim()
                .parse()
                .ok(),
            sku: upload.get(&super::variant_field(i, "sku")),
            label: upload.get(&super::variant_field(i, "label")),
            price: upload.get(&super::variant_field(i, "price")),
            mrp: upload.get(&super::variant_field(i, "mrp")),
            stock: upload.get(&super::variant_field(i, "stock")),
        })
        .collect();
    let edits: Vec<super::store::PhotoEdit> = (0..super::MAX_PHOTOS)
        .filter_map(|i| {
            let id = upload
                .get(&super::photo_field(i, "id"))
                .trim()
                .parse()
                .ok()?;
            Some(super::store::PhotoEdit {
                id,
                alt: upload
                    .get(&super::photo_field(i, "alt"))
                    .chars()
                    .take(200)
                    .collect(),
                position: upload
                    .get(&super::photo_field(i, "pos"))
                    .trim()
                    .parse()
                    .unwrap_or(i as i64 + 1),
                remove: !upload.get(&super::photo_field(i, "remove")).is_empty(),
            })
        })
        .collect();
    let form = super::ProductForm {
        sku: upload.get("sku"),
        title_hi: upload.get("title_hi"),
        title_en: upload.get("title_en"),
        description_hi: upload.get("description_hi"),
        description_en: upload.get("description_en"),
        category: upload.get("category"),
        price: upload.get("price"),
        mrp: upload.get("mrp"),
        stock: upload.get("stock"),
        hsn: upload.get("hsn"),
        gst_rate: upload.get("gst_rate"),
        weight_g: upload.get("weight_g"),
        length_cm: upload.get("length_cm"),
        width_cm: upload.get("width_cm"),
        height_cm: upload.get("height_cm"),
        materials: upload.get("materials"),
        care: upload.get("care"),
        origin: upload.get("origin"),
        handmade: !upload.get("handmade").is_empty(),
        gi: !upload.get("gi").is_empty(),
        status: upload.get("status"),
        variants,
        ..Default::default()
    };
    let product = match super::validate::product(&form) {
        Ok(product) => product,
        Err(problems) => {
            // Without JavaScript the editor is drawn anew: it shows what was typed again.
            let typed = upload.text.clone().into_iter().collect();
            let path = <SaveProduct as leptos::server_fn::ServerFn>::PATH;
            crate::drafts::remember_refused(&db, path, typed).await;
            return guard::fail(AppError::Validation(problems));
        }
    };
    if product.status == "live" && !seller.verified {
        return guard::fail(invalid("status", "seller_not_verified"));
    }
    // The photo limit counts the ones already stored less those removed; an id that is not
    // the seller's stops here, before any photo is decoded.
    let existing = match id {
        Some(id) => match super::store::photo_count(&db, seller.id, id).await? {
            Some(n) => n as usize,
            None => return guard::fail(AppError::NotFound),
        },
        None => 0,
    };
    let removing = edits.iter().filter(|e| e.remove).count();
    if existing.saturating_sub(removing) + upload.files.len() > super::MAX_PHOTOS {
        return guard::fail(invalid("photos", "photo_too_many"));
    }
    // The hourly limit counts photos, not saves.
    for _ in &upload.files {
        guard::take_limit(&db, &bucket, crate::identity::limits::PHOTOS_PER_ACCOUNT).await?;
    }
    let store = use_context::<media::Media>().ok_or(AppError::Internal)?;
    // Removed again if this save does not go through.
    let mut written = media::Written::new(store.0.as_ref());
    let mut photos = Vec::new();
    let prefix = format!("products/{}", seller.id);
    for bytes in upload.files {
        match media::store_widths(&mut written, &prefix, bytes, &[320, 640, 1280]).await {
            Ok(photo) => photos.push(photo),
            Err(e) => return guard::fail(crate::media::photo_error("photos", e)),
        }
    }
    match super::store::save(&db, &seller, id, &product, &photos, &edits).await? {
        super::store::Saved::Done {
            id: product_id,
            pending,
            removed,
        } => {
            written.keep();
            media::discard(store.0.as_ref(), &removed);
            tracing::info!(
                seller.id = seller.id,
                product.id = product_id,
                pending,
                "product saved"
            );
            leptos_axum::redirect(&format!(
                "/dashboard?saved={product_id}{}",
                if pending { "&pending=1" } else { "" }
            ));
            Ok(())
        }
        super::store::Saved::Refused(field, code) => guard::fail(invalid(field, code)),
        super::store::Saved::NotFound => guard::fail(AppError::NotFound),
    }
}

/// The dashboard's quick stock edit (products without options).
#[server(endpoint = "set_stock")]
pub async fn set_stock(product_id: i64, stock: String) -> Result<(), AppError> {
    use super::store::StockSet;
    let db = crate::request::db()?;
    let (_, seller) = require_seller(&db).await?;
    let Some(stock) = super::validate::stock(&stock) else {
        return guard::fail(invalid("stock", "stock_invalid"));
    };
    match super::store::set_stock(&db, seller.id, product_id, stock).await? {
        StockSet::Done => {}
        StockSet::NotFound => return guard::fail(AppError::NotFound),
        StockSet::HasOptions => return guard::fail(invalid("stock", "stock_in_options")),
    }
    leptos_axum::redirect("/dashboard");
    Ok(())
}

/// Imports a CSV file of listings (a multipart form with `file`): creates or updates by SKU,
/// one row at a time, and shows the report at `/dashboard/import?report=<id>`.
#[server(input = MultipartFormData, endpoint = "import_products")]
pub async fn import_products(data: MultipartData) -> Result<(), AppError> {
    let db = crate::request::db()?;
    let (user_id, seller) = require_seller(&db).await?;
    // Each import writes up to 5,000 rows: a few an hour is plenty for a person.
    let bucket = format!("import:{user_id}");
    guard::take_limit(&db, &bucket, crate::identity::limits::IMPORTS_PER_ACCOUNT).await?;
    let upload = match crate::media::read_upload(data, |_| false, "file", 1).await {
        Ok(u) => u,
        Err(r) => return guard::fail(invalid("file", r.code())),
    };
    let Some(bytes) = upload.files.first() else {
        return guard::fail(invalid("file", "csv_missing"));
    };
    if bytes.len() > super::bulk::MAX_BYTES {
        return guard::fail(invalid("file", "csv_too_large"));
    }
    let report = super::bulk::import(&db, &seller, bytes).await?;
    tracing::info!(
        seller.id = seller.id,
        created = report.count("created"),
        updated = report.count("updated"),
        refused = report.count("refused"),
        "listings imported"
    );
    let json = serde_json::to_string(&report).map_err(|_| AppError::Internal)?;
    let id = super::store::save_import_report(&db, seller.id, &json).await?;
    leptos_axum::redirect(&format!("/dashboard/import?report={id}"));
    Ok(())
}

/// A report of one of the seller's own imports.
#[server(input = GetUrl, endpoint = "load_import_report")]
pub async fn load_import_report(id: i64) -> Result<ImportReport, AppError> {
    let db = crate::request::db()?;
    let (_, seller) = require_seller(&db).await?;
    match super::store::import_report(&db, seller.id, id).await? {
        Some(json) => serde_json::from_str(&json).map_err(|_| AppError::Internal),
        None => guard::fail(AppError::NotFound),
    }
}

/// `GET /dashboard/products.csv`: the seller's listings as CSV (a plain download, so it reads
/// the session cookie itself).
#[cfg(feature = "ssr")]
pub async fn export_csv(
    axum::extract::State(state): axum::extract::State<crate::request::AppState>,
    headers: http::HeaderMap,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let db = &state.db;
    let seller = match guard::user_of_request(db, state.settings, &headers).await {
        Ok(Some(user)) => super::store::seller_of(db, user).await,
        Ok(None) => {
            return axum::response::Redirect::to("/sign-in?next=/dashboard").into_response()
        }
        Err(e) => Err(e),
    };
    let seller = match seller {
        Ok(Some(s)) => s,
        Ok(None) => return http::StatusCode::FORBIDDEN.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "export failed");
            return http::StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    match super::store::export(db, seller.id).await {
        Ok(products) => csv_file(
            &format!("{}-listings.csv", seller.slug),
            super::bulk::export(&products),
        ),
        Err(e) => {
            tracing::error!(error = %e, "export failed");
            http::StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `GET /dashboard/products-template.csv`: the columns with an example.
#[cfg(feature = "ssr")]
pub async fn template_csv() -> axum::response::Response {
    csv_file("odop-listings-template.csv", super::bulk::template())
}

#[cfg(feature = "ssr")]
fn csv_file(name: &str, body: String) -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        [
            (
                http::header::CONTENT_TYPE,
                "text/csv; charset=utf-8".to_string(),
            ),
            (
                http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// The ODOP cell's moderation queue and setting.
#[server(input = GetUrl, endpoint = "load_moderation")]
pub async fn load_moderation() -> Result<ModerationQueue, AppError> {
    let db = crate::request::db()?;
    guard::require_admin(&db).await?;
    Ok(super::store::moderation_queue(&db).await?)
}

/// Turns "products are checked before they go live" on or off.
#[server(endpoint = "set_moderation")]
pub async fn set_moderation(on: Option<String>) -> Result<(), AppError> {
    let db = crate::request::db()?;
    let admin = guard::require_admin(&db).await?;
    super::store::set_moderation(&db, admin.user_id, on.is_some()).await?;
    leptos_axum::redirect("/admin/products");
    Ok(())
}

/// Puts a pending product live.
#[server(endpoint = "approve_product")]
pub async fn approve_product(product_id: i64) -> Result<(), AppError> {
    let db = crate::request::db()?;
    let admin = guard::require_admin(&db).await?;
    if !super::store::decide_product(&db, admin.user_id, product_id, None).await? {
        return guard::fail(invalid("product", "product_not_pending"));
    }
    leptos_axum::redirect("/admin/products");
    Ok(())
}

/// Refuses a pending product with a note the seller sees in the editor.
#[server(endpoint = "refuse_product")]
pub async fn refuse_product(product_id: i64, note: String) -> Result<(), AppError> {
    let db = crate::request::db()?;
    let admin = guard::require_admin(&db).await?;
    let note = note.trim();
    if note.chars().count() < 10 || note.chars().count() > 500 {
        return guard::fail(invalid("note", "reason_invalid"));
    }
    if !super::store::decide_product(&db, admin.user_id, product_id, Some(note)).await? {
        return guard::fail(invalid("product", "product_not_pending"));
    }
    leptos_axum::redirect("/admin/products");
    Ok(())
}
