//! SQL of sellers. Changes that touch several rows (a new seller, a decision and its audit
//! entry) run in one transaction; state changes say in their WHERE clause which state they
//! start from, so two racing requests cannot both succeed.
use super::validate::{Business, Craft, Payout, Tax};
use super::{Application, DistrictChoice, QueueEntry, SellerProfile, Status};
use crate::catalog::Category;
use crate::db::RowExt;
use crate::db::{now_unix, Db};
use crate::domain::BankAccount;
use sqlx::any::AnyRow;
use sqlx::Row;

/// Why the store refused a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Sent for verification or verified: no longer editable by the seller.
    Locked,
    UnknownDistrict,
    UnknownCategory,
    /// Not every step is answered.
    Incomplete,
    /// No application in the state the decision needs.
    NotPending,
    /// The step before this one is missing.
    NoSeller,
}

fn text(row: &AnyRow, column: &str) -> Result<String, sqlx::Error> {
    Ok(row
        .try_get::<Option<String>, _>(column)?
        .unwrap_or_default())
}

const APPLICATION_SELECT: &str = "SELECT s.id, s.slug, s.status, s.display_name_en, s.district_slug, \
    s.category_slug, s.story_en, s.story_hi, s.photo_url, s.photo_srcset, a.business_kind, a.gstin, a.legal_name, a.pan, \
    a.gst_enrolment, a.udyam, a.pickup_line1, a.pickup_line2, a.pickup_city, a.pickup_pin, a.payout_method, \
    a.upi_vpa, a.bank_account, a.ifsc, a.account_holder, a.rejection_reason, a.submitted_at \
    FROM sellers s JOIN seller_applications a ON a.seller_id = s.id";

fn application_from_row(row: &AnyRow, full_account: bool) -> Result<Application, sqlx::Error> {
    let story_hi = text(row, "story_hi")?;
    let account = text(row, "bank_account")?;
    Ok(Application {
        status: Status::parse(&text(row, "status")?),
        public_slug: row.try_get("slug")?,
        shop_name: row.try_get("display_name_en")?,
        district_slug: row.try_get("district_slug")?,
        category_slug: text(row, "category_slug")?,
        story: if story_hi.is_empty() {
            text(row, "story_en")?
        } else {
            story_hi
        },
        photo_url: row.try_get("photo_url")?,
        photo_srcset: row.try_get("photo_srcset")?,
        business_kind: text(row, "business_kind")?,
        gstin: text(row, "gstin")?,
        legal_name: text(row, "legal_name")?,
        pan: text(row, "pan")?,
        gst_enrolment: text(row, "gst_enrolment")?,
        udyam: text(row, "udyam")?,
        pickup_line1: text(row, "pickup_line1")?,
        pickup_line2: text(row, "pickup_line2")?,
        pickup_city: text(row, "pickup_city")?,
        pickup_pin: text(row, "pickup_pin")?,
        payout_method: text(row, "payout_method")?,
        upi_vpa: text(row, "upi_vpa")?,
        bank_account: if full_account || account.is_empty() {
            account
        } else {
            BankAccount::masked(&account)
        },
        ifsc: text(row, "ifsc")?,
        account_holder: text(row, "account_holder")?,
        rejection_reason: row.try_get("rejection_reason")?,
    })
}

/// The account's seller id and application (bank account masked), if it started one.
pub async fn application_of(
    db: &Db,
    user_id: i64,
) -> Result<Option<(i64, Application)>, sqlx::Error> {
    let row = sqlx::query(&format!("{APPLICATION_SELECT} WHERE s.user_id = $1"))
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| Ok((r.try_get("id")?, application_from_row(&r, false)?)))
        .transpose()
}

pub async fn district_choices(db: &Db) -> Result<Vec<DistrictChoice>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT slug, name_en, name_hi, odop_product_en, odop_product_hi, category_slug FROM districts ORDER BY name_en",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(DistrictChoice {
                slug: r.try_get("slug")?,
                name: r.bilingual("name")?,
                odop_product: r.bilingual("odop_product")?,
                category_slug: r.try_get("category_slug")?,
            })
        })
        .collect()
}

pub async fn categories(db: &Db) -> Result<Vec<Category>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT slug, name_en, name_hi FROM craft_categories ORDER BY position, slug")
            .fetch_all(&db.pool)
            .await?;
    rows.iter()
        .map(|r| {
            Ok(Category {
                slug: r.try_get("slug")?,
                name: r.bilingual("name")?,
            })
        })
        .collect()
}

