//! Sharing a page: the Open Graph and Twitter tags that WhatsApp, Facebook and X read to draw
//! a preview (title, description, picture, price), and a "share on WhatsApp" link — a plain
//! `https://wa.me/?text=…` link, no script, since WhatsApp is where Indian buyers pass
//! products on.
use crate::domain::money::Paise;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::{Link, Meta};

/// What a shared link shows.
#[derive(Debug, Clone, Default)]
pub struct Preview {
    pub title: String,
    pub description: String,
    /// The page's path (`/product/…`); made absolute with the site's address.
    pub path: String,
    /// A picture's path or URL.
    pub image: Option<String>,
    /// For a product: its price (`product:price:amount`, in rupees).
    pub price: Option<Paise>,
    /// `og:type`: "product", "website", "profile".
    pub kind: &'static str,
}

/// The site's own address as the reader reached it (`https://odopmart.in`), for absolute links.
fn origin() -> String {
    #[cfg(feature = "ssr")]
    {
        crate::request::origin()
    }
    #[cfg(not(feature = "ssr"))]
    {
        window().location().origin().unwrap_or_default()
    }
}

/// A path made absolute; an absolute URL stays as it is.
pub fn absolute(path: &str) -> String {
    if path.starts_with("http://") || path.starts_with("https://") {
        path.to_string()
    } else {
        format!("{}{path}", origin())
    }
}

/// The tags in `<head>` for a shared link, and the page's canonical address.
#[component]
pub fn ShareMeta(preview: Preview) -> impl IntoView {
    let url = absolute(&preview.path);
    let image = preview.image.as_deref().map(absolute);
    let description: String = preview.description.chars().take(200).collect();
    let price = preview.price.map(|p| p.to_rupees_string());
    view! {
        <Link rel="canonical" href=url.clone()/>
        <Meta property="og:site_name" content="ODOP Mart"/>
        <Meta property="og:type" content=preview.kind/>
        <Meta property="og:title" content=preview.title.clone()/>
        <Meta property="og:description" content=description.clone()/>
        <Meta property="og:url" content=url/>
        {image.clone().map(|i| view! { <Meta property="og:image" content=i/> })}
        {price.map(|amount| view! {
            <Meta property="product:price:amount" content=amount/>
            <Meta property="product:price:currency" content="INR"/>
        })}
        <Meta name="twitter:card" content=if image.is_some() { "summary_large_image" } else { "summary" }/>
        <Meta name="twitter:title" content=preview.title/>
        <Meta name="twitter:description" content=description/>
        {image.map(|i| view! { <Meta name="twitter:image" content=i/> })}
    }
}

/// "Share on WhatsApp": opens WhatsApp (app or web) with the title and the page's address.
#[component]
pub fn WhatsAppShare(title: String, path: String) -> impl IntoView {
    let locale = super::locale();
    let text = format!("{title} {}", absolute(&path));
    let href = format!(
        "https://wa.me/?text={}",
        crate::helpers::uri_component(&text)
    );
    view! {
        <p class="share">
            <a class="button secondary" href=href rel="noopener" target="_blank" data-testid="share-whatsapp">
                {td_string!(locale, share_whatsapp).to_string()}
            </a>
        </p>
    }
}
