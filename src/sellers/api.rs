//! Endpoints of seller registration and verification. Sellers act on their own application
//! only (found from the session, never from an argument); decisions need an admin who passed
//! the second factor.
// A form's fields arrive as a server function's arguments; step 3 has ten of them.
#![allow(clippy::too_many_arguments)]
use super::{QueueEntry, SellData, SellerProfile};
use crate::error::AppError;
use crate::identity::Me;
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, MultipartData, MultipartFormData};

#[cfg(feature = "ssr")]
use crate::identity::guard::{self, invalid};

#[cfg(feature = "ssr")]
fn refused(r: super::store::Refusal) -> AppError {
    use super::store::Refusal;
    match r {
        Refusal::Locked => invalid("form", "application_locked"),
        Refusal::UnknownDistrict => invalid("district", "district_invalid"),
        Refusal::UnknownCategory => invalid("category", "category_invalid"),
        Refusal::Incomplete => invalid("form", "application_incomplete"),
        Refusal::NotPending => invalid("form", "seller_not_pending"),
        Refusal::NoSeller => invalid("form", "craft_first"),
    }
}

/// A verified mobile number is step 1; every later step needs it.
#[cfg(feature = "ssr")]
async fn require_verified_phone(db: &crate::db::Db) -> Result<i64, AppError> {
    let me = guard::require_user(db).await?;
    let profile = crate::identity::store::profile(db, me.user_id).await?;
    if profile.and_then(|p| p.phone_verified) != Some(true) {
        return guard::fail(invalid("phone", "phone_unverified"));
    }
    Ok(me.user_id)
}

/// Everything the registration wizard shows: the person (if signed in), their application and
/// the lists to choose from. Guests get empty data and the first step.
#[server(input = GetUrl, endpoint = "sell_data")]
pub async fn load_sell_page() -> Result<SellData, AppError> {
    use super::store;
    let db = crate::request::db()?;
    let caller = guard::caller(&db).await?;
    let (me, application) = match caller {
        Some(c) => (
            crate::identity::store::profile(&db, c.user_id).await?,
            store::application_of(&db, c.user_id)
                .await?
                .map(|(_, a)| a)
                .unwrap_or_default(),
        ),
        None => (None, Default::default()),
    };
    Ok(SellData {
        me,
        application,
        districts: store::district_choices(&db).await?,
        categories: store::categories(&db).await?,
    })
}

/// Step 2: shop name, district, craft category, the workshop's story and, optionally, a
/// profile photo — one multipart form, so the photo travels with the rest. The first save makes
/// the account a seller (a draft), which changes its roles: the session id is replaced.
///
/// The photo is judged by its content, not its name; two square copies are kept (200 and 400
/// px, JPEG, metadata such as GPS dropped) and the original is forgotten.
#[server(input = MultipartFormData, endpoint = "save_craft")]
pub async fn save_craft(data: MultipartData) -> Result<(), AppError> {
    use crate::media;
    let db = crate::request::db()?;
    let user_id = require_verified_phone(&db).await?;
    // A sent or verified application is not changed (and no photo is processed for it).
    if let Some(seller) = crate::identity::guard::seller_of(&db, user_id).await? {
        if !seller.status.editable() {
            return guard::fail(refused(super::store::Refusal::Locked));
        }
    }
    let mut upload = match media::read_upload(
        data,
        |name| ["shop_name", "district", "category", "story"].contains(&name),
        "photo",
        1,
    )
    .await
    {
        Ok(u) => u,
        Err(r) => return guard::fail(invalid("photo", r.code())),
    };
    let checked = super::validate::craft(
        &upload.get("shop_name"),
        &upload.get("district"),
        &upload.get("category"),
        &upload.get("story"),
    );
    let craft = match checked {
        Ok(craft) => craft,
        Err(problems) => {
            // Without JavaScript the page is drawn anew: it shows what was typed again.
            let typed = ["shop_name", "district", "category", "story"]
                .map(|n| (n.to_string(), upload.get(n)))
                .to_vec();
            crate::drafts::remember_refused(
                &db,
                <SaveCraft as leptos::server_fn::ServerFn>::PATH,
                typed,
            )
            .await;
            return guard::fail(AppError::Validation(problems));
        }
    };
    let photo = upload.files.pop().unwrap_or_default();
    // A browser sends an empty file part when no photo was chosen.
    let store = use_context::<media::Media>().ok_or(AppError::Internal)?;
    // Removed again if this save does not go through.
    let mut written = media::Written::new(store.0.as_ref());
    let photo = if photo.is_empty() {
        None
    } else {
        let bucket = format!("photo:{user_id}");
        guard::take_limit(&db, &bucket, crate::identity::limits::PHOTOS_PER_ACCOUNT).await?;
        match media::resize_squares(photo, &[200, 400]).await {
            Ok(copies) => Some(store_photo(&mut written, user_id, &copies)?),
            Err(r) => return guard::fail(invalid("photo", r.code())),
        }
    };
    match super::store::save_craft(&db, user_id, &craft, photo.as_ref()).await? {
        Ok(created) => {
            written.keep();
            if created {
                tracing::info!(user.id = user_id, "seller registration started");
                guard::rotate_session(&db, user_id, false).await?;
            }
            leptos_axum::redirect("/sell?step=3");
            Ok(())
        }
        Err(r) => guard::fail(refused(r)),
    }
}

