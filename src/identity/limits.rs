//! Rate limits for sign-in and registration, per client address and per account.
//!
//! Counted in the database so that several app servers enforce one limit. The limits per address
//! are generous: many people in India share one address behind their mobile operator's NAT.
use crate::db::{now_unix, Db};
use sqlx::Row;

/// A limit: at most `max` events in `window` seconds.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max: i64,
    pub window: i64,
}

/// Failed sign-ins for one account: 5 per 15 minutes.
pub const SIGN_IN_PER_ACCOUNT: Limit = Limit {
    max: 5,
    window: 15 * 60,
};
/// Failed sign-ins from one address: 50 per 15 minutes.
pub const SIGN_IN_PER_ADDRESS: Limit = Limit {
    max: 50,
    window: 15 * 60,
};
/// SMS codes for one account: 3 per 15 minutes (each costs money and bothers the recipient).
pub const CODES_PER_ACCOUNT: Limit = Limit {
    max: 3,
    window: 15 * 60,
};
/// Guesses at a code or the current password for one account: 5 per 15 minutes.
pub const GUESSES_PER_ACCOUNT: Limit = Limit {
    max: 5,
    window: 15 * 60,
};
/// Photo uploads for one account: 20 per hour (each is decoded and resized).
pub const PHOTOS_PER_ACCOUNT: Limit = Limit {
    max: 20,
    window: 60 * 60,
};
/// CSV imports for one account: 30 per hour (each writes up to 5,000 rows).
pub const IMPORTS_PER_ACCOUNT: Limit = Limit {
    max: 30,
    window: 60 * 60,
};
/// New accounts from one address: 20 per hour.
pub const REGISTER_PER_ADDRESS: Limit = Limit {
    max: 20,
    window: 60 * 60,
};

/// Seconds until `bucket` may be used again, or `None` when it is under its limit.
pub async fn blocked_for(db: &Db, bucket: &str, limit: Limit) -> Result<Option<i64>, sqlx::Error> {
    let now = now_unix();
    let row = sqlx::query(
        "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM rate_events WHERE bucket = $1 AND at > $2",
    )
    .bind(bucket)
    .bind(now - limit.window)
    .fetch_one(&db.pool)
    .await?;
    let n: i64 = row.try_get("n")?;
    if n < limit.max {
        return Ok(None);
    }
    let oldest: Option<i64> = row.try_get("oldest")?;
    Ok(Some((oldest.unwrap_or(now) + limit.window - now).max(1)))
}

/// Counts one event in `bucket` (and forgets this bucket's events older than a day).
pub async fn record(db: &Db, bucket: &str) -> Result<(), sqlx::Error> {
    let now = now_unix();
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM rate_events WHERE bucket = $1 AND at < $2")
        .bind(bucket)
        .bind(now - 24 * 60 * 60)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO rate_events (bucket, at) VALUES ($1, $2)")
        .bind(bucket)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// Counts this attempt, then says whether it is over the limit (seconds to wait). Counting
/// first means parallel attempts cannot all slip in before any is recorded: use it for guesses
/// (codes, current passwords), and `clear` the bucket on success.
pub async fn take(db: &Db, bucket: &str, limit: Limit) -> Result<Option<i64>, sqlx::Error> {
    record(db, bucket).await?;
    blocked_for(
        db,
        bucket,
        Limit {
            max: limit.max + 1,
            window: limit.window,
        },
    )
    .await
}

/// Forgets a bucket: an account's failures once it signs in successfully.
pub async fn clear(db: &Db, bucket: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM rate_events WHERE bucket = $1")
        .bind(bucket)
        .execute(&db.pool)
        .await?;
    Ok(())
}
