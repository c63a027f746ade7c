//! Endpoints of a seller's listings. Each finds the seller from the session; a product id in
//! the arguments is only ever looked up together with that seller.
use super::{Dashboard, EditorData};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, MultipartData, MultipartFormData};

#[cfg(feature = "ssr")]
use crate::auth::guard::{self, invalid};

/// The caller's seller; `Forbidden` for anyone without one (a shopper).
#[cfg(feature = "ssr")]
async fn require_seller(db: &crate::db::Db) -> Result<(i64, super::store::Seller), AppError> {
    let me = guard::require_user(db).await?;
    match super::store::seller_of(db, me.user_id).await? {
        Some(seller) => Ok((me.user_id, seller)),
        None => guard::fail(AppError::Forbidden),
    }
}

/// The seller's dashboard: counts and products.
#[server(input = GetUrl, endpoint = "load_dashboard")]
pub async fn load_dashboard() -> Result<Dashboard, AppError> {
    let db = crate::server::db()?;
    let (_, seller) = require_seller(&db).await?;
    Ok(super::store::dashboard(&db, &seller).await?)
}

/// The editor: a new product (`id` = `None`) or one of the seller's own.
#[server(input = GetUrl, endpoint = "load_product_editor")]
pub async fn load_product_editor(id: Option<i64>) -> Result<EditorData, AppError> {
    let db = crate::server::db()?;
    let (_, seller) = require_seller(&db).await?;
    let product = match id {
        Some(id) => match super::store::form_of(&db, seller.id, id).await? {
            Some(p) => p,
            None => return guard::fail(AppError::NotFound),
        },
        None => {
            // A new product starts from the seller's craft and the usual rate for handicrafts.
            super::ProductForm {
                category: seller.category.clone().unwrap_or_default(),
                gst_rate: "5".into(),
                stock: "1".into(),
                handmade: true,
                origin: "India".into(),
                status: if seller.verified { "live" } else { "draft" }.into(),
                ..Default::default()
            }
        }
    };
    Ok(EditorData {
        product,
        categories: crate::sellers::store::categories(&db).await?,
        gi_tag: seller.gi_tag.clone(),
        seller_verified: seller.verified,
    })
}

/// Saves the product editor (a multipart form: its fields and up to eight new photos). Only a
/// verified seller's product can be live. Photos are judged by content and kept as JPEG copies
/// 320, 640 and 1280 px wide (metadata dropped).
#[server(input = MultipartFormData, endpoint = "save_product")]
pub async fn save_product(data: MultipartData) -> Result<(), AppError> {
    use crate::media;
    let db = crate::server::db()?;
    let (user_id, seller) = require_seller(&db).await?;
    // Over the photo limit already: refused before up to 80 MB are read.
    let bucket = format!("photo:{user_id}");
    guard::check_limits(&db, &[(&bucket, crate::auth::limits::PHOTOS_PER_ACCOUNT)]).await?;
    let upload = match media::read_upload(
        data,
        &[
            "id",
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
            "materials",
            "care",
            "origin",
            "handmade",
            "gi",
            "status",
        ],
        "photos",
        super::MAX_PHOTOS,
    )
    .await
    {
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
    let form = super::ProductForm {
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
        materials: upload.get("materials"),
        care: upload.get("care"),
        origin: upload.get("origin"),
        handmade: !upload.get("handmade").is_empty(),
        gi: !upload.get("gi").is_empty(),
        status: upload.get("status"),
        ..Default::default()
    };
    let product = guard::checked(super::validate::product(&form).map_err(AppError::Validation))?;
    if product.status == "live" && !seller.verified {
        return guard::fail(invalid("status", "seller_not_verified"));
    }
    // The photo limit counts the ones already stored; an id that is not the seller's stops here.
    let existing = match id {
        Some(id) => match super::store::photo_count(&db, seller.id, id).await? {
            Some(n) => n as usize,
            None => return guard::fail(AppError::NotFound),
        },
        None => 0,
    };
    if existing + upload.files.len() > super::MAX_PHOTOS {
        return guard::fail(invalid("photos", "photo_too_many"));
    }
    // The hourly limit counts photos, not saves.
    for _ in &upload.files {
        guard::take_limit(&db, &bucket, crate::auth::limits::PHOTOS_PER_ACCOUNT).await?;
    }
    let store = use_context::<media::Media>().ok_or(AppError::Internal)?;
    // Removed again if this save does not go through.
    let mut written = media::Written::new(store.0.as_ref());
    let mut photos = Vec::new();
    for bytes in upload.files {
        let copies = match media::resize_widths(bytes, &[320, 640, 1280]).await {
            Ok(c) => c,
            Err(r) => return guard::fail(invalid("photos", r.code())),
        };
        let name = media::random_name();
        let mut srcset = Vec::new();
        let mut largest = None;
        for c in &copies {
            let key = format!("products/{}-{name}-{}.jpg", seller.id, c.width);
            let url = written.put(key, &c.jpeg).map_err(|e| {
                tracing::error!(error = %e, "writing a photo failed");
                AppError::Internal
            })?;
            srcset.push(format!("{url} {}w", c.width));
            largest = Some((url, c.width, c.height));
        }
        if let Some((url, width, height)) = largest {
            photos.push(super::store::NewPhoto {
                url,
                srcset: srcset.join(", "),
                width: i64::from(width),
                height: i64::from(height),
            });
        }
    }
    match super::store::save(&db, &seller, id, &product, &photos).await? {
        Some(Ok(product_id)) => {
            written.keep();
            tracing::info!(
                seller.id = seller.id,
                product.id = product_id,
                "product saved"
            );
            leptos_axum::redirect(&format!("/dashboard?saved={product_id}"));
            Ok(())
        }
        Some(Err(code)) => guard::fail(invalid(
            if code == "photo_too_many" {
                "photos"
            } else {
                "category"
            },
            code,
        )),
        None => guard::fail(AppError::NotFound),
    }
}

/// The dashboard's quick stock edit.
#[server(endpoint = "set_stock")]
pub async fn set_stock(product_id: i64, stock: String) -> Result<(), AppError> {
    let db = crate::server::db()?;
    let (_, seller) = require_seller(&db).await?;
    let Some(stock) = super::validate::stock(&stock) else {
        return guard::fail(invalid("stock", "stock_invalid"));
    };
    if !super::store::set_stock(&db, seller.id, product_id, stock).await? {
        return guard::fail(AppError::NotFound);
    }
    leptos_axum::redirect("/dashboard");
    Ok(())
}
