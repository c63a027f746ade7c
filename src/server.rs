//! The HTTP server: router, layers and the few plain-axum routes (server only).
use crate::app::{shell, App};
use crate::request::AppState;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use serde::Deserialize;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

/// The whole application: pages, server functions, static files and layers.
pub fn router(state: AppState) -> Router {
    // Generated once per process: while `generate_route_list` runs, Leptos suppresses resource
    // loading process-wide, and a page render that starts meanwhile on another thread waits
    // forever (leptos issue #4773). Tests build many routers at once and hit it; now only the
    // first router generates the list, and the others wait for it before serving anything.
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    let routes = ROUTES.get_or_init(|| generate_route_list(App)).clone();
    let db = state.db.clone();
    // The 404 page renders the app too, and some of its parts read the database.
    let fallback_db = state.db.clone();
    let settings = state.settings;
    let hsts = state.settings.hsts;
    let page_cache = state
        .settings
        .page_cache
        .then(|| crate::page_cache::PageCache::new(state.db.clone()));
    let notify = state.notify.clone();
    let gateway = state.gateway.clone();
    let media = crate::media::Media::local(state.media_dir.clone());
    // Media names are never reused (a new photo gets a new name), so browsers may keep them.
    let media_files = tower::ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ))
        .service(tower_http::services::ServeDir::new(&state.media_dir));
    // Static files (the islands' WASM and JS, the stylesheet, the favicon) are served by
    // tower-http, and only what is not a file reaches the 404 page. leptos_axum's own file
    // handler runs under a reactive owner that becomes a child of whichever page the thread was
    // rendering, and takes that page's response headers — its Content-Security-Policy — for the
    // file: the page then arrived without its nonce and its scripts were blocked (seen in the
    // browser tests, about one page in a few hundred).
    let not_found = leptos_axum::file_and_error_handler_with_context::<AppState, _>(
        move || provide_context(fallback_db.clone()),
        shell,
    );
    // `make build` writes `.br`/`.gz` beside them (scripts/precompress.sh), sent as they are.
    let static_files = tower_http::services::ServeDir::new(&*state.leptos_options.site_root)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(axum::handler::Handler::with_state(not_found, state.clone()));
    let mut router = Router::new();
    if state.settings.dev_outbox {
        router = router.route("/dev/outbox", get(dev_outbox));
    }
    // The sandbox's own pages exist only with the sandbox: they sign as the gateway, so with a
    // live gateway's keys they would let anyone mark an order paid.
    if state.gateway.as_ref().is_some_and(|g| g.is_sandbox()) {
        router = router.route(
            "/sandbox/pay/{id}",
            get(crate::payments::api::sandbox_page).post(crate::payments::api::sandbox_pay),
        );
    }
    router
        .route("/lang", post(set_language))
        .route("/sample-art/{category}/{file}", get(sample_art))
        .route("/healthz", get(|| async { "ok" }))
        .route(
            "/dashboard/products.csv",
            get(crate::listings::api::export_csv),
        )
        .route(
            "/dashboard/products-template.csv",
            get(crate::listings::api::template_csv),
        )
        .route("/orders/{reference}/pay", get(crate::payments::api::pay))
        .route(
            "/payments/callback",
            get(crate::payments::api::callback_get).post(crate::payments::api::callback_post),
        )
        .route("/payments/webhook", post(crate::payments::api::webhook))
        .nest_service("/media", media_files)
        .leptos_routes_with_context(
            &state,
            routes,
            // (leptos_axum gives each page a fresh nonce: the shell writes it in the CSP header.)
            move || {
                provide_context(db.clone());
                provide_context(settings);
                provide_context(notify.clone());
                provide_context(media.clone());
                provide_context(gateway.clone());
            },
            {
                let options = state.leptos_options.clone();
                move || shell(options.clone())
            },
        )
        .fallback_service(static_files)
        .layer(middleware::from_fn_with_state(
            (state.db.clone(), state.settings.secure_cookies),
            crate::drafts::layer,
        ))
        .layer(middleware::from_fn(strip_trailing_slash))
        .layer(middleware::from_fn(private_pages_are_not_stored))
        .layer(middleware::from_fn(refuse_cross_site_writes))
        // Pages set their own policy with their nonce; everything else gets the strict default.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&crate::request::content_security_policy(None))
                .unwrap_or(HeaderValue::from_static("default-src 'self'")),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(
                "camera=(), microphone=(), geolocation=(), usb=(), payment=(self)",
            ),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            // Only behind HTTPS; on a laptop over plain HTTP the header would be a lie.
            move |_: &Response| {
                hsts.then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains"))
            },
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        // Outside the header layers: a kept page is sent with the headers it was rendered with
        // (and a 304 with none of them, so the browser keeps its copy's policy).
        .layer(middleware::from_fn_with_state(
            page_cache,
            crate::page_cache::layer,
        ))
        // Pages rendered for a person (and server functions' answers) are compressed as they
        // go, at a cheap level: brotli 2 costs about half of brotli 4 (tower-http's default)
        // for 10 % more bytes (measured on the product, district and search pages). Kept pages
        // and static files arrive here already compressed, at brotli's best.
        .layer(CompressionLayer::new().quality(tower_http::CompressionLevel::Precise(2)))
        .with_state(state)
}

/// Pages and answers about a person (account, seller application with its PAN and bank
/// account, the admin queue, every server function) must not stay in a shared phone's cache or
/// come back with the Back button after signing out.
async fn private_pages_are_not_stored(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    // `/sell` exactly: `/seller/<slug>` is a public page.
    let private = path == "/sell"
        || [
            "/api/",
            "/account",
            "/admin",
            "/cart",
            "/checkout",
            "/orders",
            "/dashboard",
            "/sign-in",
            "/register",
            "/dev/",
            "/invoice",
            "/payments/",
            "/sandbox/",
        ]
        .iter()
        .any(|p| path.starts_with(p));
    let mut resp = next.run(req).await;
    if private {
        resp.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store, private"),
        );
    }
    resp
}

