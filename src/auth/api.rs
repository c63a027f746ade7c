//! Public endpoints of accounts: register, sign in and out, who am I, phone verification,
//! password change and the admin's second factor.
//!
//! Each takes the person from the session cookie, never from an argument. All but
//! `current_account` change state and are POSTs (the cross-site check in `server.rs` covers them).
use crate::error::AppError;
use crate::identity::Me;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use crate::identity::guard::{self, invalid};

/// The error code of a password the policy refuses.
#[cfg(feature = "ssr")]
fn weak_password(password: &str, personal: &[&str]) -> Result<(), AppError> {
    use crate::identity::password as pw;
    pw::check_policy(password, personal).map_err(|weak| {
        let code = match weak {
            pw::Weak::TooShort => "password_short",
            pw::Weak::TooLong => "password_long",
            pw::Weak::Common => "password_common",
            pw::Weak::Personal => "password_personal",
        };
        invalid("password", code)
    })
}

#[cfg(feature = "ssr")]
async fn hash_password(password: String) -> Result<String, AppError> {
    crate::identity::password::hash(password)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "password hashing failed");
            AppError::Internal
        })
}

/// Creates an account (a shopper) and signs it in. `seller` = "1" when it is the first step of
/// seller registration, which needs a mobile number; `language` is the preferred language;
/// `next` where to go afterwards (a path on this site).
#[server(endpoint = "register")]
pub async fn register(
    display_name: String,
    login: String,
    password: String,
    language: Option<String>,
    seller: Option<String>,
    next: Option<String>,
) -> Result<(), AppError> {
    use crate::identity::{limits, store};
    let db = crate::request::db()?;
    let address_bucket = format!("register-ip:{}", guard::client_address());
    guard::check_limits(&db, &[(&address_bucket, limits::REGISTER_PER_ADDRESS)]).await?;
    // Every problem at once: a refused form says all that is wrong with it.
    let mut problems = Vec::new();
    let display_name = display_name.trim().to_string();
    if display_name.is_empty() || display_name.chars().count() > 80 {
        problems.push(invalid("display_name", "name_invalid"));
    }
    let login = guard::parse_login(&login)
        .map_err(|e| problems.push(e))
        .ok();
    if seller.is_some()
        && login
            .as_ref()
            .is_some_and(|l| !matches!(l, store::Login::Phone(_)))
    {
        problems.push(invalid("login", "seller_needs_phone"));
    }
    let personal: Vec<&str> = match &login {
        Some(store::Login::Phone(p)) => vec![p.national()],
        Some(store::Login::Email(e)) => vec![e.as_str().split('@').next().unwrap_or("")],
        None => Vec::new(),
    };
    if let Err(e) = weak_password(&password, &personal) {
        problems.push(e);
    }
    let login = match (login, AppError::all(problems)) {
        (Some(login), None) => login,
        (_, Some(e)) => return guard::fail(e),
        (None, None) => return guard::fail(AppError::Internal),
    };
    let language = language.as_deref().and_then(crate::i18n_util::parse_lang);
    let hash = hash_password(password).await?;
    let locale = language.map(crate::i18n_util::lang_code).unwrap_or("hi");
    let Some(user_id) = store::create(&db, &login, &hash, &display_name, locale).await? else {
        return guard::fail(invalid("login", "login_taken"));
    };
    limits::record(&db, &address_bucket).await?;
    guard::rotate_session(&db, user_id, false).await?;
    crate::cart::owner::adopt_guest_cart(&db, user_id).await?;
    if let Some(language) = language {
        guard::set_cookie(crate::i18n_util::language_cookie(language));
    }
    tracing::info!(user.id = user_id, "account registered");
    guard::redirect_next(next.as_deref(), "/account");
    Ok(())
}

/// Signs in with a mobile number or e-mail and a password; the session id is replaced.
#[server(endpoint = "sign_in")]
pub async fn sign_in(
    login: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    use crate::identity::{limits, password as pw, store};
    let db = crate::request::db()?;
    let wrong = || invalid("form", "credentials");
    let address_bucket = format!("sign-in-ip:{}", guard::client_address());
    let login = store::Login::parse(&login);
    let account_bucket = match &login {
        Some(login) => format!("sign-in:{}", login.key()),
        None => String::new(),
    };
    guard::check_limits(
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
            guard::dummy_verify(password).await;
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
        return guard::fail(wrong());
    };
    limits::clear(&db, &account_bucket).await?;
    guard::rotate_session(&db, account.id, false).await?;
    crate::cart::owner::adopt_guest_cart(&db, account.id).await?;
    // An admin's next stop is the second factor.
    let fallback = if account.roles.iter().any(|r| r == "admin") {
        "/admin"
    } else {
        "/account"
    };
    guard::redirect_next(next.as_deref(), fallback);
    Ok(())
}

/// Ends this session.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::identity::session;
    let db = crate::request::db()?;
    if let Some(token) = guard::cookie_token() {
        session::revoke(&db, &token).await?;
    }
    guard::set_cookie(session::clear_cookie(
        crate::request::settings().secure_cookies,
    ));
    leptos_axum::redirect("/");
    Ok(())
}

/// Ends every session of the signed-in account, on every device.
#[server(endpoint = "sign_out_everywhere")]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    use crate::identity::session;
    let db = crate::request::db()?;
    let me = guard::require_user(&db).await?;
    let ended = session::revoke_all(&db, me.user_id).await?;
    tracing::info!(
        user.id = me.user_id,
        sessions = ended,
        "signed out everywhere"
    );
    guard::set_cookie(session::clear_cookie(
        crate::request::settings().secure_cookies,
    ));
    leptos_axum::redirect("/");
    Ok(())
}

