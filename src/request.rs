//! What a page or server function needs from the request it answers (server only): the
//! database, the settings, cookies, the reader's language, the site's address, whether this is
//! a plain form post, the payment gateway, the status and security policy of the answer.
//!
//! Layer 1 (server platform): features reach the request through here, never through the
//! router (`server.rs`), which only provides these values as Leptos context.
use crate::config::Settings;
use crate::db::Db;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::i18n_util::{parse_lang, LOCALE_COOKIE};
use axum::extract::FromRef;
use http::{header, HeaderValue, Method};
use leptos::prelude::*;

/// What every handler can reach: the platform's services, which the router (`server.rs`) holds
/// and gives pages and server functions as Leptos context, and plain axum handlers as state.
#[derive(Clone, Debug)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub settings: crate::config::Settings,
    pub notify: crate::notify::Notify,
    /// Uploaded photos: written here, served at `/media`.
    pub media_dir: std::path::PathBuf,
    /// The online payment gateway (the sandbox in development), if there is one.
    pub gateway: Option<crate::gateway::Gateway>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The database of the current request, provided through Leptos context.
pub fn db() -> Result<Db, AppError> {
    use_context::<Db>().ok_or_else(|| {
        tracing::error!("database missing from context");
        AppError::Internal
    })
}

/// The settings of the current request.
pub fn settings() -> Settings {
    use_context::<Settings>().unwrap_or_default()
}

/// The online payment gateway, if the server has one (provided through Leptos context).
pub fn gateway() -> Option<crate::gateway::Gateway> {
    use_context::<Option<crate::gateway::Gateway>>().flatten()
}

/// The value of cookie `name` in the current request.
pub fn cookie(name: &str) -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    cookie_in(&parts.headers, name)
}

/// The value of cookie `name` in `headers` (every `Cookie` header, as HTTP/2 may send several).
pub fn cookie_in(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|h| h.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

/// The language of the current request: the saved choice, else Hindi — whatever the browser's
/// `Accept-Language` prefers, the site speaks Hindi until told otherwise.
pub fn locale() -> Locale {
    cookie(LOCALE_COOKIE)
        .and_then(|v| parse_lang(&v))
        .unwrap_or(Locale::hi)
}

/// The reader's language from a request's headers, for the few plain axum pages (the sandbox's
/// payment page): the saved choice, else Hindi.
pub fn locale_of(headers: &http::HeaderMap) -> Locale {
    cookie_in(headers, LOCALE_COOKIE)
        .and_then(|v| parse_lang(&v))
        .unwrap_or(Locale::hi)
}

/// The site's address as the reader reached it: `https://` behind HTTPS (secure cookies), the
/// request's `Host`. Used for absolute links in shared previews.
pub fn origin() -> String {
    let scheme = if settings().secure_cookies {
        "https"
    } else {
        "http"
    };
    let host = use_context::<http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .map(str::to_string)
                .or_else(|| p.uri.authority().map(|a| a.to_string()))
        })
        .filter(|h| {
            h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
        })
        .unwrap_or_else(|| "localhost".to_string());
    format!("{scheme}://{host}")
}

/// Whether the current request is a plain HTML form post (no JavaScript): its answer must stay
/// a redirect back to the page, which shows any error from the URL.
pub fn is_plain_form_post() -> bool {
    use_context::<http::request::Parts>()
        .filter(|p| p.method == Method::POST)
        .and_then(|p| {
            p.headers
                .get(header::ACCEPT)?
                .to_str()
                .ok()
                .map(|a| a.contains("text/html"))
        })
        .unwrap_or(false)
}

/// A path on this site and nothing else: it starts with one `/`, and holds only visible ASCII
/// (browsers drop tabs and newlines, so `/\t/evil.example` would become `//evil.example`).
pub fn is_local_path(next: &str) -> bool {
    let bytes = next.as_bytes();
    bytes.first() == Some(&b'/')
        && !matches!(bytes.get(1), Some(b'/' | b'\\'))
        && bytes
            .iter()
            .all(|b| (0x21..=0x7e).contains(b) && *b != b'\\')
}

/// Sets the HTTP status of the current response from an error — except for a plain form post
/// without JavaScript, whose answer must stay the redirect back to its page.
pub fn set_status(err: &AppError) {
    if is_plain_form_post() {
        return;
    }
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(
            http::StatusCode::from_u16(err.status())
                .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
        );
    }
}

/// The Content-Security-Policy of a page. Scripts run only from this site or with the page's
/// fresh nonce (the island script is inline); `'wasm-unsafe-eval'` lets the browser compile the
/// islands' WASM, nothing more. Without a nonce (the few plain axum pages) no inline script runs.
/// Images may be `blob:` (the editor's previews of chosen photos) or `data:`.
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let scripts = match nonce {
        Some(n) => format!("'self' 'nonce-{n}' 'wasm-unsafe-eval'"),
        None => "'self'".to_string(),
    };
    format!(
        "default-src 'self'; script-src {scripts}; style-src 'self'; img-src 'self' data: blob:; \
         font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         frame-ancestors 'none'; form-action 'self'"
    )
}

/// Sets the page's Content-Security-Policy with its nonce (the shell calls it while rendering,
/// before the headers go out).
pub fn set_page_policy() {
    let nonce = leptos::nonce::use_nonce();
    let resp = use_context::<leptos_axum::ResponseOptions>();
    if let (Some(nonce), Some(resp)) = (nonce, resp) {
        if let Ok(v) = HeaderValue::from_str(&content_security_policy(Some(&nonce))) {
            resp.insert_header(header::CONTENT_SECURITY_POLICY, v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_by_exact_name_in_any_cookie_header() {
        let mut headers = http::HeaderMap::new();
        assert_eq!(locale_of(&headers), Locale::hi);
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; i18n_pref_locale=en"),
        );
        headers.append(header::COOKIE, HeaderValue::from_static("sid=abc"));
        assert_eq!(
            cookie_in(&headers, "i18n_pref_locale").as_deref(),
            Some("en")
        );
        assert_eq!(cookie_in(&headers, "sid").as_deref(), Some("abc"));
        assert_eq!(cookie_in(&headers, "locale"), None);
        assert_eq!(locale_of(&headers), Locale::en);
    }

    #[test]
    fn only_paths_on_this_site_are_local() {
        assert!(is_local_path("/cart?x=1"));
        assert!(!is_local_path("//evil.example"));
        assert!(!is_local_path("/\\evil.example"));
        assert!(!is_local_path("/\t/evil.example"));
        assert!(!is_local_path("https://evil.example"));
    }
}
