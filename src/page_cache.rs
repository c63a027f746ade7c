//! Whole public pages for anonymous visitors, kept in memory (server only).
//!
//! A visitor without cookies (other than the language choice) sees exactly what every other such
//! visitor sees, so their pages — home, districts, a district, the catalogue and search, a
//! product, a seller — are rendered once and then served from here, keyed by host, path, query
//! and language. Anything that could make a page personal bypasses the cache both ways: any other
//! cookie on the request (a session, a guest cart, a refused form), a `Set-Cookie` on the
//! response, a status other than 200.
//!
//! Freshness: an entry carries the catalogue's version from before its render and is served only
//! while that version holds. Database triggers move the version with every write to what a public
//! page shows (products, prices, stock, photos, variants, sellers, districts, reviews, shipping
//! and site settings — `migrations/*/0012_*`):
//! - SQLite (one app server): a row the triggers bump in the writing transaction, read on every
//!   look-up — a page is never served after a change has committed;
//! - PostgreSQL (any number of app servers): the triggers `NOTIFY page_changes` when the writing
//!   transaction commits, and every server `LISTEN`s and moves its own version. Without the
//!   listening connection a server does not use its cache at all (fail closed).
//!
//! Entries also expire after [`TIME_TO_LIVE`], in case something reaches a page without one of
//! those tables.
//!
//! Each response still gets its own Content-Security-Policy nonce: the page is kept split where
//! its nonce was, and joined again with a fresh one. Browsers and CDNs revalidate with the weak
//! `ETag` (`304 Not Modified`, no body).
use crate::db::{Backend, Db};
use crate::i18n::Locale;
use crate::i18n_util::{parse_lang, LOCALE_COOKIE};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// How long a page may be served without a re-render, whatever the version says.
pub const TIME_TO_LIVE: Duration = Duration::from_secs(60);
/// Bytes of pages kept per server.
const CAPACITY_BYTES: u64 = 64 * 1024 * 1024;
/// Longer queries are not cached (each distinct query would be a new entry).
const MAX_QUERY: usize = 256;
/// A page larger than this is served but not kept.
const MAX_PAGE: usize = 2 * 1024 * 1024;

#[derive(Clone)]
pub struct PageCache {
    inner: Arc<Inner>,
}

struct Inner {
    db: Db,
    pages: moka::sync::Cache<String, Arc<Page>>,
    /// PostgreSQL: moved by the listener.
    version: AtomicU64,
    /// PostgreSQL: whether the listener is connected (the version can be trusted).
    listening: AtomicBool,
}

/// A kept page: its body split where the nonce was, and the headers to send again.
struct Page {
    version: u64,
    parts: Vec<Bytes>,
    headers: HeaderMap,
    etag: HeaderValue,
    /// The parts compressed once, at brotli's best, as streams that can be joined (made when a
    /// browser first asks for brotli; `None` if that failed).
    brotli: std::sync::OnceLock<Option<Vec<Vec<u8>>>>,
}

impl PageCache {
    /// A cache on `db`. On PostgreSQL it starts listening for changes (on the current Tokio
    /// runtime) and is unused until the listener is connected.
    pub fn new(db: Db) -> PageCache {
        let pages = moka::sync::Cache::builder()
            .max_capacity(CAPACITY_BYTES)
            .weigher(|key: &String, page: &Arc<Page>| {
                let bytes = key.len() + page.parts.iter().map(Bytes::len).sum::<usize>();
                u32::try_from(bytes).unwrap_or(u32::MAX)
            })
            .time_to_live(TIME_TO_LIVE)
            .build();
        let cache = PageCache {
            inner: Arc::new(Inner {
                db,
                pages,
                version: AtomicU64::new(0),
                listening: AtomicBool::new(false),
            }),
        };
        if cache.inner.db.backend == Backend::Postgres {
            tokio::spawn(listen(Arc::downgrade(&cache.inner)));
        }
        cache
    }

    /// The catalogue's version now, or `None` when it cannot be known (then nothing is cached).
    async fn version(&self) -> Option<u64> {
        match self.inner.db.backend {
            Backend::Sqlite => sqlx::query_scalar::<_, i64>("SELECT n FROM page_version")
                .fetch_one(&self.inner.db.pool)
                .await
                .map_err(|e| tracing::warn!("page cache version: {e}"))
                .ok()
                .map(|n| n as u64),
            Backend::Postgres => self
                .inner
                .listening
                .load(Ordering::Acquire)
                .then(|| self.inner.version.load(Ordering::Acquire)),
        }
    }
}

