//! The clickable map of Uttar Pradesh.
//!
//! The map is 75 SVG links, one per district: a link works with a mouse, a finger, the keyboard
//! (Tab, then Enter) and without JavaScript, and its `<title>` names the district and its craft
//! on hover. The outlines (≈ 86 KB) are sent once, in the server-rendered HTML; they are kept out
//! of the WASM and out of the hydration data. Hydration leaves server-rendered `inner_html`
//! untouched, so the client only fetches the outlines when it draws the page itself (after
//! client-side navigation).
use super::DistrictSummary;
use crate::i18n::*;
use crate::i18n_util::Bilingual;
use leptos::prelude::*;

/// The outlines, from `data/up-district-paths.tsv` (made by `scripts/make-map-paths.py`).
#[cfg(feature = "ssr")]
pub fn paths() -> &'static [(&'static str, &'static str)] {
    use std::sync::OnceLock;
    static PATHS: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    PATHS.get_or_init(|| {
        include_str!("../../data/up-district-paths.tsv")
            .lines()
            .filter_map(|l| l.split_once('\t'))
            // Written into the page unescaped: keep only what a slug and a path may contain.
            .filter(|(slug, d)| {
                crate::domain::slug::Slug::is_valid(slug)
                    && d.bytes()
                        .all(|b| b.is_ascii_digit() || b" .-MLZ".contains(&b))
            })
            .collect()
    })
}

pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The label of one district on the map: "वाराणसी — बनारसी रेशमी साड़ी".
pub fn district_label(name: &Bilingual, product: &Bilingual, locale: Locale) -> String {
    format!("{} — {}", name.get(locale), product.get(locale))
}

/// Writes the map's SVG: one `<a>` per district that has an outline.
pub fn render_svg<'a>(
    paths: impl IntoIterator<Item = (&'a str, &'a str)>,
    districts: &[DistrictSummary],
    locale: Locale,
    title: &str,
) -> String {
    let mut svg = String::with_capacity(100_000);
    svg.push_str(
        r#"<svg viewBox="0 0 1000 969" width="1000" height="969" role="group" aria-label=""#,
    );
    svg.push_str(&escape_html(title));
    svg.push_str(r#"" class="district-map-svg">"#);
    for (slug, d) in paths {
        let Some(district) = districts.iter().find(|x| x.slug == slug) else {
            continue;
        };
        let label = escape_html(&district_label(&district.name, &district.product, locale));
        let gi = if district.gi_tag.is_some() { " gi" } else { "" };
        svg.push_str(&format!(
            r#"<a href="/district/{slug}" data-slug="{slug}" aria-label="{label}" class="map-district{gi}"><title>{label}</title><path d="{d}"/></a>"#
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// The map with an information line that follows the pointer and keyboard focus.
#[component]
pub fn DistrictMap(districts: Vec<DistrictSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let title = td_string!(locale, map_label).to_string();
    let districts = StoredValue::new(districts);

    #[cfg(feature = "ssr")]
    let svg = districts.with_value(|d| render_svg(paths().iter().copied(), d, locale, &title));
    // Hydration keeps the server's outlines, so the client starts empty and fetches only when
    // it renders this page itself.
    #[cfg(not(feature = "ssr"))]
    let svg = String::new();
    let svg = RwSignal::new(svg);

    let container = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    {
        Effect::new(move |_| {
            let Some(el) = container.get() else { return };
            if el.child_element_count() > 0 {
                return;
            }
            let title = title.clone();
            leptos::task::spawn_local(async move {
                if let Ok(paths) = super::api::district_map_paths().await {
                    let html = districts.with_value(|d| {
                        render_svg(
                            paths.iter().map(|(s, d)| (s.as_str(), d.as_str())),
                            d,
                            locale,
                            &title,
                        )
                    });
                    svg.set(html);
                }
            });
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = title;
    view_map(districts, svg, container)
}

fn view_map(
    districts: StoredValue<Vec<DistrictSummary>>,
    svg: RwSignal<String>,
    container: NodeRef<leptos::html::Div>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (active, set_active) = signal(None::<String>);
    let show = move |ev: leptos::ev::Event| {
        use leptos::wasm_bindgen::JsCast;
        let target = ev
            .target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok());
        let slug = target
            .and_then(|t| t.closest("a[data-slug]").ok().flatten())
            .and_then(|a| a.get_attribute("data-slug"));
        if slug.is_some() {
            set_active.set(slug);
        }
    };
    let info = move || {
        let locale = i18n.get_locale();
        active.get().and_then(|slug| {
            districts.with_value(|ds| {
                ds.iter()
                    .find(|d| d.slug == slug)
                    .map(|d| district_label(&d.name, &d.product, locale))
            })
        })
    };
    // The router follows HTML links by itself but not SVG ones: without this a click on the map
    // would load the district page from scratch.
    let navigate = leptos_router::hooks::use_navigate();
    let follow = move |ev: leptos::ev::MouseEvent| {
        use leptos::wasm_bindgen::JsCast;
        if ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() || ev.button() != 0 {
            return;
        }
        let slug = ev
            .target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
            .and_then(|t| t.closest("a[data-slug]").ok().flatten())
            .and_then(|a| a.get_attribute("data-slug"));
        if let Some(slug) = slug {
            ev.prevent_default();
            navigate(&format!("/district/{slug}"), Default::default());
        }
    };
    view! {
        <div class="district-map">
            <p class="map-info" aria-live="polite" data-testid="map-info">
                {move || info().unwrap_or_else(|| td_string!(i18n.get_locale(), map_hint).to_string())}
            </p>
            <div
                class="map-frame"
                node_ref=container
                on:click=follow
                on:mouseover=move |ev: leptos::ev::MouseEvent| show(ev.into())
                on:focusin=move |ev: leptos::ev::FocusEvent| show(ev.into())
                inner_html=move || svg.get()
            ></div>
        </div>
    }
}