/// Writes the copies of a photo; returns the larger one's URL and the `srcset` of all.
#[cfg(feature = "ssr")]
fn store_photo(
    written: &mut crate::media::Written<'_>,
    user_id: i64,
    copies: &[(u32, Vec<u8>)],
) -> Result<(String, String), AppError> {
    let name = crate::helpers::random_hex(8);
    let mut srcset = Vec::new();
    let mut largest = String::new();
    for (width, jpeg) in copies {
        let key = format!("sellers/{user_id}-{name}-{width}.jpg");
        let url = written.put(key, jpeg).map_err(|e| {
            tracing::error!(error = %e, "writing a photo failed");
            AppError::Internal
        })?;
        srcset.push(format!("{url} {width}w"));
        largest = url;
    }
    Ok((largest, srcset.join(", ")))
}

/// Step 3: GST registration (or PAN and enrolment for an unregistered artisan), Udyam, pickup
/// address.
#[server(endpoint = "save_business")]
pub async fn save_business(
    business_kind: Option<String>,
    gstin: String,
    legal_name: String,
    pan: String,
    gst_enrolment: String,
    udyam: String,
    pickup_line1: String,
    pickup_line2: String,
    pickup_city: String,
    pickup_pin: String,
) -> Result<(), AppError> {
    use super::validate::{business, BusinessForm};
    let db = crate::request::db()?;
    let user_id = require_verified_phone(&db).await?;
    let form = BusinessForm {
        kind: business_kind.as_deref(),
        gstin: &gstin,
        legal_name: &legal_name,
        pan: &pan,
        gst_enrolment: &gst_enrolment,
        udyam: &udyam,
        line1: &pickup_line1,
        line2: &pickup_line2,
        city: &pickup_city,
        pin: &pickup_pin,
    };
    let b = guard::checked(business(&form).map_err(AppError::Validation))?;
    match super::store::save_business(&db, user_id, &b).await? {
        Ok(()) => {
            leptos_axum::redirect("/sell?step=4");
            Ok(())
        }
        Err(r) => guard::fail(refused(r)),
    }
}

/// Step 4: where the money goes.
#[server(endpoint = "save_payout")]
pub async fn save_payout(
    payout_method: Option<String>,
    upi_vpa: String,
    bank_account: String,
    ifsc: String,
    account_holder: String,
) -> Result<(), AppError> {
    let db = crate::request::db()?;
    let user_id = require_verified_phone(&db).await?;
    let p = super::validate::payout(
        payout_method.as_deref(),
        &upi_vpa,
        &bank_account,
        &ifsc,
        &account_holder,
    )
    .map_err(AppError::Validation);
    let p = guard::checked(p)?;
    match super::store::save_payout(&db, user_id, &p).await? {
        Ok(()) => {
            leptos_axum::redirect("/sell?step=5");
            Ok(())
        }
        Err(r) => guard::fail(refused(r)),
    }
}