/// PostgreSQL: follows `NOTIFY page_changes` while the cache exists, reconnecting after errors.
/// Every notification — and every reconnection, since notifications may have been missed —
/// moves the version, which retires every kept page.
async fn listen(inner: std::sync::Weak<Inner>) {
    use sqlx::postgres::PgListener;
    loop {
        let Some(url) = inner
            .upgrade()
            .map(|i| i.db.pool.connect_options().database_url.to_string())
        else {
            return;
        };
        let listener = async {
            let mut l = PgListener::connect(&url).await?;
            l.listen("page_changes").await?;
            Ok::<_, sqlx::Error>(l)
        }
        .await;
        match listener {
            Ok(mut listener) => {
                if let Some(i) = inner.upgrade() {
                    i.version.fetch_add(1, Ordering::AcqRel);
                    i.listening.store(true, Ordering::Release);
                }
                loop {
                    // Wake now and then to notice that the cache is gone (a test's router).
                    match tokio::time::timeout(Duration::from_secs(5), listener.try_recv()).await {
                        Ok(Ok(Some(_))) => match inner.upgrade() {
                            Some(i) => {
                                i.version.fetch_add(1, Ordering::AcqRel);
                            }
                            None => return,
                        },
                        // The connection dropped: stop trusting the version until reconnected.
                        Ok(Ok(None)) | Ok(Err(_)) => break,
                        Err(_) => {
                            if inner.strong_count() == 0 {
                                return;
                            }
                        }
                    }
                }
            }
            Err(e) => tracing::warn!("page cache: cannot listen for changes: {e}"),
        }
        match inner.upgrade() {
            Some(i) => i.listening.store(false, Ordering::Release),
            None => return,
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// Whether `path` is a public page that is the same for every anonymous visitor.
fn is_public_page(path: &str) -> bool {
    let one_segment_under = |prefix: &str| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| !rest.is_empty() && !rest.contains('/'))
    };
    matches!(path, "/" | "/districts" | "/products" | "/credits")
        || one_segment_under("/district/")
        || one_segment_under("/product/")
        || one_segment_under("/seller/")
}

/// The cache key of an anonymous request for a public page, or `None` when the request may not
/// be served from (or kept in) the cache.
fn key_of(req: &Request) -> Option<String> {
    if req.method() != Method::GET || !is_public_page(req.uri().path()) {
        return None;
    }
    if req.headers().contains_key(header::AUTHORIZATION) {
        return None;
    }
    // As the page decides (`request::locale`): the saved choice, else Hindi.
    let mut lang = "hi";
    for value in req.headers().get_all(header::COOKIE) {
        for pair in value.to_str().ok()?.split(';') {
            let (name, v) = pair.trim().split_once('=').unwrap_or((pair.trim(), ""));
            match name {
                "" => {}
                LOCALE_COOKIE => {
                    lang = if parse_lang(v) == Some(Locale::en) {
                        "en"
                    } else {
                        "hi"
                    }
                }
                _ => return None,
            }
        }
    }
    let query = req.uri().query().unwrap_or("");
    if query.len() > MAX_QUERY {
        return None;
    }
    // Shared previews carry absolute links built from the Host.
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    Some(format!("{lang} {host} {}?{query}", req.uri().path()))
}

/// Serves anonymous public pages from the cache, and keeps what it renders for them.
pub async fn layer(State(cache): State<Option<PageCache>>, req: Request, next: Next) -> Response {
    let Some(key) = key_of(&req) else {
        let public = is_public_page(req.uri().path());
        let mut resp = next.run(req).await;
        if public {
            // A signed-in visitor's copy of a public page is theirs alone.
            mark(&mut resp, "private, no-cache");
        }
        return resp;
    };
    let Some(cache) = cache else {
        return next.run(req).await;
    };
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).cloned();
    let brotli = accepts_brotli(req.headers());
    let version = cache.version().await;
    if let Some(v) = version {
        if let Some(page) = cache.inner.pages.get(&key).filter(|p| p.version == v) {
            return with_x_cache(page.respond(if_none_match.as_ref(), brotli), "hit");
        }
    }
    let resp = next.run(req).await;
    let Some(version) = version else {
        return resp;
    };
    let cacheable = resp.status() == StatusCode::OK
        && !resp.headers().contains_key(header::SET_COOKIE)
        && resp
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    if !cacheable {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!("page cache: reading a rendered page: {e}");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let page = Arc::new(Page::new(version, &parts.headers, bytes));
    if page.size() <= MAX_PAGE {
        cache.inner.pages.insert(key, page.clone());
    }
    with_x_cache(page.respond(if_none_match.as_ref(), brotli), "miss")
}

/// `X-Cache: hit` or `miss`, as CDNs say it: whether the page came from the cache.
fn with_x_cache(mut resp: Response, what: &'static str) -> Response {
    resp.headers_mut()
        .insert("x-cache", HeaderValue::from_static(what));
    resp
}

/// `Cache-Control` and `Vary` of a public page: the page depends on the cookies (language,
/// session), so a shared cache must key on them.
fn mark(resp: &mut Response, cache_control: &'static str) {
    let headers = resp.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    headers.append(header::VARY, HeaderValue::from_static("cookie"));
}

/// The nonce of a page, from its Content-Security-Policy.
fn nonce_of(headers: &HeaderMap) -> Option<String> {
    let csp = headers
        .get(header::CONTENT_SECURITY_POLICY)?
        .to_str()
        .ok()?;
    let start = csp.find("'nonce-")? + "'nonce-".len();
    let len = csp[start..].find('\'')?;
    Some(csp[start..start + len].to_string()).filter(|n| !n.is_empty())
}

/// A fresh nonce: 128 random bits, hex (a subset of the base64 CSP expects).
fn fresh_nonce() -> String {
    crate::helpers::random_hex(16)
}

impl Page {
    fn new(version: u64, headers: &HeaderMap, body: Bytes) -> Page {
        let nonce = nonce_of(headers);
        let parts = match &nonce {
            Some(n) => split(&body, n.as_bytes()),
            None => vec![body],
        };
        let mut kept = HeaderMap::new();
        for (name, value) in headers {
            // Sent fresh each time (or recomputed by the layers outside).
            if name != header::CONTENT_SECURITY_POLICY
                && name != header::CONTENT_LENGTH
                && name != header::DATE
            {
                kept.append(name, value.clone());
            }
        }
        // The page without its nonce identifies it: the same bytes give the same tag.
        let mut hash = Sha256::new();
        for p in &parts {
            hash.update(p);
            hash.update([0]);
        }
        let digest = hash.finalize();
        let etag = HeaderValue::from_str(&format!("W/\"{}\"", hex::encode(&digest[..12])))
            .expect("hex is a valid header value");
        Page {
            version,
            parts,
            headers: kept,
            etag,
            brotli: std::sync::OnceLock::new(),
        }
    }

    fn size(&self) -> usize {
        self.parts.iter().map(Bytes::len).sum()
    }

    fn respond(&self, if_none_match: Option<&HeaderValue>, brotli: bool) -> Response {
        let matches = if_none_match
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                let tag = self.etag.to_str().unwrap_or_default();
                v.split(',').any(|t| {
                    let t = t.trim();
                    t == "*" || t == tag || t.strip_prefix("W/") == tag.strip_prefix("W/")
                })
            });
        if matches {
            // No body, and no Content-Security-Policy: the browser keeps the copy it has, with
            // that copy's nonce and policy.
            let mut resp = Response::new(Body::empty());
            *resp.status_mut() = StatusCode::NOT_MODIFIED;
            resp.headers_mut().insert(header::ETAG, self.etag.clone());
            mark(&mut resp, "public, no-cache");
            return resp;
        }
        let nonce = fresh_nonce();
        let compressed = brotli
            .then(|| self.brotli_parts())
            .flatten()
            .and_then(|parts| join_brotli(parts, nonce.as_bytes()));
        let body = match &compressed {
            Some(b) => b.clone(),
            None => {
                let mut body = Vec::with_capacity(self.size() + self.parts.len() * nonce.len());
                for (i, part) in self.parts.iter().enumerate() {
                    if i > 0 {
                        body.extend_from_slice(nonce.as_bytes());
                    }
                    body.extend_from_slice(part);
                }
                body
            }
        };
        let mut resp = Response::new(Body::from(body));
        *resp.headers_mut() = self.headers.clone();
        if compressed.is_some() {
            resp.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
        }
        // Either way the answer depends on what the browser accepts.
        resp.headers_mut()
            .append(header::VARY, HeaderValue::from_static("accept-encoding"));
        if self.parts.len() > 1 {
            if let Ok(v) =
                HeaderValue::from_str(&crate::request::content_security_policy(Some(&nonce)))
            {
                resp.headers_mut()
                    .insert(header::CONTENT_SECURITY_POLICY, v);
            }
        }
        resp.headers_mut().insert(header::ETAG, self.etag.clone());
        mark(&mut resp, "public, no-cache");
        resp
    }
}