/// The URL name of a new seller: the ASCII letters of the shop name, and the account id,
/// which makes it unique (`kashi-looms-42`; a name in Devanagari gives `seller-42`).
pub fn seller_slug(shop_name: &str, user_id: i64) -> String {
    let base = crate::domain::slug::ascii_base(shop_name);
    if base.is_empty() {
        format!("seller-{user_id}")
    } else {
        format!("{base}-{user_id}")
    }
}

/// A story in Devanagari is stored as the Hindi text, any other as the English one; pages fall
/// back to the other language when one is empty.
fn story_columns(story: &str) -> (String, String) {
    if story
        .chars()
        .any(|c| ('\u{0900}'..='\u{097F}').contains(&c))
    {
        (story.to_string(), String::new())
    } else {
        (String::new(), story.to_string())
    }
}

/// Step 2. The first time, creates the seller (a draft), its application and the seller role,
/// in one transaction; returns whether it did (the caller then rotates the session).
/// `photo` is a new profile photo's URL and `srcset`, if one came with the form.
pub async fn save_craft(
    db: &Db,
    user_id: i64,
    craft: &Craft,
    photo: Option<&(String, String)>,
) -> Result<Result<bool, Refusal>, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    if db.backend == crate::db::Backend::Postgres {
        // Two first saves at once (a double click) must not both create a seller: the second
        // waits for the first here and then finds its row. (SQLite's IMMEDIATE does the same.)
        sqlx::query("SELECT id FROM users WHERE id = $1 FOR UPDATE")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
    }
    let district: i64 = sqlx::query("SELECT COUNT(*) AS n FROM districts WHERE slug = $1")
        .bind(&craft.district)
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
    if district == 0 {
        return Ok(Err(Refusal::UnknownDistrict));
    }
    let category: i64 = sqlx::query("SELECT COUNT(*) AS n FROM craft_categories WHERE slug = $1")
        .bind(&craft.category)
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
    if category == 0 {
        return Ok(Err(Refusal::UnknownCategory));
    }
    let (story_hi, story_en) = story_columns(&craft.story);
    let now = now_unix();
    let existing = sqlx::query("SELECT id, status FROM sellers WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await?;
    let created = match existing {
        Some(row) => {
            let status: String = row.try_get("status")?;
            if !Status::parse(&status).is_some_and(Status::editable) {
                return Ok(Err(Refusal::Locked));
            }
            let id: i64 = row.try_get("id")?;
            let updated = sqlx::query(
                "UPDATE sellers SET display_name_en = $1, display_name_hi = $1, district_slug = $2, \
                 category_slug = $3, story_en = $4, story_hi = $5 WHERE id = $6 AND status IN ('draft', 'rejected')",
            )
            .bind(&craft.shop_name)
            .bind(&craft.district)
            .bind(&craft.category)
            .bind(story_en)
            .bind(story_hi)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            // Sent for verification meanwhile (another tab): it stays as sent.
            if updated.rows_affected() != 1 {
                return Ok(Err(Refusal::Locked));
            }
            sqlx::query("UPDATE seller_applications SET updated_at = $1 WHERE seller_id = $2")
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            false
        }
        None => {
            let id: i64 = sqlx::query(
                "INSERT INTO sellers (slug, display_name_en, display_name_hi, district_slug, category_slug, \
                 story_en, story_hi, created_at, user_id, status) VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8, 'draft') RETURNING id",
            )
            .bind(seller_slug(&craft.shop_name, user_id))
            .bind(&craft.shop_name)
            .bind(&craft.district)
            .bind(&craft.category)
            .bind(story_en)
            .bind(story_hi)
            .bind(now)
            .bind(user_id)
            .fetch_one(&mut *tx)
            .await?
            .try_get("id")?;
            sqlx::query("INSERT INTO seller_applications (seller_id, updated_at) VALUES ($1, $2)")
                .bind(id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            crate::identity::store::grant_role(&mut *tx, user_id, "seller").await?;
            true
        }
    };
    if let Some((url, srcset)) = photo {
        sqlx::query("UPDATE sellers SET photo_url = $1, photo_srcset = $2 WHERE user_id = $3 AND status IN ('draft', 'rejected')")
            .bind(url)
            .bind(srcset)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(Ok(created))
}

/// The application of the account's seller, if it may still be edited.
async fn editable_seller(db: &Db, user_id: i64) -> Result<Result<i64, Refusal>, sqlx::Error> {
    Ok(
        match crate::identity::guard::seller_of(db, user_id).await? {
            None => Err(Refusal::NoSeller),
            Some(seller) if !seller.status.editable() => Err(Refusal::Locked),
            Some(seller) => Ok(seller.id),
        },
    )
}

/// Runs an UPDATE of the application that only applies while the seller may edit it.
async fn update_if_editable<'q>(
    db: &Db,
    sql: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
) -> Result<Result<(), Refusal>, sqlx::Error> {
    let done = sql.execute(&db.pool).await?;
    Ok(if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(Refusal::Locked)
    })
}

