//! Browser helpers for islands that update part of a page from the server's HTML.
//!
//! The server renders every page in the reader's language, with the same components the full
//! page load uses; an island that wants fresh content asks for the page at the new URL and
//! moves the part it owns into place. No view code, and no translation, has to be compiled into
//! the WASM for that.
use leptos::prelude::*;
use leptos::wasm_bindgen::{JsCast, JsValue};
use leptos::web_sys::{Document, Element, HtmlFormElement};

/// The page at `url` (same site), parsed; `None` when it could not be fetched.
pub async fn fetch_page(url: &str) -> Option<Document> {
    let response = gloo_net::http::Request::get(url)
        .header("Accept", "text/html")
        .send()
        .await
        .ok()?;
    if !response.ok() {
        return None;
    }
    let html = response.text().await.ok()?;
    leptos::web_sys::DomParser::new()
        .ok()?
        .parse_from_string(&html, leptos::web_sys::SupportedType::TextHtml)
        .ok()
}

/// Posts `form` (url-encoded, as the browser would) asking for JSON: the server function's
/// answer, or its error (`Err`) as the body says it.
pub async fn post_form(form: &HtmlFormElement) -> Result<String, String> {
    let params = leptos::web_sys::FormData::new_with_form(form)
        .and_then(|data| leptos::web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data))
        .map_err(|_| String::new())?;
    let response = gloo_net::http::Request::post(&form.action())
        .header("Accept", "application/json")
        .body(params)
        .map_err(|_| String::new())?
        .send()
        .await
        .map_err(|_| String::new())?;
    let ok = response.ok();
    let body = response.text().await.unwrap_or_default();
    if ok {
        Ok(body)
    } else {
        Err(body)
    }
}

/// Puts the content of `selector` in `page` in place of the same element's content on screen,
/// and brings the islands in it to life. False when either is missing.
pub fn swap_inner(page: &Document, selector: &str) -> bool {
    let (Ok(Some(fresh)), Ok(Some(shown))) = (
        page.query_selector(selector),
        document().query_selector(selector),
    ) else {
        return false;
    };
    shown.set_inner_html(&fresh.inner_html());
    wake_islands(&shown);
    true
}

/// Hydrates the islands inside `root` that arrived as HTML after the page loaded, through the
/// island script's own entry (`window.__hydrateIsland`).
pub fn wake_islands(root: &Element) {
    let Ok(islands) = root.query_selector_all("leptos-island") else {
        return;
    };
    let Some(hydrate) = js_sys::Reflect::get(&window(), &JsValue::from_str("__hydrateIsland"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return;
    };
    for i in 0..islands.length() {
        if let Some(island) = islands.item(i) {
            let id = island
                .dyn_ref::<Element>()
                .and_then(|e| e.get_attribute("data-component"))
                .unwrap_or_default();
            let _ = hydrate.call2(&JsValue::NULL, &island, &JsValue::from_str(&id));
        }
    }
}

/// The form (with class `class`) that an event happened in.
pub fn target_form(ev: &leptos::web_sys::Event, class: &str) -> Option<HtmlFormElement> {
    let target = ev.target()?.dyn_into::<Element>().ok()?;
    let form = if target.tag_name().eq_ignore_ascii_case("form") {
        target
    } else {
        target.closest("form").ok()??
    };
    form.class_list()
        .contains(class)
        .then(|| form.dyn_into::<HtmlFormElement>().ok())?
}

/// The URL a GET form would load: its action with the non-empty fields as the query.
pub fn form_url(form: &HtmlFormElement) -> String {
    let path = leptos::web_sys::Url::new(&form.action())
        .map(|u| u.pathname())
        .unwrap_or_else(|_| "/".to_string());
    let Ok(params) = leptos::web_sys::UrlSearchParams::new() else {
        return path;
    };
    if let Ok(Some(entries)) = leptos::web_sys::FormData::new_with_form(form)
        .map_err(|_| ())
        .and_then(|data| js_sys::try_iter(&data).map_err(|_| ()))
    {
        for entry in entries.flatten() {
            let pair = js_sys::Array::from(&entry);
            let (name, value) = (pair.get(0).as_string(), pair.get(1).as_string());
            if let (Some(name), Some(value)) = (name, value) {
                if !value.is_empty() {
                    params.append(&name, &value);
                }
            }
        }
    }
    let query = String::from(params.to_string());
    if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    }
}

/// Refreshes every element marked `data-live` (with an `id`) from the same element in `page`:
/// the places where a form shows the server's messages.
pub fn refresh_marked(page: &Document) {
    let Ok(marked) = document().query_selector_all("[data-live][id]") else {
        return;
    };
    for i in 0..marked.length() {
        let Some(shown) = marked.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        if let Some(fresh) = page.get_element_by_id(&shown.id()) {
            shown.set_inner_html(&fresh.inner_html());
        }
    }
}

/// Sends `form` as the browser would (asking for HTML, so the server answers a plain post), and
/// shows the answer: a refusal that comes back to this page replaces the content of `#region`
/// in place (focus moves to its messages); any other page is opened.
pub async fn send_form(form: HtmlFormElement, region: String) {
    let action = form.action();
    let fallback = |form: &HtmlFormElement| {
        // Offline or refused by the network: the browser posts the form itself.
        let _ = form.submit();
    };
    let Ok(data) = leptos::web_sys::FormData::new_with_form(&form) else {
        return fallback(&form);
    };
    let multipart = form.enctype().contains("multipart");
    let request = gloo_net::http::Request::post(&action).header("Accept", "text/html");
    let request = if multipart {
        request.body(data)
    } else {
        match leptos::web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data) {
            Ok(params) => request.body(params),
            Err(_) => return fallback(&form),
        }
    };
    let Ok(response) = (match request {
        Ok(r) => r.send().await,
        Err(e) => Err(e),
    }) else {
        return fallback(&form);
    };
    let url = response.url();
    let here = window().location().pathname().unwrap_or_default();
    let back_here = leptos::web_sys::Url::new(&url)
        .is_ok_and(|u| u.pathname() == here && u.search().contains("__err="));
    if !back_here {
        let _ = window().location().assign(&url);
        return;
    }
    let Some(page) = response.text().await.ok().and_then(|html| {
        leptos::web_sys::DomParser::new()
            .ok()?
            .parse_from_string(&html, leptos::web_sys::SupportedType::TextHtml)
            .ok()
    }) else {
        let _ = window().location().assign(&url);
        return;
    };
    let selector = format!("#{region}");
    if !swap_inner(&page, &selector) {
        let _ = window().location().assign(&url);
        return;
    }
    // The messages are announced (role="alert") and a keyboard user starts from them.
    if let Ok(Some(summary)) =
        document().query_selector(&format!("{selector} [data-testid=form-errors]"))
    {
        if let Ok(summary) = summary.dyn_into::<leptos::web_sys::HtmlElement>() {
            let _ = summary.set_attribute("tabindex", "-1");
            let _ = summary.focus();
        }
    }
}