impl Page {
    fn brotli_parts(&self) -> Option<&Vec<Vec<u8>>> {
        self.brotli
            .get_or_init(|| {
                let window = brotli_window(self.size());
                self.parts
                    .iter()
                    .map(|p| compress_catable(p, window))
                    .collect()
            })
            .as_ref()
    }
}

/// The brotli window for a page of `len` bytes: as small as holds the page (setting up a larger
/// one costs more than compressing a small page), and at least 2^16, the window of the nonce's
/// stream (a joined stream may not have a larger window than the first).
fn brotli_window(len: usize) -> i32 {
    (usize::BITS - len.leading_zeros()).clamp(16, 22) as i32
}

/// `part` as a brotli stream that can be joined to others (`catable`: it starts byte aligned and
/// never refers to what came before it), at the best quality: this runs once per kept page.
fn compress_catable(part: &[u8], window: i32) -> Option<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: window,
        size_hint: part.len(),
        catable: true,
        appendable: true,
        use_dictionary: false,
        ..Default::default()
    };
    let mut out = Vec::with_capacity(part.len() / 3 + 16);
    brotli::BrotliCompress(&mut &part[..], &mut out, &params)
        .map_err(|e| tracing::warn!("page cache: brotli: {e}"))
        .ok()?;
    Some(out)
}

