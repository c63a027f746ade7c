//! The buyer's address book.
use super::*;

pub async fn addresses(db: &Db, user_id: i64) -> Result<Vec<SavedAddress>, sqlx::Error> {
    sqlx::query(
        "SELECT id, name, phone, line1, line2, city, district, state_code, pin FROM addresses \
         WHERE user_id = $1 ORDER BY id DESC",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(SavedAddress {
            id: r.try_get("id")?,
            form: AddressForm {
                name: r.try_get("name")?,
                phone: r.try_get("phone")?,
                line1: r.try_get("line1")?,
                line2: r.try_get("line2")?,
                city: r.try_get("city")?,
                district: r.try_get("district")?,
                state: r.try_get("state_code")?,
                pin: r.try_get("pin")?,
            },
        })
    })
    .collect()
}

/// Adds a checked address to the user's book; returns its id.
pub async fn add_address(db: &Db, user_id: i64, a: &AddressForm) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO addresses (user_id, name, phone, line1, line2, city, district, state_code, pin, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(user_id)
    .bind(&a.name)
    .bind(&a.phone)
    .bind(&a.line1)
    .bind(&a.line2)
    .bind(&a.city)
    .bind(&a.district)
    .bind(&a.state)
    .bind(&a.pin)
    .bind(now_unix())
    .fetch_one(&db.pool)
    .await?
    .try_get("id")
}
