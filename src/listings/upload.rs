//! The product editor's photos and save, improved in the browser: photos dropped on the field
//! are taken, chosen photos are previewed before saving, and the save shows a progress bar while
//! the photos upload. Without JavaScript the same plain multipart form does the work (no
//! preview, no bar), so everything here is an addition, never a requirement.
use crate::i18n::*;
use crate::ui::locale;
use leptos::prelude::*;

/// The field for new photos, with drop and preview.
#[island]
pub fn PhotoPicker() -> impl IntoView {
    let locale = locale();
    let previews = RwSignal::new(Vec::<String>::new());
    view! {
        <div class="photo-picker">
        <label class="field drop-zone" on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default()
            on:drop=move |ev| on_drop(ev, previews)>
            <span>{td_string!(locale, add_photos).to_string()}</span>
            <input type="file" name="photos" accept="image/jpeg,image/png,image/webp" multiple
                on:change=move |ev| on_files(ev, previews)/>
            <small class="drop-hint">{td_string!(locale, drop_photos).to_string()}</small>
        </label>
        <small>{td_string!(locale, photos_hint).to_string()}</small>
        <Show when=move || previews.with(|p| !p.is_empty())>
            <p>{td_string!(locale, photo_preview).to_string()}</p>
            <div class="photo-strip" data-testid="photo-preview">
                {move || previews.get().into_iter().map(|url| view! { <img src=url width="96" height="96" alt=""/> }).collect_view()}
            </div>
        </Show>
        </div>
    }
}

/// Object URLs of the photos chosen in `input` (shown before saving).
#[cfg(feature = "hydrate")]
fn object_urls(input: &leptos::web_sys::HtmlInputElement) -> Vec<String> {
    let Some(files) = input.files() else {
        return Vec::new();
    };
    (0..files.length())
        .filter_map(|i| files.get(i))
        .filter_map(|f| leptos::web_sys::Url::create_object_url_with_blob(&f).ok())
        .collect()
}

/// The file input changed: preview its photos.
fn on_files(ev: leptos::ev::Event, previews: RwSignal<Vec<String>>) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        if let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlInputElement>().ok())
        {
            previews.set(object_urls(&input));
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, previews);
}

/// Photos dropped on the field become the input's files.
fn on_drop(ev: leptos::ev::DragEvent, previews: RwSignal<Vec<String>>) {
    ev.prevent_default();
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let files = ev.data_transfer().and_then(|d| d.files());
        let input = ev
            .current_target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
            .and_then(|zone| zone.query_selector("input[type=file]").ok().flatten())
            .and_then(|i| i.dyn_into::<leptos::web_sys::HtmlInputElement>().ok());
        if let (Some(files), Some(input)) = (files, input) {
            input.set_files(Some(&files));
            previews.set(object_urls(&input));
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = previews;
}

/// Sends the editor with `XMLHttpRequest` to report upload progress (`fetch` cannot). It asks
/// for HTML like a plain form post, so the server answers with the same redirect: to the
/// dashboard, which the page then opens, or back to this page with the errors — then the
/// messages of that answer replace the ones on screen, and what the seller typed and chose stays.
pub fn on_submit(ev: leptos::ev::SubmitEvent, progress: RwSignal<Option<u32>>) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::{closure::Closure, JsCast};
        use leptos::web_sys::{FormData, HtmlFormElement, ProgressEvent, XmlHttpRequest};
        if progress.get_untracked().is_some() {
            // Saving already: a second press would send the photos twice.
            ev.prevent_default();
            return;
        }
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        let (Ok(data), Ok(xhr)) = (FormData::new_with_form(&form), XmlHttpRequest::new()) else {
            return; // the browser posts the form itself
        };
        if xhr.open("POST", &form.action()).is_err()
            || xhr.set_request_header("Accept", "text/html").is_err()
        {
            return;
        }
        ev.prevent_default();
        let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                progress.set(Some((e.loaded() / e.total() * 100.0) as u32));
            }
        });
        if let Ok(upload) = xhr.upload() {
            upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        }
        let answered = xhr.clone();
        let on_load = Closure::<dyn FnMut()>::new(move || {
            progress.set(None);
            let url = answered.response_url();
            let here = window().location().pathname().unwrap_or_default();
            let page = answered.response_text().ok().flatten().and_then(|html| {
                leptos::web_sys::DomParser::new()
                    .ok()?
                    .parse_from_string(&html, leptos::web_sys::SupportedType::TextHtml)
                    .ok()
            });
            match (leptos::web_sys::Url::new(&url), page) {
                (Ok(u), Some(page)) if u.pathname() == here => {
                    crate::ui::live::refresh_marked(&page);
                    window().scroll_to_with_x_and_y(0.0, 0.0);
                }
                _ => {
                    let _ = window().location().assign(if url.is_empty() {
                        "/dashboard"
                    } else {
                        &url
                    });
                }
            }
        });
        xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
        // Lost connection: the browser posts the form the plain way instead.
        let fallback = form.clone();
        let on_error = Closure::<dyn FnMut()>::new(move || {
            progress.set(None);
            let _ = fallback.submit();
        });
        xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        // The page leaves once the answer is in: the handlers live until then.
        on_progress.forget();
        on_load.forget();
        on_error.forget();
        progress.set(Some(0));
        if xhr.send_with_opt_form_data(Some(&data)).is_err() {
            progress.set(None);
            let _ = form.submit();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, progress);
}
