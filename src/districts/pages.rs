//! The districts overview (map and list) and a district's own page.
use super::api::list_districts;
use super::map::DistrictMap;
use crate::app::ServerError;
use crate::catalog::pages::{catalog_resource, render_catalog, CatalogResults};
use crate::i18n::*;
use crate::ui::share::{Preview, ShareMeta, WhatsAppShare};
use crate::ui::{locale, GiBadge};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

#[component]
pub fn DistrictsPage() -> impl IntoView {
    let locale = locale();
    let data = Resource::new(|| (), |_| list_districts());
    view! {
        <Title text=format!("{} · {}", td_string!(locale, districts_title), td_string!(locale, site_name))/>
        <Meta name="description" content=td_string!(locale, districts_intro).to_string()/>
        <h1>{td_string!(locale, districts_title).to_string()}</h1>
        <p>{td_string!(locale, districts_intro).to_string()}</p>
        <Suspense fallback=move || view! { <p class="loading">{td_string!(locale, loading).to_string()}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(districts) => view! {
                        <div class="districts-layout">
                            <DistrictMap districts=districts.clone()/>
                            <section class="district-list">
                                <h2>{td_string!(locale, district_list).to_string()}</h2>
                                <ul data-testid="district-list">
                                    {districts.into_iter().map(|d| view! {
                                        <li>
                                            <a href=format!("/district/{}", d.slug)>{d.name.get(locale).to_string()}</a>
                                            " — "
                                            <span>{d.product.get(locale).to_string()}</span>
                                            {d.gi_tag.is_some().then(|| view! { " " <GiBadge/> })}
                                            <small class="count">{let n = d.product_count; td!(locale, products_count, count = move || n)}</small>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            </section>
                        </div>
                    }
                    .into_any(),
                    Err(_) => view! { <ServerError/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn DistrictPage() -> impl IntoView {
    let locale = locale();
    let params = use_params_map();
    let data = catalog_resource(move || Some(params.read().get("slug").unwrap_or_default()));
    view! {
        <Transition fallback=move || view! { <p class="loading">{td_string!(locale, loading).to_string()}</p> }>
            {move || Suspend::new(async move {
                render_catalog(data.await, |page| {
                    let Some(d) = page.district.clone() else { return ().into_any() };
                    let name = d.name.get(locale).to_string();
                    let action = format!("/district/{}", d.slug);
                    // Artisans of this district start the seller wizard with it chosen.
                    let sell_here = format!("/sell?step=2&district={}", d.slug);
                    let share_title = format!("{name} — {}", d.product.get(locale));
                    // The district's first product picture stands for it in a shared link.
                    let preview = Preview {
                        title: share_title.clone(),
                        description: d.story.get(locale).to_string(),
                        path: action.clone(),
                        image: page.products.iter().find_map(|p| p.image.as_ref().map(|i| i.url.clone())),
                        price: None,
                        kind: "website",
                    };
                    view! {
                        <Title text=format!("{share_title} · {}", td_string!(locale, site_name))/>
                        <Meta name="description" content=d.story.get(locale).to_string()/>
                        <ShareMeta preview/>
                        <header class="district-header">
                            <h1>{name.clone()}</h1>
                            <p class="odop">
                                <span class="label">{td_string!(locale, odop_product).to_string()}: </span>
                                <strong data-testid="odop-product">{d.product.get(locale).to_string()}</strong>
                                {d.gi_tag.clone().map(|tag| view! { " " <GiBadge/> " " <span class="gi-tag">{tag}</span> })}
                            </p>
                            <p class="story">{d.story.get(locale).to_string()}</p>
                            <p><a class="sell-here" href=sell_here data-testid="sell-here">{td_string!(locale, sell_from_district).to_string()}</a></p>
                            <WhatsAppShare title=share_title.clone() path=action.clone()/>
                        </header>
                        <h2>{td!(locale, district_products, district = move || name.clone())}</h2>
                        <CatalogResults page action/>
                    }
                    .into_any()
                })
            })}
        </Transition>
    }
}
