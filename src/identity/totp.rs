//! The admin's second factor: six-digit TOTP codes (RFC 6238, SHA-1, 30 s) from any
//! authenticator app, through the `totp-rs` crate. A code works once: the last time step used
//! is kept, so a code seen over a shoulder cannot be replayed.
use crate::db::{now_unix, Db};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use sqlx::Row;
use totp_rs::{Algorithm, Secret, TOTP};

pub const STEP_SECONDS: u64 = 30;
pub const ISSUER: &str = "ODOP Mart";

/// A new random 160-bit secret, base32 as authenticator apps take it.
pub fn new_secret() -> String {
    let mut bytes = vec![0u8; 20];
    OsRng.fill_bytes(&mut bytes);
    match Secret::Raw(bytes).to_encoded() {
        Secret::Encoded(s) => s,
        Secret::Raw(_) => unreachable!("to_encoded returns the encoded form"),
    }
}

fn totp(secret: &str, account: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret.to_string()).to_bytes().ok()?;
    // No skew inside the crate: `matching_step` tries the neighbouring steps itself, so it
    // knows which step a code belonged to.
    TOTP::new(
        Algorithm::SHA1,
        6,
        0,
        STEP_SECONDS,
        bytes,
        Some(ISSUER.to_string()),
        account.replace(':', " "),
    )
    .ok()
}

/// The `otpauth://` address to add the secret to an authenticator app (as text or QR code).
pub fn url(secret: &str, account: &str) -> Option<String> {
    totp(secret, account).map(|t| t.get_url())
}

/// The code for `secret` at `unix_time` (for tests and the command line).
pub fn code_at(secret: &str, unix_time: u64) -> Option<String> {
    totp(secret, "x").map(|t| t.generate(unix_time))
}

/// The time step `code` belongs to, allowing one step of clock drift either way.
pub fn matching_step(secret: &str, code: &str, unix_time: u64) -> Option<i64> {
    let t = totp(secret, "x")?;
    let now = unix_time / STEP_SECONDS;
    [now.saturating_sub(1), now, now + 1]
        .into_iter()
        .find(|step| t.check(code, step * STEP_SECONDS))
        .and_then(|step| i64::try_from(step).ok())
}

/// Checks an admin's code; a right code is spent (the same or an older one fails afterwards).
pub async fn verify(db: &Db, user_id: i64, code: &str) -> Result<bool, sqlx::Error> {
    let Some(row) = sqlx::query("SELECT totp_secret FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?
    else {
        return Ok(false);
    };
    let Some(secret) = row.try_get::<Option<String>, _>("totp_secret")? else {
        return Ok(false);
    };
    let Some(step) = matching_step(&secret, code, now_unix() as u64) else {
        return Ok(false);
    };
    // The condition in the UPDATE makes spending atomic: of two requests with one code, one wins.
    let spent = sqlx::query(
        "UPDATE users SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
    )
    .bind(step)
    .bind(user_id)
    .execute(&db.pool)
    .await?;
    Ok(spent.rows_affected() == 1)
}

/// Gives an account a new TOTP secret (the old one stops working).
pub async fn set_secret(db: &Db, user_id: i64, secret: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET totp_secret = $1, totp_last_step = NULL WHERE id = $2")
        .bind(secret)
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6238_vectors_for_sha1() {
        // RFC 6238 appendix B: secret "12345678901234567890", 8 digits; the last six match ours.
        let secret = match Secret::Raw(b"12345678901234567890".to_vec()).to_encoded() {
            Secret::Encoded(s) => s,
            Secret::Raw(_) => unreachable!(),
        };
        assert_eq!(code_at(&secret, 59).unwrap(), "287082");
        assert_eq!(code_at(&secret, 1111111109).unwrap(), "081804");
        assert_eq!(code_at(&secret, 2000000000).unwrap(), "279037");
    }

    #[test]
    fn a_code_matches_its_step_and_one_either_side_only() {
        let secret = new_secret();
        let t = 1_800_000_000;
        let code = code_at(&secret, t).unwrap();
        let step = (t / STEP_SECONDS) as i64;
        assert_eq!(matching_step(&secret, &code, t), Some(step));
        assert_eq!(matching_step(&secret, &code, t + 30), Some(step));
        assert_eq!(matching_step(&secret, &code, t - 30), Some(step));
        assert_eq!(matching_step(&secret, &code, t + 90), None);
        assert_eq!(matching_step(&secret, "000000x", t), None);
        assert!(url(&secret, "admin@odop.test")
            .unwrap()
            .starts_with("otpauth://totp/ODOP%20Mart:admin%40odop.test?secret="));
    }
}
