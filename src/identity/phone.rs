//! One-time codes that prove a person holds their mobile number.
use crate::db::{now_unix, Db};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use sqlx::Row;

/// How long a code is valid.
pub const CODE_TTL_SECONDS: i64 = 10 * 60;
/// Wrong tries before a code is spent.
pub const MAX_ATTEMPTS: i64 = 5;

/// What checking a code found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    Verified,
    Wrong,
    /// No code, or it expired: ask for a new one.
    Expired,
    TooManyAttempts,
}

/// A uniformly random six-digit code.
fn random_code() -> String {
    // Rejection sampling: 4,294,000,000 is the largest multiple of 1,000,000 below 2^32.
    loop {
        let n = OsRng.next_u32();
        if n < 4_294_000_000 {
            return format!("{:06}", n % 1_000_000);
        }
    }
}

fn code_hash(user_id: i64, code: &str) -> String {
    super::session::sha256_hex(&format!("{user_id}:{code}"))
}

/// Compares without stopping at the first difference, so timing does not reveal the prefix.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Makes a new code for the account (replacing any earlier one) and returns it for sending.
pub async fn issue(db: &Db, user_id: i64) -> Result<String, sqlx::Error> {
    let code = random_code();
    let now = now_unix();
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM phone_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO phone_codes (user_id, code_hash, attempts, expires_at, created_at) VALUES ($1, $2, 0, $3, $4)")
        .bind(user_id)
        .bind(code_hash(user_id, &code))
        .bind(now + CODE_TTL_SECONDS)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(code)
}

/// Checks a code typed by the account's owner; a right one marks the phone verified.
///
/// The try is counted first, by one conditional UPDATE: parallel requests cannot all read "0
/// tries" and each get five more (PostgreSQL runs them side by side).
pub async fn check(db: &Db, user_id: i64, typed: &str) -> Result<Check, sqlx::Error> {
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    let now = now_unix();
    let mut tx = db.begin_write().await?;
    let counted = sqlx::query(
        "UPDATE phone_codes SET attempts = attempts + 1 WHERE user_id = $1 AND attempts < $2 AND expires_at > $3",
    )
    .bind(user_id)
    .bind(MAX_ATTEMPTS)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let row =
        sqlx::query("SELECT code_hash, attempts, expires_at FROM phone_codes WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(row) = row else {
        return Ok(Check::Expired);
    };
    if counted.rows_affected() == 0 {
        let expires_at: i64 = row.try_get("expires_at")?;
        return Ok(if expires_at <= now {
            Check::Expired
        } else {
            Check::TooManyAttempts
        });
    }
    let hash: String = row.try_get("code_hash")?;
    if !same(&hash, &code_hash(user_id, &typed)) {
        tx.commit().await?;
        return Ok(Check::Wrong);
    }
    sqlx::query("DELETE FROM phone_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE users SET phone_verified_at = $1 WHERE id = $2")
        .bind(now)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Check::Verified)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits_and_hashed_per_account() {
        for _ in 0..100 {
            let c = random_code();
            assert_eq!(c.len(), 6);
            assert!(c.bytes().all(|b| b.is_ascii_digit()));
        }
        assert_ne!(code_hash(1, "123456"), code_hash(2, "123456"));
        assert!(same("abc", "abc") && !same("abc", "abd") && !same("abc", "ab"));
    }
}
