//! The pages shown when there is nothing to show: a missing thing (404) or a failure (500).
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

/// The 404 page; answers with HTTP status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::request::set_status(&crate::error::AppError::NotFound);
    let locale = super::locale();
    view! {
        <Title text=td_string!(locale, not_found_title).to_string()/>
        <section class="not-found" data-testid="not-found">
            <h1>{td_string!(locale, not_found_title).to_string()}</h1>
            <p>{td_string!(locale, not_found_text).to_string()}</p>
            <p><a href="/">{td_string!(locale, back_home).to_string()}</a></p>
        </section>
    }
}

/// Shown when the server failed; the cause is in the server log, not on the page.
#[component]
pub fn ServerError() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::request::set_status(&crate::error::AppError::Internal);
    let locale = super::locale();
    view! {
        <section class="error" role="alert">
            <h1>{td_string!(locale, error_title).to_string()}</h1>
            <p>{td_string!(locale, error_text).to_string()}</p>
        </section>
    }
}