/// A brotli stream of `bytes` stored as they are: the window bit for 2^16, one uncompressed
/// meta-block (ISLAST 0, four nibbles of length, ISUNCOMPRESSED 1, padding), then the final empty
/// meta-block. It starts byte aligned after its header, so it can be joined (RFC 7932 §9.2).
fn stored_brotli(bytes: &[u8]) -> Vec<u8> {
    debug_assert!(!bytes.is_empty() && bytes.len() <= 1 << 16);
    let header = (((bytes.len() - 1) as u32) << 4) | (1 << 20);
    let mut out = Vec::with_capacity(bytes.len() + 4);
    out.extend_from_slice(&header.to_le_bytes()[..3]);
    out.extend_from_slice(bytes);
    out.push(0b11);
    out
}

/// The kept page's compressed parts joined with a fresh nonce between them: copying a few
/// kilobytes instead of compressing the page again.
fn join_brotli(parts: &[Vec<u8>], nonce: &[u8]) -> Option<Vec<u8>> {
    use brotli::concat::{BroCatli, BroCatliResult};
    let nonce = stored_brotli(nonce);
    let total = parts.iter().map(Vec::len).sum::<usize>() + parts.len() * nonce.len() + 16;
    let mut out = vec![0u8; total];
    let mut at = 0;
    let mut cat = BroCatli::new();
    for (i, part) in parts.iter().enumerate() {
        let streams: &[&[u8]] = if i == 0 { &[part] } else { &[&nonce, part] };
        for stream in streams {
            cat.new_brotli_file();
            let mut read = 0;
            match cat.stream(stream, &mut read, &mut out, &mut at) {
                BroCatliResult::Success | BroCatliResult::NeedsMoreInput
                    if read == stream.len() => {}
                other => {
                    tracing::warn!("page cache: joining brotli streams: {other:?}");
                    return None;
                }
            }
        }
    }
    match cat.finish(&mut out, &mut at) {
        BroCatliResult::Success => {
            out.truncate(at);
            Some(out)
        }
        other => {
            tracing::warn!("page cache: joining brotli streams: {other:?}");
            None
        }
    }
}

/// Whether the browser takes brotli (`br` in `Accept-Encoding`, not with `q=0`).
fn accepts_brotli(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut it = item.split(';');
            it.next().is_some_and(|name| name.trim() == "br")
                && !it.any(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.trim().parse::<f32>().ok())
                        == Some(0.0)
                })
        })
}