/// Refuses state-changing requests sent from another site (CSRF): the browser's `Origin`
/// (or `Sec-Fetch-Site`) must name this site.
/// The gateway's callback and webhook come from the gateway's site by design; their HMAC
/// signatures, checked by the handlers, stand in for the Origin.
async fn refuse_cross_site_writes(req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let signed = matches!(req.uri().path(), "/payments/callback" | "/payments/webhook");
    if !safe && !signed && !same_site(&req) {
        tracing::warn!(method = %req.method(), path = %req.uri().path(), "cross-site write refused");
        return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
    }
    next.run(req).await
}

fn same_site(req: &Request) -> bool {
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if site != "same-origin" && site != "none" {
            return false;
        }
    }
    // HTTP/2 carries the host in the URI's authority rather than a Host header.
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .or_else(|| req.uri().authority().map(|a| a.to_string()));
    match (headers.get(header::ORIGIN), host) {
        (Some(origin), Some(host)) => {
            let origin = origin.to_str().unwrap_or("");
            origin
                .strip_prefix("http://")
                .or_else(|| origin.strip_prefix("https://"))
                == Some(host.as_str())
        }
        (Some(_), None) => false,
        // Non-browser clients send no Origin; browsers always send it on cross-site POSTs.
        (None, _) => true,
    }
}

#[derive(Deserialize)]
struct LanguageForm {
    lang: String,
    #[serde(default)]
    next: String,
}

/// Switches the language without JavaScript: remembers it in a cookie and goes back.
async fn set_language(Form(form): Form<LanguageForm>) -> Response {
    let Some(locale) = crate::i18n_util::parse_lang(&form.lang) else {
        return (StatusCode::BAD_REQUEST, "unknown language").into_response();
    };
    // Only a path on this site, never `//elsewhere` (an open redirect).
    let next = if crate::request::is_local_path(&form.next) {
        form.next
    } else {
        "/".to_string()
    };
    let cookie = crate::i18n_util::language_cookie(locale);
    let mut resp = Redirect::to(&next).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    resp
}

/// Pages have one address: `/district/agra/` redirects to `/district/agra` (query kept).
async fn strip_trailing_slash(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if path.len() > 1 && path.ends_with('/') && matches!(*req.method(), Method::GET | Method::HEAD)
    {
        let trimmed = path.trim_end_matches('/');
        let target = match req.uri().query() {
            Some(q) => format!("{}?{q}", if trimmed.is_empty() { "/" } else { trimmed }),
            None => (if trimmed.is_empty() { "/" } else { trimmed }).to_string(),
        };
        if crate::request::is_local_path(&target) {
            return Redirect::permanent(&target).into_response();
        }
    }
    next.run(req).await
}

/// Development only: the messages the site would have sent (no SMS provider is reachable here).
async fn dev_outbox(State(state): State<AppState>) -> Response {
    let escape = crate::helpers::escape_html;
    match crate::notify::latest(&state.db, 50).await {
        Ok(messages) => {
            let rows: String = messages
                .iter()
                .map(|(channel, to, body, at)| {
                    format!(
                        "<tr><td>{at}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        escape(channel),
                        escape(to),
                        escape(body)
                    )
                })
                .collect();
            axum::response::Html(format!(
                "<!DOCTYPE html><html lang=\"en\"><meta charset=\"utf-8\"><title>Outbox (development)</title>\
                 <h1>Outbox (development only)</h1><table><tr><th>time</th><th>channel</th><th>to</th><th>message</th></tr>{rows}</table>"
            ))
            .into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "outbox");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Generated sample pictures for the demo catalogue (clearly marked as samples).
async fn sample_art(
    Path((category, file)): Path<(String, String)>,
    State(_): State<AppState>,
) -> Response {
    let variant = file
        .strip_suffix(".svg")
        .and_then(|n| n.parse::<u32>().ok());
    match (crate::seed::art::is_known(&category), variant) {
        (true, Some(n)) => (
            [
                (header::CONTENT_TYPE, "image/svg+xml"),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            crate::seed::art::svg(&category, n),
        )
            .into_response(),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Binds with TCP_NODELAY: Leptos streams a page in several writes, and with Nagle's
/// algorithm on each response would wait ≈ 40 ms for the client's delayed ACK.
pub async fn serve(state: AppState, addr: std::net::SocketAddr) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    let listener = tokio::net::TcpListener::bind(addr).await?.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    tracing::info!(%addr, "listening on http://{addr}");
    // Unpaid orders expire and give their stock back, and unreachable guest carts go; checked
    // every minute.
    let (db, notify) = (state.db.clone(), state.notify.clone());
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            let now = crate::db::now_unix();
            match crate::orders::notices::expire(&db, notify.0.as_ref(), now).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(orders = n, "unpaid orders expired"),
                Err(e) => tracing::warn!(error = %e, "expiring unpaid orders failed"),
            }
            if let Err(e) = crate::cart::store::purge_guests(&db, now).await {
                tracing::warn!(error = %e, "purging guest carts failed");
            }
            if let Err(e) = crate::drafts::purge(&db, now).await {
                tracing::warn!(error = %e, "purging refused forms failed");
            }
        }
    });
    // The client's address reaches handlers (rate limits) as `ConnectInfo`.
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
}

/// Ctrl-C in a terminal, SIGTERM from a service manager or test runner.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
