//! ODOP Mart: the marketplace of Uttar Pradesh's One District One Product scheme.
//!
//! One crate compiled twice by cargo-leptos: with `ssr` for the axum server and with
//! `hydrate` for the WASM client. Server-only modules are gated at their `mod` line.
#![recursion_limit = "256"]

// The build.rs code generator that replaces this macro brings ICU's data-export crates into the
// build; the macro generates the same module from `locales/` without them.
#[expect(deprecated)]
mod generated {
    leptos_i18n::load_locales!();
}
pub use generated::i18n;

pub mod app;
#[cfg(feature = "ssr")]
pub mod audit;
pub mod auth;
pub mod cart;
pub mod catalog;
pub mod districts;
pub mod domain;
#[cfg(feature = "ssr")]
pub mod drafts;
pub mod error;
#[cfg(feature = "ssr")]
pub mod gateway;
pub mod helpers;
pub mod i18n_util;
pub mod identity;
pub mod invoices;
pub mod listings;
#[cfg(feature = "ssr")]
pub mod media;
#[cfg(feature = "ssr")]
pub mod notify;
pub mod orders;
#[cfg(feature = "ssr")]
pub mod page_cache;
pub mod payments;
pub mod payouts;
#[cfg(feature = "ssr")]
pub mod request;
pub mod reviews;
pub mod sellers;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod config;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod seed;
#[cfg(feature = "ssr")]
pub mod server;

/// The browser's entry: pages are server-rendered HTML, and only the `#[island]` components in
/// them come alive. The island script calls this, then hydrates each island on the page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    use leptos::prelude::*;
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // Islands are hydrated under this root: they read the page's language from `<html lang>`,
    // which the server wrote, instead of each carrying it as a prop.
    let lang = document()
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .unwrap_or_default();
    provide_context(i18n_util::parse_lang(&lang).unwrap_or(i18n::Locale::hi));
    // The islands are hydrated right after this returns, in microtasks; a timer runs after
    // them. Tests (and people debugging) can then tell that the page's islands are live.
    set_timeout(
        || {
            if let Some(body) = document().body() {
                let _ = body.set_attribute("data-hydrated", "true");
            }
        },
        std::time::Duration::ZERO,
    );
}
