//! Endpoints of reviews. Writing one needs a delivered order of the product (checked on the
//! server from the session's user); answering one needs to be its product's seller.
use super::Review;
use crate::error::AppError;
use crate::i18n_util::Bilingual;
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, MultipartData, MultipartFormData};

#[cfg(feature = "ssr")]
use crate::identity::guard::{self, invalid};

/// What the review form needs: the product's title, and whether this buyer reviewed it.
#[server(input = GetUrl, endpoint = "review_form")]
pub async fn review_form(slug: String) -> Result<(Bilingual, bool), AppError> {
    let db = crate::request::db()?;
    let me = guard::require_user(&db).await?;
    let Some((_, _, reviewed, title)) = super::store::reviewable(&db, me.user_id, &slug).await?
    else {
        return guard::fail(AppError::Forbidden);
    };
    Ok((title, reviewed))
}

#[cfg(feature = "ssr")]
fn review_field(name: &str) -> bool {
    matches!(name, "product" | "stars" | "body")
}

/// Saves a review (a multipart form: `product`, `stars`, `body` and an optional `photo`).
#[server(input = MultipartFormData, endpoint = "save_review")]
pub async fn save_review(data: MultipartData) -> Result<(), AppError> {
    use crate::media;
    let db = crate::request::db()?;
    let me = guard::require_user(&db).await?;
    let bucket = format!("photo:{}", me.user_id);
    guard::check_limits(
        &db,
        &[(&bucket, crate::identity::limits::PHOTOS_PER_ACCOUNT)],
    )
    .await?;
    let upload = match media::read_upload(data, review_field, "photo", 1).await {
        Ok(u) => u,
        Err(r) => return guard::fail(invalid("photo", r.code())),
    };
    let slug = upload.get("product");
    let Some((product_id, seller_id, reviewed, _)) =
        super::store::reviewable(&db, me.user_id, slug.trim()).await?
    else {
        return guard::fail(AppError::Forbidden);
    };
    if reviewed {
        return guard::fail(invalid("stars", "review_exists"));
    }
    let stars = match upload.get("stars").trim().parse::<i64>() {
        Ok(n @ 1..=5) => n,
        _ => return guard::fail(invalid("stars", "stars_invalid")),
    };
    let body = upload.get("body").trim().to_string();
    if body.chars().count() > 2_000 {
        return guard::fail(invalid("body", "review_too_long"));
    }
    let store = use_context::<media::Media>().ok_or(AppError::Internal)?;
    let mut written = media::Written::new(store.0.as_ref());
    let mut photo = None;
    if let Some(bytes) = upload.files.into_iter().next() {
        guard::take_limit(&db, &bucket, crate::identity::limits::PHOTOS_PER_ACCOUNT).await?;
        let prefix = format!("reviews/{product_id}");
        let stored = match media::store_widths(&mut written, &prefix, bytes, &[320, 640]).await {
            Ok(s) => s,
            Err(e) => return guard::fail(crate::media::photo_error("photo", e)),
        };
        photo = Some(super::Photo {
            url: stored.url,
            srcset: stored.srcset,
            width: stored.width,
            height: stored.height,
        });
    }
    match super::store::add(
        &db,
        me.user_id,
        product_id,
        seller_id,
        stars,
        &body,
        photo.as_ref(),
    )
    .await?
    {
        Ok(()) => {
            written.keep();
            leptos_axum::redirect(&format!("/product/{}?reviewed=1", slug.trim()));
            Ok(())
        }
        Err(code) => guard::fail(invalid("stars", code)),
    }
}

/// The reviews of the signed-in seller's products.
#[server(input = GetUrl, endpoint = "seller_reviews")]
pub async fn seller_reviews() -> Result<Vec<Review>, AppError> {
    let db = crate::request::db()?;
    let (_, seller) = crate::identity::guard::require_seller(&db).await?;
    Ok(super::store::of_seller(&db, seller.id).await?)
}

/// The seller answers a review of their product (once).
#[server(endpoint = "reply_review")]
pub async fn reply_review(review_id: i64, reply: String) -> Result<(), AppError> {
    let db = crate::request::db()?;
    let (_, seller) = crate::identity::guard::require_seller(&db).await?;
    let reply = reply.trim();
    if reply.chars().count() < 2 || reply.chars().count() > 1_000 {
        return guard::fail(invalid("reply", "reply_invalid"));
    }
    match super::store::reply(&db, seller.id, review_id, reply).await? {
        Ok(()) => {
            if crate::request::is_plain_form_post() {
                leptos_axum::redirect("/dashboard/reviews");
            }
            Ok(())
        }
        Err("review_not_found") => guard::fail(AppError::NotFound),
        Err(code) => guard::fail(invalid("reply", code)),
    }
}
