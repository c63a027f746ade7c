//! What a refused form had typed in it, kept for the page it returns to (server only).
//!
//! A plain form post (no JavaScript, or a form no island enhances) that the server refuses is
//! answered with a redirect back to its page, the error in the URL (`__path`, `__err`). That
//! page is drawn anew, so without help every field would come back empty. Here the refused
//! post's fields — never a password or a one-time code — are kept for ten minutes in the
//! database under a random token in an HttpOnly cookie (not in the URL, which ends up in
//! histories and logs); the page's form fills itself from them (`ui::forms::FormState`).
use crate::db::Db;
use crate::identity::session::{cookie_header, Token};
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{header, HeaderValue, Method};

/// How long a refused form's fields are kept.
pub const KEEP_SECONDS: i64 = 600;
/// Larger form bodies are not kept (a text field is at most 32 KB; these are not forms people
/// type into).
const MAX_BODY: usize = 64 * 1024;

/// The fields of a refused form post, for the page it was sent back to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    /// The server function that refused it (`/api/register`).
    pub path: String,
    pub fields: Vec<(String, String)>,
}

impl Draft {
    /// The value typed into the field `name`, if it was kept.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Fields that are never kept: passwords and codes are typed again.
pub fn is_secret(name: &str) -> bool {
    name.contains("password") || matches!(name, "current" | "code")
}

fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-odop_draft"
    } else {
        "odop_draft"
    }
}

/// The draft the current request brought (see [`layer`]), for the page's forms.
pub fn current() -> Option<Draft> {
    leptos::prelude::use_context::<http::request::Parts>()?
        .extensions
        .get::<Draft>()
        .cloned()
}

/// Keeps the fields of refused plain form posts, and hands a page the draft it was sent back
/// with. `secure`: the cookie gets `Secure` and the `__Host-` prefix (HTTPS).
pub async fn layer(State((db, secure)): State<(Db, bool)>, req: Request, next: Next) -> Response {
    if req.method() == Method::GET {
        return next.run(with_draft(&db, secure, req).await).await;
    }
    let plain_form = req.method() == Method::POST
        && req.uri().path().starts_with("/api/")
        && header_has(
            &req,
            header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        && header_has(&req, header::ACCEPT, "text/html");
    // Browsers send the length of a form; a body of unknown length is passed on untouched.
    let length = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok())
        .or_else(|| http_body::Body::size_hint(req.body()).upper());
    let small = length.is_some_and(|n| n <= MAX_BODY as u64);
    if !plain_form || !small {
        return next.run(req).await;
    }
    let path = req.uri().path().to_string();
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return http::StatusCode::BAD_REQUEST.into_response();
    };
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
    let mut response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    let refused = response.status().is_redirection()
        && response
            .headers()
            .get(header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .is_some_and(|l| l.contains("__err="));
    if refused {
        if let Some(cookie) = remember(&db, secure, &path, fields).await {
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                response.headers_mut().append(header::SET_COOKIE, v);
            }
        }
    }
    response
}

/// Keeps `fields` of a refused post to `path`; answers the cookie that finds them again.
async fn remember(
    db: &Db,
    secure: bool,
    path: &str,
    fields: Vec<(String, String)>,
) -> Option<String> {
    let token = Token::generate();
    let fields: Vec<_> = fields.into_iter().filter(|(n, _)| !is_secret(n)).collect();
    match save(db, &token, path, &fields).await {
        Ok(()) => Some(cookie_header(
            cookie_name(secure),
            token.as_str(),
            KEEP_SECONDS,
            secure,
        )),
        // The refusal still reaches the reader, only without what they typed.
        Err(e) => {
            tracing::warn!(error = %e, "keeping a refused form failed");
            None
        }
    }
}

/// Keeps a refused multipart form's text fields, from inside its server function (the layer
/// reads only url-encoded bodies). Only for a plain form post: with JavaScript the page keeps
/// what was typed by itself.
pub async fn remember_refused(db: &Db, path: &str, fields: Vec<(String, String)>) {
    if !crate::request::is_plain_form_post() {
        return;
    }
    let secure = crate::request::settings().secure_cookies;
    if let Some(cookie) = remember(db, secure, path, fields).await {
        crate::identity::guard::set_cookie(cookie);
    }
}

async fn save(
    db: &Db,
    token: &Token,
    path: &str,
    fields: &[(String, String)],
) -> Result<(), sqlx::Error> {
    let json = serde_json::to_string(fields).unwrap_or_else(|_| "[]".into());
    sqlx::query(
        "INSERT INTO form_drafts (token_hash, path, fields, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token.hash())
    .bind(path)
    .bind(json)
    .bind(crate::db::now_unix() + KEEP_SECONDS)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// A page sent back with an error (`__err` in its query) gets the draft the cookie names.
async fn with_draft(db: &Db, secure: bool, mut req: Request) -> Request {
    let sent_back = req.uri().query().is_some_and(|q| q.contains("__err="));
    let token = crate::request::cookie_in(req.headers(), cookie_name(secure))
        .and_then(|v| Token::from_cookie(&v));
    if let (true, Some(token)) = (sent_back, token) {
        match load(db, &token).await {
            Ok(Some(draft)) => {
                req.extensions_mut().insert(draft);
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "reading a refused form failed"),
        }
    }
    req
}

async fn load(db: &Db, token: &Token) -> Result<Option<Draft>, sqlx::Error> {
    use sqlx::Row;
    let row = sqlx::query(
        "SELECT path, fields FROM form_drafts WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(token.hash())
    .bind(crate::db::now_unix())
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|row| Draft {
        path: row.get("path"),
        fields: serde_json::from_str(&row.get::<String, _>("fields")).unwrap_or_default(),
    }))
}

/// Forgets drafts past their ten minutes (the server's minute job).
pub async fn purge(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM form_drafts WHERE expires_at <= $1")
            .bind(now)
            .execute(&db.pool)
            .await?
            .rows_affected(),
    )
}

fn header_has(req: &Request, name: header::HeaderName, needle: &str) -> bool {
    req.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains(needle))
}