/// Sends the complete application to the ODOP cell (again, after a rejection).
#[server(endpoint = "submit_application")]
pub async fn submit_application() -> Result<(), AppError> {
    let db = crate::request::db()?;
    let user_id = require_verified_phone(&db).await?;
    match super::store::submit(&db, user_id).await? {
        Ok(()) => {
            tracing::info!(user.id = user_id, "seller application submitted");
            leptos_axum::redirect("/sell");
            Ok(())
        }
        Err(r) => guard::fail(refused(r)),
    }
}

/// The ODOP cell's verification queue (admins with the second factor only), with who asks: the
/// page tells a guest to sign in and an admin without the second factor to give it.
#[server(input = GetUrl, endpoint = "seller_queue")]
pub async fn seller_queue() -> Result<(Option<Me>, Result<Vec<QueueEntry>, AppError>), AppError> {
    let db = crate::request::db()?;
    let me = guard::current_account(&db).await?;
    let queue = match guard::require_admin(&db).await {
        Ok(_) => Ok(super::store::queue(&db).await?),
        Err(refused) => Err(refused),
    };
    Ok((me, queue))
}

#[cfg(feature = "ssr")]
async fn decide(seller_id: i64, reason: Option<String>) -> Result<(), AppError> {
    let db = crate::request::db()?;
    let admin = guard::require_admin(&db).await?;
    let reason = match reason {
        Some(r) => Some(guard::checked(
            super::validate::reason(&r).map_err(AppError::Validation),
        )?),
        None => None,
    };
    let phone = match super::store::decide(&db, admin.user_id, seller_id, reason.as_deref()).await?
    {
        Ok(phone) => phone,
        Err(r) => return guard::fail(refused(r)),
    };
    tracing::info!(
        admin.id = admin.user_id,
        seller.id = seller_id,
        approved = reason.is_none(),
        "seller decided"
    );
    if let Some(phone) = phone {
        let body = match &reason {
            None => {
                "ODOP Mart: आपका विक्रेता खाता सत्यापित हो गया है / your seller account is verified."
                    .to_string()
            }
            Some(r) => {
                format!("ODOP Mart: आपका आवेदन लौटाया गया / your application was returned: {r}")
            }
        };
        let notify = use_context::<crate::notify::Notify>().unwrap_or_default();
        let message = crate::notify::Message {
            channel: "sms",
            recipient: format!("+91{phone}"),
            body,
        };
        // The decision stands even if the SMS fails; the seller also sees it on their page.
        if let Err(e) = crate::notify::send(&db, notify.0.as_ref(), message).await {
            tracing::error!(seller.id = seller_id, error = %e, "telling the seller failed");
        }
    }
    leptos_axum::redirect("/admin/sellers");
    Ok(())
}

/// Approves a pending seller: their page and products can go live.
#[server(endpoint = "approve_seller")]
pub async fn approve_seller(seller_id: i64) -> Result<(), AppError> {
    decide(seller_id, None).await
}

/// Returns a pending application to its seller with a reason they can act on.
#[server(endpoint = "reject_seller")]
pub async fn reject_seller(seller_id: i64, reason: String) -> Result<(), AppError> {
    decide(seller_id, Some(reason)).await
}

/// A verified seller's public page.
#[server(input = GetUrl, endpoint = "seller_profile")]
pub async fn load_seller_page(slug: String) -> Result<SellerProfile, AppError> {
    let db = crate::request::db()?;
    if !crate::domain::Slug::is_valid(&slug) {
        return guard::fail(AppError::NotFound);
    }
    match super::store::profile(&db, &slug).await? {
        Some(p) => Ok(p),
        None => guard::fail(AppError::NotFound),
    }
}
