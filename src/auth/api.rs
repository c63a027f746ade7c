//! Public endpoints of accounts: register, sign in, sign out, sign out everywhere, who am I.
//!
//! Each takes the person from the session cookie, never from an argument. All but `me` change
//! state and are POSTs (the cross-site check in `server.rs` covers them).
use super::Me;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
fn invalid(field: &str, code: &str) -> AppError {
    AppError::Validation(vec![crate::error::FieldError {
        field: field.into(),
        code: code.into(),
    }])
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::auth::session::{self, Token};
    use crate::auth::store::Login;

    /// The session token the request's cookie carries, if it can be one.
    pub fn cookie_token() -> Option<Token> {
        let secure = crate::server::settings().secure_cookies;
        Token::from_cookie(&crate::server::request_cookie(session::cookie_name(
            secure,
        ))?)
    }

    /// The signed-in user's id and token; `Unauthorized` for a guest or a dead session.
    pub async fn require_user(db: &crate::db::Db) -> Result<(i64, Token), AppError> {
        let token = cookie_token().ok_or(AppError::Unauthorized)?;
        let s = session::lookup(db, &token)
            .await?
            .ok_or(AppError::Unauthorized)?;
        Ok((s.user_id.ok_or(AppError::Unauthorized)?, token))
    }

    pub fn set_cookie(value: String) {
        if let (Some(resp), Ok(v)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            http::HeaderValue::from_str(&value),
        ) {
            resp.append_header(http::header::SET_COOKIE, v);
        }
    }

    /// The client's address, for per-address rate limits.
    pub fn client_address() -> String {
        let Some(parts) = use_context::<http::request::Parts>() else {
            return "unknown".into();
        };
        if crate::server::settings().trust_proxy {
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
        db: &crate::db::Db,
        buckets: &[(&str, crate::auth::limits::Limit)],
    ) -> Result<(), AppError> {
        for (bucket, limit) in buckets {
            if let Some(wait) = crate::auth::limits::blocked_for(db, bucket, *limit).await? {
                tracing::warn!(bucket, wait, "rate limit reached");
                return fail(AppError::TooManyRequests(wait));
            }
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
                let h = crate::auth::password::hash("not-a-real-password".into())
                    .await
                    .unwrap_or_default();
                DUMMY.get_or_init(|| h).clone()
            }
        };
        let _ = crate::auth::password::verify(password, phc).await;
    }

    /// Fails with the error's HTTP status (see [`crate::error::set_status`]).
    pub fn fail<T>(e: AppError) -> Result<T, AppError> {
        crate::error::set_status(&e);
        Err(e)
    }
}

/// Creates an account (a shopper) and signs it in.
#[server(endpoint = "register")]
pub async fn register(
    display_name: String,
    login: String,
    password: String,
) -> Result<(), AppError> {
    use crate::auth::{limits, password as pw, session, store};
    let db = crate::server::db()?;
    let address_bucket = format!("register-ip:{}", ssr::client_address());
    ssr::check_limits(&db, &[(&address_bucket, limits::REGISTER_PER_ADDRESS)]).await?;
    let display_name = display_name.trim().to_string();
    if display_name.is_empty() || display_name.chars().count() > 80 {
        return ssr::fail(invalid("display_name", "name_invalid"));
    }
    let login = match ssr::parse_login(&login) {
        Ok(l) => l,
        Err(e) => return ssr::fail(e),
    };
    let personal: Vec<&str> = match &login {
        store::Login::Phone(p) => vec![p.national()],
        store::Login::Email(e) => vec![e.as_str().split('@').next().unwrap_or("")],
    };
    if let Err(weak) = pw::check_policy(&password, &personal) {
        let code = match weak {
            pw::Weak::TooShort => "password_short",
            pw::Weak::TooLong => "password_long",
            pw::Weak::Common => "password_common",
            pw::Weak::Personal => "password_personal",
        };
        return ssr::fail(invalid("password", code));
    }
    let hash = pw::hash(password).await.map_err(|e| {
        tracing::error!(error = %e, "password hashing failed");
        AppError::Internal
    })?;
    let Some(user_id) = store::create(&db, &login, &hash, &display_name).await? else {
        return ssr::fail(invalid("login", "login_taken"));
    };
    limits::record(&db, &address_bucket).await?;
    let token = session::rotate(&db, ssr::cookie_token().as_ref(), user_id).await?;
    ssr::set_cookie(session::cookie(
        &token,
        crate::server::settings().secure_cookies,
    ));
    tracing::info!(user.id = user_id, "account registered");
    leptos_axum::redirect("/account");
    Ok(())
}