const EDITABLE: &str =
    "EXISTS (SELECT 1 FROM sellers s WHERE s.id = seller_applications.seller_id AND s.status IN ('draft', 'rejected'))";

/// Step 3.
pub async fn save_business(
    db: &Db,
    user_id: i64,
    b: &Business,
) -> Result<Result<(), Refusal>, sqlx::Error> {
    let seller_id = match editable_seller(db, user_id).await? {
        Ok(id) => id,
        Err(r) => return Ok(Err(r)),
    };
    let (kind, gstin, legal_name, pan, enrolment) = match &b.tax {
        Tax::Registered { gstin, legal_name } => (
            "gst",
            Some(gstin.as_str().to_string()),
            Some(legal_name.clone()),
            Some(gstin.pan().as_str().to_string()),
            None,
        ),
        Tax::Unregistered { pan, enrolment } => (
            "unregistered",
            None,
            None,
            Some(pan.as_str().to_string()),
            Some(enrolment.as_str().to_string()),
        ),
    };
    let sql = format!(
        "UPDATE seller_applications SET business_kind = $1, gstin = $2, legal_name = $3, pan = $4, \
         gst_enrolment = $5, udyam = $6, pickup_line1 = $7, pickup_line2 = $8, pickup_city = $9, \
         pickup_pin = $10, updated_at = $11 WHERE seller_id = $12 AND {EDITABLE}"
    );
    let query = sqlx::query(&sql)
        .bind(kind)
        .bind(gstin)
        .bind(legal_name)
        .bind(pan)
        .bind(enrolment)
        .bind(b.udyam.as_ref().map(|u| u.as_str().to_string()))
        .bind(b.line1.clone())
        .bind(b.line2.clone())
        .bind(b.city.clone())
        .bind(b.pin.as_str().to_string())
        .bind(now_unix())
        .bind(seller_id);
    update_if_editable(db, query).await
}

/// Step 4.
pub async fn save_payout(
    db: &Db,
    user_id: i64,
    p: &Payout,
) -> Result<Result<(), Refusal>, sqlx::Error> {
    let seller_id = match editable_seller(db, user_id).await? {
        Ok(id) => id,
        Err(r) => return Ok(Err(r)),
    };
    let (method, upi, account, ifsc, holder) = match p {
        Payout::Upi { vpa, holder } => ("upi", Some(vpa.as_str().to_string()), None, None, holder),
        Payout::Bank {
            account,
            ifsc,
            holder,
        } => (
            "bank",
            None,
            Some(account.as_str().to_string()),
            Some(ifsc.as_str().to_string()),
            holder,
        ),
    };
    let sql = format!(
        "UPDATE seller_applications SET payout_method = $1, upi_vpa = $2, bank_account = $3, ifsc = $4, \
         account_holder = $5, updated_at = $6 WHERE seller_id = $7 AND {EDITABLE}"
    );
    let query = sqlx::query(&sql)
        .bind(method)
        .bind(upi)
        .bind(account)
        .bind(ifsc)
        .bind(holder.clone())
        .bind(now_unix())
        .bind(seller_id);
    update_if_editable(db, query).await
}

/// Sends a complete draft (or a corrected rejected application) to the ODOP cell.
pub async fn submit(db: &Db, user_id: i64) -> Result<Result<(), Refusal>, sqlx::Error> {
    let Some((seller_id, application)) = application_of(db, user_id).await? else {
        return Ok(Err(Refusal::NoSeller));
    };
    if !application.editable() {
        return Ok(Err(Refusal::Locked));
    }
    if !application.complete() {
        return Ok(Err(Refusal::Incomplete));
    }
    let now = now_unix();
    let mut tx = db.begin_write().await?;
    let moved = sqlx::query(
        "UPDATE sellers SET status = 'pending' WHERE id = $1 AND status IN ('draft', 'rejected')",
    )
    .bind(seller_id)
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() != 1 {
        return Ok(Err(Refusal::Locked));
    }
    sqlx::query(
        "UPDATE seller_applications SET submitted_at = $1, updated_at = $1 WHERE seller_id = $2",
    )
    .bind(now)
    .bind(seller_id)
    .execute(&mut *tx)
    .await?;
    crate::audit::record(
        &mut *tx,
        Some(user_id),
        "seller.submitted",
        &format!("seller:{seller_id}"),
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Applications waiting for the ODOP cell, oldest first, with everything needed to decide.
pub async fn queue(db: &Db) -> Result<Vec<QueueEntry>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "{}, u.display_name AS owner_name, u.phone AS owner_phone, u.phone_verified_at, \
         d.name_en AS district_en, d.name_hi AS district_hi, c.name_en AS category_en, c.name_hi AS category_hi \
         FROM sellers s JOIN seller_applications a ON a.seller_id = s.id JOIN users u ON u.id = s.user_id \
         JOIN districts d ON d.slug = s.district_slug LEFT JOIN craft_categories c ON c.slug = s.category_slug \
         WHERE s.status = 'pending' ORDER BY a.submitted_at, s.id",
        APPLICATION_SELECT
            .split(" FROM ")
            .next()
            .unwrap_or(APPLICATION_SELECT)
    ))
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(QueueEntry {
                seller_id: r.try_get("id")?,
                owner_name: r.try_get("owner_name")?,
                owner_phone: text(r, "owner_phone")?,
                phone_verified: r.try_get::<Option<i64>, _>("phone_verified_at")?.is_some(),
                district_name: r.bilingual("district")?,
                category_name: r.bilingual("category")?,
                submitted_at: r.try_get::<Option<i64>, _>("submitted_at")?.unwrap_or(0),
                application: application_from_row(r, true)?,
            })
        })
        .collect()
}

