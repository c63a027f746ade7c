//! Server-side sessions: a random token in an HttpOnly cookie, its SHA-256 in the database.
//!
//! Stored in the database rather than in memory so that several app servers share them. The
//! token is replaced (rotated) at sign-in and whenever the account's roles change, so a token
//! planted before sign-in is worthless after it.
use crate::db::{now_unix, Db};
use sha2::{Digest, Sha256};
use sqlx::Row;

/// How long a session lives without use.
pub const TTL_SECONDS: i64 = 30 * 24 * 60 * 60;
/// How long a passed second factor counts: an admin types a fresh code each working day.
pub const SECOND_FACTOR_SECONDS: i64 = 12 * 60 * 60;

/// The cookie's name: with the `__Host-` prefix behind HTTPS, which the browser only accepts
/// with `Secure`, `Path=/` and no `Domain` (so no subdomain can set or read it).
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-odop_session"
    } else {
        "odop_session"
    }
}

/// The value of the session cookie: 32 random bytes (256 bits) as hex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn generate() -> Token {
        Token(crate::helpers::random_hex(32))
    }

    /// A token as it came back in a cookie; anything that cannot be one is refused here.
    pub fn from_cookie(value: &str) -> Option<Token> {
        (value.len() == 64
            && value
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()))
        .then(|| Token(value.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What the database keeps: the SHA-256 of the token.
    pub fn hash(&self) -> String {
        sha256_hex(&self.0)
    }
}

/// SHA-256 of `text`, as lower-case hex: what the database keeps instead of secrets.
pub fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// A live session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user_id: Option<i64>,
    pub expires_at: i64,
    /// This session passed the second factor (TOTP), which admin work needs.
    pub second_factor: bool,
}

/// Starts a session (a guest's when `user_id` is `None`).
pub async fn create(db: &Db, user_id: Option<i64>) -> Result<Token, sqlx::Error> {
    insert(&db.pool, user_id, false).await
}

/// Writes a new session row and returns its token.
async fn insert<'e, E>(
    executor: E,
    user_id: Option<i64>,
    second_factor: bool,
) -> Result<Token, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let token = Token::generate();
    let now = now_unix();
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, second_factor_at) \
         VALUES ($1, $2, $3, $3, $4, $5)",
    )
    .bind(token.hash())
    .bind(user_id)
    .bind(now)
    .bind(now + TTL_SECONDS)
    .bind(second_factor.then_some(now))
    .execute(executor)
    .await?;
    Ok(token)
}

/// The session behind a token, unless it expired or was signed out.
pub async fn lookup(db: &Db, token: &Token) -> Result<Option<Session>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT user_id, expires_at, second_factor_at FROM sessions WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(token.hash())
    .bind(now_unix())
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        Ok(Session {
            user_id: r.try_get("user_id")?,
            expires_at: r.try_get("expires_at")?,
            second_factor: r
                .try_get::<Option<i64>, _>("second_factor_at")?
                .is_some_and(|at| at > now_unix() - SECOND_FACTOR_SECONDS),
        })
    })
    .transpose()
}

/// Replaces the session behind `old` (if any) by a new one for `user_id`: at sign-in, when
/// roles change and when an admin passes the second factor (`second_factor`). One
/// transaction, so there is never a moment with both or neither.
pub async fn rotate(
    db: &Db,
    old: Option<&Token>,
    user_id: i64,
    second_factor: bool,
) -> Result<Token, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    if let Some(old) = old {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(old.hash())
            .execute(&mut *tx)
            .await?;
    }
    let token = insert(&mut *tx, Some(user_id), second_factor).await?;
    tx.commit().await?;
    Ok(token)
}

/// Signs one session out.
pub async fn revoke(db: &Db, token: &Token) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token.hash())
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Every session of the account but `keep` (after a password change).
pub async fn revoke_others<'e, E>(
    executor: E,
    user_id: i64,
    keep: &Token,
) -> Result<u64, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(keep.hash())
        .execute(executor)
        .await?;
    Ok(done.rows_affected())
}

/// "Sign out everywhere": every session of the account; returns how many there were.
pub async fn revoke_all(db: &Db, user_id: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected())
}

/// Deletes expired sessions; run now and then, lookups already ignore them.
pub async fn purge_expired(db: &Db) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now_unix())
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected())
}

/// The `Set-Cookie` value carrying a session.
pub fn cookie(token: &Token, secure: bool) -> String {
    cookie_header(cookie_name(secure), token.as_str(), TTL_SECONDS, secure)
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(secure: bool) -> String {
    cookie_header(cookie_name(secure), "", 0, secure)
}

/// A `Set-Cookie` value as the site's cookies are: HttpOnly, SameSite=Lax, whole site, `Secure`
/// behind HTTPS (the cart cookie uses it too).
pub fn cookie_header(name: &str, value: &str, max_age: i64, secure: bool) -> String {
    let secure_attr = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure_attr}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_checked_when_they_come_back() {
        let a = Token::generate();
        let b = Token::generate();
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 64);
        assert_eq!(Token::from_cookie(a.as_str()), Some(a.clone()));
        assert_eq!(Token::from_cookie("abc"), None);
        assert_eq!(Token::from_cookie(&"G".repeat(64)), None);
        assert_eq!(Token::from_cookie(&a.as_str().to_uppercase()), None);
        assert_ne!(
            a.hash(),
            a.as_str(),
            "the database never sees the token itself"
        );
    }

    #[test]
    fn cookies_are_http_only_and_same_site_and_host_prefixed_behind_https() {
        let t = Token::generate();
        let plain = cookie(&t, false);
        assert!(plain.starts_with(&format!("odop_session={}; Path=/;", t.as_str())));
        assert!(
            plain.contains("HttpOnly")
                && plain.contains("SameSite=Lax")
                && !plain.contains("Secure")
        );
        let https = cookie(&t, true);
        assert!(https.starts_with("__Host-odop_session=") && https.ends_with("; Secure"));
        assert!(!https.contains("Domain"));
        assert!(clear_cookie(true).contains("Max-Age=0"));
    }
}
