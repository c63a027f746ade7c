//! The product editor's photo input, improved once the page is hydrated: photos dropped on the
//! field are taken, chosen photos are previewed before saving, and the save shows a progress
//! bar while the photos upload. Without JavaScript the same plain multipart form does the work
//! (no preview, no bar), so everything here is an addition, never a requirement.
use leptos::prelude::*;

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
pub fn on_files(ev: leptos::ev::Event, previews: RwSignal<Vec<String>>) {
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
pub fn on_drop(ev: leptos::ev::DragEvent, previews: RwSignal<Vec<String>>) {
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
/// dashboard, which the page then opens, or back to this page with the errors in the URL —
/// then `show_errors` puts that URL in place without a reload, so what the seller typed and
/// chose stays in the form.
pub fn on_submit(
    ev: leptos::ev::SubmitEvent,
    progress: RwSignal<Option<u32>>,
    show_errors: impl Fn(&str) + 'static,
) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::{closure::Closure, JsCast};
        use leptos::web_sys::{FormData, HtmlFormElement, ProgressEvent, XmlHttpRequest};
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
            match leptos::web_sys::Url::new(&url) {
                Ok(u) if u.pathname() == here => {
                    show_errors(&format!("{}{}", u.pathname(), u.search()));
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
    let _ = (ev, progress, show_errors);
}
