//! What every server function does on its first lines: who is calling (from the session cookie,
//! never from an argument), may they do this, and how a refusal is answered.
use crate::db::Db;
use crate::error::{AppError, FieldError};
use crate::identity::session::{self, Token};
use crate::identity::store::Login;
use leptos::prelude::*;
use sqlx::Row;

/// A validation failure of one field, with the message key the page translates.
pub fn invalid(field: &str, code: &str) -> AppError {
    AppError::Validation(vec![FieldError {
        field: field.into(),
        code: code.into(),
    }])
}

/// The signed-in person behind a request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user_id: i64,
    pub token: Token,
    /// The session passed the second factor (TOTP).
    pub second_factor: bool,
}

/// The session token the request's cookie carries, if it can be one.
pub fn cookie_token() -> Option<Token> {
    let secure = crate::request::settings().secure_cookies;
    Token::from_cookie(&crate::request::cookie(session::cookie_name(secure))?)
}

/// The signed-in caller, or `None` for a guest or a dead session.
pub async fn caller(db: &Db) -> Result<Option<Caller>, AppError> {
    let Some(token) = cookie_token() else {
        return Ok(None);
    };
    Ok(match session::lookup(db, &token).await? {
        Some(session::Session {
            user_id: Some(user_id),
            second_factor,
            ..
        }) => Some(Caller {
            user_id,
            token,
            second_factor,
        }),
        _ => None,
    })
}

/// The signed-in user of a plain axum request (a file download), from its cookie.
pub async fn user_of_request(
    db: &Db,
    settings: crate::config::Settings,
    headers: &http::HeaderMap,
) -> Result<Option<i64>, sqlx::Error> {
    let name = session::cookie_name(settings.secure_cookies);
    let Some(token) = crate::request::cookie_in(headers, name).and_then(|c| Token::from_cookie(&c))
    else {
        return Ok(None);
    };
    Ok(session::lookup(db, &token).await?.and_then(|s| s.user_id))
}

/// The signed-in caller; `Unauthorized` (with its status set) for a guest or a dead session.
pub async fn require_user(db: &Db) -> Result<Caller, AppError> {
    match caller(db).await? {
        Some(c) => Ok(c),
        None => fail(AppError::Unauthorized),
    }
}

/// The signed-in caller holding `role`; `Forbidden` for anyone else signed in.
pub async fn require_role(db: &Db, role: &str) -> Result<Caller, AppError> {
    let caller = require_user(db).await?;
    if crate::identity::store::has_role(db, caller.user_id, role).await? {
        Ok(caller)
    } else {
        tracing::warn!(user.id = caller.user_id, role, "refused: role missing");
        fail(AppError::Forbidden)
    }
}

/// An admin whose session passed the second factor: admin work needs both.
pub async fn require_admin(db: &Db) -> Result<Caller, AppError> {
    let caller = require_role(db, "admin").await?;
    if caller.second_factor {
        Ok(caller)
    } else {
        tracing::warn!(
            user.id = caller.user_id,
            "refused: admin without second factor"
        );
        fail(AppError::Forbidden)
    }
}

pub fn set_cookie(value: String) {
    if let (Some(resp), Ok(v)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&value),
    ) {
        resp.append_header(http::header::SET_COOKIE, v);
    }
}

/// Gives the caller a new session token (sign-in, role change, second factor passed).
pub async fn rotate_session(db: &Db, user_id: i64, second_factor: bool) -> Result<(), AppError> {
    let token = session::rotate(db, cookie_token().as_ref(), user_id, second_factor).await?;
    set_cookie(session::cookie(
        &token,
        crate::request::settings().secure_cookies,
    ));
    Ok(())
}

/// Redirects to `next` when it is a path on this site, else to `fallback` (no open redirect).
pub fn redirect_next(next: Option<&str>, fallback: &str) {
    let target = next
        .filter(|n| crate::request::is_local_path(n))
        .unwrap_or(fallback);
    leptos_axum::redirect(target);
}

