//! Whose cart a request works on: the signed-in person's, or the guest's behind the cart
//! cookie, which joins the account's cart at sign-in (server only).
use super::store::Owner;
use crate::error::AppError;
use crate::identity::guard;

/// The cart cookie's name; `__Host-` behind HTTPS like the session's.
fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-odop_cart"
    } else {
        "odop_cart"
    }
}

fn guest_token() -> Option<crate::identity::session::Token> {
    let secure = crate::request::settings().secure_cookies;
    crate::identity::session::Token::from_cookie(&crate::request::cookie(cookie_name(secure))?)
}

/// Whose cart this request works on; with `create`, a guest without a cart cookie gets one.
pub async fn owner(db: &crate::db::Db, create: bool) -> Result<Option<Owner>, AppError> {
    if let Some(me) = guard::caller(db).await? {
        return Ok(Some(Owner::User(me.user_id)));
    }
    if let Some(token) = guest_token() {
        return Ok(Some(Owner::Guest(token.hash())));
    }
    if !create {
        return Ok(None);
    }
    let token = crate::identity::session::Token::generate();
    let secure = crate::request::settings().secure_cookies;
    guard::set_cookie(crate::identity::session::cookie_header(
        cookie_name(secure),
        token.as_str(),
        crate::identity::session::TTL_SECONDS,
        secure,
    ));
    Ok(Some(Owner::Guest(token.hash())))
}

/// At sign-in or registration: the guest's cart joins the account's and its cookie goes.
pub async fn adopt_guest_cart(db: &crate::db::Db, user_id: i64) -> Result<(), AppError> {
    if let Some(token) = guest_token() {
        super::store::adopt(db, &token.hash(), user_id).await?;
        let secure = crate::request::settings().secure_cookies;
        guard::set_cookie(crate::identity::session::cookie_header(
            cookie_name(secure),
            "",
            0,
            secure,
        ));
    }
    Ok(())
}
