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
pub mod error;
pub mod i18n_util;
pub mod invoices;
pub mod listings;
#[cfg(feature = "ssr")]
pub mod media;
#[cfg(feature = "ssr")]
pub mod notify;
pub mod orders;
pub mod payments;
pub mod payouts;
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

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