/// The signed-in person, or `None` for a guest.
#[server(input = GetUrl, endpoint = "current_account")]
pub async fn current_account() -> Result<Option<Me>, AppError> {
    let db = crate::request::db()?;
    guard::current_account(&db).await
}

/// Sends a one-time code by SMS to the signed-in account's mobile number.
#[server(endpoint = "send_phone_code")]
pub async fn send_phone_code(next: Option<String>) -> Result<(), AppError> {
    use crate::identity::{limits, phone, store};
    let db = crate::request::db()?;
    let me = guard::require_user(&db).await?;
    let Some(number) = store::phone_of(&db, me.user_id).await? else {
        return guard::fail(invalid("phone", "no_phone"));
    };
    // Each SMS costs money and bothers the recipient: 3 per 15 minutes per account.
    let bucket = format!("otp:{}", me.user_id);
    guard::check_limits(&db, &[(&bucket, limits::CODES_PER_ACCOUNT)]).await?;
    let code = phone::issue(&db, me.user_id).await?;
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
        tracing::error!(user.id = me.user_id, error = %e, "sending the phone code failed");
        return guard::fail(AppError::Internal);
    }
    guard::redirect_next(next.as_deref(), "/account");
    Ok(())
}

/// Checks the code the account's owner typed; a right one marks the mobile number verified.
#[server(endpoint = "verify_phone")]
pub async fn verify_phone(code: String, next: Option<String>) -> Result<(), AppError> {
    use crate::identity::phone::{self, Check};
    let db = crate::request::db()?;
    let me = guard::require_user(&db).await?;
    // Each code allows 5 tries (counted atomically in `check`); this also caps tries across
    // newly requested codes.
    let bucket = format!("phone-code:{}", me.user_id);
    guard::take_limit(
        &db,
        &bucket,
        crate::identity::limits::Limit {
            max: 10,
            window: 15 * 60,
        },
    )
    .await?;
    match phone::check(&db, me.user_id, &code).await? {
        Check::Verified => {
            tracing::info!(user.id = me.user_id, "mobile number verified");
            guard::redirect_next(next.as_deref(), "/account");
            Ok(())
        }
        Check::Wrong => guard::fail(invalid("code", "code_wrong")),
        Check::Expired => guard::fail(invalid("code", "code_expired")),
        Check::TooManyAttempts => guard::fail(invalid("code", "code_attempts")),
    }
}

/// Replaces the signed-in account's password after checking the current one. Every other
/// session ends (a thief signed in elsewhere is out); this one gets a new id.
#[server(endpoint = "change_password")]
pub async fn change_password(current: String, new_password: String) -> Result<(), AppError> {
    use crate::identity::{limits, password as pw, session, store};
    let db = crate::request::db()?;
    let me = guard::require_user(&db).await?;
    // Guessing the current password from a stolen session is throttled; each guess is
    // counted before it is checked, so parallel guesses cannot slip past the limit.
    let bucket = format!("password:{}", me.user_id);
    guard::take_limit(&db, &bucket, limits::GUESSES_PER_ACCOUNT).await?;
    let Some((hash, personal)) = store::password_of(&db, me.user_id).await? else {
        return guard::fail(AppError::Unauthorized);
    };
    if !pw::verify(current, hash).await {
        return guard::fail(invalid("current", "current_password_wrong"));
    }
    guard::checked(weak_password(&new_password, &[personal.as_str()]))?;
    let hash = hash_password(new_password).await?;
    // The new password, the end of the other sessions and the audit entry: all or nothing.
    let mut tx = db.begin_write().await?;
    store::set_password(&mut *tx, me.user_id, &hash).await?;
    let ended = session::revoke_others(&mut *tx, me.user_id, &me.token).await?;
    crate::audit::record(
        &mut *tx,
        Some(me.user_id),
        "account.password_changed",
        &format!("user:{}", me.user_id),
        "",
    )
    .await?;
    tx.commit().await?;
    limits::clear(&db, &bucket).await?;
    guard::rotate_session(&db, me.user_id, me.second_factor).await?;
    tracing::info!(
        user.id = me.user_id,
        other_sessions_ended = ended,
        "password changed"
    );
    leptos_axum::redirect("/account?changed=1");
    Ok(())
}

/// An admin proves the second factor with a code from their authenticator app; the session
/// is replaced by one that may do admin work.
#[server(endpoint = "verify_second_factor")]
pub async fn verify_second_factor(code: String, next: Option<String>) -> Result<(), AppError> {
    use crate::identity::{limits, totp};
    let db = crate::request::db()?;
    let me = guard::require_role(&db, "admin").await?;
    // Each code is counted before it is checked: parallel guesses cannot slip past the limit.
    let bucket = format!("totp:{}", me.user_id);
    guard::take_limit(&db, &bucket, limits::GUESSES_PER_ACCOUNT).await?;
    if !totp::verify(&db, me.user_id, code.trim()).await? {
        return guard::fail(invalid("code", "totp_wrong"));
    }
    limits::clear(&db, &bucket).await?;
    guard::rotate_session(&db, me.user_id, true).await?;
    tracing::info!(user.id = me.user_id, "second factor passed");
    guard::redirect_next(next.as_deref(), "/admin");
    Ok(())
}
