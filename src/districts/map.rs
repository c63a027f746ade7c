//! The clickable map of Uttar Pradesh.
//!
//! The map is 75 SVG links, one per district: a link works with a mouse, a finger, the keyboard
//! (Tab, then Enter) and without JavaScript, and its `<title>` names the district and its craft
//! on hover. The outlines (≈ 86 KB) are sent once, in the server-rendered HTML; the browser's
//! only code here is the small island that names the district under the pointer.
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
    svg.push_str(&crate::helpers::escape_html(title));
    svg.push_str(r#"" class="district-map-svg">"#);
    for (slug, d) in paths {
        let Some(district) = districts.iter().find(|x| x.slug == slug) else {
            continue;
        };
        let label =
            crate::helpers::escape_html(&district_label(&district.name, &district.product, locale));
        let gi = if district.gi_tag.is_some() { " gi" } else { "" };
        svg.push_str(&format!(
            r#"<a href="/district/{slug}" data-slug="{slug}" aria-label="{label}" class="map-district{gi}"><title>{label}</title><path d="{d}"/></a>"#
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// The map (server only): its outlines are written into the HTML once, and the island around
/// them only names the district under the pointer or the keyboard's focus.
#[component]
pub fn DistrictMap(districts: Vec<DistrictSummary>) -> impl IntoView {
    let locale = crate::ui::locale();
    let title = td_string!(locale, map_label).to_string();
    #[cfg(feature = "ssr")]
    let svg = render_svg(paths().iter().copied(), &districts, locale, &title);
    #[cfg(not(feature = "ssr"))]
    let svg = {
        let _ = (districts, title);
        String::new()
    };
    view! {
        <MapLabel hint=td_string!(locale, map_hint).to_string()>
            <div class="map-frame" inner_html=svg></div>
        </MapLabel>
    }
}

/// The map's information line: the hint, then the label (district — craft) of the district
/// last pointed at or focused, read from that link's own `aria-label`.
#[island]
fn MapLabel(hint: String, children: Children) -> impl IntoView {
    let (active, set_active) = signal(None::<String>);
    let show = move |ev: leptos::ev::Event| {
        use leptos::wasm_bindgen::JsCast;
        let label = ev
            .target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
            .and_then(|t| t.closest("a[data-slug]").ok().flatten())
            .and_then(|a| a.get_attribute("aria-label"));
        if label.is_some() {
            set_active.set(label);
        }
    };
    view! {
        <div class="district-map"
            on:mouseover=move |ev: leptos::ev::MouseEvent| show(ev.into())
            on:focusin=move |ev: leptos::ev::FocusEvent| show(ev.into())>
            <p class="map-info" aria-live="polite" data-testid="map-info">
                {move || active.get().unwrap_or_else(|| hint.clone())}
            </p>
            {children()}
        </div>
    }
}