/// The client's address, for per-address rate limits.
pub fn client_address() -> String {
    let Some(parts) = use_context::<http::request::Parts>() else {
        return "unknown".into();
    };
    if crate::request::settings().trust_proxy {
        let forwarded = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok());
        if let Some(first) = forwarded
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            return first.to_string();
        }
    }
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// Fails with `TooManyRequests` when any of the buckets is over its limit.
pub async fn check_limits(
    db: &Db,
    buckets: &[(&str, crate::identity::limits::Limit)],
) -> Result<(), AppError> {
    for (bucket, limit) in buckets {
        if let Some(wait) = crate::identity::limits::blocked_for(db, bucket, *limit).await? {
            tracing::warn!(bucket, wait, "rate limit reached");
            return fail(AppError::TooManyRequests(wait));
        }
    }
    Ok(())
}

/// Counts an attempt against `bucket` first, then fails with `TooManyRequests` when it is over
/// the limit (see [`crate::identity::limits::take`]).
pub async fn take_limit(
    db: &Db,
    bucket: &str,
    limit: crate::identity::limits::Limit,
) -> Result<(), AppError> {
    if let Some(wait) = crate::identity::limits::take(db, bucket, limit).await? {
        tracing::warn!(bucket, wait, "rate limit reached");
        return fail(AppError::TooManyRequests(wait));
    }
    Ok(())
}

pub fn parse_login(input: &str) -> Result<Login, AppError> {
    Login::parse(input).ok_or_else(|| invalid("login", "login_invalid"))
}

/// Verifies against a fixed hash when the account does not exist, so the answer takes as
/// long for an unknown login as for a wrong password (no probing for who has an account).
pub async fn dummy_verify(password: String) {
    use std::sync::OnceLock;
    static DUMMY: OnceLock<String> = OnceLock::new();
    let phc = match DUMMY.get() {
        Some(h) => h.clone(),
        None => {
            let h = crate::identity::password::hash("not-a-real-password".into())
                .await
                .unwrap_or_default();
            DUMMY.get_or_init(|| h).clone()
        }
    };
    let _ = crate::identity::password::verify(password, phc).await;
}

/// Fails with the error's HTTP status (see [`crate::request::set_status`]).
pub fn fail<T>(e: AppError) -> Result<T, AppError> {
    crate::request::set_status(&e);
    Err(e)
}

/// Sets the status of an error on its way out: `guard::checked(result)?`.
pub fn checked<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    result.or_else(fail)
}

/// The seller behind an account.
#[derive(Debug, Clone)]
pub struct Seller {
    pub id: i64,
    pub verified: bool,
    pub status: crate::domain::seller::SellerStatus,
    pub shop_name: String,
    pub slug: String,
    pub district: String,
    /// The craft chosen at registration: a new product's default category.
    pub category: Option<String>,
    pub gi_tag: Option<String>,
}

/// The seller account of a person, if they have one.
pub async fn seller_of(db: &Db, user_id: i64) -> Result<Option<Seller>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT s.id, s.status, s.display_name_en, s.slug, s.district_slug, s.category_slug, d.gi_tag FROM sellers s \
         JOIN districts d ON d.slug = s.district_slug WHERE s.user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        let status = crate::db::parsed(&r, "status", crate::domain::seller::SellerStatus::parse)?;
        Ok(Seller {
            id: r.try_get("id")?,
            verified: status == crate::domain::seller::SellerStatus::Verified,
            status,
            shop_name: r.try_get("display_name_en")?,
            slug: r.try_get("slug")?,
            district: r.try_get("district_slug")?,
            category: r.try_get("category_slug")?,
            gi_tag: r.try_get("gi_tag")?,
        })
    })
    .transpose()
}

/// The caller's seller; `Forbidden` for anyone without one (a shopper).
pub async fn require_seller(db: &crate::db::Db) -> Result<(i64, Seller), AppError> {
    let me = require_user(db).await?;
    match seller_of(db, me.user_id).await? {
        Some(seller) => Ok((me.user_id, seller)),
        None => fail(AppError::Forbidden),
    }
}

/// The signed-in person with their profile and roles, or `None` for a guest.
pub async fn current_account(db: &Db) -> Result<Option<super::Me>, AppError> {
    let Some(caller) = caller(db).await? else {
        return Ok(None);
    };
    let me = super::store::profile(db, caller.user_id).await?;
    Ok(me.map(|me| super::Me {
        second_factor: caller.second_factor,
        ..me
    }))
}