/// The ODOP cell's decision on a pending application, with its audit entry, in one transaction.
/// `reason` is `None` to approve. Returns the seller's mobile number, to tell them.
pub async fn decide(
    db: &Db,
    admin_id: i64,
    seller_id: i64,
    reason: Option<&str>,
) -> Result<Result<Option<String>, Refusal>, sqlx::Error> {
    let now = now_unix();
    let mut tx = db.begin_write().await?;
    let moved = match reason {
        None => sqlx::query(
            "UPDATE sellers SET status = 'verified', verified_at = $1 WHERE id = $2 AND status = 'pending'",
        )
        .bind(now)
        .bind(seller_id),
        Some(_) => sqlx::query(
            "UPDATE sellers SET status = 'rejected' WHERE id = $1 AND status = 'pending'",
        )
        .bind(seller_id),
    }
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() != 1 {
        return Ok(Err(Refusal::NotPending));
    }
    sqlx::query(
        "UPDATE seller_applications SET decided_at = $1, rejection_reason = $2, updated_at = $1 WHERE seller_id = $3",
    )
    .bind(now)
    .bind(reason)
    .bind(seller_id)
    .execute(&mut *tx)
    .await?;
    crate::audit::record(
        &mut *tx,
        Some(admin_id),
        if reason.is_some() {
            "seller.rejected"
        } else {
            "seller.approved"
        },
        &format!("seller:{seller_id}"),
        reason.unwrap_or(""),
    )
    .await?;
    let phone: Option<String> = sqlx::query(
        "SELECT u.phone FROM sellers s JOIN users u ON u.id = s.user_id WHERE s.id = $1",
    )
    .bind(seller_id)
    .fetch_optional(&mut *tx)
    .await?
    .map(|r| r.try_get("phone"))
    .transpose()?
    .flatten();
    tx.commit().await?;
    Ok(Ok(phone))
}

/// A verified seller's public page (up to 48 of its live products).
pub async fn profile(db: &Db, slug: &str) -> Result<Option<SellerProfile>, sqlx::Error> {
    let Some(row) = sqlx::query(
        "SELECT s.id, s.slug, s.display_name_en, s.display_name_hi, s.district_slug, s.story_en, s.story_hi, \
         s.photo_url, s.photo_srcset, s.created_at AS since, d.name_en AS district_en, d.name_hi AS district_hi, \
         (SELECT CAST(COALESCE(SUM(p.rating_count), 0) AS BIGINT) FROM products p WHERE p.seller_id = s.id) AS rating_count, \
         (SELECT CAST(COALESCE(SUM(p.rating_total), 0) AS BIGINT) FROM products p WHERE p.seller_id = s.id) AS rating_total \
         FROM sellers s JOIN districts d ON d.slug = s.district_slug WHERE s.slug = $1 AND s.status = 'verified'",
    )
    .bind(slug)
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    let id: i64 = row.try_get("id")?;
    Ok(Some(SellerProfile {
        slug: row.try_get("slug")?,
        name: row.bilingual("display_name")?,
        district_slug: row.try_get("district_slug")?,
        district_name: row.bilingual("district")?,
        story: row.bilingual("story")?,
        photo_url: row.try_get("photo_url")?,
        photo_srcset: row.try_get("photo_srcset")?,
        member_since: row.try_get("since")?,
        rating: (row.try_get("rating_total")?, row.try_get("rating_count")?),
        products: crate::catalog::store::by_seller(db, id, 48).await?,
    }))
}