/// `body` cut at every occurrence of `needle` (which is left out).
fn split(body: &Bytes, needle: &[u8]) -> Vec<Bytes> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i + needle.len() <= body.len() {
        if &body[i..i + needle.len()] == needle {
            parts.push(body.slice(start..i));
            i += needle.len();
            start = i;
        } else {
            i += 1;
        }
    }
    parts.push(body.slice(start..));
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(uri: &str, cookie: Option<&str>) -> Request {
        let mut b = Request::builder()
            .uri(uri)
            .header(header::HOST, "odop.test");
        if let Some(c) = cookie {
            b = b.header(header::COOKIE, c);
        }
        b.body(Body::empty()).unwrap()
    }

    fn decompress(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &bytes[..], &mut out).expect("a valid brotli stream");
        out
    }

    #[test]
    fn a_stored_stream_decodes_to_its_bytes() {
        assert_eq!(decompress(&stored_brotli(b"n0nce")), b"n0nce");
    }

    #[test]
    fn joined_brotli_parts_decode_to_the_page_with_its_fresh_nonce() {
        let head = "<head><script nonce=\"".repeat(3);
        let tail = "\">x</script></head><body>".to_string()
            + &"<li>कतान सिल्क बनारसी साड़ी ₹12,000</li>".repeat(200);
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("script-src 'nonce-OLD'"),
        );
        let page = Page::new(1, &headers, Bytes::from(format!("{head}OLD{tail}OLD!")));
        assert_eq!(page.parts.len(), 3);
        let parts = page.brotli_parts().expect("compressed");
        let joined = join_brotli(parts, b"fresh123").expect("joined");
        assert_eq!(
            String::from_utf8(decompress(&joined)).unwrap(),
            format!("{head}fresh123{tail}fresh123!")
        );
        assert!(joined.len() < page.size() / 5, "{} bytes", joined.len());
    }

    #[test]
    fn brotli_is_taken_only_when_offered() {
        let accepts = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
            accepts_brotli(&h)
        };
        assert!(accepts("gzip, deflate, br, zstd"));
        assert!(accepts("br;q=0.5"));
        assert!(!accepts("gzip"));
        assert!(!accepts("br;q=0"));
        assert!(!accepts_brotli(&HeaderMap::new()));
    }

    #[test]
    fn only_anonymous_public_pages_have_a_key() {
        assert!(key_of(&get("/product/banarasi-saree", None)).is_some());
        assert!(key_of(&get("/district/varanasi?sort=price_asc", None)).is_some());
        assert!(key_of(&get("/", Some("i18n_pref_locale=en"))).is_some());
        // A person's pages, and pages under a public one.
        assert!(key_of(&get("/cart", None)).is_none());
        assert!(key_of(&get("/account", None)).is_none());
        assert!(key_of(&get("/product/x/review", None)).is_none());
        // Any cookie but the language: a session, a guest cart, a refused form.
        assert!(key_of(&get("/", Some("odop_session=abc"))).is_none());
        assert!(key_of(&get("/", Some("i18n_pref_locale=hi; odop_cart=1"))).is_none());
        assert!(key_of(&get("/", Some("__Host-odop_session=abc"))).is_none());
        let post = Request::builder()
            .method(Method::POST)
            .uri("/")
            .body(Body::empty())
            .unwrap();
        assert!(key_of(&post).is_none());
    }

    #[test]
    fn language_and_host_are_part_of_the_key() {
        let hi = key_of(&get("/", None)).unwrap();
        let en = key_of(&get("/", Some("i18n_pref_locale=en"))).unwrap();
        assert_ne!(hi, en);
        assert_eq!(hi, key_of(&get("/", Some("i18n_pref_locale=hi"))).unwrap());
        let mut other_host = get("/", None);
        other_host
            .headers_mut()
            .insert(header::HOST, HeaderValue::from_static("evil.example"));
        assert_ne!(hi, key_of(&other_host).unwrap());
    }

    #[test]
    fn a_kept_page_gets_a_fresh_nonce_each_time() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'"),
        );
        let body = Bytes::from_static(b"<script nonce=\"abc123\">x</script><p>abc12</p>");
        let page = Page::new(1, &headers, body);
        assert_eq!(page.parts.len(), 2);
        let one = page.respond(None, false);
        let two = page.respond(None, false);
        let csp = |r: &Response| {
            r.headers()[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .unwrap()
                .to_string()
        };
        assert_ne!(csp(&one), csp(&two));
        assert!(!csp(&one).contains("abc123"));
        assert_eq!(one.headers()[header::ETAG], two.headers()[header::ETAG]);
        let tag = one.headers()[header::ETAG].clone();
        let not_modified = page.respond(Some(&tag), false);
        assert_eq!(not_modified.status(), StatusCode::NOT_MODIFIED);
        assert!(!not_modified
            .headers()
            .contains_key(header::CONTENT_SECURITY_POLICY));
    }
}
