//! The districts overview: the map of all 75 and their list (a district's own page is a
//! catalogue page: `catalog::pages::DistrictPage`).
use super::api::list_districts;
use super::map::DistrictMap;
use crate::i18n::*;
use crate::ui::ServerError;
use crate::ui::{locale, GiBadge};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

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