/// Signs in with a mobile number or e-mail and a password; the session id is replaced.
#[server(endpoint = "sign_in")]
pub async fn sign_in(login: String, password: String) -> Result<(), AppError> {
    use crate::auth::{limits, password as pw, session, store};
    let db = crate::server::db()?;
    let wrong = || invalid("form", "credentials");
    let address_bucket = format!("sign-in-ip:{}", ssr::client_address());
    let login = store::Login::parse(&login);
    let account_bucket = match &login {
        Some(store::Login::Phone(p)) => format!("sign-in:{}", p.national()),
        Some(store::Login::Email(e)) => format!("sign-in:{}", e.as_str().to_lowercase()),
        None => String::new(),
    };
    ssr::check_limits(
        &db,
        &[
            (&account_bucket, limits::SIGN_IN_PER_ACCOUNT),
            (&address_bucket, limits::SIGN_IN_PER_ADDRESS),
        ],
    )
    .await?;
    let account = match &login {
        Some(login) => store::find(&db, login).await?,
        None => None,
    };
    let verified = match &account {
        Some(account) => pw::verify(password, account.password_hash.clone()).await,
        None => {
            ssr::dummy_verify(password).await;
            false
        }
    };
    let Some(account) = account.filter(|_| verified) else {
        // Every failure counts against the account and the address, whatever its reason.
        for bucket in [&account_bucket, &address_bucket] {
            if !bucket.is_empty() {
                limits::record(&db, bucket).await?;
            }
        }
        return ssr::fail(wrong());
    };
    limits::clear(&db, &account_bucket).await?;
    let token = session::rotate(&db, ssr::cookie_token().as_ref(), account.id).await?;
    ssr::set_cookie(session::cookie(
        &token,
        crate::server::settings().secure_cookies,
    ));
    leptos_axum::redirect("/account");
    Ok(())
}

/// Ends this session.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::auth::session;
    let db = crate::server::db()?;
    if let Some(token) = ssr::cookie_token() {
        session::revoke(&db, &token).await?;
    }
    ssr::set_cookie(session::clear_cookie(
        crate::server::settings().secure_cookies,
    ));
    leptos_axum::redirect("/");
    Ok(())
}

/// Ends every session of the signed-in account, on every device.
#[server(endpoint = "sign_out_everywhere")]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    use crate::auth::session;
    let db = crate::server::db()?;
    let (user_id, _) = match ssr::require_user(&db).await {
        Ok(u) => u,
        Err(e) => return ssr::fail(e),
    };
    let ended = session::revoke_all(&db, user_id).await?;
    tracing::info!(user.id = user_id, sessions = ended, "signed out everywhere");
    ssr::set_cookie(session::clear_cookie(
        crate::server::settings().secure_cookies,
    ));
    leptos_axum::redirect("/");
    Ok(())
}

/// The signed-in person, or `None` for a guest.
#[server(input = GetUrl, endpoint = "current_account")]
pub async fn current_account() -> Result<Option<Me>, AppError> {
    let db = crate::server::db()?;
    match ssr::require_user(&db).await {
        Ok((id, _)) => Ok(super::store::profile(&db, id).await?),
        Err(AppError::Unauthorized) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Sends a one-time code by SMS to the signed-in account's mobile number.
#[server(endpoint = "send_phone_code")]
pub async fn send_phone_code() -> Result<(), AppError> {
    use crate::auth::{limits, phone, store};
    let db = crate::server::db()?;
    let (user_id, _) = match ssr::require_user(&db).await {
        Ok(u) => u,
        Err(e) => return ssr::fail(e),
    };
    let Some(number) = store::phone_of(&db, user_id).await? else {
        return ssr::fail(invalid("phone", "no_phone"));
    };
    // Each SMS costs money and bothers the recipient: 3 per 15 minutes per account.
    let bucket = format!("otp:{user_id}");
    ssr::check_limits(
        &db,
        &[(
            &bucket,
            limits::Limit {
                max: 3,
                window: 15 * 60,
            },
        )],
    )
    .await?;
    let code = phone::issue(&db, user_id).await?;
    limits::record(&db, &bucket).await?;
    let notify = use_context::<crate::notify::Notify>().unwrap_or_default();
    let message = crate::notify::Message {
        channel: "sms",
        recipient: format!("+91{number}"),
        body: format!(
            "ODOP Mart: आपका कोड {code} है / your code is {code}. 10 मिनट / 10 minutes. किसी को न बताएँ / do not share it."
        ),
    };
    if let Err(e) = crate::notify::send(&db, notify.0.as_ref(), message).await {
        tracing::error!(user.id = user_id, error = %e, "sending the phone code failed");
        return ssr::fail(AppError::Internal);
    }
    leptos_axum::redirect("/account");
    Ok(())
}

/// Checks the code the account's owner typed; a right one marks the mobile number verified.
#[server(endpoint = "verify_phone")]
pub async fn verify_phone(code: String) -> Result<(), AppError> {
    use crate::auth::phone::{self, Check};
    let db = crate::server::db()?;
    let (user_id, _) = match ssr::require_user(&db).await {
        Ok(u) => u,
        Err(e) => return ssr::fail(e),
    };
    match phone::check(&db, user_id, &code).await? {
        Check::Verified => {
            tracing::info!(user.id = user_id, "mobile number verified");
            leptos_axum::redirect("/account");
            Ok(())
        }
        Check::Wrong => ssr::fail(invalid("code", "code_wrong")),
        Check::Expired => ssr::fail(invalid("code", "code_expired")),
        Check::TooManyAttempts => ssr::fail(invalid("code", "code_attempts")),
    }
}
